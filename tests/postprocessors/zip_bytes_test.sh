#!/usr/bin/env bash
# .zip outputs of the compress post-processor, byte for byte those of Packer 1.6.6 (Go's
# archive/zip at deflate level 5) for the same template and inputs; unzip -t must accept them.
# usage: zip_bytes_test.sh KILN [PACKER]
source "$(dirname "$0")/../fixtures/packer_reference.sh"

# Inputs, seeded so every run compresses the same bytes.
mkdir -p "$work/in"
python3 - "$work/in" <<'P'
import random, sys
d = sys.argv[1]
def put(name, data): open(f"{d}/{name}", "wb").write(data)
r = random.Random(11)
put("empty.bin", b"")
put("hello.txt", b"hello kiln\n")
# About 3 MiB, partly compressible: random runs between repeated lines, so blocks of every
# kind, window slides and long and short matches all occur.
put("mixed.bin", b"".join(r.randbytes(r.randrange(64, 2048)) + (b"kiln %06d " % i) * r.randrange(1, 80)
                          for i in range(2900))[:3 * 1024 * 1024 + 17])
put("random.bin", r.randbytes(1024 * 1024 + 3))  # incompressible: stored blocks
put("repeat.bin", b"packer " * 300000)            # long matches only
put("b.txt", b"second member\n" * 1000)
P

# compare NAME INPUT TARGET [EXTRA_FILE]: the file builder copies INPUT to TARGET; with EXTRA_FILE,
# artifice makes the artifact two files, so the archive has two members.
compare() {
  local name=$1 input=$2 target=$3 extra=${4:-}
  local pp='{"type": "compress", "output": "out.zip"}'
  [[ -n $extra ]] && pp="[{\"type\": \"artifice\", \"files\": [\"$target\", \"$extra\"]}, $pp]"
  for tool in kiln packer; do
    local dir="$work/$name-$tool"
    mkdir -p "$dir" && cp "$work/in/$input" "$dir/"
    [[ -n $extra ]] && mkdir -p "$dir/$(dirname "$extra")" && cp "$work/in/b.txt" "$dir/$extra"
    cat > "$dir/t.json" <<T
{"builders": [{"type": "file", "source": "$input", "target": "$target"}], "post-processors": [$pp]}
T
    local bin=$kiln
    [[ $tool == packer ]] && bin=$packer
    if ! (cd "$dir" && "$bin" build -color=false t.json > build.log 2>&1); then bad "$tool build $name"; cat "$dir/build.log"; fi
  done
  local k="$work/$name-kiln/out.zip" p="$work/$name-packer/out.zip"
  unzip -tq "$k" > /dev/null && ok || bad "unzip -t $name"
  [[ $(unzip -Z1 "$k" | paste -sd ' ') == "$target${extra:+ $extra}" ]] && ok || bad "members of $name: $(unzip -Z1 "$k")"
  cmp "$k" "$p" && ok || bad "kiln's zip differs from packer's: $name"
}

compare empty empty.bin out/empty.bin
compare hello hello.txt out.txt
compare mixed mixed.bin out/data.bin
compare random random.bin out/random.bin
compare repeat repeat.bin out/repeat.bin
compare subdir hello.txt out/sub/dir/hello.txt
compare two-members mixed.bin out/data.bin extra/b.txt

report
