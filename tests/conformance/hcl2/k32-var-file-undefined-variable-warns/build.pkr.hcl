variable "known" {
  type    = string
  default = "default"
}

source "null" "a" {
  communicator = "none"
}

build {
  sources = ["source.null.a"]

  provisioner "shell-local" {
    inline = ["echo ${var.known} > known.txt"]
  }
}
