variable "n" {
  default = null
}
variable "em" {
  default = {}
}
variable "nest" {
  default = [{}, [], true, "a\nb", null, 10000000000000000000000]
}
variable "set" {
  type    = set(string)
  default = ["b", "a"]
}
locals {
  u = "x${var.n == null ? "" : "y"}"
}
source "null" "base" {
  communicator = "none"
}
build {
  source "source.null.base" {
    name = "first"
  }
  provisioner "shell-local" {
    inline = ["true"]
  }
  provisioner "file" {
    source      = "a"
    destination = "b"
  }
}
