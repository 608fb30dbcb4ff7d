#!/usr/bin/env bash
# The ansible (runs here, connects over SSH) and ansible-local (runs on the machine) provisioners
# with Debian's Ansible, against a real sshd: real playbooks (files, templates, lineinfile,
# command, a role with defaults and handlers, group_vars), a failing task, and Packer 1.6.6's
# ansible provisioner (use_proxy=false) on the same playbook.
# usage: ansible_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/sshd/sshd.sh
work=$(mktemp -d)
trap '"$fixture" stop "$work/sshd"; rm -rf "$work"' EXIT
"$fixture" start "$work/sshd" || exit 1
port=$(cat "$work/sshd/port")
user=$(cat "$work/sshd/user")   # unprivileged, as on a cloud image
# What the machine reads and writes lives in the user's home (the machine is this one).
machine=$(cat "$work/sshd/home")/work
as_user() { install -d -o "$user" -g "$user" "$@"; }
as_user "$machine"
key=$work/sshd/id_ed25519
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }
pb=$here/ansible
builder="{\"type\": \"null\", \"name\": \"box\", \"ssh_host\": \"127.0.0.1\", \"ssh_port\": $port, \"ssh_username\": \"$user\", \"ssh_private_key_file\": \"$key\"}"
check_files() {  # check_files DIR WHO
  [[ $(cat "$1/greeting.txt" 2>/dev/null) == "hello from a role (infra)" ]] && ok || bad "$2: role template with defaults and group_vars"
  [[ -f $1/handler-ran ]] && ok || bad "$2: handler ran"
  grep -q "built by box (null) for infra" "$1/plain.txt" 2>/dev/null && ok || bad "$2: packer_build_name/type extra vars"
  grep -q "lineinfile was here" "$1/plain.txt" 2>/dev/null && ok || bad "$2: lineinfile"
  [[ -f $1/command-ran ]] && ok || bad "$2: command"
}

as_user "$machine/remote" "$machine/local"
cat > "$work/remote.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "ansible", "playbook_file": "$pb/playbook.yml", "groups": ["web"],
                   "extra_arguments": ["-e", "target_dir=$machine/remote"], "use_proxy": false}]}
T
cat > "$work/local.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "ansible-local", "playbook_file": "$pb/playbook.yml", "role_paths": ["$pb/roles/greeter"],
                   "group_vars": "$pb/group_vars", "extra_arguments": ["-e", "target_dir=$machine/local"],
                   "staging_directory": "$machine/staging", "clean_staging_directory": true}]}
T
out=$(cd "$work" && "$kiln" build remote.json 2>&1) && ok || { bad "ansible build"; echo "$out" | tail -20; }
grep -q "TASK \[greeter : render a template\]" <<<"$out" && ok || bad "ansible output streamed"
# With a key, Packer 1.6.6 offers only that key: --ssh-extra-args '-o IdentitiesOnly=yes', or
# ansible_ssh_extra_args run together, quotes included.
grep -q "Executing Ansible: .* --ssh-extra-args '-o IdentitiesOnly=yes'" <<<"$out" && ok || bad "default --ssh-extra-args: $out"
sed 's|"use_proxy": false|"use_proxy": false, "ansible_ssh_extra_args": ["-o IdentitiesOnly=yes", " -o ConnectTimeout=9"]|' \
  "$work/remote.json" > "$work/extra-args.json"
out=$(cd "$work" && "$kiln" build extra-args.json 2>&1) && ok || { bad "ansible build with ansible_ssh_extra_args"; echo "$out" | tail -20; }
grep -q "Executing Ansible: .* --ssh-extra-args '-o IdentitiesOnly=yes -o ConnectTimeout=9'" <<<"$out" && ok ||
  bad "ansible_ssh_extra_args: $out"
check_files "$machine/remote" ansible
out=$(cd "$work" && "$kiln" build local.json 2>&1) && ok || { bad "ansible-local build"; echo "$out" | tail -20; }
check_files "$machine/local" ansible-local
[[ ! -e $machine/staging ]] && ok || bad "ansible-local cleaned its staging directory"

