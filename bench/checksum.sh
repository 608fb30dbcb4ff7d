#!/usr/bin/env bash
# checksum post-processor (sha256) vs sha256sum on the same 200 MB file, in one run; ratio of throughput.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}
size=${SIZE_MB:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/../shared/bench/gen-data.py" "$size" "$work/data.bin" >/dev/null
cat > "$work/t.json" <<T
{"builders": [{"type": "file", "source": "data.bin", "target": "out.bin"}],
 "post-processors": [{"type": "checksum", "checksum_types": ["sha256"], "output": "out.sha256"}]}
T
cd "$work"
"$kiln" build t.json >/dev/null  # warm the page cache with the same copy kiln will read
rm -f out.sha256
start=$(date +%s.%N); "$kiln" build t.json >/dev/null; end=$(date +%s.%N)
kiln_s=$(python3 -c "print($end - $start)")
start=$(date +%s.%N); sha256sum out.bin >/dev/null; end=$(date +%s.%N)
ref_s=$(python3 -c "print($end - $start)")
[[ $(cut -f1 out.sha256) == $(sha256sum out.bin | cut -d' ' -f1) ]] || { echo "digest mismatch"; exit 1; }
python3 - "$size" "$kiln_s" "$ref_s" <<'P'
import sys
mb, k, r = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"sha256 of {mb:.0f} MB: kiln build (copy + checksum) {k:.2f}s, sha256sum {r:.2f}s; "
      f"throughput ratio kiln/sha256sum {r / k:.2f} (target >= 0.95; kiln's time includes the file builder's copy)")
P
