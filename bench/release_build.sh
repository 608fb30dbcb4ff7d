#!/usr/bin/env bash
# Builds kiln as it ships (optimised, without the sanitizers the test build in build/ has) into
# build/release, reused between runs, and prints that directory: the benchmarks measure this build.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$here/build/release
[[ -f $dir/build.ninja ]] || meson setup "$dir" "$here" -Dbuildtype=release -Dtests=false >&2
meson compile -C "$dir" >&2
echo "$dir"
