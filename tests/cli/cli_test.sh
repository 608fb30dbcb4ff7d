#!/usr/bin/env bash
# The kiln CLI end to end: exit codes, error positions, warnings, output modes.
# usage: cli_test.sh KILN_BINARY
set -u
kiln=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
passed=0 failed=0

check() {  # check NAME EXPECTED_STATUS PATTERN -- command...
  local name=$1 want=$2 pattern=$3
  shift 4
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [[ $status -eq $want ]] && grep -qE -- "$pattern" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s: status %s (want %s), output:\n%s\n' "$name" "$status" "$want" "$out"
  fi
}

cat > ok.json <<'T'
{
  // a comment, as in many blog posts
  "variables": {"who": "kiln", "secret": "s3cr3t"},
  "sensitive-variables": ["secret"],
  "builders": [{"type": "null", "communicator": "none", "name": "n"}]
}
T
printf '{\n  "builders": [\n    {"type": "null", "comunicator": "none"}\n  ]\n}\n' > typo.json
printf '{"builders": [{"type": "null", "communicator": "none"},]}\n' > comma.json
printf '{"builders": [{"type": "null", "communicator": "none"}], "variables": {"need": null}}\n' > required.json
cat > masked.json <<'T'
{
  "variables": {"token": "t0k3n-v4lue", "copy": "t0k3n-v4lue"},
  "sensitive-variables": ["token"],
  "builders": [{"type": "null", "communicator": "none", "name": "uses-t0k3n-v4lue"}]
}
T

check "version" 0 "^kiln [0-9]+\.[0-9]+\.[0-9]+" -- "$kiln" version
check "machine-readable version, as Packer's records" 0 "^[0-9]{10},,version-commit,$" -- "$kiln" -machine-readable version
check "help" 0 "Available commands" -- "$kiln" --help
# ssh_private_key_file "~/…" is the user's (the password database's home, not HOME), as Packer 1.6.6 expands it.
passwd_home=$(getent passwd "$(id -u)" | cut -d: -f6)
printf '{"builders": [{"type": "null", "ssh_host": "127.0.0.1", "ssh_username": "u", "ssh_private_key_file": "~/.kiln-test-absent-key"}]}\n' > tilde.json
check "ssh_private_key_file ~/ is expanded to the user's home" 1 "ssh_private_key_file is invalid: stat ${passwd_home%/}/.kiln-test-absent-key" -- env HOME="$work/elsewhere" "$kiln" validate tilde.json
for command in build validate inspect fmt hcl2_upgrade; do
  check "$command -h prints its usage (exit 0, as Packer)" 0 "Usage: kiln $command" -- "$kiln" "$command" -h
done
check "no command" 1 "Usage" -- "$kiln"
check "unknown command" 1 "unknown command" -- "$kiln" frobnicate
check "comments pass with a warning" 0 "Warning: .*comments, which Packer rejects" -- "$kiln" validate ok.json
cat > undefined-user.json <<'T'
{"builders": [{"type": "null", "communicator": "none", "name": "a"}, {"type": "null", "communicator": "none", "name": "b"}],
 "provisioners": [{"type": "shell-local", "inline": ["echo {{user `missing`}}", "echo {{user `missing`}} {{user `missing`}}"]}]}
T
check "an undefined {{user}} variable warns once per build, however many fields use it" 0 '^2$' -- \
  bash -c "'$kiln' build -color=false undefined-user.json 2>&1 | grep -c 'variable \"missing\" is not defined'"
# Packer sets up each build's UI before any build runs: a colour line per build in template order, one blank line.
printf '{"builders": [{"type": "null", "communicator": "none", "name": "%s"}, {"type": "null", "communicator": "none", "name": "b"}],
 "provisioners": [{"type": "shell-local", "inline": ["echo hi"]}]}\n' a > two.json
check "every build's colour line comes first, then one blank line" 0 '^a: output will be in this color\.\|b: output will be in this color\.\|\|==> a: ' -- \
  bash -c "out=\$('$kiln' build -parallel-builds=1 two.json) && sed -n 1,4p <<<\"\$out\" | tr '\n' '|'"
check "-color=false prints no colour lines, as Packer" 1 '' -- bash -c "'$kiln' build -color=false two.json | grep 'this color'"
check "-debug says builds are not parallelized, as Packer" 0 '^Debug mode enabled\. Builds will not be parallelized\.$' -- \
  "$kiln" build -debug two.json
