variable "token" {
  type      = string
  default   = "s3cr3t-t0ken"
  sensitive = true
}
variable "unset_token" {
  type      = string
  default   = ""
  sensitive = true
}
variable "same_as_token" {
  default = "s3cr3t-t0ken"
}
locals {
  header = "Authorization: ${var.token}"
}
source "null" "one" {
  communicator = "none"
}
build {
  name    = "uses-s3cr3t-t0ken"
  sources = ["source.null.one"]
  provisioner "shell-local" {
    name   = "s3cr3t-t0ken"
    inline = ["true"]
  }
}
