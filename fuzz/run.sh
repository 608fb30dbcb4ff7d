#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build/fuzz-clang/ and fuzzes each one: first
# every input under fuzz/regressions/TARGET/ is replayed, then the target runs from seeds made of
# the conformance cases and examples plus the corpus it grew before (build/fuzz-clang/corpus/TARGET).
# Prints executions and crashes per target; exits 1 when any target crashed. A crash's input is
# added to fuzz/regressions/TARGET/, to be committed with its fix.
# usage: fuzz/run.sh [--long | --runs N | --seconds N] [--jobs N] [TARGET…]
#   default: a few seconds per target; --long: 10 million executions per target.
#   --jobs N: N processes fuzz each target's shared corpus (libFuzzer's -jobs), each for its share of
#   the executions (or for the whole time); the executions printed are their sum.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build/fuzz-clang
all=(template hcl2_template hcl_parser interpolate var_file plugin_config ec2_xml sigv4 docker_json remote_path fix)
runs= seconds=3 jobs=1
while (($#)); do
  case $1 in
    --long) runs=10000000; shift ;;
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    *) break ;;
  esac
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "--jobs takes a positive number, not '$jobs'" >&2; exit 2; }
if [[ -n $runs ]]; then limit=(-runs=$(((runs + jobs - 1) / jobs))); else limit=(-max_total_time="$seconds"); fi
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")
for t in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $t "* ]] || { echo "unknown fuzz target $t (targets: ${all[*]})" >&2; exit 2; }
done

if [[ ! -f $build/build.ninja ]]; then
  CC=clang CXX=clang++ meson setup "$build" "$src" -Dfuzz=true -Dtests=disabled -Db_sanitize=address,undefined \
    -Db_lundef=false -Dbuildtype=plain "-Dcpp_args=-O1 -gline-tables-only -fsanitize=fuzzer-no-link" \
    "-Dc_args=-O1 -gline-tables-only -fsanitize=fuzzer-no-link" >&2
fi
# plugin_config also lists the plugins for the seeds.
ninja -C "$build" $(printf "fuzz/%s_fuzzer " "${targets[@]}" plugin_config) >&2

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$src/fuzz/ubsan.supp
exe() { echo "$build/fuzz/$1_fuzzer"; }
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
KILN_FUZZ_LIST_PLUGINS=1 "$(exe plugin_config)" >"$build/plugins.txt"
python3 "$src/fuzz/seeds.py" "$src" "$seeds" "$build/plugins.txt"

failed=0
printf '%-15s %12s %8s\n' target executions crashes
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t crashes=$build/crashes/$t regressions=$src/fuzz/regressions/$t log=$build/logs/$t.log
  mkdir -p "$corpus" "$seeds/$t" "$build/logs"
  rm -rf "$crashes"
  mkdir -p "$crashes"
  found=0
  if compgen -G "$regressions/*" >/dev/null; then
    "$(exe "$t")" -timeout=20 "$regressions"/* >"$build/logs/$t.replay.log" 2>&1 || {
      echo "$t: a regression input fails again, see $build/logs/$t.replay.log" >&2
      found=1
    }
  fi
  execs=0
  if ((!found)); then
    status=0
    fuzz=("$(exe "$t")" "${limit[@]}" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$crashes/"
      "$corpus" "$seeds/$t")
    if ((jobs == 1)); then
      "${fuzz[@]}" >"$log" 2>&1 || status=$?
      logs=("$log")
    else  # each job logs to fuzz-N.log in the working directory (and $log repeats them)
      rm -rf "$build/logs/$t.jobs" && mkdir -p "$build/logs/$t.jobs"
      (cd "$build/logs/$t.jobs" && "${fuzz[@]}" -jobs="$jobs" -workers="$jobs") >"$log" 2>&1 || status=$?
      logs=("$build/logs/$t.jobs"/fuzz-*.log)
    fi
    execs=$(cat "${logs[@]}" | sed -n 's/^stat::number_of_executed_units: *//p' | awk '{ n += $1 } END { print n + 0 }')
    if ((status)) && ! compgen -G "$crashes/*" >/dev/null; then
      echo "$t: the fuzzer failed (status $status) without a crash input, see $log" >&2
      found=1
    fi
    for input in "$crashes"/*; do
      [[ -f $input ]] || continue
      if [[ $(basename "$input") == slow-unit-* ]]; then
        # Over 10 s once: a wall-time report (a loaded machine makes them), not a failure; kept
        # outside the crash directory, which the next run empties, to be replayed on a quiet machine.
        mkdir -p "$build/slow/$t" && cp "$input" "$build/slow/$t/"
        echo "$t: a slow input, kept as $build/slow/$t/$(basename "$input"): replay it to see whether it is slow" >&2
        continue
      fi
      found=$((found + 1))
      mkdir -p "$regressions"
      cp "$input" "$regressions/"
      echo "$t: $(basename "$input") (log: $log), kept as $regressions/$(basename "$input")" >&2
    done
  fi
  printf '%-15s %12s %8s\n' "$t" "${execs:-0}" "$found"
  if [[ -n ${KILN_REPORT_DIR:-} ]]; then  # counts for scripts/reliability-report.sh
    mkdir -p "$KILN_REPORT_DIR"
    echo "{\"executions\": ${execs:-0}, \"crashes\": $found}" >"$KILN_REPORT_DIR/fuzz-$t.json"
  fi
  ((found == 0)) || failed=1
done
exit $failed
