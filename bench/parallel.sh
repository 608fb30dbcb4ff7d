#!/usr/bin/env bash
# N parallel null + shell-local builds in one template (default 200), kiln against packer in the same
# run: wall time, peak RSS (/usr/bin/time) and the most threads the process had (sampled from
# /proc every 10 ms), printed with ratios kiln/packer.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}
packer=${PACKER:-$(command -v packer)}
n=${1:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
python3 "$here/bench/gen_parallel.py" "$n" > "$work/template.json"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }

# Prints "<seconds> <peak RSS KiB> <peak threads> <builds that ran their command> <builds in the
# manifest> <failed builds> <exit status>" for `$1 build`.
measure() {
  local bin=$1 peak_threads=0 pid threads
  rm -f "$work/manifest.json"
  (cd "$work" && exec /usr/bin/time -o "$work/stats" -f '%e %M' "$bin" build -force template.json >"$work/out.log" 2>&1) &
  local timer=$!
  while kill -0 "$timer" 2>/dev/null; do
    pid=$(pgrep -P "$timer" -n 2>/dev/null || true)
    if [[ -n $pid ]]; then
      threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      ((threads > peak_threads)) && peak_threads=$threads
    fi
    sleep 0.01
  done
  local status=0
  wait "$timer" || status=$?
  local builds manifest
  builds=$(grep -o 'MARK:b[0-9]*' "$work/out.log" | sort -u | wc -l)
  # Packer 1.6.6's manifest post-processor is not safe across parallel builds: its file can come out
  # as several JSON documents run together.
  manifest=$(python3 -c "import json; print(len(json.load(open('$work/manifest.json'))['builds']))" 2>/dev/null || echo corrupt)
  local failed
  failed=$(grep -c "errored after" "$work/out.log" || true)
  echo "$(tail -1 "$work/stats") $peak_threads $builds $manifest $failed $status"
}

read -r kt km kth kb kmf kf ks < <(measure "$kiln")
read -r pt pm pth pb pmf pf ps < <(measure "$packer")
ratio() { python3 -c "print(f'{$1 / max($2, 1e-9):.3f}')"; }
echo "$n parallel builds ran their command: kiln $kb, packer $pb; builds in the manifest: kiln $kmf, packer $pmf"
echo "failed builds: kiln $kf (exit $ks), packer $pf (exit $ps)"
echo "wall time:  kiln ${kt}s  packer ${pt}s  ratio $(ratio "$kt" "$pt")"
echo "peak RSS:   kiln ${km} KiB  packer ${pm} KiB  ratio $(ratio "$km" "$pm")"
echo "threads:    kiln ${kth}  packer ${pth}  ratio $(ratio "$kth" "$pth")"
