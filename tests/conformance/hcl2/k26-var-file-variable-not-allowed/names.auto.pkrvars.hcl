names = [local.first, "b"]
