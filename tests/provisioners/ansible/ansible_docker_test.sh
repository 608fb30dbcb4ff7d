#!/usr/bin/env bash
# The ansible (here, community.docker's docker connection into the container) and ansible-local
# (inside the container) provisioners on a docker builder, against a real dockerd. The image with
# Python and Ansible needs no registry: a rootfs of usr-merge symlinks, with the host's /usr
# bind-mounted by the builder (Debian 12 is usr-merged). The playbooks' files are read back from
# the committed image; an inventory_file or -e ansible_connection still wins; a failing task
# fails the build by name and leaves no container.
# usage: ansible_docker_test.sh KILN
set -u
kiln=$(realpath "$1")
pb=$(cd "$(dirname "$0")" && pwd)
fixture=$pb/../../fixtures/dockerd/dockerd.sh
work=$(mktemp -d)
engine=$work/engine
trap '"$fixture" stop "$engine"; rm -rf "$work"' EXIT
"$fixture" start "$engine" || exit 1
export DOCKER_HOST=unix://$engine/docker.sock PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
api() { curl -s --unix-socket "$engine/docker.sock" "http://localhost/v1.41$1" "${@:2}"; }
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
containers() { api "/containers/json?all=1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# kiln-python: root and an unprivileged "builder" (uid 1000) who owns the remote play's directory.
root=$work/rootfs
mkdir -p "$root/etc" "$root/tmp" "$root/root/local" "$root/home/builder/remote" "$root/usr"
for d in bin lib lib64 sbin; do ln -s "usr/$d" "$root/$d"; done
printf 'root:x:0:0:root:/root:/bin/sh\nbuilder:x:1000:1000::/home/builder:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nbuilder:x:1000:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
chown -R 1000:1000 "$root/home/builder"
tar -C "$root" --numeric-owner -cf "$work/rootfs.tar" .
api "/images/create?fromSrc=-&repo=kiln-python&tag=latest" -X POST -H 'Content-Type: application/x-tar' \
  --data-binary "@$work/rootfs.tar" >/dev/null

remote() {  # remote PLAYBOOK: ansible-playbook here, the tasks run as "builder" in the container
  cat <<T
{"type": "ansible", "playbook_file": "$pb/$1", "user": "builder", "groups": ["web"],
 "extra_arguments": ["-e", "target_dir=/home/builder/remote"]}
T
}
# With no LANG in the container, Python coerces the C locale to C.UTF-8, so the default command
# runs; an image whose LANG names an uninstalled locale needs "command": "LC_ALL=C.UTF-8 …".
local_() {  # local_ PLAYBOOK: ansible-playbook in the container, as root
  cat <<T
{"type": "ansible-local", "playbook_file": "$pb/$1", "role_paths": ["$pb/roles/greeter"], "group_vars": "$pb/group_vars",
 "extra_arguments": ["-e", "target_dir=/root/local"], "clean_staging_directory": true}
T
}
template() {  # template PROVISIONER...
  local IFS=, list
  list="$*"
  cat <<T
{"builders": [{"type": "docker", "image": "kiln-python:latest", "pull": false, "commit": true, "volumes": {"/usr": "/usr"}}],
 "provisioners": [$list]}
T
}
check_files() {  # check_files DIR UID WHO
  [[ $(cat "$1/greeting.txt" 2>/dev/null) == "hello from a role (infra)" ]] && ok || bad "$3: role template with defaults and group_vars"
  [[ -f $1/handler-ran ]] && ok || bad "$3: handler ran"
  grep -q "built by docker (docker) for infra" "$1/plain.txt" 2>/dev/null && ok || bad "$3: packer_build_name/type extra vars"
  grep -q "lineinfile was here" "$1/plain.txt" 2>/dev/null && ok || bad "$3: lineinfile"
  [[ -f $1/command-ran ]] && ok || bad "$3: command"
  [[ $(stat -c %u "$1/plain.txt" 2>/dev/null) == "$2" ]] && ok || bad "$3: files owned by uid $2"
}

# The user's choices win over the generated docker inventory: these two plays run here instead.
echo "default ansible_connection=local" > "$work/inventory"
overrides=$(cat <<T
{"type": "ansible", "playbook_file": "$pb/playbook.yml",
 "extra_arguments": ["-e", "ansible_connection=local", "-e", "target_dir=$work/extra"]},
{"type": "ansible", "playbook_file": "$pb/playbook.yml", "inventory_file": "$work/inventory",
 "extra_arguments": ["-e", "target_dir=$work/inventory-file"]}
T
)
mkdir -p "$work/extra" "$work/inventory-file"
template "$(remote playbook.yml)" "$(local_ playbook.yml)" "$overrides" > "$work/build.json"
out=$(cd "$work" && "$kiln" build -machine-readable build.json 2>&1) && ok || { bad "docker build with both provisioners"; echo "$out" | tail -30; }
grep -q "TASK \[greeter : render a template\]" <<<"$out" && ok || bad "ansible output streamed"
image=$(grep -o 'sha256:[0-9a-f]*' <<<"$out" | tail -1)
# Read the committed files back through a created (never started) container of the image.
cid=$(api /containers/create -X POST -H 'Content-Type: application/json' -d "{\"Image\": \"$image\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin).get("Id", ""))' 2>/dev/null)
mkdir -p "$work/image"
for path in /home/builder/remote /root/local /tmp; do
  api "/containers/$cid/archive?path=$path" | tar -C "$work/image" -xf - 2>/dev/null
done
api "/containers/$cid?force=true" -X DELETE >/dev/null
check_files "$work/image/remote" 1000 "ansible (docker connection, user builder)"
check_files "$work/image/local" 0 "ansible-local"
[[ -d $work/image/tmp && -z $(ls -A "$work/image/tmp/packer-provisioner-ansible-local" 2>/dev/null) ]] && ok ||
  bad "ansible-local cleaned its staging directory"
[[ -f $work/extra/greeting.txt ]] && ok || bad "extra_arguments -e ansible_connection wins"
[[ -f $work/inventory-file/greeting.txt ]] && ok || bad "inventory_file wins"
[[ $(containers) == 0 ]] && ok || bad "container removed after commit"

template "$(remote failing.yml)" > "$work/fail.json"
out=$(cd "$work" && "$kiln" build fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q 'failed in task "this one breaks"' <<<"$out" && ok || bad "ansible failing task named: $out"
[[ $(containers) == 0 ]] && ok || bad "ansible failure leaves no container"
template "$(local_ failing.yml)" > "$work/fail-local.json"
out=$(cd "$work" && "$kiln" build fail-local.json 2>&1)
[[ $? -ne 0 ]] && grep -q 'failed in task "this one breaks"' <<<"$out" && ok || bad "ansible-local failing task named: $out"
[[ $(containers) == 0 ]] && ok || bad "ansible-local failure leaves no container"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
