#!/usr/bin/env bash
# kiln validate vs packer validate on the same templates, measured in one run: wall time per
# validation (mean of N runs) and peak RSS, printed as ratios (kiln / packer).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}
packer=${PACKER:-$(command -v packer)}
runs=${RUNS:-20}
templates=("$here/examples/templates/demo.json" "$here/../shared/conformance/cases/045-inspect/template.json")
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1

# Prints "<mean seconds> <max peak RSS KiB>" for `$1 validate TEMPLATE` over all templates, $runs times.
measure() {
  local bin=$1 peak=0 start end
  start=$(date +%s.%N)
  for ((i = 0; i < runs; i++)); do
    for t in "${templates[@]}"; do
      local out
      /usr/bin/time -o "$stats" -f '%e %M' "$bin" validate "$t" >/dev/null 2>&1 || true
      out=$(tail -1 "$stats")
      if (( ${out#* } > peak )); then peak=${out#* }; fi
    done
  done
  end=$(date +%s.%N)
  python3 -c "print(($end - $start) / ($runs * ${#templates[@]}), $peak)"
}

stats=$(mktemp)
trap 'rm -f "$stats"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
read -r kt km < <(measure "$kiln")
read -r pt pm < <(measure "$packer")
printf 'validate wall time: kiln %.4fs  packer %.4fs  ratio kiln/packer %.3f (target <= 0.05)\n' "$kt" "$pt" "$(python3 -c "print($kt / max($pt, 1e-9))")"
printf 'validate peak RSS:  kiln %d KiB  packer %d KiB  ratio %.3f (target kiln < 10240 KiB)\n' "$km" "$pm" "$(python3 -c "print($km / $pm)")"

# HCL2 against JSON, both through kiln: the same template written both ways (bench/gen_equivalent.py).
equivalent=$(mktemp -d)
trap 'rm -rf "$stats" "$equivalent"' EXIT
python3 "$here/bench/gen_equivalent.py" "$equivalent" 30
"$kiln" validate "$equivalent/template.json" >/dev/null
"$kiln" validate "$equivalent/hcl" >/dev/null
templates=("$equivalent/hcl")
read -r ht hm < <(measure "$kiln")
templates=("$equivalent/template.json")
read -r jt jm < <(measure "$kiln")
printf 'kiln validate HCL2 folder %.4fs, same template as JSON %.4fs: ratio HCL2/JSON %.3f (target <= 2)\n' \
  "$ht" "$jt" "$(python3 -c "print($ht / max($jt, 1e-9))")"
printf 'kiln validate peak RSS: HCL2 %d KiB, JSON %d KiB\n' "$hm" "$jm"
