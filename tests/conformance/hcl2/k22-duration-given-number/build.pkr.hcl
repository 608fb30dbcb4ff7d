source "null" "a" {
  communicator = "ssh"
  ssh_host     = "127.0.0.1"
  ssh_username = "nobody"
  ssh_password = "secret"
  ssh_timeout  = 30
}

build {
  sources = ["source.null.a"]
}
