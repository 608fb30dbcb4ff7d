source "null" "a" {
  communicator = "none"
}

source "null" "b" {
  communicator = "none"
}

source "null" "c" {
  communicator = "none"
}

# Packer 1.6.6 drops the first of three parts whatever it is, and ignores parts after the name.
build {
  sources = ["sources.null.a", "null.b", "anything.null.c.ignored"]

  provisioner "shell-local" {
    inline = ["echo ${source.type} > ${source.name}.txt"]
  }
}
