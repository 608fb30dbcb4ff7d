variable "image" {
  type    = string
  default = null
}
locals {
  path  = "./images/${var.image}"
  urls  = ["./images/${var.image}", "https://example.com/images"]
  after = "${local.path}.sum"
  fine  = "shown"
}
source "null" "one" {
  communicator = "none"
}
build {
  sources = ["source.null.one"]
}
