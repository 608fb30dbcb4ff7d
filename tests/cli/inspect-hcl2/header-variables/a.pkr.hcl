variable "v" {
  default = "x"
}
source "null" "a" {
  communicator = "none"
}
build {
  name    = "first"
  sources = ["source.null.a"]
}
build {
  name        = "second"
  description = "d ${var.v}"
  sources     = ["source.null.a"]
}
build {
  sources = ["source.null.a"]
}
