#!/usr/bin/env bash
# The qemu test guest (tests/fixtures/qemu) boots under TCG to an SSH login, writes a file to its
# disk, powers itself off (qemu ends on its own), and a second boot of the same disk reads the file.
# In the second boot kiln's VNC typer (tests/qemu/vnc_type) types a boot command into the root
# shell on the VGA console, which SSH then finds done.
#   guest_test.sh GUEST_DIR VNC_TYPE   (GUEST_DIR: where make_guest.sh keeps the guest)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/qemu
source "$fixture/guest.sh"
guest=$1 vnc_type=$2
"$fixture/make_guest.sh" "$guest"
guest=$(realpath "$guest")  # qemu-img keeps the backing file's path as given

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

vnc_port=$(free_loopback_port 5900 5999)
guest_boot "$work" "$guest" "$work/disk.qcow2" -vnc "127.0.0.1:$((vnc_port - 5900))"
guest_wait_ssh "$work" 120; echo "SSH login at ${SECONDS}s"
read_back=$(guest_ssh "$work" cat /mnt/disk/token)
[[ $read_back == "$token" ]] || { echo "the second boot read '$read_back', not '$token'" >&2; exit 1; }

# Ctrl-U (a held modifier) clears "junk"; Shift for upper case and symbols; <bs> erases the X.
"$vnc_type" 127.0.0.1 "$vnc_port" 'junk<leftCtrlOn>u<leftCtrlOff>echo Typed:$((6*7))X<bs> >/tmp/typed<enter>' 20ms
typed=
for _ in $(seq 60); do
  typed=$(guest_ssh "$work" 'cat /tmp/typed 2>/dev/null' || true)
  [[ -n $typed ]] && break
  sleep 0.5
done
[[ $typed == "Typed:42" ]] || { echo "the console shell wrote '$typed', not 'Typed:42'" >&2; exit 1; }
echo "typed over VNC at ${SECONDS}s"
guest_ssh "$work" poweroff
guest_wait_exit "$work" 60; echo "powered off at ${SECONDS}s"
echo "ok: boot, write, poweroff, boot, read, type over VNC"
