#!/usr/bin/env bash
# amazon-instance end to end: moto_server behind the signing proxy plays EC2, a stock sshd plays the
# instance (its login user's sudo runs as that user, so `sudo -i` finds the AMI tools stand-ins in
# ~/bin: tests/fixtures/ami_tools), and the stand-ins record the commands kiln sent and upload the
# bundle's manifest into moto's S3 with boto3. Checks the rendered bundle commands, the manifest in
# S3, RegisterImage's ImageLocation, the EC2 actions (each in the IAM list), secret masking, a
# failing provisioner and a cancel while bundling (nothing left in moto, no temporary file), a spot
# build, and Packer 1.6.6 on the same template, moto and sshd: the same commands, kiln's EC2 actions
# a subset of Packer's.
# usage: instance_ssh_test.sh KILN
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
  "$sshd" stop "$work/sshd"
  rm -rf "$work"
}
trap cleanup EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
export AWS_ACCESS_KEY_ID=AKIDKILNINSTANCE AWS_SECRET_ACCESS_KEY=kiln-instance-secret/key+9  # what the proxy accepts
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }

"$sshd" start "$work/sshd" sudo-self || exit 1
ssh_port=$(cat "$work/sshd/port") user=$(cat "$work/sshd/user") home=$(cat "$work/sshd/home")
"$moto" start "$work/moto" "$sshd" authorize "$work/sshd" || exit 1
endpoint=$(cat "$work/moto/endpoint")
moto_endpoint=$(cat "$work/moto/moto_endpoint")
state() { "$py" "$here/../fixtures/moto/check.py" "$moto_endpoint" state; }

# The instance: the AMI tools on the login user's PATH, told where S3 is; directories for the X.509
# files and the bundle (Packer requires both to exist).
install -d -o "$user" -g "$user" "$home/bin" "$home/x509" "$home/bundle"
install -o "$user" -g "$user" -m 0755 "$here/../fixtures/ami_tools/ec2-bundle-vol" \
  "$here/../fixtures/ami_tools/ec2-upload-bundle" "$home/bin/"
site_packages=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
printf '{"s3_endpoint": "%s", "site_packages": "%s"}\n' "$moto_endpoint" "$site_packages" > "$home/ami-tools.json"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=kiln-test -days 1 \
  -keyout "$work/x509-key.pem" -out "$work/x509-cert.pem" 2>/dev/null

template() {  # template AMI_NAME BUCKET INLINE_COMMAND [EXTRA_KEYS]
  cat <<T
{
  "builders": [{
    "type": "amazon-instance", "region": "us-east-1", "custom_endpoint_ec2": "$endpoint", "skip_region_validation": true,
    "source_ami_filter": {"filters": {"name": "Windows_Server-2016-English-Nano-Base-*"}, "owners": ["amazon"],
      "most_recent": true},
    "instance_type": "m3.medium", "ami_name": "$1", "ami_virtualization_type": "paravirtual",
    "tags": {"Built": "{{build_name}}"},
    "account_id": "1234-5678-9012", "s3_bucket": "$2",
    "x509_cert_path": "$work/x509-cert.pem", "x509_key_path": "$work/x509-key.pem",
    "x509_upload_path": "$home/x509", "bundle_destination": "$home/bundle",
    "ssh_host": "127.0.0.1", "ssh_port": $ssh_port, "ssh_username": "$user", "ssh_timeout": "30s",
    "aws_polling": {"delay_seconds": 1, "max_attempts": 20} ${4:-}
  }],
  "provisioners": [{"type": "shell", "inline": ["$3"]}],
  "post-processors": [{"type": "manifest", "output": "$work/manifest-$1.json"}]
}
T
}
actions_since() { tail -n "+$(($1 + 1))" "$work/moto/actions.log" | cut -f1; }
log_lines() { cat "$work/moto/actions.log" 2>/dev/null | wc -l; }
clean_state() {  # nothing of a build is left: instances terminated, no key pair, group or AMI NAME
  "$py" -c "
import json, sys; s = json.loads(sys.argv[1])
assert not [i for i in s['images'] if i['name'] == sys.argv[2]], s['images']
assert all(i['state'] == 'terminated' for i in s['instances']), s['instances']
assert not [k for k in s['key_pairs'] if k.startswith('packer_')], s['key_pairs']
assert not [g for g in s['groups'] if g['name'].startswith('packer_')], s['groups']" "$(state)" "$1"
}

