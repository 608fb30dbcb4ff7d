#!/usr/bin/env bash
# Fault on the Docker path (issue 15): the engine stops while a provisioner runs in the build's
# container. The build must end naming the engine's failure, leave no process or temporary file
# (tests/fixtures/faults.sh), and once the engine is back no container of the build may be left.
# usage: faults_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/dockerd/dockerd.sh
work=$(mktemp -d)
engine=$work/engine
trap '"$fixture" stop "$engine"; rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
source "$here/../fixtures/faults.sh"
"$fixture" start "$engine" || exit 1
export DOCKER_HOST=unix://$engine/docker.sock
containers() { curl -s --unix-socket "$engine/docker.sock" "http://localhost/v1.41/containers/json?all=1"; }
containers_left() {  # after the engine is back
  "$fixture" start "$engine" >/dev/null || { echo "engine did not come back"; return; }
  local id
  for id in $(containers | python3 -c 'import json, sys; [print(c["Id"]) for c in json.load(sys.stdin)]'); do
    echo "container: $id"
    curl -s --unix-socket "$engine/docker.sock" -X DELETE "http://localhost/v1.41/containers/$id?force=true" # for the next case
  done
}

for output in '"discard": true' '"commit": true'; do
  cat >"$work/t.json" <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, $output}],
 "provisioners": [{"type": "shell", "inline": ["echo MARK:running", "while :; do sleep 0.2; done"]}]}
T
  fault_start "$work/build.log" build -color=false t.json
  while ! grep -q "MARK:running" "$work/build.log" && kill -0 "$fault_pid" 2>/dev/null; do sleep 0.05; done
  "$fixture" halt "$engine"
  fault_wait 120
  fault_check "engine stopped mid-provisioning ($output)" "errored after [^:]*: docker engine at unix://$engine/docker.sock: " \
    "$work/build.log" containers_left
done

fault_report docker
echo "$passed passed, $failed failed ($faults_injected faults injected, $faults_survived survived, $faults_leaked leaked)"
[[ $failed -eq 0 ]]
