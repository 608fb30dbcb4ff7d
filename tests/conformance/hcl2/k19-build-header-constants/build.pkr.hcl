variable "suffix" {
  default = "one"
}

source "null" "a" {
  communicator = "none"
}

build {
  name        = "b-${var.suffix}"
  description = upper("described")
  sources     = ["source.null.a"]

  provisioner "shell-local" {
    inline = ["echo MARK: ran ${var.suffix}"]
  }
}
