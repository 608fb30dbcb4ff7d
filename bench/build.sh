#!/usr/bin/env bash
# kiln build vs packer build of the same null + shell-local + manifest template, in one run:
# mean wall time and peak RSS over N runs each, printed as ratios (kiln / packer).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$here/build/cli/kiln}
packer=${PACKER:-$(command -v packer)}
runs=${RUNS:-10}
work=$(mktemp -d)
stats=$(mktemp)
trap 'rm -rf "$work" "$stats"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
cat > "$work/template.json" <<'T'
{
  "builders": [{"type": "null", "communicator": "none"}],
  "provisioners": [{"type": "shell-local", "inline": ["echo provisioned"]}],
  "post-processors": [{"type": "manifest", "output": "manifest.json"}]
}
T

measure() {  # prints "<mean seconds> <peak RSS KiB>"
  local bin=$1 peak=0 start end
  start=$(date +%s.%N)
  for ((i = 0; i < runs; i++)); do
    (cd "$work" && rm -f manifest.json && /usr/bin/time -o "$stats" -f '%M' "$bin" build template.json >/dev/null 2>&1) ||
      { echo "$bin build failed" >&2; exit 1; }
    local rss
    rss=$(tail -1 "$stats")
    if ((rss > peak)); then peak=$rss; fi
  done
  end=$(date +%s.%N)
  python3 -c "print(($end - $start) / $runs, $peak)"
}

read -r kt km < <(measure "$kiln")
read -r pt pm < <(measure "$packer")
printf 'null build wall time: kiln %.4fs  packer %.4fs  ratio kiln/packer %.3f (target <= 0.1)\n' "$kt" "$pt" \
  "$(python3 -c "print($kt / $pt)")"
printf 'null build peak RSS:  kiln %d KiB  packer %d KiB  ratio %.3f (target kiln <= 10240 KiB)\n' "$km" "$pm" \
  "$(python3 -c "print($km / $pm)")"
