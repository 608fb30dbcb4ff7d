source "null" "a" {
  communicator = "none"
}
source "null" "b" {
  communicator = "none"
}
build {
  sources = ["source.null.a", "source.null.b"]
  provisioner "shell-local" {
    only   = ["null.a"]
    inline = ["echo MARK:only-a ${source.name}"]
  }
  provisioner "shell-local" {
    except = ["null.a"]
    inline = ["echo MARK:except-a ${source.name}"]
  }
}