# 1. A build: provision, upload the X.509 files, bundle, upload the bundle, register.
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
template kiln-instance kiln-bundles "echo provisioned-as-\$(whoami) > $home/marker" > "$work/ok.json"
before=$(log_lines)
# -debug: kiln shows each rendered bundle command as Packer's -debug does (no prompt on a closed stdin).
out=$(cd "$work" && "$kiln" build -debug -color=false ok.json 2>&1 </dev/null) && ok || { bad "kiln build"; echo "$out" | tail -20; }
kiln_actions=$(actions_since "$before")
[[ $(cat "$home/marker" 2>/dev/null) == "provisioned-as-$user" ]] && ok || bad "the provisioner ran over ssh"
cmp -s "$work/x509-cert.pem" "$home/x509/cert.pem" && cmp -s "$work/x509-key.pem" "$home/x509/key.pem" && ok ||
  bad "the X.509 files were uploaded to x509_upload_path as cert.pem and key.pem"
prefix=$(sed -n '/^-p$/{n;p}' "$home/ec2-bundle-vol.args")
[[ $prefix =~ ^image-[0-9]{10}$ ]] && ok || bad "bundle_prefix defaults to image-{{timestamp}}: $prefix"
# Packer's default ec2-bundle-vol command, its "-e {{.PrivatePath}}/*" expanded by the login shell.
expected=(-k "$home/x509/key.pem" -u 123456789012 -c "$home/x509/cert.pem" -r x86_64
  -e "$home/x509/cert.pem" "$home/x509/key.pem" -d "$home/bundle" -p "$prefix" --batch --no-filter)
[[ $(cat "$home/ec2-bundle-vol.args") == "$(printf '%s\n' "${expected[@]}")" ]] && ok ||
  { bad "ec2-bundle-vol arguments"; cat "$home/ec2-bundle-vol.args"; }
kiln_vol=$(sed "s/$prefix/PREFIX/" "$home/ec2-bundle-vol.args")
expected=(-b kiln-bundles -m "$home/bundle/$prefix.manifest.xml" -a "$AWS_ACCESS_KEY_ID" -s "$AWS_SECRET_ACCESS_KEY"
  -d "$home/bundle" --batch --region us-east-1 --retry)
[[ $(cat "$home/ec2-upload-bundle.args") == "$(printf '%s\n' "${expected[@]}")" ]] && ok ||
  { bad "ec2-upload-bundle arguments"; cat "$home/ec2-upload-bundle.args"; }
"$py" - "$moto_endpoint" "$prefix" <<'P' && ok || bad "the manifest and its part are in S3"
import sys, boto3
s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=sys.argv[1], aws_access_key_id="x", aws_secret_access_key="x")
keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="kiln-bundles")["Contents"])
assert keys == [sys.argv[2] + ".manifest.xml", sys.argv[2] + ".part.0"], keys
body = s3.get_object(Bucket="kiln-bundles", Key=sys.argv[2] + ".manifest.xml")["Body"].read().decode()
assert "<name>" + sys.argv[2] + "</name>" in body and "<architecture>x86_64</architecture>" in body, body
P
register=$(grep "^RegisterImage	" "$work/moto/actions.log" | head -1)
grep -q "ImageLocation=kiln-bundles%2F$prefix.manifest.xml" <<<"$register" && grep -q "Name=kiln-instance" <<<"$register" &&
  grep -q "VirtualizationType=paravirtual" <<<"$register" && ok || bad "RegisterImage: $register"
