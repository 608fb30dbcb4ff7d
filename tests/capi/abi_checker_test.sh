#!/usr/bin/env bash
# Runs scripts/check-abi.sh on libkiln (must pass) and proves it catches breaks: on a throwaway
# two-version library it must accept an added function and reject a changed struct and a removed function.
# usage: abi_checker_test.sh LIBKILN
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
check=$here/scripts/check-abi.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
expect() {  # expect 0|1 NAME -- command
  local want=$1 name=$2
  shift 3
  "$@" >"$work/out" 2>&1
  local got=$?
  if { [[ $want == 0 ]] && [[ $got == 0 ]]; } || { [[ $want != 0 ]] && [[ $got != 0 ]]; }; then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL $name (status $got)"; cat "$work/out"; fi
}

expect 0 "libkiln against its baseline" -- "$check" "$1" "$here/include" "$here/capi/abi/libkiln.abi"

# A throwaway library in three versions.
make_version() {  # make_version NAME STRUCT_FIELDS EXTRA_FUNCTIONS
  mkdir -p "$work/$1/include"
  cat > "$work/$1/include/kiln.h" <<H
#ifndef KILN_H
#define KILN_H
typedef struct kiln_event { unsigned int version; $2 } kiln_event;
int kiln_event_kind(const kiln_event *e);
$3
#endif
H
  printf '#include "kiln.h"\nint kiln_event_kind(const kiln_event *e) { return (int)e->version; }\n%s\n' "$4" > "$work/$1/lib.c"
  cc -shared -fPIC -g -I"$work/$1/include" -o "$work/$1/libkiln.so" "$work/$1/lib.c"
}
make_version v1 "int kind; const char *message;" "int kiln_extra(void);" "int kiln_extra(void) { return 1; }"
make_version added "int kind; const char *message;" "int kiln_extra(void); int kiln_more(void);" \
  "int kiln_extra(void) { return 1; } int kiln_more(void) { return 2; }"
make_version changed "double time; int kind; const char *message;" "int kiln_extra(void);" "int kiln_extra(void) { return 1; }"
make_version removed "int kind; const char *message;" "" ""
"$check" "$work/v1/libkiln.so" "$work/v1/include" "$work/v1.abi" --update >/dev/null
expect 0 "an added function is compatible" -- "$check" "$work/added/libkiln.so" "$work/added/include" "$work/v1.abi"
expect 1 "a changed struct is caught" -- "$check" "$work/changed/libkiln.so" "$work/changed/include" "$work/v1.abi"
expect 1 "a removed function is caught" -- "$check" "$work/removed/libkiln.so" "$work/removed/include" "$work/v1.abi"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
