#!/usr/bin/env bash
# kiln build vs packer build of the same null + shell-local + manifest template, in one run:
# mean wall time and peak RSS over N runs each, printed as ratios (kiln / packer).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}
packer=${PACKER:-$(command -v packer)}
runs=${RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
cat > "$work/template.json" <<'T'
{
  "builders": [{"type": "null", "communicator": "none"}],
  "provisioners": [{"type": "shell-local", "inline": ["echo provisioned"]}],
  "post-processors": [{"type": "manifest", "output": "manifest.json"}]
}
T

measure() {  # prints "<mean seconds> <peak RSS KiB>"
  python3 - "$1" "$runs" "$work" <<'P'
import os, subprocess, sys, time
binary, runs, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def build(prefix=()):
    if os.path.exists(f"{work}/manifest.json"):
        os.remove(f"{work}/manifest.json")
    if subprocess.run([*prefix, binary, "build", "template.json"], cwd=work,
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        sys.exit(f"{binary} build failed")
# Wall time of the build command alone, timed around its process.
total = 0.0
for _ in range(runs):
    start = time.perf_counter()
    build()
    total += time.perf_counter() - start
# Peak RSS of the build process (and its shell-local script), as GNU time reports it.
peak = 0
for _ in range(runs):
    build(("/usr/bin/time", "-o", f"{work}/rss", "-f", "%M"))
    peak = max(peak, int(open(f"{work}/rss").read().split()[-1]))
print(total / runs, peak)
P
}

read -r kt km < <(measure "$kiln")
read -r pt pm < <(measure "$packer")
printf 'null build wall time: kiln %.4fs  packer %.4fs  ratio kiln/packer %.3f (target <= 0.1)\n' "$kt" "$pt" \
  "$(python3 -c "print($kt / $pt)")"
printf 'null build peak RSS:  kiln %d KiB  packer %d KiB  ratio %.3f (target kiln <= 10240 KiB)\n' "$km" "$pm" \
  "$(python3 -c "print($km / $pm)")"
