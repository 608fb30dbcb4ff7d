#!/usr/bin/env bash
# Installs dependencies, builds with warnings as errors and with AddressSanitizer+UndefinedBehaviorSanitizer,
# and runs the whole test suite against that one build (tests/meson.build turns every report into a failure).
# Ends with "N passed, N failed" counted over this run's meson tests; fails when none ran or any skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/install-deps.sh
# b_lundef=false: libkiln.so leaves the sanitizer runtimes to the executable (or LD_PRELOAD) that loads it.
# -O0 (buildtype=debug): with UBSan, gcc takes about 8 times longer to compile at -O2 (3.5 times at -O1),
# and its -O2 flow analysis then reports false maybe-uninitialized warnings inside libstdc++.
# -g1: line tables only, enough for sanitizer reports; compiles ~10 % faster than -g, and the ~80 test
# programs come out smaller.
options=(-Dwerror=true -Dtests=enabled -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
         -Dcpp_args=-g1 -Dc_args=-g1)
# A new build/ is a unity build (see scripts/build.sh): on a fresh machine that saves most of the compile.
# mold links the ~80 sanitized test programs (each ~100 MB) in about a third of GNU ld's CPU time.
export CC_LD=mold CXX_LD=mold
if [[ -f build/build.ninja ]]; then
  meson configure build "${options[@]}" >/dev/null
else
  meson setup build "${options[@]}" --unity=on -Dunity_size=48 >/dev/null
fi
ninja -C build
# A log left by an earlier run must never be summarised as this run's.
rm -f build/meson-logs/testlog.json
# Tests leave their counts for the reliability table here (scripts/reliability-report.sh); a
# whole-measurement run passes its own directory.
export KILN_REPORT_DIR=${KILN_REPORT_DIR:-$here/build/reliability}
[[ $KILN_REPORT_DIR == "$here/build/reliability" ]] && rm -rf "$KILN_REPORT_DIR"
set +e
# One test process more than cores: many tests wait on servers, guests and child processes part of the time.
# On two cores the same tests took 785 s with three processes (CPU 94 % busy) instead of 859 s with two.
meson test -C build --print-errorlogs --num-processes $(($(nproc) + 1)) "$@"
status=$?
python3 scripts/test_summary.py build/meson-logs/testlog.json || status=1
# The table only makes sense for a whole run (a selection of tests leaves rows out).
if (($# == 0)); then bash scripts/reliability-report.sh --from "$KILN_REPORT_DIR" || status=1; fi
exit $status
