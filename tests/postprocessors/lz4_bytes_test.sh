#!/usr/bin/env bash
# compress: kiln's .lz4 and .tar.lz4 outputs are byte-identical to Packer 1.6.6's (pierrec/lz4 2.5.2
# frames: 4 MiB blocks, fast or HC by compression_level) for edge-size, multi-block, incompressible
# and repetitive inputs, tar headers included; lz4 -t accepts them.
# usage: lz4_bytes_test.sh KILN [PACKER]
source "$(dirname "$0")/codec_bytes.sh"
require lz4 "it checks the frames"

python3 - "$work/inputs" <<'P'
import random, sys
from byte_inputs import mixed, write_inputs
r = random.Random(20261127)
B = 4 << 20  # pierrec's block size

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

write_inputs(sys.argv[1], {
    "empty": b"",
    "tiny": b"hello kiln\n",
    "edge14": b"abcdefghijklmn",          # too short for any match
    "mixed": mixed(r, 1_300_000),            # one short block
    "blocks": mixed(r, 5 * 1024 * 1024),     # a full 4 MiB block and a short one
    "block": mixed(r, B),                    # exactly one block
    "random": r.randbytes(5_000_000),     # stored blocks
    "repetitive": b"abc" * 1_800_000,     # matches longer than the 64 KiB window
    "stale": stale_table(),
})
P

compare_levels lz4 tar.lz4 "lz4 -tq" "lz4 -dcq" absent -1 0 1 3 9 12
