#!/usr/bin/env bash
# Scale (issue 15): 200 null + shell-local builds of one template run in parallel and all complete;
# each runs its command once, and the shared manifest holds every build exactly once (Packer 1.6.6
# corrupts it here and fails most builds: bench/parallel.sh shows both).
# usage: parallel_test.sh KILN_BINARY SOURCE_DIR
set -u
kiln=$(realpath "$1") src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$src/bench/gen_parallel.py" 200 > template.json
out=$("$kiln" build -parallel-builds=0 template.json 2>&1)
status=$?
failed=0
[[ $status -eq 0 ]] || { echo "FAIL exit status $status"; failed=1; }
marks=$(grep -o 'MARK:b[0-9]*' <<<"$out" | sort | uniq -c | awk '$1 == 1' | wc -l)
[[ $marks -eq 200 ]] || { echo "FAIL $marks of 200 builds ran their command exactly once"; failed=1; }
names=$(python3 -c "import json; b = json.load(open('manifest.json'))['builds']; print(len(b), len({x['name'] for x in b}))")
[[ $names == "200 200" ]] || { echo "FAIL manifest builds and distinct names: $names (want 200 200)"; failed=1; }
if [[ -n ${KILN_REPORT_DIR:-} ]]; then
  mkdir -p "$KILN_REPORT_DIR"
  echo "{\"builds\": 200, \"completed\": $marks, \"exit_status\": $status}" >"$KILN_REPORT_DIR/parallel-null.json"
fi
((failed)) && { tail -20 <<<"$out"; exit 1; }
echo "200 parallel builds: all completed, one command each, 200 manifest entries"
