source "null" "a" {
  communicator = "none"
}

build {
  name        = "first"
  description = "The first build"
  sources     = ["source.null.a"]
}

build {
  description = <<EOT
Two
lines
EOT
  sources     = ["source.null.a"]
}
