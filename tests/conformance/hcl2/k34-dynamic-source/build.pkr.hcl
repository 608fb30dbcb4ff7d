variable "flavours" {
  default = {
    plain = { text = "nothing added" }
    spiced = { text = "cinnamon" }
  }
}

# The build's source blocks add what this one leaves out (Packer 1.6.6 refuses to replace a setting).
source "file" "base" {
}

build {
  name = "kitchen"

  source "file.base" {
    name    = "fixed"
    content = "always the same"
    target  = "fixed.txt"
  }

  dynamic "source" {
    for_each = var.flavours
    labels   = ["source.file.base"]
    content {
      name    = source.key
      content = source.value.text
      target  = "${source.key}.txt"
    }
  }

  provisioner "shell-local" {
    inline = ["echo ${build.name} ${source.name} > provisioned-${source.name}.txt"]
  }
}
