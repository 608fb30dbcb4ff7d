#!/usr/bin/env bash
# compress: kiln's .bin.bgzf and .tar.bgzf outputs are byte-identical to Packer 1.6.6's (biogo/hts
# bgzf over Go's compress/gzip, blocks following io.Copy's and archive/tar's writes) for empty, tiny,
# mixed, random and repetitive inputs at the default and levels 1, 4, 6 and 9; gzip -t must accept
# them. Packer is required: without it this fails.
# usage: bgzf_bytes_test.sh KILN
set -u
kiln=$(realpath "$1")
packer=$(command -v packer) || { echo "FAIL packer 1.6.6 not found: the reference is required"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

levels=(absent 1 4 6 9)

# One chain per level and output, so one build per tool covers every level: data.bin as
# L<level>.bin.bgzf and L<level>.tar.bgzf.
template() {
  python3 - "${levels[@]}" <<'P'
import json, sys
levels = sys.argv[1:]
chains = []
for level in levels:
    for src, ext in [("data.bin", "bin.bgzf"), ("data.bin", "tar.bgzf")]:
        pp = {"type": "compress", "output": f"out/L{level}.{ext}", "keep_input_artifact": True}
        if level != "absent":
            pp["compression_level"] = int(level)
        chains.append([{"type": "artifice", "files": [src]}, pp])
print(json.dumps({"builders": [{"type": "null", "communicator": "none"}], "post-processors": chains}, indent=1))
P
}

# Inputs: level 1's stored (≤16 bytes) and Huffman-only (<128) paths, 32 KiB and 65280-byte
# block edges, incompressible and repetitive data.
python3 - "$work/inputs" <<'P'
import os, random, sys
d = sys.argv[1]; os.makedirs(d)
r = random.Random(20261127)
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
    "mixed": mixed(1_300_000),
    "copies": mixed(3 * 32768),          # whole io.Copy chunks only
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
    k="$dir/kiln/out/L$level" p="$dir/packer/out/L$level"
    [[ -f $k.bin.bgzf && -f $p.bin.bgzf && -f $k.tar.bgzf && -f $p.tar.bgzf ]] ||
      { bad "missing output $name L$level"; continue; }
    cmp -s "$k.bin.bgzf" "$p.bin.bgzf" && ok || bad "$name compression_level=$level .bin.bgzf differs from Packer's: $(cmp "$k.bin.bgzf" "$p.bin.bgzf" 2>&1 | head -1)"
    cmp -s "$k.tar.bgzf" "$p.tar.bgzf" && ok || bad "$name compression_level=$level .tar.bgzf differs from Packer's: $(cmp "$k.tar.bgzf" "$p.tar.bgzf" 2>&1 | head -1)"
    for f in "$k.bin.bgzf" "$k.tar.bgzf"; do gzip -t "$f" && ok || bad "gzip -t $f"; done
    cmp -s <(gzip -dc "$k.bin.bgzf") "$input" && ok || bad "round trip $name L$level.bin.bgzf"
    cmp -s <(tar -xOzf "$k.tar.bgzf" data.bin) "$input" && ok || bad "round trip $name L$level.tar.bgzf"
  done
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
