# Packer 1.6.6's inspect checks no validation rule (validate and build do).
variable "zone" {
  type    = string
  default = "zone-a"
  validation {
    condition     = length(var.zone) > 6
    error_message = "The zone must be longer than six characters."
  }
}
source "null" "one" {
  communicator = "none"
}
build {
  sources = ["source.null.one"]
}
