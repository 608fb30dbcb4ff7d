zone = "z"
