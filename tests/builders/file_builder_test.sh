#!/usr/bin/env bash
# The file builder's target, as Packer 1.6.6 leaves it: `content` creates it with mode 0600 and
# `source` with 0666 (both less the umask), an existing target is truncated and keeps its mode.
# Each case runs with kiln and with Packer; modes and bytes must agree, and match those rules.
# usage: file_builder_test.sh KILN [PACKER]
source "$(dirname "$0")/../fixtures/packer_reference.sh"
umask 022

# run_case NAME EXPECTED_MODE BUILDER_JSON [EXISTING_TARGET_MODE]
run_case() {
  local name=$1 want=$2 builder=$3 existing=${4:-} tool dir mode
  for tool in kiln packer; do
    dir="$work/$name-$tool"
    mkdir -p "$dir/out" && printf 'copied\n' > "$dir/src.bin" && chmod 0755 "$dir/src.bin"
    if [[ -n $existing ]]; then printf 'old longer content\n' > "$dir/out/t.bin"; chmod "$existing" "$dir/out/t.bin"; fi
    echo "{\"builders\": [$builder]}" > "$dir/t.json"
    (cd "$dir" && "${!tool}" build -color=false t.json > build.log 2>&1) || { bad "$tool build $name"; cat "$dir/build.log"; continue; }
    mode=$(stat -c %a "$dir/out/t.bin")
    [[ $mode == "$want" ]] && ok || bad "$tool $name: mode $mode, expected $want"
  done
  cmp -s "$work/$name-kiln/out/t.bin" "$work/$name-packer/out/t.bin" && ok || bad "$name: contents differ"
}

run_case content-new 600 '{"type": "file", "content": "hello kiln\n", "target": "out/t.bin"}'
run_case source-new 644 '{"type": "file", "source": "src.bin", "target": "out/t.bin"}'
run_case content-existing 705 '{"type": "file", "content": "hi\n", "target": "out/t.bin"}' 0705
run_case source-existing 640 '{"type": "file", "source": "src.bin", "target": "out/t.bin"}' 0640

report
