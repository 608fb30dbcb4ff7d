#!/usr/bin/env bash
# amazon-ebs over SSH: a full AMI build against moto_server with the provisioners running over a
# real sshd (the "instance" is this machine: ssh_host/ssh_port point at the test sshd), both with
# kiln's temporary key pair (accepted through an AuthorizedKeysCommand) and with ssh_private_key_file.
# Then the same through Packer 1.6.6, and the resulting AMIs compared.
# usage: ebs_ssh_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=$root/.venv/bin/python
work=$(mktemp -d)
moto_pid=
cleanup() {
  [[ -n $moto_pid ]] && kill "$moto_pid" 2>/dev/null
  "$here/../fixtures/sshd/sshd.sh" stop "$work/sshd"
  rm -rf "$work"
}
trap cleanup EXIT
"$here/../fixtures/sshd/sshd.sh" start "$work/sshd" any-key || exit 1
ssh_port=$(cat "$work/sshd/port")
moto_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$root/.venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$moto_port/" && break; sleep 0.1; done
endpoint=http://127.0.0.1:$moto_port
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
state() { "$py" "$here/../fixtures/moto/check.py" "$endpoint" state; }

template() {  # template AMI_NAME MARKER_FILE EXTRA_KEYS
  cat <<T
{
  "builders": [{
    "type": "amazon-ebs", "region": "us-east-1", "custom_endpoint_ec2": "$endpoint", "skip_region_validation": true,
    "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"], "most_recent": true},
    "instance_type": "t2.micro", "ami_name": "$1", "tags": {"Built": "{{build_name}}"},
    "ssh_host": "127.0.0.1", "ssh_port": $ssh_port, "ssh_username": "root", "ssh_timeout": "30s",
    "aws_polling": {"delay_seconds": 1, "max_attempts": 20} $3
  }],
  "provisioners": [{"type": "shell", "inline": ["echo built-by-\$PACKER_BUILDER_TYPE > $2"]}],
  "post-processors": [{"type": "manifest", "output": "$work/manifest-$1.json"}]
}
T
}

# 1. Temporary key pair: kiln creates it through EC2 and connects with its private key.
template kiln-temp-key "$work/marker-temp" "" > "$work/temp.json"
out=$(cd "$work" && "$kiln" build -color=false temp.json 2>&1) && ok || { bad "kiln build with a temporary key pair"; echo "$out"; }
[[ $(cat "$work/marker-temp" 2>/dev/null) == built-by-amazon-ebs ]] && ok || bad "provisioner ran over ssh (temporary key pair)"
grep -q "Connected to SSH!" <<<"$out" && ok || bad "connected message"
"$py" - "$work/manifest-kiln-temp-key.json" "$(state)" <<'P' && ok || bad "AMI, manifest and cleanup (temporary key pair)"
import json, sys
manifest = json.load(open(sys.argv[1])); s = json.loads(sys.argv[2])
ami = [i for i in s["images"] if i["name"] == "kiln-temp-key"]
assert len(ami) == 1 and ami[0]["tags"] == {"Built": "amazon-ebs"}, s["images"]
assert manifest["builds"][0]["artifact_id"] == "us-east-1:" + ami[0]["id"], manifest
assert all(i["state"] == "terminated" for i in s["instances"]), s["instances"]
assert not [k for k in s["key_pairs"] if k.startswith("packer_")], s["key_pairs"]
assert not [g for g in s["groups"] if g["name"].startswith("packer_")], s["groups"]
P

# 2. ssh_private_key_file.
template kiln-key-file "$work/marker-file" ", \"ssh_private_key_file\": \"$work/sshd/id_ed25519\"" > "$work/file.json"
(cd "$work" && "$kiln" build file.json >/dev/null 2>&1) && ok || bad "kiln build with ssh_private_key_file"
[[ -f $work/marker-file ]] && ok || bad "provisioner ran over ssh (key file)"

# 2b. temporary_key_pair_type ed25519 (later Packer): EC2 makes an ed25519 pair (OpenSSH private key
# format) and kiln logs in with it.
template kiln-ed25519 "$work/marker-ed25519" ', "temporary_key_pair_type": "ed25519"' > "$work/ed25519.json"
out=$(cd "$work" && "$kiln" build ed25519.json 2>&1) && ok || { bad "kiln build with an ed25519 temporary key pair"; echo "$out" | tail -5; }
[[ -f $work/marker-ed25519 ]] && ok || bad "provisioner ran over ssh (ed25519 temporary key pair)"

