locals { x = env("HOME") }
source "null" "a" { communicator = "none" }
build {
  sources = ["source.null.a"]
  provisioner "shell-local" { inline = ["echo MARK:${local.x}"] }
}
