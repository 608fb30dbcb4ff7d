#!/usr/bin/env bash
# .tar, .tar.gz and .tgz outputs of the compress post-processor, byte for byte those of Packer 1.6.6
# (Go's archive/tar, GNU format, zero times, names looked up) for the same files: long and non-ASCII
# names, modes 0600/0755/04755/01644, an empty file, owners with and without passwd and group
# entries, a symlink (followed), ~1.3 MB of data. GNU tar must read them back. Needs root (chown)
# and Packer.
# usage: tar_bytes_test.sh KILN [PACKER]
source "$(dirname "$0")/../fixtures/packer_reference.sh"

long="$(printf 'L%.0s' {1..120}).bin"               # a GNU long-name record
long_utf8="$(printf 'caf\xc3\xa9-%.0s' {1..25}).txt"  # non-ASCII and long
files=(hello.txt "$long" empty setuid "in/$long_utf8" orphan daemon link.txt)

# The inputs, in $work/kiln; Packer gets a copy with the same modes and owners.
mkdir -p "$work/kiln/in"
python3 - "$work/kiln" "$long" "$long_utf8" <<'P'
import os, random, sys
d, long, long_utf8 = sys.argv[1:]
r = random.Random(42)
def put(name, data, mode):
    path = os.path.join(d, name)
    open(path, "wb").write(data)
    os.chmod(path, mode)
put("hello.txt", b"hello kiln\n", 0o600)
put(long, b"".join(r.randbytes(r.randrange(64, 2048)) + (b"kiln %06d " % i) * r.randrange(1, 80)
                   for i in range(1300))[:1_300_000], 0o755)
put("empty", b"", 0o1644)
put("setuid", b"#!/bin/sh\n", 0o4755)
put(os.path.join("in", long_utf8), "déjà vu\n".encode(), 0o644)
put("orphan", b"owned by uid 4242\n", 0o640)
put("daemon", b"owned by daemon:adm\n", 0o644)
os.symlink("hello.txt", os.path.join(d, "link.txt"))
P
chown 4242:4242 "$work/kiln/orphan" || bad "chown 4242 needs root"
chown 1:4 "$work/kiln/daemon" || bad "chown 1:4 needs root"  # Debian's daemon user, adm group
getent passwd 4242 > /dev/null && bad "uid 4242 must have no passwd entry on this machine"
cp -a "$work/kiln" "$work/packer"

# One chain per output, each archiving every file.
python3 - "${files[@]}" > "$work/kiln/t.json" <<'P'
import json, sys
files = sys.argv[1:]
chains = [[{"type": "artifice", "files": files},
           dict({"type": "compress", "output": out, "keep_input_artifact": True}, **extra)]
          for out, extra in [("out/a.tar", {}), ("out/a.tar.gz", {}), ("out/b.tgz", {"compression_level": 1})]]
print(json.dumps({"builders": [{"type": "null", "communicator": "none"}], "post-processors": chains}, indent=1))
P
cp "$work/kiln/t.json" "$work/packer/t.json"
for tool in kiln packer; do
  bin=$kiln
  [[ $tool == packer ]] && bin=$packer
  (cd "$work/$tool" && "$bin" build -color=false t.json > build.log 2>&1) || { bad "$tool build"; tail -5 "$work/$tool/build.log"; }
done

# .tar.zst is beyond Packer 1.6.6: its tar must be the .tar's.
python3 - "${files[@]}" > "$work/kiln/zst.json" <<'P'
import json, sys
chain = [{"type": "artifice", "files": sys.argv[1:]},
         {"type": "compress", "output": "out/a.tar.zst", "keep_input_artifact": True}]
print(json.dumps({"builders": [{"type": "null", "communicator": "none"}], "post-processors": [chain]}))
P
(cd "$work/kiln" && "$kiln" build -color=false zst.json > zst.log 2>&1) || { bad "kiln build .tar.zst"; tail -5 "$work/kiln/zst.log"; }
zstd -dcq "$work/kiln/out/a.tar.zst" | cmp -s - "$work/kiln/out/a.tar" && ok || bad "the tar in a.tar.zst is not a.tar"

for out in a.tar a.tar.gz b.tgz; do
  k="$work/kiln/out/$out" p="$work/packer/out/$out"
  [[ -f $k && -f $p ]] || { bad "missing $out"; continue; }
  cmp "$k" "$p" && ok || bad "kiln's $out differs from Packer's"
done

# Read back with GNU tar: names, modes, owners, and every member's content.
listing=$(tar -tvf "$work/kiln/out/a.tar" 2>&1 | awk '{print $1, $2, $3, $6}')
expected="-rw------- root/root 11 hello.txt
-rwxr-xr-x root/root 1300000 $long
-rw-r--r-T root/root 0 empty
-rwsr-xr-x root/root 10 setuid
-rw-r--r-- root/root 10 $long_utf8
-rw-r----- 4242/4242 18 orphan
-rw-r--r-- daemon/adm 20 daemon
-rw------- root/root 11 link.txt"
[[ $listing == "$expected" ]] && ok || bad "tar -tvf lists:"$'\n'"$listing"
for f in "${files[@]}"; do
  tar -xOf "$work/kiln/out/a.tar" "$(basename "$f")" | cmp -s - "$work/kiln/$f" && ok || bad "content of $f"
done
tar -xOzf "$work/kiln/out/a.tar.gz" | cmp -s - <(tar -xOf "$work/kiln/out/a.tar") && ok || bad "a.tar.gz content"

report
