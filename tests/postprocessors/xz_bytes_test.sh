#!/usr/bin/env bash
# compress: kiln's .xz outputs are byte-identical to Packer 1.6.6's (ulikunitz/xz 0.5.6's default writer:
# CRC64, one block of LZMA2 with an 8 MiB dictionary; compression_level plays no part) for empty, tiny,
# mixed, incompressible, repetitive and alternating inputs, and xz -t accepts them. Packer is required: without it this
# fails. Both tools build the same template from the same data.bin (same mode and owner), so the .tar.xz
# files, tar headers included, must be equal too.
# usage: xz_bytes_test.sh KILN
set -u
kiln=$(realpath "$1")
packer=$(command -v packer) || { echo "FAIL packer 1.6.6 not found: the reference is required"; exit 1; }
command -v xz > /dev/null || { echo "FAIL xz not found: it checks the streams"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

levels=(absent 9)

# One chain per level and output: data.bin as L<level>.xz and L<level>.tar.xz.
template() {
  python3 - "${levels[@]}" <<'P'
import json, sys
chains = []
for level in sys.argv[1:]:
    for ext in ("xz", "tar.xz"):
        pp = {"type": "compress", "output": f"out/L{level}.{ext}", "keep_input_artifact": True}
        if level != "absent":
            pp["compression_level"] = int(level)
        chains.append([{"type": "artifice", "files": ["data.bin"]}, pp])
print(json.dumps({"builders": [{"type": "null", "communicator": "none"}], "post-processors": chains}, indent=1))
P
}

python3 - "$work/inputs" <<'P'
import os, random, sys
d = sys.argv[1]; os.makedirs(d)
r = random.Random(20261128)
def mixed(n):
    out = bytearray()
    i = 0
    while len(out) < n:
        out += r.randbytes(700) + (b"kiln %06d " % i) * 40 + bytes(300)
        i += 1
    return bytes(out[:n])

inputs = {
    "empty": b"",
    "tiny": b"hello kiln\n",             # a stored chunk
    "mixed": mixed(1_300_000),            # compressed chunks cut at the 64 KiB limit
    "random": r.randbytes(700_000),       # stored chunks only
    # stored (dictionary reset), compressed (state reset), stored after compressed and back
    "switching": r.randbytes(150_000) + mixed(400_000) + r.randbytes(200_000) + mixed(100_000),
    "repetitive": b"abc" * 1_000_000,     # 2 MiB chunks of long matches
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
    for ext in xz tar.xz; do
      k="$work/$name/kiln/out/L$level.$ext" p="$work/$name/packer/out/L$level.$ext"
      [[ -f $k && -f $p ]] || { bad "missing output $name L$level.$ext"; continue; }
      cmp -s "$k" "$p" && ok || bad "$name compression_level=$level .$ext differs from Packer's: $(cmp "$k" "$p" 2>&1 | head -1)"
      xz -tq "$k" && ok || bad "xz -t $name L$level.$ext"
    done
    cmp -s <(xz -dcq "$work/$name/kiln/out/L$level.xz") "$input" && ok || bad "round trip $name L$level.xz"
    xz -dcq "$work/$name/kiln/out/L$level.tar.xz" | tar -xOf - data.bin | cmp -s - "$input" && ok || bad "round trip $name L$level.tar.xz"
  done
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
