greeting = "hello"
names    = ["c", "a", "b"]
