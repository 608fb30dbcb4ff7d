#!/usr/bin/env bash
# Counts the EC2 API calls one amazon-ebs build makes, for kiln and (when installed) Packer 1.6.6,
# against moto_server on loopback behind the signing, recording proxy. Usage: bench/ec2_calls.sh [build-dir]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$(bash "$here/bench/release_build.sh")}
kiln=$build/cli/kiln
venv=$here/.venv
[[ -x $kiln ]] || { echo "build kiln first ($kiln missing)" >&2; exit 1; }
[[ -x $venv/bin/moto_server ]] || { echo "run scripts/install-deps.sh first" >&2; exit 1; }

work=$(mktemp -d /tmp/kiln-ec2-bench-XXXXXX)
motos=()
cleanup() {
  for dir in "${motos[@]}"; do "$here/tests/fixtures/moto/moto.sh" stop "$dir"; done
  rm -rf "$work"
}
trap cleanup EXIT
# The template's credentials, which the signing proxy in front of moto checks.
export AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret NO_PROXY=127.0.0.1,localhost
export no_proxy=$NO_PROXY

# One fresh moto per tool, so each starts from the same state.
measure() {  # name, command...
  local name=$1; shift
  motos+=("$work/$name-moto")
  "$here/tests/fixtures/moto/moto.sh" start "$work/$name-moto"
  ln -s "$work/$name-moto/actions.log" "$work/$name-calls.log"
  sed "s|@ENDPOINT@|$(cat "$work/$name-moto/endpoint")|" "$work/template.json" >"$work/$name.json"
  local start end
  start=$(date +%s%N)
  if ! "$@" "$work/$name.json" >"$work/$name-out.log" 2>&1; then
    echo "$name: build failed; output:" >&2
    tail -20 "$work/$name-out.log" >&2
    return 1
  fi
  end=$(date +%s%N)
  local total
  total=$(wc -l <"$work/$name-calls.log")
  printf '%s: %d EC2 calls in %d ms\n' "$name" "$total" $(((end - start) / 1000000))
  cut -f1 "$work/$name-calls.log" | sort | uniq -c | sort -rn | sed 's/^/    /'
}

cat >"$work/template.json" <<'JSON'
{
  "builders": [{
    "type": "amazon-ebs",
    "access_key": "AKIDBENCH", "secret_key": "bench-secret",
    "region": "us-east-1",
    "custom_endpoint_ec2": "@ENDPOINT@",
    "skip_region_validation": true, "skip_credential_validation": true, "skip_metadata_api_check": true,
    "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"], "most_recent": true},
    "instance_type": "t2.micro",
    "ami_name": "bench-ami",
    "tags": {"bench": "yes"}, "snapshot_tags": {"bench": "yes"},
    "communicator": "none",
    "aws_polling": {"delay_seconds": 1, "max_attempts": 30}
  }]
}
JSON

measure kiln "$kiln" build
if command -v packer >/dev/null; then
  AWS_POLL_DELAY_SECONDS=1 CHECKPOINT_DISABLE=1 measure packer packer build || echo "packer: could not complete against moto"
fi
