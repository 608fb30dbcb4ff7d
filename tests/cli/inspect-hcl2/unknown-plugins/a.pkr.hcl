source "null" "a" {
  communicator = "none"
}

build {
  name    = "unknown-post-processor"
  sources = ["source.null.a"]
  post-processor "no-such-post-processor" {
  }
}

build {
  name    = "unknown-provisioner"
  sources = ["source.null.a"]
  provisioner "no-such-provisioner" {
  }
}

build {
  name    = "unknown-in-sequence"
  sources = ["source.null.a"]
  post-processors {
    post-processor "manifest" {
    }
    post-processor "no-such-post-processor" {
    }
  }
}

build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["true"]
  }
  post-processor "manifest" {
  }
}
