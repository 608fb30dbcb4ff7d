#!/usr/bin/env bash
# 200 MB upload and download through the same local sshd: kiln (file provisioner over its SFTP
# communicator), OpenSSH scp, and packer 1.6.6's file provisioner, measured in one run; ratios vs scp.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$here/build/cli/kiln}
size=${SIZE_MB:-200}
work=$(mktemp -d)
fixture=$here/tests/fixtures/sshd/sshd.sh
trap '"$fixture" stop "$work/sshd"; rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
"$fixture" start "$work/sshd"
port=$(cat "$work/sshd/port")
key=$work/sshd/id_ed25519
user=$(cat "$work/sshd/user")   # unprivileged, as on a cloud image
remote=$(cat "$work/sshd/home")/remote
install -d -o "$user" -g "$user" "$remote"
python3 "$here/../shared/bench/gen-data.py" "$size" "$work/data.bin" >/dev/null
template() {  # template DIRECTION SOURCE DESTINATION
  cat <<T
{"builders": [{"type": "null", "ssh_host": "127.0.0.1", "ssh_port": $port, "ssh_username": "$user",
  "ssh_private_key_file": "$key"}],
 "provisioners": [{"type": "file", "direction": "$1", "source": "$2", "destination": "$3"}]}
T
}
timed() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); python3 -c "print($end - $start)"; }
scp_opts=(-q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -i "$key" -P "$port")
template upload "$work/data.bin" "$remote/k.bin" > "$work/up.json"
template download "$remote/k.bin" "$work/k-back.bin" > "$work/down.json"
ku=$(timed "$kiln" build "$work/up.json"); cmp "$work/data.bin" "$remote/k.bin"
kd=$(timed "$kiln" build "$work/down.json"); cmp "$work/data.bin" "$work/k-back.bin"
su=$(timed scp "${scp_opts[@]}" "$work/data.bin" "$user@127.0.0.1:$remote/s.bin")
sd=$(timed scp "${scp_opts[@]}" "$user@127.0.0.1:$remote/s.bin" "$work/s-back.bin")
template upload "$work/data.bin" "$remote/p.bin" > "$work/pup.json"
template download "$remote/p.bin" "$work/p-back.bin" > "$work/pdown.json"
pu=$(timed packer build "$work/pup.json"); pd=$(timed packer build "$work/pdown.json")
python3 - "$size" "$ku" "$kd" "$su" "$sd" "$pu" "$pd" <<'P'
import sys
mb = float(sys.argv[1]); ku, kd, su, sd, pu, pd = map(float, sys.argv[2:])
for what, k, s, p in (("upload", ku, su, pu), ("download", kd, sd, pd)):
    print(f"{what:8s} kiln {mb / k:6.1f} MB/s  scp {mb / s:6.1f} MB/s  packer {mb / p:6.1f} MB/s  "
          f"kiln/scp x{s / k:.2f} (target >= 1.0)  packer/scp x{s / p:.2f}")
P
