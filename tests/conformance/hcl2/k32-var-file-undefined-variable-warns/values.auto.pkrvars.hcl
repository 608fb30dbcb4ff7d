known   = "from the file"
unknown = "set but not declared"
