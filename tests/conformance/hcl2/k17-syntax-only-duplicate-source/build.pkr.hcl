source "null" "twice" {
  communicator = "none"
}

source "null" "twice" {
  communicator = "none"
}

build {
  sources = ["source.null.twice"]
}
