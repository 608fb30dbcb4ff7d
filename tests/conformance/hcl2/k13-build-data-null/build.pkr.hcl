source "null" "a" {
  communicator = "none"
}
build {
  name    = "bn"
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo 'MARK:${build.name}|${build.ID}|${build.PackerHTTPAddr}|${build.Host}|${build.User}|${build.ConnType}'"]
  }
}
