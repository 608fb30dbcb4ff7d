variable "home" {
  type    = string
  default = "${env("KILN_K11_HOME")}/sub"
}
variable "unset" {
  type    = string
  default = env("KILN_K11_UNSET")
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo MARK:${var.home} [${var.unset}]"]
  }
}
