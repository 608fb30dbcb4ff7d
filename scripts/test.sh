#!/usr/bin/env bash
# Installs dependencies, builds with warnings as errors, and runs the whole test suite.
# Ends with "N passed, N failed" counted over every meson test.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/install-deps.sh
if [[ -f build/build.ninja ]]; then
  meson configure build -Dwerror=true >/dev/null
else
  meson setup build -Dwerror=true >/dev/null
fi
ninja -C build
set +e
meson test -C build --print-errorlogs "$@"
status=$?
set -e
python3 scripts/test_summary.py build/meson-logs/testlog.json
exit $status
