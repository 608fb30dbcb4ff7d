source "null" "a" {
  communicator = "none"
}

build {
  sources = ["source.null.a"]

  post-processor "shell-local" {
    inline = ["echo MARK: plain"]
  }

  dynamic "post-processors" {
    for_each = ["x", "y"]
    content {
      post-processor "shell-local" {
        inline = ["echo MARK: sequence ${post-processors.value} first"]
      }
      post-processor "shell-local" {
        inline = ["echo MARK: sequence ${post-processors.value} second"]
      }
    }
  }

  dynamic "post-processor" {
    for_each = { k = "v" }
    iterator = item
    labels   = ["shell-local"]
    content {
      inline = ["echo MARK: single ${item.key}=${item.value}"]
    }
  }
}
