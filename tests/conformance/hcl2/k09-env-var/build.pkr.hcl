variable "region" {
  type    = string
  default = "none"
}
variable "flag" {
  type    = bool
  default = false
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo MARK:${var.region} ${var.flag ? "on" : "off"}"]
  }
}