"$py" - "$work/manifest-kiln-instance.json" "$(state)" <<'P' && ok || bad "AMI, manifest and cleanup"
import json, sys
manifest = json.load(open(sys.argv[1])); s = json.loads(sys.argv[2])
ami = [i for i in s["images"] if i["name"] == "kiln-instance"]
assert len(ami) == 1 and ami[0]["tags"] == {"Built": "amazon-instance"}, s["images"]
build = manifest["builds"][0]
assert build["artifact_id"] == "us-east-1:" + ami[0]["id"] and build["builder_type"] == "amazon-instance", build
assert all(i["state"] == "terminated" for i in s["instances"]), s["instances"]
assert not [k for k in s["key_pairs"] if k.startswith("packer_")], s["key_pairs"]
assert not [g for g in s["groups"] if g["name"].startswith("packer_")], s["groups"]
P
expected="DescribeImages CreateKeyPair CreateSecurityGroup DescribeSecurityGroups AuthorizeSecurityGroupIngress
RunInstances DescribeInstances RegisterImage CreateTags TerminateInstances DeleteSecurityGroup DeleteKeyPair"
for action in $expected; do grep -qx "$action" <<<"$kiln_actions" || bad "kiln never called $action"; done
[[ $(grep -n . <<<"$kiln_actions" | grep -E ':(RunInstances|RegisterImage|TerminateInstances)$' | cut -d: -f2 | tr '\n' ' ') == \
  "RunInstances RegisterImage TerminateInstances " ]] && ok || bad "launch, register, terminate in that order: $kiln_actions"
iam=$(grep -v '^#' "$here/data/iam_minimal_actions.txt" | tr 'A-Z' 'a-z') nl=$'\n'
for action in $(sort -u <<<"$kiln_actions"); do
  grep -qx "$(tr 'A-Z' 'a-z' <<<"$action")" <<<"$iam" || bad "$action is not in the minimal IAM policy"
done
# The secret key went to the instance (the upload command) but never into kiln's output.
grep -q "Running: sudo -i -n ec2-upload-bundle -b kiln-bundles .* -s <sensitive> " <<<"$out" &&
  ! grep -qF -- "$AWS_SECRET_ACCESS_KEY" <<<"$out" && ok || { bad "-debug shows the upload command, masked"; echo "$out" | grep Running; }
[[ -z $(ls -A "$TMPDIR") ]] && ok || bad "kiln left temporary files: $(ls -A "$TMPDIR")"
# -force (Packer's PackerForce): the AMI of the same name is deregistered, a new one registered.
ami_ids() { "$py" -c "import json, sys; print(' '.join(i['id'] for i in json.loads(sys.argv[1])['images'] if i['name'] == 'kiln-instance'))" "$(state)"; }
first=$(ami_ids)
(cd "$work" && "$kiln" build -force ok.json >/dev/null 2>&1) && second=$(ami_ids) &&
  [[ $second =~ ^ami-[0-9a-f]+$ && $second != "$first" ]] && ok || bad "-force: AMIs named kiln-instance before: $first, after: $(ami_ids)"

