prefix = "file"
