#!/usr/bin/env bash
# Resident memory of a long-lived host embedding libkiln (tests/host/soak.c: small builds on many
# threads through the C API, results read concurrently) after the first tenth of the builds and after
# all of them, in the release build. usage: bench/soak.sh [BUILDS [THREADS]] (default 10000 on 8)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(bash "$here/bench/release_build.sh")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -std=c11 -O2 -I"$here/include" -o "$work/soak" "$here/tests/host/soak.c" -L"$build/capi" -lkiln \
  -Wl,-rpath,"$build/capi" -pthread
"$work/soak" "${1:-10000}" "${2:-8}"
