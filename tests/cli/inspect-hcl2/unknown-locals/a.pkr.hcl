variable "unset" {
  type = string
}

locals {
  direct  = var.unset
  derived = "x-${var.unset}"
  object  = { a = var.unset, b = 1 }
  called  = upper(var.unset)
  chained = "${local.derived}-y"
  known   = "k"
}

source "null" "a" {
  communicator = "none"
}

build {
  sources = ["source.null.a"]
}
