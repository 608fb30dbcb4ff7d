#!/usr/bin/env bash
# amazon-ebs over SSH as on a real instance: full AMI builds against moto_server behind the signing
# proxy (every EC2 call, kiln's and Packer's, verified with botocore), the provisioners running over
# a stock sshd (the "instance" is this machine: ssh_host/ssh_port point at it) as its unprivileged
# login user, with sudo. The proxy's cloud-init stand-in puts the launch's key pair public key in
# that user's authorized_keys (sshd.sh authorize), so a temporary key pair build passes only if kiln
# logs in with the private key EC2 returned; without the stand-in the same build must fail. Also
# ssh_private_key_file, a failing provisioner, skip_create_ami, ssh_clear_authorized_keys, and
# Packer 1.6.6 on the same template.
# usage: ebs_ssh_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=$root/.venv/bin/python
sshd=$here/../fixtures/sshd/sshd.sh
moto=$here/../fixtures/moto/moto.sh
work=$(mktemp -d)
cleanup() {
  "$moto" stop "$work/moto"
  "$moto" stop "$work/moto-no-cloud-init"
  "$sshd" stop "$work/sshd"
  rm -rf "$work"
}
trap cleanup EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
export AWS_ACCESS_KEY_ID=AKIDKILNSSH AWS_SECRET_ACCESS_KEY=kiln-ssh-secret  # what the signing proxy accepts
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
"$sshd" start "$work/sshd" || exit 1
ssh_port=$(cat "$work/sshd/port") user=$(cat "$work/sshd/user") home=$(cat "$work/sshd/home")
"$moto" start "$work/moto" "$sshd" authorize "$work/sshd" || exit 1
endpoint=$(cat "$work/moto/endpoint")
moto_endpoint=$(cat "$work/moto/moto_endpoint")
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }
state() { "$py" "$here/../fixtures/moto/check.py" "$moto_endpoint" state; }

template() {  # template AMI_NAME MARKER_FILE EXTRA_KEYS: the marker says who ran the provisioner
  cat <<T
{
  "builders": [{
    "type": "amazon-ebs", "region": "us-east-1", "custom_endpoint_ec2": "$endpoint", "skip_region_validation": true,
    "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"],
      "most_recent": true},
    "instance_type": "t2.micro", "ami_name": "$1", "tags": {"Built": "{{build_name}}"},
    "ssh_host": "127.0.0.1", "ssh_port": $ssh_port, "ssh_username": "$user", "ssh_timeout": "30s",
    "aws_polling": {"delay_seconds": 1, "max_attempts": 20} $3
  }],
  "provisioners": [{"type": "shell",
    "inline": ["echo built-by-\$PACKER_BUILDER_TYPE-as-\$(whoami) | sudo tee $2 >/dev/null"]}],
  "post-processors": [{"type": "manifest", "output": "$work/manifest-$1.json"}]
}
T
}
marked() { [[ $(cat "$1" 2>/dev/null) == "built-by-amazon-ebs-as-$user" ]]; }

# 1. Temporary key pair: kiln creates it through EC2, cloud-init (the stand-in) installs its public
# key, kiln logs in with the private key CreateKeyPair returned.
template kiln-temp-key "$home/marker-temp" "" > "$work/temp.json"
out=$(cd "$work" && "$kiln" build -color=false temp.json 2>&1) && ok || { bad "kiln build with a temporary key pair"; echo "$out"; }
marked "$home/marker-temp" && ok || bad "provisioner ran over ssh as $user, sudo worked (temporary key pair)"
grep -q "Connected to SSH!" <<<"$out" && ok || bad "connected message"
key_pair=$(grep -o "Creating temporary keypair: packer_[0-9a-f-]*" <<<"$out" | cut -d' ' -f4)
grep -q " $key_pair\$" "$home/.ssh/authorized_keys" && ok || bad "the key pair's public key ($key_pair) was installed"
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

# 1b. The same without the cloud-init stand-in: no key on the "instance", so no login.
"$moto" start "$work/moto-no-cloud-init" || exit 1
template kiln-no-key "$home/marker-no-key" "" |
  sed -e "s|$endpoint|$(cat "$work/moto-no-cloud-init/endpoint")|" -e 's/"ssh_timeout": "30s"/"ssh_timeout": "8s"/' \
  > "$work/no-key.json"
out=$(cd "$work" && "$kiln" build -color=false no-key.json 2>&1) && bad "a build without its key installed logged in" || ok
[[ ! -e $home/marker-no-key ]] &&
  grep -Eq "authentication with key \(temporary key pair\) failed|Timeout waiting for SSH" <<<"$out" && ok ||
  bad "without the key pair's key no provisioner runs and the login fails: $(tail -3 <<<"$out")"

# 2. ssh_private_key_file (one of the user's own keys; no key pair involved).
template kiln-key-file "$home/marker-file" ", \"ssh_private_key_file\": \"$work/sshd/id_ed25519\"" > "$work/file.json"
(cd "$work" && "$kiln" build file.json >/dev/null 2>&1) && ok || bad "kiln build with ssh_private_key_file"
marked "$home/marker-file" && ok || bad "provisioner ran over ssh (key file)"

