#!/usr/bin/env bash
# The qemu builder's failure paths, on a VM with nothing to boot (its BIOS looks for a boot disk for
# ever), so no guest is needed: each ends with kiln's qemu gone (checked by its unique VM name in
# /proc) and the output directory removed.
# - boot_command typed over VNC: {{ .Name }} rendered and the keys reach qemu's PS/2 keyboard (qemu's
#   own trace of them); communicator none, and the VM never powers off: "Failed to shutdown" once
#   shutdown_timeout is up.
# - ssh_timeout too short: Packer's "Timeout waiting for SSH".
# - cancelled (SIGINT) while waiting for SSH.
# - ports taken between kiln picking them and qemu listening (a qemu wrapper takes the SSH forwarding
#   port before the first launch, the VNC port before the second): kiln picks others and goes on.
# The last two download their disk over http into PACKER_CACHE_DIR, under the name Packer gives it
# (sha1 of the checksum); a wrong checksum fails the download and removes the cached file.
#   builder_failures_test.sh KILN
set -uo pipefail
kiln=$(realpath "$1")
work=$(mktemp -d)
server_pid=
trap '[[ -n $server_pid ]] && kill "$server_pid"; for f in "$work"/holder-*.pid; do [[ -f $f ]] && kill "$(cat "$f")"; done; rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
cd "$work"
qemu-img create -q -f qcow2 blank.qcow2 16M
mkdir www && cp blank.qcow2 www/
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory www > /dev/null 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/blank.qcow2" && break; sleep 0.1; done
checksum=sha256:$(sha256sum blank.qcow2 | cut -c1-64)
export PACKER_CACHE_DIR=$work/cache
cached=cache/$(printf %s "$checksum" | sha1sum | cut -c1-40).iso

# qemu_pids NAME: the processes whose command line names the VM NAME.
qemu_pids() {
  local f cmdline
  for f in /proc/[0-9]*/cmdline; do
    cmdline=$( { tr '\0' ' ' < "$f"; } 2>/dev/null) || continue
    [[ $cmdline == qemu-system-x86_64\ * && $cmdline == *" -name $1 "* ]] && echo "${f//[^0-9]/}"
  done
  true
}

# template NAME EXTRA_JSON [ISO_URL CHECKSUM]: a disk_image build of the blank disk, VNC and SSH on loopback.
template() {
  cat > "$1.json" <<JSON
{"builders": [{"type": "qemu", "vm_name": "$1", "output_directory": "out-$1", "disk_image": true,
  "iso_url": "${3:-blank.qcow2}", "iso_checksum": "${4:-none}", "accelerator": "tcg", "headless": true, "memory": 64,
  "vnc_bind_address": "127.0.0.1", "boot_wait": "1ms", $2}]}
JSON
}

check_gone() {
  local name=$1
  [[ -z $(qemu_pids "$name") ]] && ok || bad "$name: qemu still runs: $(qemu_pids "$name")"
  [[ ! -e out-$name ]] && ok || bad "$name: the output directory is left"
}

# Keys: qemu's key codes (QKeyCode) of k i l n, then Return.
name=kiln
template $name '"communicator": "none", "shutdown_timeout": "2s", "boot_key_interval": "5ms",
  "boot_command": ["{{ .Name }}<enter>"], "qemuargs": [["-trace", "ps2_keyboard_event"], ["-D", "'"$work"'/keys.log"]]'
"$kiln" build -color=false $name.json > $name.log 2>&1 && bad "$name: the build succeeded" || ok
grep -q "Failed to shutdown" $name.log && ok || { bad "$name: no 'Failed to shutdown'"; cat $name.log; }
grep -q "Typing the boot command over VNC" $name.log && ok || bad "$name: the boot command was not typed"
keys=$(sed -n 's/.*qcode \([0-9]*\) down 1 .*/\1/p' keys.log 2>/dev/null | tr '\n' ' ')
[[ $keys == "43 30 44 54 35 " ]] && ok || bad "$name: key codes pressed: '$keys', expected k i l n Return (43 30 44 54 35)"
check_gone $name

