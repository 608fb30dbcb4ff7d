variable "greeting" {
  type = string
}
variable "names" {
  type    = list(string)
  default = ["x"]
}
locals {
  message = "${var.greeting} ${join("+", local.sorted)}"
  sorted  = sort(var.names)
}