sed "s|playbook.yml|failing.yml|" "$work/remote.json" > "$work/fail.json"
out=$(cd "$work" && "$kiln" build fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q 'failed in task "this one breaks"' <<<"$out" && ok || bad "failing task named: $out"
sed "s|playbook.yml|failing.yml|" "$work/local.json" > "$work/fail-local.json"
out=$(cd "$work" && "$kiln" build fail-local.json 2>&1)
[[ $? -ne 0 ]] && grep -q 'failed in task "this one breaks"' <<<"$out" && ok || bad "ansible-local failing task named: $out"

# galaxy_file: a role installed offline from a tarball (file:// source) by ansible-galaxy, here for
# ansible (into roles_path, found through ANSIBLE_ROLES_PATH) and on the machine for ansible-local.
tar -C "$pb/galaxy-role" -czf "$machine/fetched.tar.gz" fetched
printf -- '- src: file://%s\n  name: fetched\n' "$machine/fetched.tar.gz" > "$work/requirements.yml"
as_user "$machine/galaxy-remote" "$machine/galaxy-local"
cat > "$work/galaxy.json" <<T
{"builders": [$builder],
 "provisioners": [
   {"type": "ansible", "playbook_file": "$pb/galaxy.yml", "galaxy_file": "$work/requirements.yml", "galaxy_force_install": true,
    "roles_path": "$work/galaxy-roles", "ansible_env_vars": ["ANSIBLE_ROLES_PATH=$work/galaxy-roles"],
    "extra_arguments": ["-e", "target_dir=$machine/galaxy-remote"], "use_proxy": false},
   {"type": "ansible-local", "playbook_file": "$pb/galaxy.yml", "galaxy_file": "$work/requirements.yml",
    "extra_arguments": ["-e", "target_dir=$machine/galaxy-local"], "staging_directory": "$machine/galaxy-staging"}]}
T
out=$(cd "$work" && "$kiln" build galaxy.json 2>&1) && ok || { bad "galaxy build"; echo "$out" | tail -20; }
[[ -f $work/galaxy-roles/fetched/tasks/main.yml ]] && ok || bad "ansible: galaxy installed the role into roles_path"
[[ $(cat "$machine/galaxy-remote/galaxy.txt" 2>/dev/null) == "installed by ansible-galaxy" ]] && ok || bad "ansible: the galaxy role ran"
[[ -f $machine/galaxy-staging/roles/fetched/tasks/main.yml ]] && ok || bad "ansible-local: galaxy installed the role in staging"
[[ $(cat "$machine/galaxy-local/galaxy.txt" 2>/dev/null) == "installed by ansible-galaxy" ]] && ok || bad "ansible-local: the galaxy role ran"
printf -- '- src: file://%s/missing.tar.gz\n  name: missing\n' "$work" > "$work/requirements-bad.yml"
sed "s|$work/requirements.yml|$work/requirements-bad.yml|" "$work/galaxy.json" > "$work/galaxy-bad.json"
out=$(cd "$work" && "$kiln" build galaxy-bad.json 2>&1)
[[ $? -ne 0 ]] && grep -q "Error executing Ansible Galaxy" <<<"$out" && ok || bad "a failing galaxy install fails the build: $out"

# Differential: Packer 1.6.6's ansible provisioner (use_proxy=false connects straight to sshd too).
as_user "$machine/packer"
sed "s|target_dir=$machine/remote|target_dir=$machine/packer|" "$work/remote.json" > "$work/packer.json"
(cd "$work" && packer build packer.json > "$work/packer.log" 2>&1) && ok || { bad "packer ansible build"; tail -5 "$work/packer.log"; }
for f in greeting.txt plain.txt handler-ran command-ran; do
  cmp -s "$machine/remote/$f" "$machine/packer/$f" && ok || bad "kiln and packer differ in $f"
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
