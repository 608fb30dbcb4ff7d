packer {
  required_version = "~> 1.6.7"
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
  provisioner "shell-local" {
    inline = ["echo MARK:built"]
  }
}
