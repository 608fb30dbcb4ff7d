#!/usr/bin/env bash
# Counts the EC2 API calls one amazon-ebs build makes, for kiln and (when installed) Packer 1.6.6,
# against moto_server on loopback behind the recording proxy. Usage: bench/ec2_calls.sh [build-dir]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
kiln=$build/cli/kiln
venv=$here/.venv
[[ -x $kiln ]] || { echo "build kiln first ($kiln missing)" >&2; exit 1; }
[[ -x $venv/bin/moto_server ]] || { echo "run scripts/install-deps.sh first" >&2; exit 1; }

work=$(mktemp -d /tmp/kiln-ec2-bench-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 100); do
    (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $1 did not open" >&2
  return 1
}

# One fresh moto per tool, so each starts from the same state.
measure() {  # name, command...
  local name=$1; shift
  local moto_port proxy_port
  moto_port=$(port); proxy_port=$(port)
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$work/$name-moto.log" 2>&1 & pids+=($!)
  wait_port "$moto_port"
  "$venv/bin/python" "$here/tests/fixtures/moto/fault_proxy.py" --port "$proxy_port" \
    --upstream "http://127.0.0.1:$moto_port" --log "$work/$name-calls.log" >"$work/$name-proxy.log" 2>&1 & pids+=($!)
  wait_port "$proxy_port"
  sed "s|@ENDPOINT@|http://127.0.0.1:$proxy_port|" "$work/template.json" >"$work/$name.json"
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
