untyped = ["a", "list"]
