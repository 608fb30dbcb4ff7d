#!/usr/bin/env bash
# Runs every example against the built library, and builds the C example the way a user would:
# `meson install` into a temporary root, then `cc $(pkg-config --cflags --libs kiln)`.
# usage: examples_test.sh BUILD_DIR
set -u
build=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
expect_artifact() {  # NAME PATTERN -- command
  local name=$1 pattern=$2
  shift 3
  local out
  out=$("$@" 2>&1)
  if [[ $? -eq 0 ]] && grep -qE "$pattern" <<<"$out"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name:"; echo "$out"; fi
}
tpl=$root/examples/templates/hello.json
export KILN_LIBRARY=$build/capi/libkiln.so PYTHONPATH=$root/bindings/python
py=$root/.venv/bin/python
# With a sanitized libkiln (scripts/test.sh), programs not built with the sanitizers preload their runtime
# (KILN_TEST_PRELOAD, from tests/meson.build); python runs without LeakSanitizer, as in tests/python.
unsanitized() { env LD_PRELOAD="${KILN_TEST_PRELOAD:-}" "$@"; }
python_host() { unsanitized env ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" "$py" "$@"; }
expect_artifact "C example" "^artifact note: File$" -- "$build/examples/build_template_c" "$tpl" "out=$work/c" greeting=hi
[[ $(cat "$work/c/note.txt" 2>/dev/null) == "hi from kiln" ]] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL C example output file"; }
expect_artifact "C++ example" "^artifact note: File$" -- "$build/examples/build_template_cpp" "$tpl" "out=$work/cpp"
expect_artifact "Python example" "^artifact: File$" -- python_host "$root/examples/python/build_template.py" "$tpl" "out=$work/py"
expect_artifact "C plugin example" "^artifact: Null \(provisioner ran 1 time\)$" -- "$build/examples/plugin_c"
expect_artifact "Python plugin example" "^artifact: Null$" -- python_host "$root/examples/python/plugin.py" "$work/stamp.txt"
[[ $(cat "$work/stamp.txt" 2>/dev/null) == "stamped by demo" ]] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL python plugin stamp"; }

# Installed library + pkg-config, as a user builds against it.
if DESTDIR=$work/root meson install -C "$build" --no-rebuild --only-changed >"$work/install.log" 2>&1; then
  pcdir=$(dirname "$(find "$work/root" -name kiln.pc | head -1)")
  libdir=$(dirname "$(find "$work/root" -name 'libkiln.so' | head -1)")
  if cc -o "$work/from_pkgconfig" "$root/examples/c/build_template.c" \
      $(PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$work/root pkg-config --cflags --libs kiln) 2>"$work/cc.log"; then
    expect_artifact "pkg-config build" "^artifact note: File$" -- unsanitized env LD_LIBRARY_PATH="$libdir" KILN_LIBRARY= \
      "$work/from_pkgconfig" "$tpl" "out=$work/pc"
  else
    failed=$((failed + 1)); echo "FAIL cc with pkg-config:"; cat "$work/cc.log"
  fi
else
  failed=$((failed + 1)); echo "FAIL meson install:"; tail -5 "$work/install.log"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
