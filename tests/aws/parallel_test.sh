#!/usr/bin/env bash
# Scale (issue 15): 20 amazon-ebs builds of one template run in parallel against moto (behind the
# signing proxy, tests/fixtures/moto/moto.sh) and all complete: 20 AMIs, one per build, and nothing
# else left in moto (instances terminated, no key pair, no security group but the default).
# usage: parallel_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap '"$here/../fixtures/moto/moto.sh" stop "$work/moto"; rm -rf "$work"' EXIT
export AWS_ACCESS_KEY_ID=AKIDKILNPARALLEL AWS_SECRET_ACCESS_KEY=kiln-parallel-secret
"$here/../fixtures/moto/moto.sh" start "$work/moto" || exit 1
python3 "$here/../../bench/gen_parallel.py" 20 amazon-ebs "$(cat "$work/moto/endpoint")" \
  "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" >"$work/template.json"
out=$(cd "$work" && "$kiln" build -color=false -parallel-builds=0 template.json 2>&1)
status=$?
failed=0
[[ $status -eq 0 ]] || { echo "FAIL exit status $status"; failed=1; }
marks=$(grep -o 'MARK:e[0-9]*' <<<"$out" | sort | uniq -c | awk '$1 == 1' | wc -l)
[[ $marks -eq 20 ]] || { echo "FAIL $marks of 20 builds ran their command exactly once"; failed=1; }
names=$(python3 -c "import json; b = json.load(open('$work/manifest.json'))['builds']; print(len(b), len({x['name'] for x in b}))")
[[ $names == "20 20" ]] || { echo "FAIL manifest builds and distinct names: $names (want 20 20)"; failed=1; }
"$here/../../.venv/bin/python" "$here/../fixtures/moto/check.py" "$(cat "$work/moto/moto_endpoint")" state >"$work/state.json"
python3 - "$work/state.json" <<'P' || failed=1
import json, sys
s = json.load(open(sys.argv[1]))
problems = []
names = sorted(i["name"] for i in s["images"])
if names != sorted(f"kiln-parallel-e{i}" for i in range(20)):
    problems.append(f"AMIs: {names}")
problems += [f"instance {i['id']} {i['state']}" for i in s["instances"] if i["state"] != "terminated"]
problems += [f"key pair {k}" for k in s["key_pairs"]]
problems += [f"security group {g['name']}" for g in s["groups"] if g["name"] != "default"]
for p in problems:
    print("FAIL left in moto:", p)
sys.exit(1 if problems else 0)
P
if [[ -n ${KILN_REPORT_DIR:-} ]]; then
  mkdir -p "$KILN_REPORT_DIR"
  echo "{\"builds\": 20, \"completed\": $marks, \"exit_status\": $status}" >"$KILN_REPORT_DIR/parallel-amazon-ebs.json"
fi
((failed)) && { tail -20 <<<"$out"; exit 1; }
echo "20 parallel amazon-ebs builds: all completed, 20 AMIs, nothing else left in moto"
