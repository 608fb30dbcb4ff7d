#!/usr/bin/env bash
# The C API under AddressSanitizer and UndefinedBehaviorSanitizer: builds libkiln with both into
# its own build directory (reused between runs), then runs the C API test against it.
# usage: sanitize_test.sh SOURCE_DIR
set -euo pipefail
src=$(realpath "$1")
build=$src/build-sanitize
if [[ ! -f $build/build.ninja ]]; then
  meson setup "$build" "$src" -Db_sanitize=address,undefined -Db_lundef=false -Dtests=disabled -Dbuildtype=debug >/dev/null
fi
version=$(sed -n "s/^  version: '\(.*\)',$/\1/p" "$src/meson.build" | head -1)
ninja -C "$build" "capi/libkiln.so.$version" >/dev/null
cc -std=c99 -pedantic -Werror -fsanitize=address,undefined -fno-omit-frame-pointer -I"$src/include" \
  -o "$build/capi_test" "$src/tests/capi/capi_test.c" -L"$build/capi" -lkiln -Wl,-rpath,"$build/capi" -pthread
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/capi_test" "$work"
