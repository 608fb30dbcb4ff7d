#!/usr/bin/env bash
# compress: kiln's .xz and .tar.xz outputs are byte-identical to Packer 1.6.6's (ulikunitz/xz 0.5.6's
# default writer: CRC64, one block of LZMA2 with an 8 MiB dictionary; compression_level plays no part)
# for empty, tiny, mixed, incompressible, repetitive and alternating inputs; xz -t accepts them.
# usage: xz_bytes_test.sh KILN [PACKER]
source "$(dirname "$0")/codec_bytes.sh"
require xz "it checks the streams"

python3 - "$work/inputs" <<'P'
import random, sys
from byte_inputs import mixed, write_inputs
r = random.Random(20261128)
write_inputs(sys.argv[1], {
    "empty": b"",
    "tiny": b"hello kiln\n",              # a stored chunk
    "mixed": mixed(r, 1_300_000),         # compressed chunks cut at the 64 KiB limit
    "random": r.randbytes(700_000),       # stored chunks only
    # stored (dictionary reset), compressed (state reset), stored after compressed and back
    "switching": r.randbytes(150_000) + mixed(r, 400_000) + r.randbytes(200_000) + mixed(r, 100_000),
    "repetitive": b"abc" * 1_000_000,     # 2 MiB chunks of long matches
})
P

compare_levels xz tar.xz "xz -tq" "xz -dcq" absent 9
