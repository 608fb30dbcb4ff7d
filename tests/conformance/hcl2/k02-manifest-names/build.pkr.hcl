source "null" "one" {
  communicator = "none"
}
build {
  name    = "demo"
  sources = ["source.null.one"]
  post-processor "manifest" {
    output     = "manifest.json"
    strip_path = true
    custom_data = {
      source = "${source.name}"
    }
  }
}
