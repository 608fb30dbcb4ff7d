#!/usr/bin/env bash
# The docker builder and communicator against a real dockerd on a private socket, and the same
# template through Packer 1.6.6 (which drives the docker CLI against the same engine).
# usage: docker_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/dockerd/dockerd.sh
registry_fixture=$here/../fixtures/registry/registry.sh
work=$(mktemp -d)
engine=$work/engine registry=$work/registry
trap '"$fixture" stop "$engine"; "$registry_fixture" stop "$registry"; rm -rf "$work"' EXIT
"$fixture" start "$engine" || exit 1
registry_password=kiln-registry-secret
"$registry_fixture" start "$registry" kiln "$registry_password" || exit 1
reg=$(cat "$registry/address")
reg_tags() { curl -s -u "kiln:$registry_password" "http://$reg/v2/$1/tags/list"; }
export DOCKER_HOST=unix://$engine/docker.sock PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
api() { curl -s --unix-socket "$engine/docker.sock" "http://localhost/v1.41$1" "${@:2}"; }
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }
containers() { api "/containers/json?all=1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

mkdir -p "$work/src/tree/sub" && echo top > "$work/src/tree/a.txt" && echo deep > "$work/src/tree/sub/b.txt"
template() {  # template OUTPUT_KEYS
  cat <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, $1}],
 "provisioners": [
   {"type": "shell", "inline": ["echo MARK:user-\$(id -un)", "echo made > /root/made.txt"], "environment_vars": ["X=y z"]},
   {"type": "file", "source": "$work/src/tree", "destination": "/root/"},
   {"type": "file", "direction": "download", "source": "/root/made.txt", "destination": "$work/made-back.txt"}
 ]}
T
}

# commit with changes
template '"commit": true, "changes": ["ENV FOO=bar", "LABEL team=infra", "WORKDIR /root", "CMD [\"/bin/sh\"]"]' > "$work/commit.json"
out=$(cd "$work" && "$kiln" build -machine-readable commit.json 2>&1) && ok || { bad "commit build"; echo "$out"; }
grep -q "MARK:user-root" <<<"$out" && ok || bad "shell provisioner inside the container"
[[ $(cat "$work/made-back.txt" 2>/dev/null) == made ]] && ok || bad "download from the container"
image=$(grep -o 'sha256:[0-9a-f]*' <<<"$out" | tail -1)
api "/images/$image/json" | python3 -c '
import json, sys
c = json.load(sys.stdin)["Config"]
assert "FOO=bar" in c["Env"], c["Env"]
assert c["Labels"] == {"team": "infra"}, c["Labels"]
assert c["WorkingDir"] == "/root" and c["Cmd"] == ["/bin/sh"], c' && ok || bad "committed image config"
[[ $(containers) == 0 ]] && ok || bad "container removed after commit"

# export_path
template "\"export_path\": \"$work/out.tar\"" > "$work/export.json"
(cd "$work" && "$kiln" build export.json >/dev/null 2>&1) && ok || bad "export build"
tar -tf "$work/out.tar" 2>/dev/null | grep -qx "./root/tree/sub/b.txt\|root/tree/sub/b.txt" && ok || bad "exported tar lists the uploaded tree"
tar -xOf "$work/out.tar" ./root/made.txt 2>/dev/null | grep -qx made || tar -xOf "$work/out.tar" root/made.txt | grep -qx made && ok || bad "exported tar has the provisioned file"

# discard
before=$(api /images/json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
template '"discard": true' > "$work/discard.json"
(cd "$work" && "$kiln" build discard.json >/dev/null 2>&1) && ok || bad "discard build"
after=$(api /images/json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[[ $before == "$after" && $(containers) == 0 ]] && ok || bad "discard leaves no image and no container"

# post-processor chains: export → docker-import → docker-tag → docker-save; commit → docker-tag
cat > "$work/chain.json" <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "export_path": "$work/chain.tar"}],
 "provisioners": [{"type": "shell", "inline": ["echo chained > /root/chain.txt"]}],
 "post-processors": [[
   {"type": "docker-import", "repository": "kiln/imported", "tag": "v1", "changes": ["CMD [\"/bin/sh\"]"]},
   {"type": "docker-tag", "repository": "kiln/tagged", "tag": "v2"},
   {"type": "docker-save", "path": "$work/saved.tar"}
 ]]}
T
(cd "$work" && "$kiln" build chain.json > "$work/chain.log" 2>&1) && ok || { bad "post-processor chain"; tail -5 "$work/chain.log"; }
api /images/kiln/imported:v1/json | grep -q '"Cmd":\["/bin/sh"\]' && ok || bad "docker-import with changes"
api /images/kiln/tagged:v2/json | grep -q '"Id"' && ok || bad "docker-tag"
tar -tf "$work/saved.tar" 2>/dev/null | grep -q "manifest.json" && ok || bad "docker-save writes an image tar"
cat > "$work/chain2.json" <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "commit": true}],
 "post-processors": [[{"type": "docker-tag", "repository": "kiln/committed", "tag": "latest"}]]}
T
(cd "$work" && "$kiln" build chain2.json > "$work/chain2.log" 2>&1) && api /images/kiln/committed:latest/json | grep -q '"Id"' &&
  ok || { bad "commit → docker-tag"; tail -5 "$work/chain2.log"; }

