#!/usr/bin/env bash
# The same docker commit build through kiln (Engine API) and packer 1.6.6 (docker CLI) against one
# private dockerd, in one run: mean wall time over N runs each, as a ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}
runs=${RUNS:-5}
work=$(mktemp -d)
fixture=$here/tests/fixtures/dockerd/dockerd.sh
trap '"$fixture" stop "$work/engine"; rm -rf "$work"' EXIT
"$fixture" start "$work/engine"
export DOCKER_HOST=unix://$work/engine/docker.sock PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
cat > "$work/t.json" <<'T'
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "commit": true,
  "changes": ["ENV BUILT=1"]}],
 "provisioners": [{"type": "shell", "inline": ["echo built > /root/built.txt"]}]}
T
measure() {
  local start end
  start=$(date +%s.%N)
  for ((i = 0; i < runs; i++)); do (cd "$work" && "$1" build t.json >/dev/null 2>&1); done
  end=$(date +%s.%N)
  python3 -c "print(($end - $start) / $runs)"
}
k=$(measure "$kiln")
p=$(measure packer)
printf 'docker commit build: kiln %.2fs  packer %.2fs  ratio kiln/packer %.2f\n' "$k" "$p" "$(python3 -c "print($k / $p)")"
