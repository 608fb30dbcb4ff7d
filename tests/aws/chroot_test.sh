#!/usr/bin/env bash
# amazon-chroot on real machinery: this machine plays the EC2 instance the build runs on (the
# metadata service is tests/fixtures/chroot/imds.py), moto plays EC2 behind the signing proxy, and the
# volume kiln creates and attaches appears as a loop device over a small ext4 image with busybox
# (tests/fixtures/chroot/chroot.sh). Real mount, chroot and shell provisioning; then the image is
# mounted read-only to find what the provisioners wrote. Also: a failing provisioner and a cancel in
# the middle of provisioning (nothing left: volume, snapshot, AMI, mounts, mount directory, device),
# IMDSv1 fallback and IMDSv2-only services, Packer 1.6.6's validation messages, and Packer 1.6.6
# building the same template against the same fixtures (EC2 action sequences compared).
# Needs root and loop devices, as CI has: without them it fails, never skips.
# usage: chroot_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=$root/.venv/bin/python
fixture=$here/../fixtures/chroot/chroot.sh
work=$(mktemp -d /tmp/kiln-chroot-test.XXXXXX)
world=$work/world
# The fixture's stop takes down what a failed run left mounted under $world (the chroot mounts
# include a bind of the host's /dev) before anything is removed; no rm ever crosses a mount.
trap '"$fixture" stop "$world" && rm -rf --one-file-system "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
export AWS_ACCESS_KEY_ID=AKIDKILNCHROOT AWS_SECRET_ACCESS_KEY=kiln-chroot-secret  # what the signing proxy accepts
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset AWS_REGION AWS_DEFAULT_REGION AWS_PROFILE
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }
"$fixture" start "$world" || { echo "FAIL the chroot fixture could not start (root, loop devices, mkfs.ext4, busybox)"; exit 1; }
endpoint=$(cat "$world/endpoint") moto_endpoint=$(cat "$world/moto_endpoint")
export AWS_EC2_METADATA_SERVICE_ENDPOINT=$endpoint
device=$(cat "$world/device") mnt=$world/mnt
state() { "$py" "$here/../fixtures/moto/check.py" "$moto_endpoint" state; }
actions() { cut -f1 "$world/moto/actions.log" | cut -d' ' -f1; }
before=$(state)
echo "uploaded through chroot" >"$work/upload.txt"
mkdir -p "$work/updir/sub" && echo "a directory's file" >"$work/updir/sub/file"

template() {  # template AMI_NAME PROVISIONER_INLINE_JSON [EXTRA_KEYS]; $post_mount replaces post_mount_commands,
  local post=${post_mount:-} wrapper=${wrapper:-env KILN_WRAPPED=yes}  # $wrapper the command wrapper's prefix
  [[ -n $post ]] || post='["echo {{.Device}} at {{.MountPath}} > '"$work/post-mount-$1"'"]'
  cat <<T
{
  "builders": [{
    "type": "amazon-chroot", "region": "us-east-1", "custom_endpoint_ec2": "$endpoint",
    "source_ami": "$(cat "$world/ami")", "ami_name": "$1", "device_path": "$device",
    "mount_path": "$mnt/{{.Device}}", "mount_partition": "0",
    "command_wrapper": "$wrapper {{.Command}}",
    "post_mount_commands": $post,
    "root_volume_tags": {"Name": "root of {{ .SourceAMI }}"}, "tags": {"Built": "{{build_name}}"},
    "aws_polling": {"delay_seconds": 1, "max_attempts": 30} ${3:-}
  }],
  "provisioners": [
    {"type": "file", "source": "$work/upload.txt", "destination": "/root/uploaded"},
    {"type": "file", "source": "$work/updir/", "destination": "/root/updir"},
    {"type": "shell", "inline": $2},
    {"type": "file", "direction": "download", "source": "/root/uploaded", "destination": "$work/downloaded-$1"}
  ]
}
T
}
# The image, mounted read-only: FILE's content (the volume's loop device is gone by then).
in_image() {
  mkdir -p "$work/check"
  mount -o ro,loop "$world/disk.img" "$work/check" || return 1
  cat "$work/check/$1" 2>/dev/null
  local rc=$?
  umount "$work/check"
  return $rc
}
nothing_left() {  # nothing_left WHAT: no mount, mount directory, device node or loop device remains
  ! grep -q " $work/\| $device " /proc/mounts && ok || bad "$1: mounts left: $(grep "$work" /proc/mounts)"
  [[ ! -e $mnt/xvdf ]] && ok || bad "$1: the mount directory $mnt/xvdf is still there"
  [[ ! -e $device ]] && [[ -z $(losetup -j "$world/disk.img") ]] && ok || bad "$1: the volume is still attached"
}
same_volumes() {  # same_volumes WHAT: moto holds the volumes it held before the builds, and no new snapshot or AMI
  "$py" - "$before" "$(state)" "$1" <<'P' && ok || bad "$2: something left in moto"
import json, sys
b, a, name = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
assert sorted(v["id"] for v in a["volumes"]) == sorted(v["id"] for v in b["volumes"]), (b["volumes"], a["volumes"])
assert not [i for i in a["images"] if i["name"] == name], a["images"]
P
}

