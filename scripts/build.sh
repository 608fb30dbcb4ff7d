#!/usr/bin/env bash
# Builds the kiln library and CLI into build/. A new build/ is configured without the test suite, as a
# unity build (a few large translation units), unoptimized and without debug information, linked by
# mold: the quickest build a fresh 2-core machine can make (under half the CPU time of the project's
# default -O2 -g). For an optimized kiln, configure another directory with -Dbuildtype=release (as
# bench/release_build.sh does). Extra arguments go to `meson setup`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if [[ ! -f build/build.ninja ]]; then
  CC_LD=mold CXX_LD=mold meson setup build -Dtests=disabled --unity=on -Dunity_size=48 \
    -Doptimization=0 -Ddebug=false "$@" >/dev/null
fi
version=$(sed -n "s/^  version: '\(.*\)',$/\1/p" meson.build | head -1)
ninja -C build cli/kiln "capi/libkiln.so.$version" >/dev/null
