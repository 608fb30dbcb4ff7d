variable "count" {
  type    = number
  default = 1
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
}
