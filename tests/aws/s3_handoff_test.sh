#!/usr/bin/env bash
# The seed's S3 hand-off, end to end through the CLI: a shell-local provisioner downloads a file
# (curl, from a loopback HTTP server), artifice makes it the artifact, compress gzips it, and a
# shell-local post-processor hands the result to `aws s3 cp` (the awscli PyPI package from .venv)
# aimed at moto's S3 by AWS_ENDPOINT_URL. The object must then exist and hold exactly the
# compressed artifact's bytes, which decompress to the downloaded file.
# usage: s3_handoff_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
venv=$(cd "$here/../.." && pwd)/.venv
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  "$here/../fixtures/moto/moto.sh" stop "$work/moto"
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
[[ -x $venv/bin/aws ]] || { echo "FAIL $venv/bin/aws is missing: run scripts/install-deps.sh"; exit 1; }

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost CHECKPOINT_DISABLE=1
unset AWS_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_REGION
export HOME="$work/home"
mkdir -p "$HOME" "$work/site" "$work/out"
"$here/../fixtures/moto/moto.sh" start "$work/moto" || exit 1
export AWS_ENDPOINT_URL
AWS_ENDPOINT_URL=$(cat "$work/moto/moto_endpoint")  # awscli's own requests: straight to moto's S3
export PATH="$venv/bin:$PATH"

# The file to download: 1 MiB of repetitive text plus random bytes, so gzip has work to do.
{ seq 1 60000; head -c 65536 /dev/urandom; } > "$work/site/disk.raw"
(cd "$work/site" && exec python3 -c '
import http.server, sys
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
with open(sys.argv[1], "w") as f:
    f.write(f"{server.server_address[1]}\n")
server.serve_forever()' "$work/http.port") >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 200); do [[ -s $work/http.port ]] && break; sleep 0.05; done
port=$(cat "$work/http.port") || exit 1

aws s3 mb s3://kiln-handoff >/dev/null || { echo "FAIL aws s3 mb"; exit 1; }
cat > "$work/handoff.json" <<'T'
{
  "variables": {"url": "", "out": ""},
  "builders": [{"type": "null", "communicator": "none"}],
  "provisioners": [{"type": "shell-local", "inline": ["curl -sSf -o {{user `out`}}/disk.raw {{user `url`}}"]}],
  "post-processors": [[
    {"type": "artifice", "files": ["{{user `out`}}/disk.raw"]},
    {"type": "compress", "output": "{{user `out`}}/disk.raw.gz"},
    {"type": "shell-local", "inline": ["aws s3 cp {{user `out`}}/disk.raw.gz s3://kiln-handoff/images/disk.raw.gz"]}
  ]]
}
T
"$kiln" build -color=false -var "url=http://127.0.0.1:$port/disk.raw" -var "out=$work/out" "$work/handoff.json" \
  >"$work/build.log" 2>&1 && ok || { bad "build failed:"; tail -20 "$work/build.log"; }
grep -q "upload: .*disk.raw.gz to s3://kiln-handoff/images/disk.raw.gz" "$work/build.log" && ok ||
  bad "aws s3 cp's report is not in the build's output"

# The object, read back with awscli: the compressed artifact's bytes exactly, which gunzip to the download.
aws s3 cp s3://kiln-handoff/images/disk.raw.gz "$work/object.gz" >/dev/null && ok || bad "no object in S3"
cmp -s "$work/out/disk.raw.gz" "$work/object.gz" && ok || bad "the object's bytes differ from the compressed artifact"
gzip -dc "$work/object.gz" | cmp -s - "$work/site/disk.raw" && ok || bad "the object does not gunzip to the download"
listed=$(aws s3api list-objects-v2 --bucket kiln-handoff --query 'Contents[].[Key,Size]' --output text)
[[ $listed == "images/disk.raw.gz	$(stat -c %s "$work/out/disk.raw.gz")" ]] && ok ||
  bad "the bucket holds something else: $listed"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
