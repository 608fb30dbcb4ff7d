variable "untyped" {
}
