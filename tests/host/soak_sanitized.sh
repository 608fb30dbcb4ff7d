#!/usr/bin/env bash
# The soak host (soak.c) against libkiln built with AddressSanitizer+UndefinedBehaviorSanitizer and with
# ThreadSanitizer, each in its own build directory (reused between runs). Any report fails the run.
# RSS is not checked here: both sanitizers keep freed memory on purpose (soak checks it in the plain build).
# usage: soak_sanitized.sh SOURCE_DIR [BUILDS [THREADS]]
set -euo pipefail
src=$(realpath "$1")
builds=${2:-10000}
threads=${3:-8}

# build_and_run DIR SANITIZERS: builds libkiln and the soak host with SANITIZERS, then runs it.
build_and_run() {
  local dir=$1 sanitizers=$2
  if [[ ! -f $dir/build.ninja ]]; then
    meson setup "$dir" "$src" -Db_sanitize="$sanitizers" -Db_lundef=false -Dtests=disabled -Dbuildtype=debug >/dev/null
  fi
  ninja -C "$dir" build.ninja >/dev/null  # regenerates a directory configured for an older version first
  meson compile -C "$dir" capi/kiln:shared_library >/dev/null
  cc -std=c11 -Wall -Wextra -Werror -fsanitize="$sanitizers" -fno-omit-frame-pointer -g -I"$src/include" \
    -o "$dir/soak" "$src/tests/host/soak.c" -L"$dir/capi" -lkiln -Wl,-rpath,"$dir/capi" -pthread
  echo "== $sanitizers"
  KILN_SOAK_RSS_SLACK_KIB=0 "$dir/soak" "$builds" "$threads"
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
build_and_run "$src/build-sanitize" address,undefined
build_and_run "$src/build-tsan" thread
