#!/usr/bin/env bash
# compress, checksum, manifest: kiln's outputs read back by the standard tools, and archive
# contents compared with what Packer 1.6.6 builds from the same template.
# usage: compress_test.sh KILN [PACKER]
set -u
kiln=$(realpath "$1")
packer=${2:-$(command -v packer || true)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

template() {  # template OUTPUT_NAME: single-file formats get no checksum step (its files would be inputs too)
  if [[ $1 == *.bin.* ]]; then
    cat <<T
{
  "builders": [{"type": "file", "source": "data.bin", "target": "out/data.bin"}],
  "post-processors": [[{"type": "compress", "output": "$1", "keep_input_artifact": true}],
                      {"type": "checksum", "checksum_types": ["md5", "sha1", "sha256", "sha512"], "output": "out/sums.{{.ChecksumType}}"},
                      {"type": "manifest", "output": "out/manifest.json"}]
}
T
    return
  fi
  cat <<T
{
  "builders": [{"type": "file", "source": "data.bin", "target": "out/data.bin"}],
  "post-processors": [[
    {"type": "checksum", "checksum_types": ["md5", "sha1", "sha256", "sha512"], "output": "out/sums.{{.ChecksumType}}",
     "keep_input_artifact": true},
    {"type": "compress", "output": "$1", "keep_input_artifact": true}
  ], {"type": "manifest", "output": "out/manifest.json"}]
}
T
}

# About 3 MiB, partly compressible, so the parallel gzip writer spans several blocks.
python3 - "$work/data.bin" <<'P'
import random, sys
r = random.Random(7)
with open(sys.argv[1], "wb") as f:
    for i in range(3 * 1024):
        f.write(bytes(r.getrandbits(8) for _ in range(512)) + (b"kiln %06d " % i) * 46)
P

for name in data.tar.gz data.tgz data.tar data.zip data.bin.gz data.tar.zst data.bin.zst data.tar.xz data.bin.xz data.tar.lz4 data.bin.lz4; do
  dir="$work/kiln-$name"
  mkdir -p "$dir" && cp "$work/data.bin" "$dir/" && template "out/$name" > "$dir/t.json"
  if ! (cd "$dir" && "$kiln" build -color=false t.json > build.log 2>&1); then bad "kiln build $name"; cat "$dir/build.log"; continue; fi
  f="$dir/out/$name"
  case $name in
    *.tar.gz|*.tgz) tar -tzf "$f" | grep -qx data.bin && gzip -t "$f" && cmp -s <(tar -xzOf "$f" data.bin) "$work/data.bin" &&
      ok || bad "tar/gzip read $name" ;;
    *.tar) tar -tf "$f" | grep -qx data.bin && ok || bad "tar read $name" ;;
    *.zip) unzip -tq "$f" >/dev/null && cmp -s <(unzip -p "$f" out/data.bin) "$work/data.bin" && ok || bad "unzip $name" ;;
    *.bin.gz) gzip -t "$f" && cmp -s <(gzip -dc "$f") "$work/data.bin" && ok || bad "gzip round trip $name" ;;
    *.tar.zst) zstd -tq "$f" && zstd -dcq "$f" | tar -tf - | grep -qx data.bin && ok || bad "zstd tar $name" ;;
    *.bin.zst) zstd -tq "$f" && cmp -s <(zstd -dcq "$f") "$work/data.bin" && ok || bad "zstd round trip $name" ;;
    *.tar.xz) xz -t "$f" && cmp -s <(xz -dc "$f" | tar -xOf - data.bin) "$work/data.bin" && ok || bad "xz tar $name" ;;
    *.bin.xz) xz -t "$f" && cmp -s <(xz -dc "$f") "$work/data.bin" && ok || bad "xz round trip $name" ;;
    *.tar.lz4) lz4 -tq "$f" && cmp -s <(lz4 -dcq "$f" | tar -xOf - data.bin) "$work/data.bin" && ok || bad "lz4 tar $name" ;;
    *.bin.lz4) lz4 -tq "$f" && cmp -s <(lz4 -dcq "$f") "$work/data.bin" && ok || bad "lz4 round trip $name" ;;
  esac
  (cd "$dir/out" && sha256sum -c --quiet sums.sha256 && sha512sum -c --quiet sums.sha512 && md5sum -c --quiet sums.md5 &&
    sha1sum -c --quiet sums.sha1) && ok || bad "checksum files for $name"
  python3 - "$dir/out/manifest.json" "$name" <<'P' && ok || bad "manifest for $name"
import json, sys
m = json.load(open(sys.argv[1]))
b = m["builds"][-1]
assert b["name"] == "file" and b["builder_type"] == "file", b
assert b["artifact_id"] == "File", b  # the builder's artifact kept by keep_input_artifact
assert [f["name"] for f in b["files"]] == ["out/data.bin"], b
assert m["last_run_uuid"] == b["packer_run_uuid"]
P
done

# Differential: Packer builds the same archives; members and contents must be equal.
if [[ -n "$packer" ]]; then
  for name in data.tar.gz data.zip data.bin.gz data.tar data.tar.xz data.bin.lz4; do
    dir="$work/packer-$name"
    mkdir -p "$dir" && cp "$work/data.bin" "$dir/" && template "out/$name" > "$dir/t.json"
    (cd "$dir" && "$packer" build -color=false t.json > build.log 2>&1) || { bad "packer build $name"; continue; }
    python3 - "$dir/out/$name" "$work/kiln-$name/out/$name" <<'P' && ok || bad "kiln and packer archives differ: $name"
import gzip, io, lzma, subprocess, sys, tarfile, zipfile, hashlib
def members(p):
    if p.endswith(".tar.xz"):
        t = tarfile.open(fileobj=io.BytesIO(lzma.open(p).read())); return {m.name: hashlib.sha256(t.extractfile(m).read()).hexdigest() for m in t if m.isfile()}
    if p.endswith(".lz4"):
        return {"": hashlib.sha256(subprocess.run(["lz4", "-dcq", p], capture_output=True, check=True).stdout).hexdigest()}
    if p.endswith(".zip"):
        z = zipfile.ZipFile(p); return {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()}
    if p.endswith((".tar.gz", ".tar")):
        t = tarfile.open(p); return {m.name: hashlib.sha256(t.extractfile(m).read()).hexdigest() for m in t if m.isfile()}
    return {"": hashlib.sha256(gzip.open(p).read()).hexdigest()}
a, b = members(sys.argv[1]), members(sys.argv[2])
assert a == b, (a, b)
P
    cmp -s "$dir/out/sums.sha256" "$work/kiln-$name/out/sums.sha256" && ok || bad "checksum file differs from packer's: $name"
  done
fi

# A second manifest run appends to builds.
dir="$work/kiln-data.tar"
(cd "$dir" && "$kiln" build t.json >/dev/null 2>&1 && python3 -c "import json; assert len(json.load(open('out/manifest.json'))['builds']) == 2") &&
  ok || bad "manifest append"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
