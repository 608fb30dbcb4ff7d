#!/usr/bin/env bash
# compress: kiln's .gz and .tar.gz gzip streams are byte-identical to Packer 1.6.6's (pgzip over klauspost
# deflate) for edge-size and mixed inputs at every compression_level. Packer is required: without it this fails.
# Both tools build the same template from the same data.bin (same mode and owner), so the .tar.gz files,
# tar headers included, must be equal too.
# usage: gzip_bytes_test.sh KILN
set -u
kiln=$(realpath "$1")
packer=$(command -v packer) || { echo "FAIL packer 1.6.6 not found: the reference is required"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

levels=(absent -1 0 1 2 3 4 5 6 7 8 9 12)

# One chain per level and output, so one build per tool covers every level: data.bin as L<level>.gz and
# L<level>.tar.gz.
template() {
  python3 - "${levels[@]}" <<'P'
import json, sys
chains = []
for level in sys.argv[1:]:
    for ext in ("gz", "tar.gz"):
        pp = {"type": "compress", "output": f"out/L{level}.{ext}", "keep_input_artifact": True}
        if level != "absent":
            pp["compression_level"] = int(level)
        chains.append([{"type": "artifice", "files": ["data.bin"]}, pp])
print(json.dumps({"builders": [{"type": "null", "communicator": "none"}], "post-processors": chains}, indent=1))
P
}

# Inputs: the ≤32 and ≤128-byte paths, pgzip block boundaries, incompressible and repetitive data.
python3 - "$work/inputs" <<'P'
import os, random, sys
d = sys.argv[1]; os.makedirs(d)
r = random.Random(20261126)
def mixed(n):
    out = bytearray()
    i = 0
    while len(out) < n:
        out += r.randbytes(700) + (b"kiln %06d " % i) * 40 + bytes(300)
        i += 1
    return bytes(out[:n])
inputs = {
    "empty": b"",
    "hello": b"hello kiln\n",
    "bytes100": bytes(r.choice(b"abcdefgh ") for _ in range(100)),
    "mixed": mixed(1_300_000),           # several 500000-byte pgzip blocks, 64 KiB windows of every kind
    "block": mixed(500_000),             # exactly one pgzip block: the final block is empty
    "random": r.randbytes(600_000),      # stored blocks
    "repetitive": b"abc" * 400_000,      # long matches
}
for name, data in inputs.items():
    open(os.path.join(d, name), "wb").write(data)
P

for input in "$work"/inputs/*; do
  name=$(basename "$input")
  dir="$work/$name"
  mkdir -p "$dir/kiln" "$dir/packer" && cp "$input" "$dir/kiln/data.bin" && cp "$input" "$dir/packer/data.bin"
  template > "$dir/kiln/t.json" && cp "$dir/kiln/t.json" "$dir/packer/t.json"
  (cd "$dir/kiln" && "$kiln" build -color=false t.json > build.log 2>&1) || { bad "kiln build $name"; tail -5 "$dir/kiln/build.log"; }
  (cd "$dir/packer" && "$packer" build -color=false t.json > build.log 2>&1) || { bad "packer build $name"; tail -5 "$dir/packer/build.log"; }
  for level in "${levels[@]}"; do
    for ext in gz tar.gz; do
      k="$work/$name/kiln/out/L$level.$ext" p="$work/$name/packer/out/L$level.$ext"
      [[ -f $k && -f $p ]] || { bad "missing output $name L$level.$ext"; continue; }
      cmp -s "$k" "$p" && ok || bad "$name compression_level=$level .$ext differs from Packer's: $(cmp "$k" "$p" 2>&1 | head -1)"
      gzip -t "$k" && ok || bad "gzip -t $name L$level.$ext"
    done
    cmp -s <(gzip -dc "$work/$name/kiln/out/L$level.gz") "$input" && ok || bad "round trip $name L$level.gz"
    tar -xOzf "$work/$name/kiln/out/L$level.tar.gz" data.bin | cmp -s - "$input" && ok || bad "round trip $name L$level.tar.gz"
  done
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
