#!/usr/bin/env bash
# Fault in the compress post-processor (issue 15): the filesystem of its output fills up. A 4 MiB
# tmpfs takes the archive of 16 MiB that does not compress; every format must fail naming the file and
# "No space left on device", remove the partial archive, and leave no process or temporary file
# (tests/fixtures/faults.sh). Needs root (mount).
# usage: disk_full_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
small=$work/small
trap 'umount "$small" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
source "$here/../fixtures/faults.sh"
mkdir -p "$small"
mount -t tmpfs -o size=4m kiln-disk-full "$small" || { echo "FAIL cannot mount a tmpfs (the test needs root)"; exit 1; }
head -c $((16 << 20)) /dev/urandom >"$work/data.bin"
archive_left() { find "$small" -mindepth 1 -printf 'partial output: %p\n'; }

for output in out.tar.gz out.gz out.zip out.tar.zst out.lz4 out.tar; do
  cat >"$work/t.json" <<T
{"builders": [{"type": "file", "source": "data.bin", "target": "artifact/data.bin"}],
 "post-processors": [{"type": "compress", "output": "$small/$output"}]}
T
  fault_start "$work/build.log" build -color=false t.json
  fault_wait 120
  fault_check "disk full writing $output" "compress: cannot write $small/$output: No space left on device" \
    "$work/build.log" archive_left
  rm -rf "${small:?}"/* "$work/artifact"
done

fault_report disk_full
echo "$passed passed, $failed failed ($faults_injected faults injected, $faults_survived survived, $faults_leaked leaked)"
[[ $failed -eq 0 ]]
