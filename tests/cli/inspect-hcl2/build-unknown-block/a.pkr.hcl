# A build Packer 1.6.6 cannot decode (a block it does not know) is left out of inspect; the other stays.
source "null" "one" {
  communicator = "none"
}
build {
  name    = "undecodable"
  sources = ["source.null.one"]
  registry_settings {
    slug = "unknown-to-packer"
  }
}
build {
  name    = "fine"
  sources = ["source.null.one"]
}
