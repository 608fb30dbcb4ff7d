#!/usr/bin/env bash
# Installs only what building kiln needs, builds the library and the CLI, and runs a real local build
# of examples/templates/demo.json (no cloud, no network). The test suite's tools come with
# scripts/test.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/install-deps.sh --build-only
bash scripts/build.sh
kiln=build/cli/kiln
template=examples/templates/demo.json
"$kiln" validate "$template" && echo "kiln validate: $template is valid"
"$kiln" inspect "$template"
rm -rf demo-out
"$kiln" build -color=false "$template"
echo
echo "Artifacts: $here/demo-out (motd.txt, motd.tar.gz, motd.sha256)"
echo "Manifest:  $here/demo-out/manifest.json"
