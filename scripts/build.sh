#!/usr/bin/env bash
# Builds the kiln library and CLI into build/. A new build/ is configured without the test suite and
# as a unity build (a few large translation units): a fresh 2-core machine then compiles kiln in a
# minute or two instead of many. Extra arguments go to `meson setup`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if [[ ! -f build/build.ninja ]]; then
  meson setup build -Dtests=disabled --unity=on -Dunity_size=48 "$@" >/dev/null
fi
version=$(sed -n "s/^  version: '\(.*\)',$/\1/p" meson.build | head -1)
ninja -C build cli/kiln "capi/libkiln.so.$version" >/dev/null
