"""Prints a Vagrant box's tar members in order, one a line: name, type flag, mode, uid, gid, owner
names, size and magic, read from the raw headers (Python's tarfile takes a GNU header's atime for a
name prefix). Times are left out: kiln's are zero, Packer's the staged files'. Reads plain and
gzipped boxes.
usage: box_members.py BOX"""
import gzip
import sys

data = open(sys.argv[1], "rb").read()
if data[:2] == b"\x1f\x8b":
    data = gzip.decompress(data)


def text(block, start, end):
    return block[start:end].split(b"\0", 1)[0].decode()


def number(block, start, end):
    return int(text(block, start, end).strip() or "0", 8)


at, long_name = 0, None
while at + 512 <= len(data) and data[at:at + 512] != bytes(512):
    h = data[at:at + 512]
    size, flag = number(h, 124, 136), chr(h[156])
    body = data[at + 512:at + 512 + size]
    at += 512 + (size + 511) // 512 * 512
    if flag == "L":
        long_name = body.split(b"\0", 1)[0].decode()
        continue
    name = long_name or text(h, 0, 100)
    long_name = None
    print(name, flag, oct(number(h, 100, 108)), number(h, 108, 116), number(h, 116, 124), text(h, 265, 297),
          text(h, 297, 329), size, h[257:265].hex())
