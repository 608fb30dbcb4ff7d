#!/usr/bin/env bash
# The AWS region as Packer resolves it, through the CLI run as a child with its own environment:
# the template's region, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's region in the
# shared config file (AWS_PROFILE, AWS_CONFIG_FILE, ~/.aws/config). A build against moto shows
# which region was used ({{build `BuildRegion`}} and the artifact id).
# usage: region_cli_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
moto_pid=
cleanup() {
  [[ -n $moto_pid ]] && kill "$moto_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
# Only what each case gives: none of the caller's AWS settings leak in.
clean_env=(env -u AWS_REGION -u AWS_DEFAULT_REGION -u AWS_PROFILE -u AWS_CONFIG_FILE -u AWS_SHARED_CREDENTIALS_FILE
           HOME="$work/home" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing CHECKPOINT_DISABLE=1)
mkdir -p "$work/home"
printf '[default]\nregion = eu-west-1\n\n[profile build]\nregion = ap-south-1\n' > "$work/config"

cat > "$work/validate.json" <<'T'
{"builders": [{"type": "amazon-ebs", "source_ami": "ami-12345678", "instance_type": "t2.micro",
  "ami_name": "kiln-region", "communicator": "none"}]}
T
# 1. No region anywhere: validate names the problem (with the template's file and builder).
out=$("${clean_env[@]}" "$kiln" validate "$work/validate.json" 2>&1)
[[ $? -ne 0 ]] && grep -q "validate.json.*builders\[0\].*region must be specified" <<<"$out" && ok ||
  bad "no region: $out"
# 2. The shared config file's default profile, its named profile, AWS_DEFAULT_REGION.
"${clean_env[@]}" AWS_CONFIG_FILE="$work/config" "$kiln" validate "$work/validate.json" >/dev/null 2>&1 && ok ||
  bad "AWS_CONFIG_FILE [default] region"
"${clean_env[@]}" AWS_CONFIG_FILE="$work/config" AWS_PROFILE=build "$kiln" validate "$work/validate.json" \
  >/dev/null 2>&1 && ok || bad "AWS_PROFILE's region"
"${clean_env[@]}" AWS_DEFAULT_REGION=us-east-2 "$kiln" validate "$work/validate.json" >/dev/null 2>&1 && ok ||
  bad "AWS_DEFAULT_REGION"
mkdir -p "$work/home/.aws" && cp "$work/config" "$work/home/.aws/config"
"${clean_env[@]}" "$kiln" validate "$work/validate.json" >/dev/null 2>&1 && ok || bad "~/.aws/config"
rm -rf "$work/home/.aws"

# 3. Builds against moto: which region each source chose.
moto_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$root/.venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$moto_port/" && break; sleep 0.1; done
build() {  # build NAME ENV…: prints "<BuildRegion> <artifact id>"
  local name=$1
  shift
  cat > "$work/$name.json" <<T
{"builders": [{"type": "amazon-ebs", "custom_endpoint_ec2": "http://127.0.0.1:$moto_port", "skip_region_validation": true,
  "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"],
                        "most_recent": true},
  "instance_type": "t2.micro", "ami_name": "kiln-region-$name", "communicator": "none",
  "aws_polling": {"delay_seconds": 1, "max_attempts": 20}}],
 "post-processors": [{"type": "manifest", "output": "$work/$name-manifest.json",
                      "custom_data": {"region": "{{build \`BuildRegion\`}}"}}]}
T
  "${clean_env[@]}" "$@" "$kiln" build -color=false "$work/$name.json" >"$work/$name.log" 2>&1 ||
    { echo "build failed"; tail -5 "$work/$name.log"; return; }
  python3 -c 'import json, sys; b = json.load(open(sys.argv[1]))["builds"][0]; print(b["custom_data"]["region"], b["artifact_id"].split(":")[0])' \
    "$work/$name-manifest.json"
}
got=$(build profile AWS_CONFIG_FILE="$work/config" AWS_PROFILE=build)
[[ $got == "ap-south-1 ap-south-1" ]] && ok || bad "AWS_PROFILE's region used for the build: $got"
got=$(build env AWS_CONFIG_FILE="$work/config" AWS_REGION=us-west-2)
[[ $got == "us-west-2 us-west-2" ]] && ok || bad "AWS_REGION before the config file: $got"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
