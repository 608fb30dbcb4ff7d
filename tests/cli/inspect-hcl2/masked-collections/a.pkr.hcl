# Packer 1.6.6 masks each string of a sensitive collection, not the whole value.
variable "keys" {
  default   = ["first-hidden-key", "second-hidden-key", ""]
  sensitive = true
}
variable "by_region" {
  default = {
    east = "hidden-east-value"
    west = { nested = ["hidden-nested-value"] }
  }
  sensitive = true
}
source "null" "one" {
  communicator = "none"
}
build {
  sources = ["source.null.one"]
}
