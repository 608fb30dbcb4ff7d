#!/usr/bin/env bash
# The docker builder, communicator and post-processors against Podman's Docker-compatible API: a
# second engine, so kiln is held to the Engine API and not to one daemon's behaviour.
# usage: podman_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/podman/podman.sh
registry_fixture=$here/../fixtures/registry/registry.sh
work=$(mktemp -d)
engine=$work/engine registry=$work/registry
trap '"$fixture" stop "$engine"; "$registry_fixture" stop "$registry"; rm -rf "$work"' EXIT
registry_password=kiln-registry-secret
"$registry_fixture" start "$registry" kiln "$registry_password" || exit 1
# Podman's /auth skips TLS only for "localhost:PORT"; pulls and pushes need the registry marked insecure.
reg=localhost:$(cut -d: -f2 "$registry/address")
printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$reg" > "$work/registries.conf"
export CONTAINERS_REGISTRIES_CONF=$work/registries.conf
"$fixture" start "$engine" || exit 1
export DOCKER_HOST=unix://$engine/podman.sock
api() { curl -s --unix-socket "$engine/podman.sock" "http://localhost/v1.41$1" "${@:2}"; }
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
count() { api "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
build() {  # build NAME: runs kiln on NAME.json in $work, output in NAME.log
  (cd "$work" && "$kiln" build -machine-readable "$1.json" > "$work/$1.log" 2>&1)
}

mkdir -p "$work/src/tree/sub" && echo top > "$work/src/tree/a.txt" && echo deep > "$work/src/tree/sub/b.txt"
template() {  # template BUILDER_KEYS
  cat <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, $1}],
 "provisioners": [
   {"type": "shell", "inline": ["echo MARK:user-\$(id -un) X=\$X", "echo made > /root/made.txt"], "environment_vars": ["X=y z"]},
   {"type": "file", "source": "$work/src/tree", "destination": "/root/"},
   {"type": "shell", "inline": ["cat /root/tree/sub/b.txt > /root/copied.txt"]},
   {"type": "file", "direction": "download", "source": "/root/made.txt", "destination": "$work/made-back.txt"},
   {"type": "file", "direction": "download", "source": "/root/tree/", "destination": "$work/tree-back"}
 ]}
T
}

# commit with changes; the provisioners run inside the container
template '"commit": true, "changes": ["ENV FOO=bar", "LABEL team=infra", "WORKDIR /root", "CMD [\"/bin/sh\"]"]' > "$work/commit.json"
build commit && ok || { bad "commit build"; tail -5 "$work/commit.log"; }
grep -q "MARK:user-root X=y z" "$work/commit.log" && ok || bad "shell provisioner inside the container"
[[ $(cat "$work/made-back.txt" 2>/dev/null) == made ]] && ok || bad "file download from the container"
[[ $(cat "$work/tree-back/sub/b.txt" 2>/dev/null) == deep ]] && ok || bad "directory download from the container"
image=$(grep -o 'sha256:[0-9a-f]*' "$work/commit.log" | tail -1)
[[ -n $image ]] && api "/images/$image/json" | python3 -c '
import json, sys
c = json.load(sys.stdin)["Config"]
assert "FOO=bar" in c["Env"], c["Env"]
assert c["Labels"] == {"team": "infra"}, c["Labels"]
assert c["WorkingDir"] == "/root" and c["Cmd"] == ["/bin/sh"], c' && ok || bad "committed image config ($image)"
[[ $(count "/containers/json?all=1") == 0 ]] && ok || bad "container removed after commit"

# export_path: the tar holds the uploaded tree and what the shell made of it
template "\"export_path\": \"$work/out.tar\"" > "$work/export.json"
build export && ok || { bad "export build"; tail -5 "$work/export.log"; }
member() { tar -xOf "$work/out.tar" "./$1" 2>/dev/null || tar -xOf "$work/out.tar" "$1" 2>/dev/null; }
[[ $(member root/made.txt) == made ]] && ok || bad "exported tar has the provisioned file"
[[ $(member root/tree/a.txt) == top && $(member root/copied.txt) == deep ]] && ok || bad "exported tar has the uploaded tree"

