# Sourced by the gzip, bgzf, lz4 and xz byte tests (arguments: KILN [PACKER]), after the Packer
# reference's set-up (tests/fixtures/packer_reference.sh).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../fixtures/packer_reference.sh"
export PYTHONPATH="$here"

# require TOOL WHY: the test cannot check its outputs without TOOL.
require() { command -v "$1" > /dev/null || { echo "FAIL $1 not found: $2"; exit 1; }; }

# The template: one chain per level and extension, so one build per tool covers them all:
# data.bin as out/L<level>.<ext> ("absent" leaves compression_level out).
levels_template() {  # levels_template "EXT EXT" LEVEL...
  python3 - "$@" <<'P'
import json, sys
exts, levels = sys.argv[1].split(), sys.argv[2:]
chains = []
for level in levels:
    for ext in exts:
        pp = {"type": "compress", "output": f"out/L{level}.{ext}", "keep_input_artifact": True}
        if level != "absent":
            pp["compression_level"] = int(level)
        chains.append([{"type": "artifice", "files": ["data.bin"]}, pp])
print(json.dumps({"builders": [{"type": "null", "communicator": "none"}], "post-processors": chains}, indent=1))
P
}

# compare_levels SINGLE TARRED CHECK DECOMPRESS LEVEL...: for every file in $work/inputs, kiln and
# Packer each build it as out/L<level>.SINGLE and out/L<level>.TARRED (a tar holding data.bin);
# each pair must be byte-identical, pass `CHECK file`, and `DECOMPRESS file` must give the input
# back (through tar for TARRED). Ends the test with its tally.
compare_levels() {
  local single=$1 tarred=$2 check=$3 decompress=$4
  shift 4
  local input name dir level ext k p
  for input in "$work"/inputs/*; do
    name=$(basename "$input")
    dir="$work/$name"
    mkdir -p "$dir/kiln" "$dir/packer" && cp "$input" "$dir/kiln/data.bin" && cp "$input" "$dir/packer/data.bin"
    levels_template "$single $tarred" "$@" > "$dir/kiln/t.json" && cp "$dir/kiln/t.json" "$dir/packer/t.json"
    (cd "$dir/kiln" && "$kiln" build -color=false t.json > build.log 2>&1) || { bad "kiln build $name"; tail -5 "$dir/kiln/build.log"; }
    (cd "$dir/packer" && "$packer" build -color=false t.json > build.log 2>&1) || { bad "packer build $name"; tail -5 "$dir/packer/build.log"; }
    for level in "$@"; do
      for ext in "$single" "$tarred"; do
        k="$dir/kiln/out/L$level.$ext" p="$dir/packer/out/L$level.$ext"
        [[ -f $k && -f $p ]] || { bad "missing output $name L$level.$ext"; continue; }
        cmp -s "$k" "$p" && ok || bad "$name compression_level=$level .$ext differs from Packer's: $(cmp "$k" "$p" 2>&1 | head -1)"
        $check "$k" && ok || bad "$check $name L$level.$ext"
      done
      cmp -s <($decompress "$dir/kiln/out/L$level.$single") "$input" && ok || bad "round trip $name L$level.$single"
      $decompress "$dir/kiln/out/L$level.$tarred" | tar -xOf - data.bin | cmp -s - "$input" && ok || bad "round trip $name L$level.$tarred"
    done
  done
  report
}
