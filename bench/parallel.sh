#!/usr/bin/env bash
# N parallel builds in one template, kiln against packer in the same run: wall time, peak RSS and
# threads, printed with ratios kiln/packer. RSS and threads are the peaks of their sums over the
# process and its descendants (bench/tree_peak.py: Packer runs every plugin as a process), with the
# largest single process's peak RSS (/usr/bin/time) beside them.
#   parallel.sh [N]               N null + shell-local builds (default 200)
#   parallel.sh N amazon-ebs      N amazon-ebs builds (communicator none) against moto behind the
#                                 signing proxy (tests/fixtures/moto/moto.sh), a fresh moto per tool
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}
packer=${PACKER:-$(command -v packer)}
n=${1:-200} mode=${2:-null}
work=$(mktemp -d)
moto=$here/tests/fixtures/moto/moto.sh
trap '[[ $mode == null ]] || "$moto" stop "$work/moto"; rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
export AWS_ACCESS_KEY_ID=AKIDKILNBENCH AWS_SECRET_ACCESS_KEY=kiln-bench-secret AWS_POLL_DELAY_SECONDS=1
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }

template() {  # writes $work/template.json; for amazon-ebs, against a fresh moto
  if [[ $mode == amazon-ebs ]]; then
    "$moto" stop "$work/moto"
    "$moto" start "$work/moto"
    python3 "$here/bench/gen_parallel.py" "$n" amazon-ebs "$(cat "$work/moto/endpoint")" "$AWS_ACCESS_KEY_ID" \
      "$AWS_SECRET_ACCESS_KEY" >"$work/template.json"
  else
    python3 "$here/bench/gen_parallel.py" "$n" >"$work/template.json"
  fi
}

# Prints "<seconds> <peak RSS KiB of the largest process> <peak RSS KiB of the tree> <peak threads of
# the tree> <builds that ran their command> <builds in the manifest> <failed builds> <exit status>"
# for `$1 build`.
measure() {
  local bin=$1
  template
  rm -f "$work/manifest.json"
  local status=0
  (cd "$work" && exec python3 "$here/bench/tree_peak.py" "$work/tree" /usr/bin/time -o "$work/stats" -f '%e %M' \
    "$bin" build -force template.json >"$work/out.log" 2>&1) || status=$?
  local builds manifest
  builds=$(grep -o 'MARK:[a-z][0-9]*' "$work/out.log" | sort -u | wc -l)
  # Packer 1.6.6's manifest post-processor is not safe across parallel builds: its file can come out
  # as several JSON documents run together.
  manifest=$(python3 -c "import json; print(len(json.load(open('$work/manifest.json'))['builds']))" 2>/dev/null || echo corrupt)
  local failed
  failed=$(grep -c "errored after" "$work/out.log" || true)
  read -r seconds largest < <(tail -1 "$work/stats")
  read -r rss threads _ <"$work/tree"
  echo "$seconds $largest $rss $threads $builds $manifest $failed $status"
}

read -r kt kl km kth kb kmf kf ks < <(measure "$kiln")
read -r pt pl pm pth pb pmf pf ps < <(measure "$packer")
ratio() { python3 -c "print(f'{$1 / max($2, 1e-9):.3f}')"; }
echo "$n parallel $mode builds ran their command: kiln $kb, packer $pb; builds in the manifest: kiln $kmf, packer $pmf"
echo "failed builds: kiln $kf (exit $ks), packer $pf (exit $ps)"
echo "wall time:          kiln ${kt}s  packer ${pt}s  ratio $(ratio "$kt" "$pt")"
echo "peak RSS (tree):    kiln ${km} KiB  packer ${pm} KiB  ratio $(ratio "$km" "$pm")"
echo "peak RSS (largest): kiln ${kl} KiB  packer ${pl} KiB  ratio $(ratio "$kl" "$pl")"
echo "threads (tree):     kiln ${kth}  packer ${pth}  ratio $(ratio "$kth" "$pth")"
if [[ -n ${KILN_REPORT_DIR:-} ]]; then  # the scale row of scripts/reliability-report.sh
  mkdir -p "$KILN_REPORT_DIR"
  printf '{"builds": %s, "kiln_rss_mib": %s, "packer_rss_mib": %s, "kiln_threads": %s, "packer_threads": %s}\n' \
    "$n" $((km / 1024)) $((pm / 1024)) "$kth" "$pth" >"$KILN_REPORT_DIR/parallel-bench-$mode.json"
fi