# discard: no new image, no container
before=$(count /images/json)
template '"discard": true' > "$work/discard.json"
build discard && ok || { bad "discard build"; tail -5 "$work/discard.log"; }
[[ $before == "$(count /images/json)" && $(count "/containers/json?all=1") == 0 ]] && ok || bad "discard leaves no image and no container"

# export → docker-import (with changes) → docker-tag → docker-save; commit → docker-tag (by image id)
cat > "$work/chain.json" <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "export_path": "$work/chain.tar"}],
 "provisioners": [{"type": "shell", "inline": ["echo chained > /root/chain.txt"]}],
 "post-processors": [[
   {"type": "docker-import", "repository": "kiln/imported", "tag": "v1", "changes": ["CMD [\"/bin/sh\"]"]},
   {"type": "docker-tag", "repository": "kiln/tagged", "tag": "v2"},
   {"type": "docker-save", "path": "$work/saved.tar"}
 ]]}
T
build chain && ok || { bad "docker-import → docker-tag → docker-save chain"; tail -5 "$work/chain.log"; }
imported=$(api /images/kiln/imported:v1/json | python3 -c 'import json,sys; i=json.load(sys.stdin); assert i["Config"]["Cmd"] == ["/bin/sh"], i["Config"]; print(i["Id"])') &&
  ok || bad "docker-import with changes"
tagged=$(api /images/kiln/tagged:v2/json | python3 -c 'import json,sys; print(json.load(sys.stdin)["Id"])')
[[ -n $imported && $tagged == "$imported" ]] && ok || bad "docker-tag names the imported image ($tagged vs $imported)"
tar -xOf "$work/saved.tar" manifest.json 2>/dev/null | grep -q "kiln/tagged:v2" && ok || bad "docker-save writes the tagged image"
cat > "$work/chain2.json" <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "commit": true}],
 "post-processors": [[{"type": "docker-tag", "repository": "kiln/committed", "tag": "latest"}]]}
T
build chain2 && ok || { bad "commit → docker-tag"; tail -5 "$work/chain2.log"; }
committed=$(grep -o 'sha256:[0-9a-f]*' "$work/chain2.log" | tail -1)
[[ -n $committed && $(api /images/kiln/committed:latest/json | python3 -c 'import json,sys; print(json.load(sys.stdin)["Id"])') == "$committed" ]] &&
  ok || bad "docker-tag names the committed image ($committed)"

# commit → docker-tag → docker-push with login to a registry that requires it
cat > "$work/push.json" <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "commit": true}],
 "post-processors": [[
   {"type": "docker-tag", "repository": "$reg/kiln/pushed", "tags": ["v1", "v2"]},
   {"type": "docker-push", "login": true, "login_server": "$reg", "login_username": "kiln", "login_password": "$registry_password"}
 ]]}
T
build push && ok || { bad "push build"; tail -5 "$work/push.log"; }
tags=$(curl -s -u "kiln:$registry_password" "http://$reg/v2/kiln/pushed/tags/list")
[[ $tags == '{"name":"kiln/pushed","tags":["v1","v2"]}' ]] && ok || bad "registry holds both pushed tags: $tags"

# a failing provisioner fails the build and leaves no container
cat > "$work/fail.json" <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "discard": true}],
 "provisioners": [{"type": "shell", "inline": ["exit 5"]}]}
T
build fail && bad "failing provisioner: the build succeeded" || ok
grep -q "exit status: 5" "$work/fail.log" && ok || { bad "failing provisioner names its exit status"; tail -5 "$work/fail.log"; }
[[ $(count "/containers/json?all=1") == 0 ]] && ok || bad "failing provisioner leaves no container"

# a missing base image is reported as such (the engine's 404, not a transport error)
sed 's/kiln-busybox:latest/kiln-no-such-image:1/' "$work/fail.json" > "$work/missing.json"
build missing && bad "missing image: the build succeeded" || ok
grep -q "kiln-no-such-image:1 not found" "$work/missing.log" && ok || { bad "missing image is named"; tail -5 "$work/missing.log"; }

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
