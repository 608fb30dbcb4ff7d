#!/usr/bin/env bash
# compress post-processor, tar.gz of 200 MB: kiln vs packer 1.6.6 vs pigz and gzip, measured in one run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}
size=${SIZE_MB:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
python3 "$here/../shared/bench/gen-data.py" "$size" "$work/data.bin" >/dev/null
cat > "$work/t.json" <<T
{"builders": [{"type": "null", "communicator": "none"}],
 "post-processors": [[{"type": "artifice", "files": ["data.bin"]},
                      {"type": "compress", "output": "out.tar.gz", "keep_input_artifact": true}]]}
T
cd "$work"
timed() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); python3 -c "print($end - $start)"; }
k=$(timed "$kiln" build t.json); ks=$(stat -c %s out.tar.gz); gzip -t out.tar.gz; mv out.tar.gz kiln.tar.gz
p=$(timed packer build t.json); ps=$(stat -c %s out.tar.gz)
same=$(cmp -s out.tar.gz kiln.tar.gz && echo yes || echo no); rm -f out.tar.gz kiln.tar.gz
pg=$(timed sh -c "tar -cf - data.bin | pigz -6 > ref.tar.gz"); pgs=$(stat -c %s ref.tar.gz)
g=$(timed sh -c "tar -cf - data.bin | gzip -6 > ref.tar.gz"); gs=$(stat -c %s ref.tar.gz)
python3 - "$same" "$size" "$k" "$ks" "$p" "$ps" "$pg" "$pgs" "$g" "$gs" <<'P'
import sys
same = sys.argv.pop(1)
mb = float(sys.argv[1]); rows = [("kiln", *sys.argv[2:4]), ("packer", *sys.argv[4:6]), ("pigz", *sys.argv[6:8]), ("gzip", *sys.argv[8:10])]
k = float(rows[0][1])
for name, t, size in rows:
    t = float(t)
    print(f"{name:7s} {t:6.2f}s {mb / t:7.1f} MB/s  size {int(size) / 1e6:7.1f} MB  kiln speed-up x{t / k:.2f}")
print(f"kiln vs packer: throughput ratio {float(rows[1][1]) / k:.2f} (target >= 1.5) at size ratio {int(rows[0][2]) / int(rows[1][2]):.3f} (target <= 1); same bytes as packer: {same}")
P
