#!/usr/bin/env bash
# Faults on the SSH path (issue 15): the sshd killed in the middle of an upload (SFTP and SCP) and of a
# remote command, and servers that accept TCP but never finish the SSH handshake. Each build must
# end, name the cause, and leave no process or temporary file behind (tests/fixtures/faults.sh).
# usage: faults_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/sshd/sshd.sh
work=$(mktemp -d)
sshd_dir=$work/sshd
stall_pid=
trap '"$fixture" stop "$sshd_dir"; [[ -z $stall_pid ]] || kill $stall_pid 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
source "$here/../fixtures/faults.sh"

"$fixture" start "$sshd_dir" || exit 1
user=$(cat "$sshd_dir/user")
remote=$(cat "$sshd_dir/home")/remote
install -d -o "$user" -g "$user" "$remote"
comm() {  # the communicator keys of a null builder reaching PORT (default: the test sshd)
  printf '"type": "null", "ssh_host": "127.0.0.1", "ssh_port": %s, "ssh_username": "%s", "ssh_private_key_file": "%s", "ssh_timeout": "%s"' \
    "${1:-$(cat "$sshd_dir/port")}" "$user" "$sshd_dir/id_ed25519" "${TIMEOUT:-20s}"
}
# The sshd's whole tree: listener, per-connection monitors, the user's session and its sftp-server.
kill_sshd() {
  local master
  master=$(cat "$sshd_dir/pid")
  descendants() { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
  kill -9 "$master" $(descendants "$master") 2>/dev/null
}
wait_for() {  # wait_for FILE: until the build made it non-empty (or ended)
  while [[ ! -s $1 ]] && kill -0 "$fault_pid" 2>/dev/null; do sleep 0.02; done
}

# The sshd dies while a 200 MB file is on its way, by SFTP and by SCP: killed as soon as the remote
# file has bytes in it.
python3 "$here/../../../shared/bench/gen-data.py" 200 "$work/huge.bin" >/dev/null
for method in sftp scp; do
  cat >"$work/upload-$method.json" <<T
{"builders": [{ $(comm), "ssh_file_transfer_method": "$method" }],
 "provisioners": [{"type": "file", "source": "$work/huge.bin", "destination": "$remote/huge-$method.bin"}]}
T
  fault_start "$work/upload-$method.log" build -color=false "upload-$method.json"
  wait_for "$remote/huge-$method.bin"
  kill_sshd
  fault_wait 60
  fault_check "sshd killed mid-upload ($method)" "upload to $remote/huge-$method.bin.*connection lost" \
    "$work/upload-$method.log"
  "$fixture" start "$sshd_dir" >/dev/null || exit 1
done

# The sshd dies while the shell provisioner's command runs: killed once the command wrote its marker.
cat >"$work/exec.json" <<T
{"builders": [{ $(comm) }],
 "provisioners": [{"type": "shell", "remote_folder": "$remote", "inline": ["echo running > $remote/exec-marker", "while :; do sleep 0.2; done"]}]}
T
fault_start "$work/exec.log" build -color=false exec.json
wait_for "$remote/exec-marker"
kill_sshd
fault_wait 60
fault_check "sshd killed mid-exec" "reading the output of .*script_[0-9]*.sh.*: connection lost" "$work/exec.log"
"$fixture" start "$sshd_dir" >/dev/null || exit 1

# Servers that accept the connection but never complete the handshake. One that says nothing, and
# one that sends its version line and then nothing: ssh_timeout ends the wait.
stall() {  # stall MODE: starts stall_server.py; sets stall_pid and stall_port
  [[ -z $stall_pid ]] || { kill $stall_pid; wait $stall_pid 2>/dev/null; }
  rm -f "$work/stall.log"
  coproc STALL { exec python3 "$here/../fixtures/sshd/stall_server.py" "$1" "$work/stall.log"; }
  stall_pid=$STALL_PID
  read -r stall_port <&"${STALL[0]}"
}
for mode in silent banner; do
  stall $mode
  cat >"$work/stall-$mode.json" <<T
{"builders": [{ $(TIMEOUT=3s comm "$stall_port") }], "provisioners": [{"type": "shell", "inline": ["true"]}]}
T
  fault_start "$work/stall-$mode.log" build -color=false "stall-$mode.json"
  fault_wait 60
  fault_check "handshake never completed ($mode server)" "Timeout waiting for SSH.*127.0.0.1:$stall_port.*handshake" \
    "$work/stall-$mode.log"
done
# One that answers something else and hangs up: ssh_handshake_attempts ends the retries long before
# ssh_timeout.
stall garbage
cat >"$work/garbage.json" <<T
{"builders": [{ $(TIMEOUT=10m comm "$stall_port"), "ssh_handshake_attempts": 3 }], "provisioners": [{"type": "shell", "inline": ["true"]}]}
T
fault_start "$work/garbage.log" build -color=false garbage.json
fault_wait 60
fault_check "handshake refused by a non-SSH server" "127.0.0.1:$stall_port.*handshake" "$work/garbage.log"
attempts=$(wc -l <"$work/stall.log")
[[ $attempts -eq 3 ]] && ok || bad "ssh_handshake_attempts 3: $attempts connections"
grep -q "Timeout waiting for SSH" "$work/garbage.log" && bad "gave up by ssh_timeout, not by ssh_handshake_attempts" || ok

fault_report comm
echo "$passed passed, $failed failed ($faults_injected faults injected, $faults_survived survived, $faults_leaked leaked)"
[[ $failed -eq 0 ]]
