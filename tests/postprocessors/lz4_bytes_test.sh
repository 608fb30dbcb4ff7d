#!/usr/bin/env bash
# compress: kiln's .lz4 outputs are byte-identical to Packer 1.6.6's (pierrec/lz4 2.5.2 frames: 4 MiB blocks,
# fast or HC by compression_level) for edge-size, multi-block, incompressible and repetitive inputs, and lz4 -t
# accepts them. Packer is required: without it this fails.
# Both tools build the same template from the same data.bin (same mode and owner), so the .tar.lz4 files,
# tar headers included, must be equal too.
# usage: lz4_bytes_test.sh KILN
set -u
kiln=$(realpath "$1")
packer=$(command -v packer) || { echo "FAIL packer 1.6.6 not found: the reference is required"; exit 1; }
command -v lz4 > /dev/null || { echo "FAIL lz4 not found: it checks the frames"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

levels=(absent -1 0 1 3 9 12)

# One chain per level and output, so one build per tool covers every level: data.bin as L<level>.lz4 and
# L<level>.tar.lz4.
template() {
  python3 - "${levels[@]}" <<'P'
import json, sys
chains = []
for level in sys.argv[1:]:
    for ext in ("lz4", "tar.lz4"):
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
r = random.Random(20261127)
B = 4 << 20  # pierrec's block size
def mixed(n):
    out = bytearray()
    i = 0
    while len(out) < n:
        out += r.randbytes(700) + (b"kiln %06d " % i) * 40 + bytes(300)
        i += 1
    return bytes(out[:n])

# The fast compressor's probe positions through data without matches (pierrec's skip rule).
def probes(start, stop):
    si, out = start, []
    while si < stop:
        out.append(si)
        si += 2
        si += 2 + ((si - start) >> 7)
    return out

# Random blocks where a late match makes the fast compressor's output outgrow Go's 4 MiB buffer: Go gives the
# block up (stored) with its hash table as it was then, and the next block probes those stale entries.
def stale_table():
    def reset(block, lo, hi):  # a short match near lo..hi: the probe steps start small again after it
        ps = probes(0, B - 14)
        k = next(i for i, p in enumerate(ps) if p > r.randrange(lo, hi))
        block[ps[k]:ps[k] + 8] = block[ps[k - 1]:ps[k - 1] + 8]
        return probes(ps[k] + 8, B - 14)
    while True:
        b1 = bytearray(r.randbytes(B))
        q = reset(b1, 1_800_000, 2_600_000)[-1]
        if B - 16000 < q < B - 40:
            break
    b1[q - 5:q + 20] = b"\x77" * 25
    step = r.randrange(100, 800)
    for p in range(q + 40, B - 60, step):
        b1[p:p + 30] = b"\x77" * 30
    while True:
        b2 = bytearray(r.randbytes(B))
        run = r.randrange(B - 30000, q)
        if any(q + 2 < s < B - 40 for s in reset(b2, 1_500_000, 2_600_000) if s >= run):
            break
    b2[run:] = b"\x77" * (B - run)
    return bytes(b1 + b2) + r.randbytes(1000)

inputs = {
    "empty": b"",
    "tiny": b"hello kiln\n",
    "edge14": b"abcdefghijklmn",          # too short for any match
    "mixed": mixed(1_300_000),            # one short block
    "blocks": mixed(5 * 1024 * 1024),     # a full 4 MiB block and a short one
    "block": mixed(B),                    # exactly one block
    "random": r.randbytes(5_000_000),     # stored blocks
    "repetitive": b"abc" * 1_800_000,     # matches longer than the 64 KiB window
    "stale": stale_table(),
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
    for ext in lz4 tar.lz4; do
      k="$work/$name/kiln/out/L$level.$ext" p="$work/$name/packer/out/L$level.$ext"
      [[ -f $k && -f $p ]] || { bad "missing output $name L$level.$ext"; continue; }
      cmp -s "$k" "$p" && ok || bad "$name compression_level=$level .$ext differs from Packer's: $(cmp "$k" "$p" 2>&1 | head -1)"
      lz4 -tq "$k" && ok || bad "lz4 -t $name L$level.$ext"
    done
    cmp -s <(lz4 -dcq "$work/$name/kiln/out/L$level.lz4") "$input" && ok || bad "round trip $name L$level.lz4"
    lz4 -dcq "$work/$name/kiln/out/L$level.tar.lz4" | tar -xOf - data.bin | cmp -s - "$input" && ok || bad "round trip $name L$level.tar.lz4"
  done
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