# 3. A failing remote provisioner: everything is cleaned up and no AMI is left.
template kiln-fails "$work/marker-fail" "" | sed 's/"inline": \["echo[^]]*\]/"inline": ["exit 9"]/' > "$work/fail.json"
out=$(cd "$work" && "$kiln" build fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q "non-zero exit status: 9" <<<"$out" && ok || bad "failing provisioner fails the build: $out"
"$py" -c "
import json, sys; s = json.loads(sys.argv[1])
assert not [i for i in s['images'] if i['name'] == 'kiln-fails'], s['images']
assert all(i['state'] == 'terminated' for i in s['instances'])
assert not [k for k in s['key_pairs'] if k.startswith('packer_')]" "$(state)" && ok || bad "cleanup after a failing provisioner"

# 3b. skip_create_ami (later Packer): provisioning runs, the instance is stopped and terminated, no
# AMI, no artifact, so no manifest; an existing AMI of that name is no error.
template kiln-temp-key "$work/marker-skip" ', "skip_create_ami": true' > "$work/skip.json"
out=$(cd "$work" && "$kiln" build skip.json 2>&1) && ok || { bad "skip_create_ami build"; echo "$out" | tail -5; }
[[ -f $work/marker-skip ]] && ok || bad "skip_create_ami still provisions"
grep -q "no artifacts were created" <<<"$out" && ok || bad "skip_create_ami leaves no artifact: $out"
"$py" -c "
import json, sys; s = json.loads(sys.argv[1])
assert len([i for i in s['images'] if i['name'] == 'kiln-temp-key']) == 1, s['images']
assert all(i['state'] == 'terminated' for i in s['instances']), s['instances']
assert not [k for k in s['key_pairs'] if k.startswith('packer_')]" "$(state)" && ok || bad "skip_create_ami: no new AMI, everything cleaned up"

# 4. ssh_clear_authorized_keys: the temporary key pair's line leaves the user's authorized_keys
# (Packer's sed on "ssh-rsa ... <key pair name>"), other lines stay. As an ordinary user, whose
# home is the test's to change (its own user: the sshd fixture sets kiln-test's password).
# '*': no password, yet not locked ('!'), which sshd without PAM would refuse.
flock /run/kiln-test-users.lock sh -c 'id kiln-keys >/dev/null 2>&1 || useradd -m -s /bin/sh kiln-keys; usermod -p "*" kiln-keys'
home=$(getent passwd kiln-keys | cut -d: -f6)
clear_keys() {  # clear_keys TOOL KEY_PAIR_NAME [KEY_TYPE]: builds with TOOL, prints the authorized_keys left
  local type=${3:-rsa} extra=
  [[ -n ${3:-} ]] && extra=", \"temporary_key_pair_type\": \"$3\""
  mkdir -p "$home/.ssh"
  printf 'ssh-ed25519 AAAAkeep someone@else\nssh-%s AAAAdrop %s\n' "$type" "$2" > "$home/.ssh/authorized_keys"
  chown -R kiln-keys "$home/.ssh"
  template "$2" "/tmp/$2.marker" ", \"temporary_key_pair_name\": \"$2\", \"ssh_clear_authorized_keys\": true$extra" |
    sed 's/"ssh_username": "root"/"ssh_username": "kiln-keys"/' |
    # The script goes to the user's home: a root-owned /tmp/script_N.sh left by a failed root run
    # (Packer keeps failed scripts too) could take the same random name.
    sed "s|\"inline\": \[|\"remote_folder\": \"$home\", \"inline\": [|" > "$work/$2.json"
  (cd "$work" && "$1" build "$2.json" >"$work/$2.log" 2>&1) || { echo "BUILD FAILED"; tail -5 "$work/$2.log"; }
  rm -f "/tmp/$2.marker"
  cat "$home/.ssh/authorized_keys"
}
left=$(clear_keys "$kiln" "kiln-clear-$$")
[[ $left == "ssh-ed25519 AAAAkeep someone@else" ]] && ok || bad "ssh_clear_authorized_keys left: $left"
# An ed25519 temporary key pair's line ("ssh-ed25519 … <name>") goes too.
left=$(clear_keys "$kiln" "kiln-clear-ed-$$" ed25519)
[[ $left == "ssh-ed25519 AAAAkeep someone@else" ]] && ok || bad "ssh_clear_authorized_keys (ed25519) left: $left"
if command -v packer >/dev/null; then
  left=$(clear_keys packer "packer-clear-$$")
  [[ $left == "ssh-ed25519 AAAAkeep someone@else" ]] && ok || bad "packer's ssh_clear_authorized_keys left: $left"
fi
rm -rf "$home/.ssh"

# 5. Packer 1.6.6 runs the same template (temporary key pair) against the same moto and sshd.
if command -v packer >/dev/null; then
  template packer-temp-key "$work/marker-packer" "" > "$work/packer.json"
  (cd "$work" && packer build packer.json >"$work/packer.log" 2>&1) && ok || { bad "packer build"; tail -5 "$work/packer.log"; }
  "$py" -c "
import json, sys; s = json.loads(sys.argv[1]); by = {i['name']: i for i in s['images']}
k, p = by['kiln-temp-key'], by['packer-temp-key']
assert k['tags'] == p['tags'] and k['description'] == p['description'], (k, p)
assert [b['device'] for b in k['block_devices']] == [b['device'] for b in p['block_devices']], (k, p)" "$(state)" &&
    ok || bad "kiln's and packer's AMIs differ"
  [[ $(cat "$work/marker-packer" 2>/dev/null) == built-by-amazon-ebs ]] && ok || bad "packer provisioner marker"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
