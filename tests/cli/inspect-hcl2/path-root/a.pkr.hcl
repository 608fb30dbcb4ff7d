# path.root is the folder as the command line named it (".", relative), not an absolute path.
locals {
  root        = path.root
  beside_root = "${path.root}/beside.txt"
}
source "null" "one" {
  communicator = "none"
}
build {
  sources = ["source.null.one"]
}
