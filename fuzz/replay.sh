#!/usr/bin/env bash
# The default test run's part of the fuzzing: every fuzz target, built without libFuzzer
# (fuzz/replay_main.cpp), runs over the seeds fuzz/seeds.py makes and every input under
# fuzz/regressions/TARGET/. An input that crashes or breaks a target's property fails the test.
# usage: fuzz/replay.sh SOURCE_DIR REPLAY_BINARY_DIR
set -euo pipefail
src=$1 bin=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
KILN_FUZZ_LIST_PLUGINS=1 "$bin/plugin_config_replay" >"$work/plugins.txt"
python3 "$src/fuzz/seeds.py" "$src" "$work/seeds" "$work/plugins.txt"
failed=0 targets=0 replayed=0
for exe in "$bin"/*_replay; do
  target=$(basename "$exe" _replay)
  mkdir -p "$work/seeds/$target"
  inputs=("$work/seeds/$target")
  [[ -d $src/fuzz/regressions/$target ]] && inputs+=("$src/fuzz/regressions/$target")
  targets=$((targets + 1))
  replayed=$((replayed + $(find "${inputs[@]}" -type f | wc -l)))
  if out=$("$exe" "${inputs[@]}" 2>&1); then
    echo "$target: $out"
  else
    echo "FAIL $target: $out" | tail -20
    failed=$((failed + 1))
  fi
done
# Counts for scripts/reliability-report.sh.
if [[ -n ${KILN_REPORT_DIR:-} ]]; then
  mkdir -p "$KILN_REPORT_DIR"
  echo "{\"targets\": $targets, \"inputs\": $replayed, \"failed_targets\": $failed}" >"$KILN_REPORT_DIR/fuzz-replay.json"
fi
((failed == 0))
