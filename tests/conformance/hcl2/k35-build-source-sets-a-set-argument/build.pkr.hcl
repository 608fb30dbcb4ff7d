variable "flavours" {
  default = {
    plain = { text = "nothing added" }
    spiced = { text = "cinnamon" }
  }
}

source "file" "base" {
  content = "unused"
  target  = "unused.txt"
}

build {
  name = "kitchen"

  source "file.base" {
    name   = "fixed"
    target = "fixed.txt"
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