# 1. A build: volume from the source AMI's root snapshot, attached, mounted, provisioned in the chroot.
template kiln-chroot '["echo built-by-$PACKER_BUILDER_TYPE wrapped=$KILN_WRAPPED > /root/marker", "test -d /proc/self", "cat /etc/resolv.conf > /root/resolv"]' > "$work/build.json"
: > "$world/moto/actions.log"
out=$(cd "$work" && "$kiln" build -color=false build.json 2>&1) && ok || { bad "kiln build"; echo "$out" | tail -15; }
[[ $(in_image root/marker) == "built-by-amazon-chroot wrapped=yes" ]] && ok ||
  bad "the shell provisioner ran in the chroot, through command_wrapper: '$(in_image root/marker)'"
[[ $(in_image root/uploaded) == "uploaded through chroot" ]] && ok || bad "the file provisioner uploaded into the chroot"
[[ $(in_image root/updir/sub/file) == "a directory's file" ]] && ok || bad "a directory uploaded into the chroot"
[[ $(cat "$work/downloaded-kiln-chroot" 2>/dev/null) == "uploaded through chroot" ]] && ok || bad "a file downloaded from the chroot"
[[ $(in_image root/resolv) == "$(cat /etc/resolv.conf)" ]] && ok || bad "copy_files copied /etc/resolv.conf in"
! in_image etc/resolv.conf >/dev/null && ok || bad "copy_files' copy was removed before the snapshot"
[[ $(cat "$work/post-mount-kiln-chroot") == "$device at $mnt/xvdf" ]] && ok || bad "post_mount_commands' {{.Device}} and {{.MountPath}}"
nothing_left "build"
seq=$(actions | grep -xE 'CreateVolume|AttachVolume|DetachVolume|CreateSnapshot|RegisterImage|DeleteVolume' | tr '\n' ' ')
[[ $seq == "CreateVolume AttachVolume DetachVolume CreateSnapshot RegisterImage DeleteVolume " ]] && ok ||
  bad "the EC2 calls in order: $seq"
kiln_actions=$(actions)
bad_actions=$(for a in $kiln_actions; do grep -qix "$a" "$here/data/iam_minimal_actions.txt" || echo "$a"; done | sort -u)
[[ -z $bad_actions ]] && ok || bad "actions beyond the minimal IAM policy: $bad_actions"
! grep -q "^[A-Za-z]* " "$world/moto/actions.log" && ok || bad "the signing proxy refused a call: $(grep '^[A-Za-z]* ' "$world/moto/actions.log")"
[[ $(head -2 "$world/imds.log" | tr '\n' '|') == "PUT /latest/api/token|GET /latest/dynamic/instance-identity/document token|" ]] &&
  ok || bad "the metadata service was asked with an IMDSv2 token: $(cat "$world/imds.log")"
