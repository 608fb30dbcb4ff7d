packer {
  required_version = ">= 1.6.x"
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
