#!/usr/bin/env bash
# Installs dependencies, builds kiln, and runs a real local build of examples/templates/demo.json.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/install-deps.sh
bash scripts/build.sh
kiln=build/cli/kiln
template=examples/templates/demo.json
"$kiln" validate "$template"
"$kiln" inspect "$template"
rm -rf demo-out
"$kiln" build -color=false "$template"
echo
echo "Artifacts: $here/demo-out (motd.txt, motd.tar.gz, motd.sha256)"
echo "Manifest:  $here/demo-out/manifest.json"