# 2b. temporary_key_pair_type (the current plugin): rsa and ed25519 pairs made by EC2 (CreateKeyPair
# KeyType), each installed by cloud-init and used by kiln to log in as the unprivileged user.
for type in rsa ed25519; do
  template "kiln-$type" "$home/marker-$type" ", \"temporary_key_pair_type\": \"$type\"" > "$work/$type.json"
  out=$(cd "$work" && "$kiln" build -color=false "$type.json" 2>&1) && ok ||
    { bad "kiln build with an $type temporary key pair"; echo "$out" | tail -5; }
  marked "$home/marker-$type" && ok || bad "provisioner ran over ssh as $user ($type temporary key pair)"
  key_pair=$(grep -o "Creating temporary keypair: packer_[0-9a-f-]*" <<<"$out" | cut -d' ' -f4)
  grep -q "KeyName=$key_pair&.*KeyType=$type\|KeyType=$type&.*KeyName=$key_pair" "$work/moto/actions.log" && ok ||
    bad "CreateKeyPair asked EC2 for an $type key pair"
  grep -q "^ssh-$type .* $key_pair\$" "$home/.ssh/authorized_keys" && ok ||
    bad "cloud-init installed the $type key pair $key_pair"
done

# 3. A failing remote provisioner: everything is cleaned up and no AMI is left.
template kiln-fails "$home/marker-fail" "" | sed 's/"inline": \["echo[^]]*\]/"inline": ["exit 9"]/' > "$work/fail.json"
out=$(cd "$work" && "$kiln" build fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q "non-zero exit status: 9" <<<"$out" && ok || bad "failing provisioner fails the build: $out"
"$py" -c "
import json, sys; s = json.loads(sys.argv[1])
assert not [i for i in s['images'] if i['name'] == 'kiln-fails'], s['images']
assert all(i['state'] == 'terminated' for i in s['instances'])
assert not [k for k in s['key_pairs'] if k.startswith('packer_')]" "$(state)" && ok || bad "cleanup after a failing provisioner"

# 3b. skip_create_ami (later Packer): provisioning runs, the instance is stopped and terminated, no
# AMI, no artifact, so no manifest; an existing AMI of that name is no error.
template kiln-temp-key "$home/marker-skip" ', "skip_create_ami": true' > "$work/skip.json"
out=$(cd "$work" && "$kiln" build skip.json 2>&1) && ok || { bad "skip_create_ami build"; echo "$out" | tail -5; }
marked "$home/marker-skip" && ok || bad "skip_create_ami still provisions"
grep -q "no artifacts were created" <<<"$out" && ok || bad "skip_create_ami leaves no artifact: $out"
"$py" -c "
import json, sys; s = json.loads(sys.argv[1])
assert len([i for i in s['images'] if i['name'] == 'kiln-temp-key']) == 1, s['images']
assert all(i['state'] == 'terminated' for i in s['instances']), s['instances']
assert not [k for k in s['key_pairs'] if k.startswith('packer_')]" "$(state)" && ok || bad "skip_create_ami: no new AMI, everything cleaned up"

# 4. ssh_clear_authorized_keys: the line cloud-init added for the temporary key pair ("ssh-rsa …
# <key pair name>", which Packer's sed looks for) leaves the user's authorized_keys; other lines stay.
clear_keys() {  # clear_keys TOOL KEY_PAIR_NAME [EXTRA_KEYS]: builds with TOOL; says whether authorized_keys is as before
  echo "ssh-ed25519 AAAAkeep someone@else" >> "$home/.ssh/authorized_keys"
  local before
  before=$(cat "$home/.ssh/authorized_keys")
  template "$2" "$home/$2.marker" ", \"temporary_key_pair_name\": \"$2\", \"ssh_clear_authorized_keys\": true${3:-}" \
    > "$work/$2.json"
  (cd "$work" && "$1" build "$2.json" >"$work/$2.log" 2>&1) || { echo "BUILD FAILED"; tail -5 "$work/$2.log"; }
  marked "$home/$2.marker" || echo "NOT PROVISIONED"
  [[ $(cat "$home/.ssh/authorized_keys") == "$before" ]] || { echo "LEFT:"; cat "$home/.ssh/authorized_keys"; }
}
left=$(clear_keys "$kiln" "kiln-clear-$$")
[[ -z $left ]] && ok || bad "kiln's ssh_clear_authorized_keys: $left"
# An ed25519 temporary key pair's line ("ssh-ed25519 … <key pair name>") goes too.
left=$(clear_keys "$kiln" "kiln-clear-ed-$$" ', "temporary_key_pair_type": "ed25519"')
[[ -z $left ]] && ok || bad "kiln's ssh_clear_authorized_keys (ed25519): $left"
left=$(clear_keys packer "packer-clear-$$")
[[ -z $left ]] && ok || bad "packer's ssh_clear_authorized_keys: $left"

# 5. Packer 1.6.6 runs the same template (temporary key pair) against the same moto and sshd.
template packer-temp-key "$home/marker-packer" "" > "$work/packer.json"
(cd "$work" && packer build packer.json >"$work/packer.log" 2>&1) && ok || { bad "packer build"; tail -5 "$work/packer.log"; }
"$py" -c "
import json, sys; s = json.loads(sys.argv[1]); by = {i['name']: i for i in s['images']}
k, p = by['kiln-temp-key'], by['packer-temp-key']
assert k['tags'] == p['tags'] and k['description'] == p['description'], (k, p)
assert [b['device'] for b in k['block_devices']] == [b['device'] for b in p['block_devices']], (k, p)" "$(state)" &&
  ok || bad "kiln's and packer's AMIs differ"
marked "$home/marker-packer" && ok || bad "packer provisioner marker"

# Every EC2 call passed the signature check.
refused=$(cut -f1 "$work/moto/actions.log" | grep -c " ")
[[ $refused -eq 0 ]] && ok || bad "the signing proxy refused $refused calls"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