name=badsum
template $name '"communicator": "none"' "http://127.0.0.1:$port/blank.qcow2" "sha256:$(printf '0%.0s' {1..64})"
"$kiln" build -color=false $name.json > $name.log 2>&1 && bad "$name: the build succeeded" || ok
grep -q "Checksums did not match" $name.log && ok || { bad "$name: no checksum mismatch reported"; cat $name.log; }
[[ -z $(ls cache 2>/dev/null) ]] && ok || bad "$name: the cache keeps a file that failed its checksum: $(ls cache)"
check_gone $name

name=sshtimeout
template $name '"ssh_username": "root", "ssh_password": "x", "ssh_timeout": "2s"' "http://127.0.0.1:$port/blank.qcow2" "$checksum"
"$kiln" build -color=false $name.json > $name.log 2>&1 && bad "$name: the build succeeded" || ok
grep -q "Timeout waiting for SSH" $name.log && ok || { bad "$name: no 'Timeout waiting for SSH'"; cat $name.log; }
grep -q "Deleting output directory" $name.log && ok || bad "$name: the output directory was not announced as deleted"
cmp -s blank.qcow2 "$cached" && ok || bad "$name: the download is not cached as $cached: $(ls cache)"
check_gone $name

name=cancel
template $name '"ssh_username": "root", "ssh_password": "x", "ssh_timeout": "10m"' "http://127.0.0.1:$port/blank.qcow2" "$checksum"
"$kiln" build -color=false $name.json > $name.log 2>&1 &
kiln_pid=$!
for _ in $(seq 600); do grep -qs "Waiting for SSH" $name.log && break; sleep 0.1; done
[[ -n $(qemu_pids $name) ]] && ok || bad "$name: qemu is not running while kiln waits for SSH"
kill -INT $kiln_pid
wait $kiln_pid && bad "$name: the cancelled build succeeded" || ok
grep -qi "cancel" $name.log && ok || { bad "$name: no cancellation reported"; cat $name.log; }
check_gone $name

name=porttaken
cat > qemu-taken <<'SH'
#!/usr/bin/env bash
# Launch 1: another program takes the SSH forwarding port first; launch 2: the VNC port; then qemu.
launch=$(( $(cat launches 2>/dev/null || echo 0) + 1 ))
echo $launch > launches
args=" $* "
case $launch in
  1) port=${args#*hostfwd=tcp::}; port=${port%%-*}; address=0.0.0.0 ;;
  2) display=${args#* -vnc 127.0.0.1:}; display=${display%% *}; port=$((5900 + display)); address=127.0.0.1 ;;
esac
if [[ -n ${port:-} ]]; then
  python3 -c 'import socket, sys, time
s = socket.socket(); s.bind((sys.argv[1], int(sys.argv[2]))); s.listen()
open(sys.argv[3], "w").close(); time.sleep(600)' $address $port held-$launch >/dev/null 2>&1 &
  echo $! > holder-$launch.pid
  while [[ ! -e held-$launch ]]; do kill -0 $! || exit 99; sleep 0.05; done
fi
exec qemu-system-x86_64 "$@"
SH
chmod +x qemu-taken
template $name '"ssh_username": "root", "ssh_password": "x", "ssh_timeout": "2s", "qemu_binary": "'"$work"'/qemu-taken"'
"$kiln" build -color=false $name.json > $name.log 2>&1 && bad "$name: the build succeeded" || ok
[[ $(grep -c "Picking new ports" $name.log) == 2 ]] && ok || { bad "$name: not two relaunches for taken ports"; cat $name.log; }
grep -q "Timeout waiting for SSH" $name.log && ok || { bad "$name: the third launch did not run"; cat $name.log; }
ports=$(sed -n 's/.*hostfwd=tcp::\([0-9]*\)-.* -vnc 127.0.0.1:\([0-9]*\).*/\1:\2/p' $name.log | tr '\n' ' ')
read -r -a launched <<< "$ports"
[[ ${#launched[@]} == 3 && ${launched[0]%:*} != "${launched[1]%:*}" && ${launched[1]#*:} != "${launched[2]#*:}" ]] && ok ||
  bad "$name: the taken ports were not picked anew: $ports"
check_gone $name

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