check "unknown key names file:line:col and suggests" 1 \
  'typo.json:3:22: builders\[0\]: unknown key "comunicator" \(did you mean "communicator"\?\)' -- "$kiln" validate typo.json
check "syntax-only ignores plugin config" 0 "Syntax-only check passed" -- "$kiln" validate -syntax-only typo.json
check "trailing commas fail validate" 1 "trailing commas, which Packer rejects" -- "$kiln" validate comma.json
check "trailing commas build with a warning" 0 "trailing commas, which Packer rejects" -- "$kiln" build comma.json
check "missing required variable" 1 "required variable not set: need" -- "$kiln" validate required.json
check "-var satisfies it, and a valid template prints nothing, as Packer 1.6.6" 0 '^ *0$' -- \
  bash -c "set -o pipefail; '$kiln' validate -var need=1 required.json 2>&1 | wc -c"
check "bad flag" 1 "flag provided but not defined: -nope" -- "$kiln" build -nope ok.json
check "inspect opens with Packer's header" 0 "^Packer Inspect: JSON mode$" -- "$kiln" inspect ok.json
check "inspect lists builders" 0 "n \(null\)" -- "$kiln" inspect ok.json
check "inspect masks sensitive defaults" 0 "secret = <sensitive>" -- "$kiln" inspect ok.json
check "inspect masks a sensitive value in other defaults, as Packer" 0 "copy  = <sensitive>" -- "$kiln" inspect masked.json
check "inspect masks a sensitive value in builder names, as Packer" 0 "uses-<sensitive> \(null\)" -- "$kiln" inspect masked.json
check "inspect masks the value -var gives a sensitive variable" 0 "uses-<sensitive>-v4lue \(null\)" -- "$kiln" inspect -var token=t0k3n masked.json
check "machine-readable inspect" 0 "^[0-9]+,,template-builder,n,null$" -- "$kiln" -machine-readable inspect ok.json
check "machine-readable build" 0 "^[0-9]+,n,artifact,0,id,Null$" -- "$kiln" build -machine-readable ok.json
check "events as JSON lines" 0 '^\{"time":[0-9.]+,"kind":"build-start","build":"n"' -- "$kiln" build --events=json ok.json
check "build summary" 0 "Builds finished. The artifacts of successful builds are:" -- "$kiln" build ok.json
check "missing template file" 1 "cannot read template" -- "$kiln" validate nope.json
check "bad on-error value" 1 "-on-error must be one of" -- "$kiln" build -on-error=maybe ok.json
check "-parallel-builds takes digits only" 1 'invalid value "abc" for flag -parallel-builds: parse error' -- "$kiln" build -parallel-builds=abc ok.json
check "-parallel-builds is never negative" 1 'invalid value "-1" for flag -parallel-builds: parse error' -- "$kiln" build -parallel-builds=-1 ok.json
check "-parallel-builds out of range" 1 'for flag -parallel-builds: parse error' -- "$kiln" build -parallel-builds=99999999999999999999 ok.json

# SIGINT cancels a running build: the build fails and the script's processes are gone.
cat > long.json <<'T'
{"builders": [{"type": "null", "communicator": "none"}],
 "provisioners": [{"type": "shell-local", "inline": ["echo $$ > shell.pid", "sleep 30 & echo $! > sleep.pid; wait"]}]}
T
"$kiln" build long.json > long.log 2>&1 &
kiln_pid=$!
for _ in $(seq 100); do [[ -s sleep.pid ]] && break; sleep 0.05; done
kill -INT "$kiln_pid"
for _ in $(seq 100); do kill -0 "$kiln_pid" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$kiln_pid" 2>/dev/null; then
  failed=$((failed + 1)); echo "FAIL SIGINT: kiln still running 5 s later"; kill -9 "$kiln_pid"
else
  wait "$kiln_pid"; status=$?
  alive() { [[ -e /proc/$1 ]] && ! grep -q zombie "/proc/$1/status" 2>/dev/null; }
  if [[ $status -ne 0 ]] && grep -q "Cancelling build after receiving interrupt" long.log && ! alive "$(cat sleep.pid)" && ! alive "$(cat shell.pid)"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); echo "FAIL SIGINT: status $status"; cat long.log
  fi
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
