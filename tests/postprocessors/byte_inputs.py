"""Seeded inputs for the compress byte tests (codec_bytes.sh puts this folder on PYTHONPATH)."""
import os


def mixed(r, n):
    """n bytes of random runs between repeated lines and zeros: matches of every length and distance."""
    out = bytearray()
    i = 0
    while len(out) < n:
        out += r.randbytes(700) + (b"kiln %06d " % i) * 40 + bytes(300)
        i += 1
    return bytes(out[:n])


def write_inputs(directory, inputs):
    os.makedirs(directory)
    for name, data in inputs.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
