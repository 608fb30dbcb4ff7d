#!/usr/bin/env bash
# kiln console against Packer 1.6.6's packer console, run live on the same templates and input:
# standard output and exit status must be the same, byte for byte, with input from a file (every
# result printed) and from a pipe (only the last one, exit 1 after any problem).
# usage: console_test.sh KILN_BINARY PACKER_BINARY
set -u
kiln=$(realpath "$1")
packer=$(command -v "$2") || { echo "FAIL: $2 not found; this test compares with it"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
passed=0 failed=0

mkdir hcl
cat > hcl/vars.pkr.hcl <<'T'
variable "foo" {
  default = "bar"
}
variable "n" {
  default = 3
}
variable "l" {
  default = ["a", "b"]
}
variable "secret" {
  default   = "hunter2"
  sensitive = true
}
T
cat > hcl/build.pkr.hcl <<'T'
locals {
  x = "${var.foo}-x"
  m = { a = 1, b = "two", c = [true, null] }
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
T
cat > tmpl.json <<'T'
{
  "variables": {"x": "hello", "s": "pw", "n": "7"},
  "sensitive-variables": ["s"],
  "builders": [{"type": "null", "communicator": "none"}]
}
T

# compare NAME INPUT_FILE -- ARGS…: both tools, input from the file and through a pipe.
compare() {
  local name=$1 input=$2
  shift 3
  local mode want got want_status got_status
  for mode in file pipe; do
    if [[ $mode == file ]]; then
      want=$("$packer" console "$@" <"$input" 2>/dev/null); want_status=$?
      got=$("$kiln" console "$@" <"$input" 2>/dev/null); got_status=$?
    else
      want=$(cat "$input" | "$packer" console "$@" 2>/dev/null); want_status=$?
      got=$(cat "$input" | "$kiln" console "$@" 2>/dev/null); got_status=$?
    fi
    if [[ "$want" == "$got" && $want_status -eq $got_status ]]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      printf 'FAIL %s (%s): packer exited %s, kiln %s\n' "$name" "$mode" "$want_status" "$got_status"
      diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -40
    fi
  done
}

cat > hcl.in <<'T'
var.foo
local.x
var.n + 1
nosuch(1)
var.n.x
element([], 0)
var.l[9]
var.l
local.m
upper("abc")
"${var.foo}"
var.secret
"x${var.secret}x"
[var.secret]
true
null
{a = [1, 2], "b c" = {}}
1.5
123456789.5
0.00001
100000000000000000000
1/0
-3
["q\"\t\\"]
length(var.l)
jsonencode(local.m)

  var.foo  
variables
T
compare "hcl2 folder" hcl.in -- hcl
compare "hcl2 folder, -var" hcl.in -- -var foo=over -var n=5 hcl
cat > one.pkr.hcl <<'T'
variable "foo" {
  default = "solo"
}
locals {
  x = "${var.foo}-x"
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
T
printf 'var.foo\nlocal.x\nvariables\n' > one.in
compare "hcl2 file" one.in -- one.pkr.hcl

printf 'var.foo\nvar.nope\nvar.n\n' > error-middle.in
compare "hcl2 problem, then a value" error-middle.in -- hcl
printf 'var.n\n1 2\n1 + )\n' > error-last.in
compare "hcl2 parse problem last" error-last.in -- hcl
printf 'var.foo\nexit\nvar.n\n' > exit.in
compare "exit" exit.in -- hcl

cat > json.in <<'T'
{{user `x`}}
plain text
{{user `s`}}
x{{user `s`}}x
{{upper (user `x`)}}
{{user `nope`}}
{{template_dir}}

{{split "a,b" "," 1}}
last
T
compare "json template" json.in -- "$work/tmpl.json"
compare "json template, -var" json.in -- -var x=over "$work/tmpl.json"
printf '{{user `x`}}\nplain\n' > nothing.in
compare "no template" nothing.in --

# A JSON interpolation problem: Packer words it as Go's text/template does, so only the status
# and the results around it are compared.
printf '{{user `x`}}\n{{ nosuchfunction }}\n' | "$kiln" console tmpl.json >piped.out 2>&1
status=$?
if [[ $status -eq 1 ]] && grep -q "Interpolation error" piped.out && [[ $(tail -1 piped.out) == "" ]]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); printf 'FAIL json problem: status %s\n' "$status"; cat piped.out
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
