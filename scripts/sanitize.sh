#!/usr/bin/env bash
# Runs meson tests against kiln built with sanitizers, in a build directory of its own under build/
# (reused between runs). Not part of scripts/test.sh, whose build already has ASan and UBSan.
#   sanitize.sh asan [TEST…]  AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer (build/asan);
#                             every test by default
#   sanitize.sh tsan [TEST…]  ThreadSanitizer (build/tsan); by default the tests where threads meet:
#                             parallel builds, cancellation, events, results read concurrently
# Ends with "N tests, N findings"; fails on any finding or failed test. With KILN_REPORT_DIR set, also
# writes $KILN_REPORT_DIR/sanitizers-<kind>.json: {"tests": N, "findings": N}.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-}
shift || true
case $kind in
asan) sanitizers=address,undefined ;;
tsan) sanitizers=thread ;;
*) echo "usage: sanitize.sh asan|tsan [TEST…]" >&2; exit 2 ;;
esac
# codec/bgzf_writer stands for codec/pgzip_writer too (the same block workers), whose every-level round
# trips take many minutes under TSan.
threaded_tests=(host/soak capi/c capi/lifetime capi/callbacks capi/prompt capi/library capi/result_events
  runner/runner util/events util/process codec/bgzf_writer aws/ec2_client cli/parallel)
tests=("$@")
[[ $kind == tsan && ${#tests[@]} == 0 ]] && tests=("${threaded_tests[@]}")

build=$here/build/$kind
[[ -f $build/build.ninja ]] ||
  meson setup "$build" "$here" -Dbuildtype=debug -Db_sanitize="$sanitizers" -Db_lundef=false >/dev/null
if ((${#tests[@]})); then
  # Only what the chosen tests run: a whole instrumented build takes long.
  outputs=$(meson introspect "$build" --tests --targets | python3 "$here/scripts/test_outputs.py" "$build" "${tests[@]}")
  mapfile -t outputs <<<"$outputs"
  ninja -C "$build" "${outputs[@]}"
else
  ninja -C "$build"
fi

rm -f "$build/meson-logs/testlog.json" "$build/meson-logs/testlog.txt"
set +e
meson test -C "$build" --no-rebuild --print-errorlogs "${tests[@]}"
status=$?
set -e
[[ -f $build/meson-logs/testlog.json ]] || { echo "no test ran" >&2; exit 1; }
count=$(wc -l <"$build/meson-logs/testlog.json")
findings=$(grep -c -E '^(==[0-9]+==ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer|.*: runtime error: )' \
  "$build/meson-logs/testlog.txt" || true)
echo "$count tests, $findings findings"
if [[ -n ${KILN_REPORT_DIR:-} ]]; then
  mkdir -p "$KILN_REPORT_DIR"
  printf '{"tests": %d, "findings": %d}\n' "$count" "$findings" >"$KILN_REPORT_DIR/sanitizers-$kind.json"
fi
((status == 0 && findings == 0))