"$py" - "$(state)" "$world/moto/actions.log" "$(grep -o 'us-east-1: ami-[0-9a-f]*' <<<"$out")" <<'P' && ok || bad "the AMI, its registration and the volume's tags"
import json, sys, urllib.parse
s, log, artifact = json.loads(sys.argv[1]), open(sys.argv[2]).read().splitlines(), sys.argv[3]
ami = [i for i in s["images"] if i["name"] == "kiln-chroot"]
assert len(ami) == 1 and ami[0]["tags"] == {"Built": "amazon-chroot"}, s["images"]
assert artifact == "us-east-1: " + ami[0]["id"], artifact
form = lambda action: [dict(urllib.parse.parse_qsl(l.split("\t", 1)[1])) for l in log if l.split("\t")[0] == action]
snapshot = [l for l in log if l.startswith("CreateSnapshot")]
vol = form("CreateVolume")[0]
assert vol["SnapshotId"] and vol["AvailabilityZone"] and vol["TagSpecification.1.Tag.1.Value"].startswith("root of ami-"), vol
reg = form("RegisterImage")[0]
assert reg["BlockDeviceMapping.1.DeviceName"] == reg["RootDeviceName"], reg
snap = reg["BlockDeviceMapping.1.Ebs.SnapshotId"]
assert snap in [x["id"] for x in s["snapshots"]], (snap, s["snapshots"])
assert form("AttachVolume")[0]["Device"].endswith("/dev/sdf"), form("AttachVolume")
P