# commit → docker-tag (two tags) → docker-push with login, to a registry that requires it
push_template() {  # push_template REPOSITORY PASSWORD
  cat <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "commit": true}],
 "provisioners": [{"type": "shell", "inline": ["echo pushed > /root/pushed.txt"]}],
 "post-processors": [[
   {"type": "docker-tag", "repository": "$reg/$1", "tags": ["v1", "v2"]},
   {"type": "docker-push", "login": true, "login_server": "$reg", "login_username": "kiln", "login_password": "$2"}
 ]]}
T
}
push_template kiln/pushed "$registry_password" > "$work/push.json"
out=$(cd "$work" && "$kiln" build push.json 2>&1) && ok || { bad "push build"; tail -5 <<<"$out"; }
[[ $(reg_tags kiln/pushed) == '{"name":"kiln/pushed","tags":["v1","v2"]}' ]] && ok || bad "registry holds both pushed tags: $(reg_tags kiln/pushed)"
grep -q "$registry_password" <<<"$out" && bad "the registry password is printed" || ok
push_template kiln/refused wrong-password > "$work/push-bad.json"
out=$(cd "$work" && "$kiln" build push-bad.json 2>&1)
[[ $? -ne 0 ]] && grep -q "docker login to $reg as kiln" <<<"$out" && ok || bad "wrong registry password: $out"
# the builder pulls from the registry with its own login; without it the registry refuses
pull_template() {  # pull_template LOGIN
  echo "{\"builders\": [{\"type\": \"docker\", \"image\": \"$reg/kiln/pushed:v1\", \"discard\": true, $1}],
   \"provisioners\": [{\"type\": \"shell\", \"inline\": [\"cat /root/pushed.txt\"]}]}"
}
api "/images/$reg/kiln/pushed:v1?force=true" -X DELETE >/dev/null
pull_template "\"login\": true, \"login_server\": \"$reg\", \"login_username\": \"kiln\", \"login_password\": \"$registry_password\"" > "$work/pull.json"
out=$(cd "$work" && "$kiln" build pull.json 2>&1)
[[ $? -eq 0 ]] && grep -q "docker: pushed" <<<"$out" && ok || bad "pull with login: $out"
api "/images/$reg/kiln/pushed:v1?force=true" -X DELETE >/dev/null
pull_template '"login": false' > "$work/pull-anon.json"
out=$(cd "$work" && "$kiln" build pull-anon.json 2>&1)
[[ $? -ne 0 ]] && grep -q "docker pull $reg/kiln/pushed:v1" <<<"$out" && ok || bad "pull without login must fail: $out"

# failures: provisioner fails → container removed; missing image; engine not running
cat > "$work/fail.json" <<T
{"builders": [{"type": "docker", "image": "kiln-busybox:latest", "pull": false, "discard": true}],
 "provisioners": [{"type": "shell", "inline": ["exit 5"]}]}
T
out=$(cd "$work" && "$kiln" build fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q "exit status: 5" <<<"$out" && [[ $(containers) == 0 ]] && ok || bad "failing provisioner: $out"
sed 's/kiln-busybox:latest/kiln-no-such-image:1/' "$work/fail.json" > "$work/missing.json"
out=$(cd "$work" && "$kiln" build missing.json 2>&1)
[[ $? -ne 0 ]] && grep -q "kiln-no-such-image:1 not found" <<<"$out" && ok || bad "missing image: $out"
out=$(cd "$work" && DOCKER_HOST=unix://$work/nowhere.sock "$kiln" build missing.json 2>&1)
[[ $? -ne 0 ]] && grep -q "$work/nowhere.sock" <<<"$out" && ok || bad "engine not running names the socket: $out"
(cd "$work" && "$kiln" validate commit.json >/dev/null) && ok || bad "validate docker template"

# Differential: Packer 1.6.6 commits the same template; same config changes, same files.
# Packer drives the docker CLI: without it, this comparison fails rather than being skipped.
command -v docker >/dev/null || bad "the docker CLI is missing: Packer cannot run the comparison"
out=$(cd "$work" && packer build -machine-readable commit.json 2>&1) && ok || { bad "packer commit build"; echo "$out" | tail -5; }
pimage=$(grep -o 'sha256:[0-9a-f]*' <<<"$out" | tail -1)
for img in "$image" "$pimage"; do
  id=$(api /containers/create -X POST -H 'Content-Type: application/json' -d "{\"Image\": \"$img\", \"Cmd\": [\"/bin/sh\"]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Id"])')
  api "/containers/$id/export" | tar -tf - | grep '^\(\./\)\?root/' | sed 's|^\./||' | sort > "$work/files-$img"
  api "/containers/$id?force=true" -X DELETE >/dev/null
  api "/images/$img/json" | python3 -c 'import json,sys; c=json.load(sys.stdin)["Config"]; print(sorted(c["Env"]), c["Labels"], c["WorkingDir"], c["Cmd"])' > "$work/config-$img"
done
grep -q "root/tree/sub/b.txt" "$work/files-$image" && ok || bad "kiln's image lacks the uploaded tree"
diff "$work/files-$image" "$work/files-$pimage" && ok || bad "kiln's and packer's images hold different files"
diff "$work/config-$image" "$work/config-$pimage" && ok || bad "kiln's and packer's image configs differ"
# Packer's docker-push logs in and pushes with the docker CLI; its credentials stay in a temp config.
push_template packer/pushed "$registry_password" > "$work/packer-push.json"
out=$(cd "$work" && DOCKER_CONFIG=$work/docker-config packer build packer-push.json 2>&1) && ok || { bad "packer push build"; tail -5 <<<"$out"; }
[[ $(reg_tags packer/pushed) == '{"name":"packer/pushed","tags":["v1","v2"]}' ]] && ok || bad "packer's push: $(reg_tags packer/pushed)"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
