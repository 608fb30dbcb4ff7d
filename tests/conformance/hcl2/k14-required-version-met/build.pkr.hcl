packer {
  required_version = ">= 1.2, < 2, != 1.6.5"
}
packer {
  required_version = "~> 1.6"
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
