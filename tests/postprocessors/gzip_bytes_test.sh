#!/usr/bin/env bash
# compress: kiln's .gz and .tar.gz gzip streams are byte-identical to Packer 1.6.6's (pgzip over klauspost
# deflate) for edge-size and mixed inputs at every compression_level, tar headers included; gzip -t
# accepts them.
# usage: gzip_bytes_test.sh KILN [PACKER]
source "$(dirname "$0")/codec_bytes.sh"

# Inputs: the ≤32 and ≤128-byte paths, pgzip block boundaries, incompressible and repetitive data.
python3 - "$work/inputs" <<'P'
import random, sys
from byte_inputs import mixed, write_inputs
r = random.Random(20261126)
write_inputs(sys.argv[1], {
    "empty": b"",
    "hello": b"hello kiln\n",
    "bytes100": bytes(r.choice(b"abcdefgh ") for _ in range(100)),
    "mixed": mixed(r, 1_300_000),        # several 500000-byte pgzip blocks, 64 KiB windows of every kind
    "block": mixed(r, 500_000),          # exactly one pgzip block: the final block is empty
    "random": r.randbytes(600_000),      # stored blocks
    "repetitive": b"abc" * 400_000,      # long matches
})
P

compare_levels gz tar.gz "gzip -t" "gzip -dc" absent -1 0 1 2 3 4 5 6 7 8 9 12