# 2. A failing provisioner: nothing bundled, everything removed.
rm -f "$home/ec2-bundle-vol.args"
template kiln-instance-fails kiln-bundles "exit 9" > "$work/fail.json"
out=$(cd "$work" && "$kiln" build fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q "non-zero exit status: 9" <<<"$out" && ok || bad "failing provisioner fails the build: $out"
[[ ! -e $home/ec2-bundle-vol.args ]] && ok || bad "nothing was bundled after the provisioner failed"
clean_state kiln-instance-fails && ok || bad "cleanup after a failing provisioner"
[[ -z $(ls -A "$TMPDIR") ]] && ok || bad "temporary files after a failing provisioner: $(ls -A "$TMPDIR")"

# 3. Cancelled (SIGINT) while ec2-bundle-vol runs: the build fails, everything is removed.
touch "$home/ec2-bundle-vol.hold"
rm -f "$home/ec2-bundle-vol.started"
template kiln-instance-cancel kiln-bundles "true" > "$work/cancel.json"
(cd "$work" && exec "$kiln" build cancel.json > "$work/cancel.log" 2>&1) &
kiln_pid=$!
for _ in $(seq 600); do [[ -e $home/ec2-bundle-vol.started ]] && break; sleep 0.05; done
[[ -e $home/ec2-bundle-vol.started ]] || bad "the cancel build never reached ec2-bundle-vol"
kill -INT "$kiln_pid"
wait "$kiln_pid"
status=$?
rm -f "$home/ec2-bundle-vol.hold"
[[ $status -ne 0 ]] && grep -q "Cancelling build after receiving interrupt" "$work/cancel.log" && ok ||
  { bad "SIGINT while bundling cancels the build (status $status)"; tail -5 "$work/cancel.log"; }
clean_state kiln-instance-cancel && ok || bad "cleanup after a cancel"
[[ -z $(ls -A "$TMPDIR") ]] && ok || bad "temporary files after a cancel: $(ls -A "$TMPDIR")"

# 3b. A spot amazon-instance: a launch template and an instant fleet instead of RunInstances (the
# login user's own key: the cloud-init stand-in answers RunInstances only), both gone afterwards.
template kiln-instance-spot kiln-bundles "true" \
  ", \"spot_price\": \"auto\", \"ssh_private_key_file\": \"$work/sshd/id_ed25519\"" > "$work/spot.json"
before=$(log_lines)
out=$(cd "$work" && "$kiln" build spot.json 2>&1) && ok || { bad "spot amazon-instance build"; echo "$out" | tail -10; }
spot_actions=$(actions_since "$before")
for action in CreateLaunchTemplate CreateFleet RegisterImage TerminateInstances DeleteLaunchTemplate; do
  grep -qx "$action" <<<"$spot_actions" || bad "the spot build never called $action"
done
! grep -qx RunInstances <<<"$spot_actions" && ok || bad "the spot build called RunInstances"
iam_spot=$(grep -v '^#' "$here/data/iam_spot_actions.txt" | tr 'A-Z' 'a-z')
for action in $(sort -u <<<"$spot_actions"); do
  grep -qx "$(tr 'A-Z' 'a-z' <<<"$action")" <<<"$iam$nl$iam_spot" || bad "$action is in neither IAM list"
done
"$py" -c "
import json, sys; s = json.loads(sys.argv[1])
assert len([i for i in s['images'] if i['name'] == 'kiln-instance-spot']) == 1, s['images']
assert not s['launch_templates'], s['launch_templates']
assert all(i['state'] == 'terminated' for i in s['instances']), s['instances']" "$(state)" && ok ||
  bad "spot: the AMI registered, the launch template deleted, the instance terminated"
[[ -z $(ls -A "$TMPDIR") ]] && ok || bad "temporary files after the spot build: $(ls -A "$TMPDIR")"
unset TMPDIR

# 4. Packer 1.6.6 on the same template, moto and sshd: the same commands on the instance (but the
# prefix's timestamp), and kiln's EC2 actions a subset of Packer's.
template packer-instance kiln-bundles "true" > "$work/packer.json"
before=$(log_lines)
(cd "$work" && packer build packer.json > "$work/packer.log" 2>&1) && ok || { bad "packer build"; tail -20 "$work/packer.log"; }
packer_actions=$(actions_since "$before")
packer_prefix=$(sed -n '/^-p$/{n;p}' "$home/ec2-bundle-vol.args")
[[ $(sed "s/$packer_prefix/PREFIX/" "$home/ec2-bundle-vol.args") == "$kiln_vol" ]] && ok ||
  { bad "packer's ec2-bundle-vol arguments differ from kiln's"; cat "$home/ec2-bundle-vol.args"; }
expected=(-b kiln-bundles -m "$home/bundle/$packer_prefix.manifest.xml" -a "$AWS_ACCESS_KEY_ID" -s "$AWS_SECRET_ACCESS_KEY"
  -d "$home/bundle" --batch --region us-east-1 --retry)
[[ $(cat "$home/ec2-upload-bundle.args") == "$(printf '%s\n' "${expected[@]}")" ]] && ok ||
  { bad "packer's ec2-upload-bundle arguments differ from kiln's"; cat "$home/ec2-upload-bundle.args"; }
extra=$(comm -23 <(sort -u <<<"$kiln_actions") <(sort -u <<<"$packer_actions"))
[[ -z $extra ]] && ok || bad "kiln called what Packer does not: $extra"
echo "EC2 actions, kiln:   $(tr '\n' ' ' <<<"$kiln_actions")"
echo "EC2 actions, packer: $(tr '\n' ' ' <<<"$packer_actions")"
grep "^RegisterImage	" "$work/moto/actions.log" | tail -1 | grep -q "ImageLocation=kiln-bundles%2F$packer_prefix.manifest.xml" &&
  ok || bad "packer's RegisterImage has the ImageLocation kiln sends"

refused=$(cut -f1 "$work/moto/actions.log" | grep -c " ")
[[ $refused -eq 0 ]] && ok || bad "the signing proxy refused $refused calls"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
