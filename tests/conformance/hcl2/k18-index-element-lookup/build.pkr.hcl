variable "names" {
  type    = list(string)
  default = ["first", "second"]
}

variable "sizes" {
  type    = map(string)
  default = { small = "t3.micro" }
}

locals {
  from_tuple = index(["a", "b", "c"], 1)
  from_list  = index(var.names, 0)
  from_map   = index(var.sizes, "small")
}

source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]

  provisioner "shell-local" {
    inline = ["echo MARK: ${local.from_tuple} ${local.from_list} ${local.from_map}"]
  }
}
