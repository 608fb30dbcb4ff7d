# Two build blocks naming one source, and one source named twice in a build: three builds, all
# named null.a; each runs its own block's provisioners and post-processors once.
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a", "source.null.a"]
  provisioner "shell-local" {
    inline = ["echo MARK: first block"]
  }
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo MARK: second block"]
  }
  post-processor "shell-local" {
    inline = ["echo MARK: second block post-processed"]
  }
}
