# Packer 1.6.6 reads top-level communicator blocks (two labels) and does nothing with them.
communicator "ssh" "unused" {
  ssh_username = "nobody"
}

source "null" "a" {
  communicator = "none"
}

build {
  sources = ["source.null.a"]

  provisioner "shell-local" {
    inline = ["echo built > built.txt"]
  }
}
