#!/usr/bin/env bash
# ABI discipline for libkiln's C API:
#   1. the header compiles as C99 (-pedantic) and as C++;
#   2. the library exports only kiln_* symbols;
#   3. abidiff against the checked-in baseline finds no incompatible change.
# usage: check-abi.sh LIBRARY HEADERS_DIR BASELINE_ABI       check
#        check-abi.sh LIBRARY HEADERS_DIR BASELINE_ABI --update   rewrite the baseline (after a deliberate change)
set -euo pipefail
lib=$(realpath "$1") headers=$(realpath "$2") baseline=$3
here=$(cd "$(dirname "$0")/.." && pwd)
suppressions=$here/capi/abi/suppressions.ini
dump() { abidw --headers-dir "$headers" --drop-private-types --exported-interfaces-only --no-show-locs \
  --no-comp-dir-path --no-corpus-path --suppressions "$suppressions" --out-file "$1" "$lib"; }

if [[ ${4:-} == --update ]]; then
  dump "$baseline"
  echo "baseline written: $baseline"
  exit 0
fi

header=$(realpath "$(ls "$headers"/*.h | head -1)")
printf '#include "%s"\nint main(void) { return 0; }\n' "$header" > /tmp/kiln-abi-$$.c
trap 'rm -f /tmp/kiln-abi-$$.c' EXIT
cc -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only /tmp/kiln-abi-$$.c
c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -x c++ /tmp/kiln-abi-$$.c
echo "ok: $(basename "$header") compiles as C99 and C++"

foreign=$(nm -D --defined-only "$lib" | awk '$2 != "A" && $3 !~ /^kiln_/ {print $3}')
if [[ -n $foreign ]]; then
  echo "FAIL: exported symbols outside kiln_*:"; echo "$foreign"; exit 1
fi
echo "ok: only kiln_* symbols exported ($(nm -D --defined-only "$lib" | awk '$3 ~ /^kiln_/' | wc -l))"

set +e
report=$(abidiff --no-added-syms --suppressions "$suppressions" "$baseline" "$lib" 2>&1)
status=$?
set -e
# abidiff's status is a bit field: 1 error, 2 usage, 4 ABI change, 8 incompatible ABI change.
# Added functions are compatible and not reported (--no-added-syms), so any remaining change breaks callers.
if (( status & 3 )); then echo "FAIL: abidiff could not compare (status $status):"; echo "$report"; exit 1; fi
if (( status & 12 )); then echo "FAIL: incompatible ABI change against $(basename "$baseline"):"; echo "$report"; exit 1; fi
echo "ok: no incompatible ABI change against $(basename "$baseline")"
