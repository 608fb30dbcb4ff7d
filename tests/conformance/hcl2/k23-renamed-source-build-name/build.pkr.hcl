# A source renamed in its build: ${source.name} and the build's name are the new name, while the
# plugins' build name (PACKER_BUILD_NAME, the manifest's "name") stays the source block's own.
source "null" "original" {
  communicator = "none"
}
build {
  name = "web"
  source "source.null.original" {
    name = "renamed"
  }
  provisioner "shell-local" {
    inline = ["echo MARK: ${build.name} ${source.name} ${source.type} $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE"]
  }
  post-processor "manifest" {
    output = "manifest.json"
  }
}
