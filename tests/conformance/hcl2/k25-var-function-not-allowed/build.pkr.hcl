variable "names" {
  type    = list(string)
  default = ["x"]
}

source "null" "a" {
  communicator = "none"
}

build {
  sources = ["source.null.a"]
}