# 2. A failing provisioner: everything is undone in reverse.
template kiln-chroot-fails '["echo half-done > /root/half", "exit 7"]' > "$work/fail.json"
: > "$world/moto/actions.log"
out=$(cd "$work" && "$kiln" build -color=false fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q "non-zero exit status: 7" <<<"$out" && ok || bad "a failing provisioner fails the build: $(tail -3 <<<"$out")"
nothing_left "failing provisioner"
same_volumes kiln-chroot-fails "failing provisioner"
grep -qx "DeleteVolume" <(actions) && ! grep -qx "CreateSnapshot\|RegisterImage" <(actions) && ok ||
  bad "failing provisioner: the volume deleted, nothing snapshotted or registered: $(actions | tr '\n' ' ')"

# 3. Cancelled (SIGINT to the CLI, as Ctrl-C) while a host command runs before mounting, while mount(8)
# has mounted the root but not yet exited (the wrapper holds it), while one runs after mounting, and
# while provisioning: each time the same clean slate.
cancel_at() {  # cancel_at NAME STARTED_FILE EXTRA_KEYS INLINE
  template "$1" "$4" "$3" > "$work/$1.json"
  (cd "$work" && exec "$kiln" build -color=false "$1.json" >"$work/$1.log" 2>&1) &
  local pid=$!
  for _ in $(seq 300); do [[ -e $2 ]] && break; sleep 0.1; done
  [[ -e $2 ]] && ok || bad "$1: the point to cancel at was reached"
  kill -INT "$pid"
  wait "$pid"
  [[ $? -ne 0 ]] && grep -qi "cancel\|interrupt" "$work/$1.log" && ok || bad "$1: the build was cancelled: $(tail -3 "$work/$1.log")"
  nothing_left "$1"
  same_volumes "$1" "$1"
}
cancel_at kiln-chroot-cancel-pre "$work/pre-started" ', "pre_mount_commands": ["touch '"$work"'/pre-started; sleep 60"]' '["true"]'
cat >"$work/slow-mount" <<W
#!/bin/sh
"\$@"; status=\$?
[ "\$1" = mount ] && [ "\$2" = "$device" ] && touch "$work/root-mounted" && sleep 60
exit \$status
W
chmod +x "$work/slow-mount"
wrapper=$work/slow-mount cancel_at kiln-chroot-cancel-mount "$work/root-mounted" "" '["true"]'
post_mount='["touch '"$work"'/post-started; sleep 60"]' cancel_at kiln-chroot-cancel-post "$work/post-started" "" '["true"]'
cancel_at kiln-chroot-cancel "$mnt/xvdf/root/started" "" '["touch /root/started", "sleep 60"]'
if [[ -n ${KILN_REPORT_DIR:-} ]]; then
  mkdir -p "$KILN_REPORT_DIR"
  echo "{\"faults_injected\": 5, \"survived\": $((failed == 0 ? 5 : 0)), \"leaked\": $((failed == 0 ? 0 : 1))}" \
    >"$KILN_REPORT_DIR/faults-chroot.json"
fi

# 4. The metadata service: an old one without tokens (IMDSv1), and one that requires them.
for mode in v1 required; do
  "$fixture" imds "$world" "$mode" && export AWS_EC2_METADATA_SERVICE_ENDPOINT=$(cat "$world/endpoint")
  endpoint=$AWS_EC2_METADATA_SERVICE_ENDPOINT
  template "kiln-chroot-$mode" '["true"]' > "$work/$mode.json"
  out=$(cd "$work" && "$kiln" build -color=false "$mode.json" 2>&1) && ok || { bad "kiln build with an IMDS $mode service"; echo "$out" | tail -5; }
  expected="GET /latest/dynamic/instance-identity/document $([[ $mode == v1 ]] && echo no-token || echo token)"
  [[ $(head -1 "$world/imds.log") == "PUT /latest/api/token" && $(sed -n 2p "$world/imds.log") == "$expected" ]] && ok ||
    bad "IMDS $mode: token asked first, then $expected: $(cat "$world/imds.log")"
done
"$fixture" imds "$world" optional && export AWS_EC2_METADATA_SERVICE_ENDPOINT=$(cat "$world/endpoint")
endpoint=$AWS_EC2_METADATA_SERVICE_ENDPOINT

# 5. Validation: Packer 1.6.6's messages for from_scratch without what it needs, from both tools.
cat > "$work/scratch.json" <<'T'
{"builders": [{"type": "amazon-chroot", "region": "us-east-1", "ami_name": "scratch", "from_scratch": true,
  "chroot_mounts": [["proc", "/proc"]], "ami_architecture": "sparc"}]}
T
kiln_out=$("$kiln" validate "$work/scratch.json" 2>&1)
packer_out=$(packer validate "$work/scratch.json" 2>&1)
for message in "root_volume_size is required with from_scratch." "pre_mount_commands is required with from_scratch." \
  "ami_virtualization_type is required with from_scratch." "root_device_name is required with from_scratch." \
  "ami_block_device_mappings is required with from_scratch." "Each chroot_mounts entry should be three elements." \
  'The only valid ami_architecture values are "x86_64" and "arm64"'; do
  grep -qF "$message" <<<"$packer_out" && grep -qF "$message" <<<"$kiln_out" && ok || bad "validation message: $message"
done

# 6. Packer 1.6.6 on the same template and fixtures. Its metadata client asks custom_endpoint_ec2, which
# is why the fixture serves the metadata and EC2 at one address; it leaves the mount directory behind,
# kiln removes it.
template packer-chroot '["echo built-by-$PACKER_BUILDER_TYPE wrapped=$KILN_WRAPPED > /root/marker", "test -d /proc/self", "cat /etc/resolv.conf > /root/resolv"]' > "$work/packer.json"
: > "$world/moto/actions.log"
(cd "$work" && packer build -color=false packer.json >"$work/packer.log" 2>&1) && ok || { bad "packer build"; tail -10 "$work/packer.log"; }
[[ $(in_image root/marker) == "built-by-amazon-chroot wrapped=yes" ]] && ok || bad "packer's provisioner marker"
rmdir "$mnt/xvdf" 2>/dev/null
nothing_left "packer build"
packer_actions=$(actions)
"$py" - "$kiln_actions" "$packer_actions" <<'P' && ok || bad "kiln's EC2 calls are Packer's, in Packer's order (a subsequence)"
import sys
kiln, packer = sys.argv[1].split(), sys.argv[2].split()
it = iter(packer)
missing = [a for a in kiln if not any(a == b for b in it)]
assert not missing, f"kiln {kiln}\npacker {packer}\nnot in order: {missing}"
P

# 7. from_scratch: an empty volume, made a filesystem by pre_mount_commands and given a shell by
# post_mount_commands; the AMI's mappings come from the template.
post_mount='["mkdir -p {{.MountPath}}/bin {{.MountPath}}/root {{.MountPath}}/tmp", "cp '"$(command -v busybox)"' {{.MountPath}}/bin/busybox", "ln -s busybox {{.MountPath}}/bin/sh"]' \
  template kiln-chroot-scratch '["echo from-scratch > /root/marker"]' ', "from_scratch": true, "root_volume_size": 3,
    "pre_mount_commands": ["mkfs.ext4 -q -F {{.Device}}"], "ami_virtualization_type": "hvm", "root_device_name": "/dev/xvda",
    "ami_block_device_mappings": [{"device_name": "/dev/xvda", "volume_type": "gp2", "delete_on_termination": true}],
    "chroot_mounts": [["proc", "proc", "/proc"]]' > "$work/scratch-build.json"
: > "$world/moto/actions.log"
out=$(cd "$work" && "$kiln" build -color=false scratch-build.json 2>&1) && ok || { bad "from_scratch build"; echo "$out" | tail -8; }
[[ $(in_image root/marker) == "from-scratch" ]] && ok || bad "from_scratch: the provisioner ran in the new filesystem"
nothing_left "from_scratch"
"$py" - "$world/moto/actions.log" <<'P' && ok || bad "from_scratch: CreateVolume and RegisterImage parameters"
import sys, urllib.parse
log = open(sys.argv[1]).read().splitlines()
form = lambda action: [dict(urllib.parse.parse_qsl(l.split("\t", 1)[1])) for l in log if l.split("\t")[0] == action][0]
vol, reg = form("CreateVolume"), form("RegisterImage")
assert vol["Size"] == "3" and vol["VolumeType"] == "gp2" and "SnapshotId" not in vol, vol
assert reg["Architecture"] == "x86_64" and reg["VirtualizationType"] == "hvm" and reg["RootDeviceName"] == "/dev/xvda", reg
assert reg["BlockDeviceMapping.1.DeviceName"] == "/dev/xvda" and reg["BlockDeviceMapping.1.Ebs.VolumeSize"] == "3", reg
assert reg["BlockDeviceMapping.1.Ebs.SnapshotId"] == form("DescribeSnapshots")["SnapshotId.1"], reg
P

# 8. -on-error=abort keeps what the failed build made, as Packer: the root still mounted, the volume
# attached; kiln names them. (The fixture's stop takes them down.)
template kiln-chroot-abort '["exit 7"]' > "$work/abort.json"
: > "$world/moto/actions.log"
out=$(cd "$work" && "$kiln" build -color=false -on-error=abort abort.json 2>&1)
[[ $? -ne 0 ]] && grep -q "behind (-on-error)" <<<"$out" && ok || bad "-on-error=abort names what it left: $(tail -5 <<<"$out")"
grep -q " $mnt/xvdf " /proc/mounts && [[ -e $device ]] && ok || bad "-on-error=abort left the volume mounted and attached"
! grep -qx "DetachVolume\|DeleteVolume" <(actions) && ok || bad "-on-error=abort detached or deleted the volume"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
