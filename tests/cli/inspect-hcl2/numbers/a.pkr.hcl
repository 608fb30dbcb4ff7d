variable "a" {
  default = [100000, 1e21, 0.000001, 123456789012345678, 1.25, -3, 0.1, 1e20, 123456.5]
}
variable "top" {
  default = 1e21
}
variable "k" {
  default = { "with space" = 1, "b-c" = "x${"$"}{y}", "ok_1" = "%%{x" }
}
source "null" "one" {
  communicator = "none"
}
build {
  sources = ["source.null.one"]
  post-processor "manifest" {
    name = "m"
  }
}
