#!/usr/bin/env bash
# The manifest's file sizes, kiln beside Packer 1.6.6 on the same files: Go's os.Stat size, so a
# directory listed by artifice gets its own size (what stat(2) says on this file system) and a symbolic
# link its target's; a file that is not there is left out by artifice (a glob of it matches nothing).
# usage: manifest_test.sh KILN [PACKER]
source "$(dirname "$0")/../fixtures/packer_reference.sh"

for tool in kiln packer; do
  dir=$work/$tool
  mkdir -p "$dir/out/tree" && printf '12345' > "$dir/out/five.bin" && ln -s five.bin "$dir/out/link.bin"
  for i in $(seq 40); do printf x > "$dir/out/tree/entry-with-a-long-name-$i"; done  # a directory larger than empty
  cat > "$dir/t.json" <<'T'
{"builders": [{"type": "null", "communicator": "none"}],
 "post-processors": [[
   {"type": "artifice", "files": ["out/tree", "out/five.bin", "out/link.bin", "out/missing.bin"]},
   {"type": "manifest", "output": "manifest.json", "strip_time": true}]]}
T
  (cd "$dir" && "${!tool}" build -color=false t.json > build.log 2>&1) || { bad "$tool build"; tail -5 "$dir/build.log"; continue; }
  python3 - "$dir/manifest.json" "$(stat -c %s "$dir/out/tree")" <<'P' && ok || bad "$tool: manifest sizes: $(cat "$dir/manifest.json")"
import json, sys
files = json.load(open(sys.argv[1]))["builds"][0]["files"]
sizes = {f["name"]: f["size"] for f in files}
assert sizes == {"out/tree": int(sys.argv[2]), "out/five.bin": 5, "out/link.bin": 5}, sizes
P
done
python3 - "$work/kiln/manifest.json" "$work/packer/manifest.json" <<'P' && ok || bad "kiln's manifest files differ from Packer's"
import json, sys
kiln, packer = (json.load(open(p))["builds"][0]["files"] for p in sys.argv[1:])
assert kiln == packer, (kiln, packer)
P
report
