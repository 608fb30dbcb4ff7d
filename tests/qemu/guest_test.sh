#!/usr/bin/env bash
# The qemu test guest (tests/fixtures/qemu) boots under TCG to an SSH login, writes a file to its
# disk, powers itself off (qemu ends on its own), and a second boot of the same disk reads the file.
#   guest_test.sh GUEST_DIR   (where make_guest.sh keeps the guest)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/qemu
source "$fixture/guest.sh"
guest=$1
"$fixture/make_guest.sh" "$guest"

work=$(mktemp -d)
trap 'guest_kill "$work"; rm -rf "$work"' EXIT
qemu-img create -q -f qcow2 -b "$guest/disk.qcow2" -F qcow2 "$work/disk.qcow2"
token=written-$RANDOM$RANDOM

guest_boot "$work" "$guest" "$work/disk.qcow2"
guest_wait_ssh "$work" 120; echo "SSH login at ${SECONDS}s"
[[ $(guest_ssh "$work" cat /mnt/disk/kiln-guest-disk) == "kiln qemu test guest disk" ]]
guest_ssh "$work" "echo $token > /mnt/disk/token"
guest_ssh "$work" poweroff
guest_wait_exit "$work" 60; echo "powered off at ${SECONDS}s"

guest_boot "$work" "$guest" "$work/disk.qcow2"
guest_wait_ssh "$work" 120; echo "SSH login at ${SECONDS}s"
read_back=$(guest_ssh "$work" cat /mnt/disk/token)
[[ $read_back == "$token" ]] || { echo "the second boot read '$read_back', not '$token'" >&2; exit 1; }
guest_ssh "$work" poweroff
guest_wait_exit "$work" 60; echo "powered off at ${SECONDS}s"
echo "ok: boot, write, poweroff, boot, read"
