variable "s" {
  default = "he\"llo"
}
variable "b" {
  type    = bool
  default = true
}
variable "m" {
  type    = map(string)
  default = { k = "v", a = "z" }
}
variable "o" {
  default = { x = 1, y = ["p"] }
}
variable "secret" {
  default   = "pw"
  sensitive = true
}
variable "req" {
  type = string
}
variable "e" {
  type    = list(string)
  default = []
}
variable "f" {
  type    = number
  default = 1.5
}
locals {
  n   = 2
  big = { a = [1, 2], b = "c" }
}
source "null" "one" {
  communicator = "none"
}
source "file" "two" {
  target  = "x"
  content = "y"
}
build {
  sources = ["source.null.one", "source.file.two"]
  provisioner "shell-local" {
    name   = "p1"
    inline = ["true"]
  }
  post-processor "manifest" {}
  post-processors {
    post-processor "checksum" {}
    post-processor "compress" {
      output = "x.tgz"
    }
  }
}
build {
  name    = "second"
  sources = ["source.null.one"]
}
