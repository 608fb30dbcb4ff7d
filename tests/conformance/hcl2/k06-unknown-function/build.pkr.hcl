locals {
  x = nosuchfunc("a")
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
}
