source "null" "alpha" {
  communicator = "none"
}
source "null" "beta" {
  communicator = "none"
}
build {
  sources = ["source.null.alpha", "source.null.beta"]
  provisioner "shell-local" {
    inline = ["echo MARK:${source.name}"]
  }
}
