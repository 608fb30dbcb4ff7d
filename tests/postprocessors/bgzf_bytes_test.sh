#!/usr/bin/env bash
# compress: kiln's .bin.bgzf and .tar.bgzf outputs are byte-identical to Packer 1.6.6's (biogo/hts
# bgzf over Go's compress/gzip, blocks following io.Copy's and archive/tar's writes) for empty, tiny,
# mixed, random and repetitive inputs at the default and levels 1, 4, 6 and 9; gzip -t accepts them.
# usage: bgzf_bytes_test.sh KILN [PACKER]
source "$(dirname "$0")/codec_bytes.sh"

# Inputs: level 1's stored (≤16 bytes) and Huffman-only (<128) paths, 32 KiB and 65280-byte
# block edges, incompressible and repetitive data.
python3 - "$work/inputs" <<'P'
import random, sys
from byte_inputs import mixed, write_inputs
r = random.Random(20261127)
write_inputs(sys.argv[1], {
    "empty": b"",
    "hello": b"hello kiln\n",
    "bytes100": bytes(r.choice(b"abcdefgh ") for _ in range(100)),
    "mixed": mixed(r, 1_300_000),
    "copies": mixed(r, 3 * 32768),       # whole io.Copy chunks only
    "random": r.randbytes(600_000),      # stored blocks
    "repetitive": b"abc" * 400_000,      # long matches
})
P

compare_levels bin.bgzf tar.bgzf "gzip -t" "gzip -dc" absent 1 4 6 9
