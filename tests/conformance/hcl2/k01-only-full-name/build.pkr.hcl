source "null" "a" {
  communicator = "none"
}
source "null" "b" {
  communicator = "none"
}
build {
  name    = "demo"
  sources = ["source.null.a", "source.null.b"]
  provisioner "shell-local" {
    inline = ["echo MARK:${source.name} $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE"]
  }
}
