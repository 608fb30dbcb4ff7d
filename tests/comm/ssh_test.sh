#!/usr/bin/env bash
# The SSH communicator, shell and file provisioners end to end against a real OpenSSH sshd on
# 127.0.0.1, and the same template through Packer 1.6.6 for comparison.
# usage: ssh_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/sshd/sshd.sh
work=$(mktemp -d)
sshd_dir=$work/sshd
socks_pid= auth_socks_pid= closed_pid=
trap '"$fixture" stop "$sshd_dir"; "$fixture" stop "$work/bastion"; "$fixture" stop "$work/nosftp"; kill $socks_pid $auth_socks_pid $closed_pid 2>/dev/null; rm -rf "$work"' EXIT
"$fixture" start "$sshd_dir" || exit 1
port=$(cat "$sshd_dir/port")
user=$(cat "$sshd_dir/user")   # unprivileged, with sudo, as on a cloud image
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }
# The "remote" machine is this one, so its files are visible here.
remote_dir() {  # remote_dir FIXTURE_DIR → a directory the fixture's user owns in its home
  install -d -o "$(cat "$1/user")" -g "$(cat "$1/user")" "$(cat "$1/home")/remote" && echo "$(cat "$1/home")/remote"
}
remote=$(remote_dir "$sshd_dir")

comm() {  # the communicator keys for a null builder reaching the test sshd
  printf '"type": "null", "ssh_host": "127.0.0.1", "ssh_port": %s, "ssh_username": "%s", "ssh_private_key_file": "%s", "ssh_timeout": "%s"' \
    "$port" "$user" "${KEY:-$sshd_dir/id_ed25519}" "${TIMEOUT:-20s}"
}

mkdir -p "$work/src/tree/sub"
echo "top" > "$work/src/tree/a.txt"
echo "deep" > "$work/src/tree/sub/b.txt"
chmod 0750 "$work/src/tree/sub/b.txt"
python3 "$here/../../../shared/bench/gen-data.py" 20 "$work/src/big.bin" >/dev/null
printf '#!/bin/sh\necho "MARK:script $PACKER_BUILD_NAME $GREETING"\n' > "$work/src/step.sh"

cat > "$work/t.json" <<T
{
  "builders": [{ $(comm), "name": "box" }],
  "provisioners": [
    {"type": "shell", "inline": ["echo MARK:inline \$GREETING \$PACKER_BUILDER_TYPE", "echo to-stderr >&2", "exit 3"],
     "environment_vars": ["GREETING=it's me"], "valid_exit_codes": [3]},
    {"type": "shell", "script": "$work/src/step.sh", "environment_vars": ["GREETING=hi"]},
    {"type": "file", "source": "$work/src/tree", "destination": "$remote/with-dir"},
    {"type": "file", "source": "$work/src/tree/", "destination": "$remote/contents"},
    {"type": "file", "source": "$work/src/big.bin", "destination": "$remote/"},
    {"type": "file", "content": "from content\n", "destination": "$remote/content.txt"},
    {"type": "file", "direction": "download", "source": "$remote/big.bin", "destination": "$work/back.bin"},
    {"type": "file", "direction": "download", "source": "$remote/with-dir/tree/", "destination": "$work/back-tree"}
  ]
}
T
out=$(cd "$work" && "$kiln" build -color=false t.json 2>&1)
status=$?
[[ $status -eq 0 ]] && ok || { bad "kiln build over ssh (status $status)"; echo "$out"; }
grep -q "MARK:inline it's me null" <<<"$out" && ok || bad "inline script with env and quoting"
grep -q "to-stderr" <<<"$out" && ok || bad "stderr streamed"
grep -q "MARK:script box hi" <<<"$out" && ok || bad "script provisioner"
[[ -f $remote/with-dir/tree/a.txt && -f $remote/with-dir/tree/sub/b.txt ]] && ok || bad "directory upload without trailing slash"
[[ -f $remote/contents/a.txt && ! -e $remote/contents/tree ]] && ok || bad "directory contents upload with trailing slash"
[[ $(stat -c %a "$remote/contents/sub/b.txt") == 750 ]] && ok || bad "modes preserved"
cmp -s "$work/src/big.bin" "$remote/big.bin" && ok || bad "big file upload byte-identical"
cmp -s "$work/src/big.bin" "$work/back.bin" && ok || bad "big file download byte-identical"
[[ $(cat "$remote/content.txt") == "from content" ]] && ok || bad "content upload"
[[ $(cat "$work/back-tree/sub/b.txt") == deep ]] && ok || bad "directory download"
[[ -z $(ls /tmp/script_*.sh 2>/dev/null | xargs -r grep -l "MARK:inline" 2>/dev/null) ]] && ok || bad "remote script removed"

# A failing remote command fails the build with its status.
cat > "$work/fail.json" <<T
{"builders": [{ $(comm) }], "provisioners": [{"type": "shell", "inline": ["exit 7"]}]}
T
out=$(cd "$work" && "$kiln" build fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q "non-zero exit status: 7" <<<"$out" && ok || bad "failing remote command: $out"

# pause_after: the shell provisioner waits after its scripts ran, before the next provisioner.
cat > "$work/pause.json" <<T
{"builders": [{ $(comm) }],
 "provisioners": [{"type": "shell", "inline": ["date +%s.%N > $remote/ran"], "pause_after": "2s"},
                  {"type": "shell-local", "inline": ["date +%s.%N > $work/next"]}]}
T
out=$(cd "$work" && "$kiln" build -color=false pause.json 2>&1)
grep -q "==> null: Pausing 2s after this provisioner..." <<<"$out" && ok || bad "pause_after announced: $out"
python3 -c "import sys; sys.exit(float(open('$work/next').read()) - float(open('$remote/ran').read()) < 2)" \
  && ok || bad "pause_after waited 2 s after the script"

# Password authentication with a pty; root's part as real templates do it: sudo (passwordless, as
# cloud-init sets it up) in execute_command.
cat > "$work/pw.json" <<T
{"builders": [{"type": "null", "ssh_host": "127.0.0.1", "ssh_port": $port, "ssh_username": "$user",
  "ssh_password": "$(cat "$sshd_dir/password")", "ssh_pty": true}],
 "provisioners": [{"type": "shell", "inline": ["echo MARK:user-\$(id -un)", "tty >/dev/null && echo MARK:has-tty"]},
                  {"type": "shell", "execute_command": "echo 'x' | sudo -S sh -c '{{ .Vars }} {{ .Path }}'",
                   "inline": ["echo MARK:sudo-\$(id -un)"]}]}
T
out=$(cd "$work" && "$kiln" build pw.json 2>&1)
grep -q "MARK:user-$user" <<<"$out" && ok || bad "password authentication: $out"
grep -q "MARK:sudo-root" <<<"$out" && ok || bad "sudo in execute_command: $out"
grep -q "MARK:has-tty" <<<"$out" && ok || bad "ssh_pty gives the command a terminal"
grep -q "$(cat "$sshd_dir/password")" <<<"$out" && bad "the password leaked into the output" || ok
# Short commands in a row on a pty each end with their own exit status, not with the hang-up of a
# channel closed too early.
provisioners=$(for i in $(seq 10); do printf '{"type": "shell", "inline": ["echo MARK:pty-%s"]},' "$i"; done)
cat > "$work/pty.json" <<T
{"builders": [{ $(comm), "ssh_pty": true }], "provisioners": [${provisioners%,}]}
T
out=$(cd "$work" && "$kiln" build pty.json 2>&1)
[[ $? -eq 0 && $(grep -c "MARK:pty-" <<<"$out") -eq 10 ]] && ok || bad "ten short commands on a pty: $out"

# Errors that name what failed.
expect_error() {  # NAME PATTERN (template from stdin)
  cat > "$work/e.json"
  local out
  out=$(cd "$work" && timeout 60 "$kiln" build e.json 2>&1)
  [[ $? -ne 0 ]] && grep -qE "$2" <<<"$out" && ok || bad "$1: $out"
}
# Keys, passwords and their errors: ssh_auth_test.sh.
# A port that refuses connections for the whole test: bound and never listening, so no other
# process can start listening on it meanwhile.
python3 -c 'import socket, time; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1], flush=True); time.sleep(3600)' \
  >"$work/closed-port" &
closed_pid=$!
until [[ -s $work/closed-port ]]; do sleep 0.05; done
closed=$(cat "$work/closed-port")
start=$(date +%s)
expect_error "closed port within ssh_timeout" "Timeout waiting for SSH.*Connection refused" <<T
{"builders": [{ $(TIMEOUT=3s comm | sed "s/\"ssh_port\": $port/\"ssh_port\": $closed/") }], "provisioners": [{"type": "shell", "inline": ["true"]}]}
T
(( $(date +%s) - start < 30 )) && ok || bad "closed port not bounded by ssh_timeout"
expect_error "host key mismatch" "does not match ssh_host_key" <<T
{"builders": [{ $(comm), "ssh_host_key": "SHA256:AAAA" }], "provisioners": [{"type": "shell", "inline": ["true"]}]}
T
# ssh_ciphers and ssh_key_exchange_algorithms (Packer's keys) choose what the session offers.
cat > "$work/ciphers.json" <<T
{"builders": [{ $(comm), "ssh_ciphers": ["aes256-ctr"], "ssh_key_exchange_algorithms": ["curve25519-sha256"] }],
 "provisioners": [{"type": "shell", "inline": ["echo MARK:ciphers-ok"]}]}
T
(cd "$work" && "$kiln" build ciphers.json 2>&1) | grep -q "MARK:ciphers-ok" && ok || bad "ssh_ciphers aes256-ctr"
expect_error "unknown cipher" "ssh_ciphers is invalid \\(no-such-cipher\\)" <<T
{"builders": [{ $(comm), "ssh_ciphers": ["no-such-cipher"] }], "provisioners": [{"type": "shell", "inline": ["true"]}]}
T
expect_error "missing ssh_username" "ssh_username must be specified" <<T
{"builders": [{"type": "null", "ssh_host": "127.0.0.1"}]}
T

# Bastion: a second sshd as the jump host; with it down the build fails, so the hop is really used.
"$fixture" start "$work/bastion" >/dev/null || exit 1
bport=$(cat "$work/bastion/port")
cat > "$work/hop.json" <<T
{"builders": [{ $(TIMEOUT=3s comm), "ssh_bastion_host": "127.0.0.1", "ssh_bastion_port": $bport, "ssh_bastion_username": "$(cat "$work/bastion/user")",
  "ssh_bastion_private_key_file": "$work/bastion/id_ed25519" }],
 "provisioners": [{"type": "shell", "inline": ["echo MARK:through-bastion"]}, {"type": "file", "source": "$work/src/big.bin", "destination": "$remote/hop.bin"}]}
T
out=$(cd "$work" && "$kiln" build hop.json 2>&1)
grep -q "MARK:through-bastion" <<<"$out" && cmp -s "$work/src/big.bin" "$remote/hop.bin" && ok || bad "exec and upload through the bastion: $out"
# ssh_bastion_agent_auth: the bastion's key only in an ssh-agent that the build's environment names.
eval "$(ssh-agent -s)" >/dev/null
bastion_agent_pid=$SSH_AGENT_PID bastion_sock=$SSH_AUTH_SOCK
unset SSH_AUTH_SOCK SSH_AGENT_PID
SSH_AUTH_SOCK=$bastion_sock ssh-add -q "$work/bastion/id_ed25519" 2>/dev/null
sed 's|"ssh_bastion_private_key_file": "[^"]*"|"ssh_bastion_agent_auth": true|' "$work/hop.json" > "$work/hop-agent.json"
out=$(cd "$work" && SSH_AUTH_SOCK=$bastion_sock "$kiln" build hop-agent.json 2>&1)
grep -q "MARK:through-bastion" <<<"$out" && ok || bad "bastion authenticated with ssh_bastion_agent_auth: $out"
out=$(cd "$work" && timeout 60 "$kiln" build hop-agent.json 2>&1)
[[ $? -ne 0 ]] && ok || bad "without the agent the bastion refuses: $out"
# No bastion key named: the target's key is the bastion's too (Packer), here once the bastion accepts it.
"$fixture" authorize "$work/bastion" "$sshd_dir/id_ed25519.pub"
cat > "$work/hop-target-key.json" <<T
{"builders": [{ $(TIMEOUT=3s comm), "ssh_bastion_host": "127.0.0.1", "ssh_bastion_port": $bport, "ssh_bastion_username": "$(cat "$work/bastion/user")" }],
 "provisioners": [{"type": "shell", "inline": ["echo MARK:bastion-with-target-key"]}]}
T
out=$(cd "$work" && "$kiln" build hop-target-key.json 2>&1)
grep -q "MARK:bastion-with-target-key" <<<"$out" && ok || bad "the bastion takes the target's key when none is named: $out"
kill "$bastion_agent_pid" 2>/dev/null
"$fixture" stop "$work/bastion"
out=$(cd "$work" && timeout 60 "$kiln" build hop-target-key.json 2>&1)
[[ $? -ne 0 ]] && grep -q "127.0.0.1:$bport" <<<"$out" && ok || bad "a dead bastion fails the build naming it: $out"

# SCP: asked for by the template, and chosen by kiln when the server has no SFTP subsystem.
"$fixture" start "$work/nosftp" no-sftp >/dev/null || exit 1
scp_template() {  # scp_template COMM_KEYS DIR
  cat <<T
{"builders": [{ $1 }],
 "provisioners": [
   {"type": "file", "source": "$work/src/tree/", "destination": "$2/up"},
   {"type": "file", "source": "$work/src/big.bin", "destination": "$2/big.bin"},
   {"type": "file", "direction": "download", "source": "$2/big.bin", "destination": "$2-back/big.bin"},
   {"type": "file", "direction": "download", "source": "$2/up/", "destination": "$2-back/tree"}
 ]}
T
}
nosftp_remote=$(remote_dir "$work/nosftp")
scp_template "$(comm), \"ssh_file_transfer_method\": \"scp\"" "$remote/scp" > "$work/scp.json"
scp_template "$(port=$(cat "$work/nosftp/port") user=$(cat "$work/nosftp/user") KEY=$work/nosftp/id_ed25519 comm)" \
  "$nosftp_remote/nosftp" > "$work/nosftp.json"
for case in scp nosftp; do
  base=$remote; [[ $case == nosftp ]] && base=$nosftp_remote
  out=$(cd "$work" && "$kiln" build $case.json 2>&1)
  [[ $? -eq 0 ]] && cmp -s "$work/src/big.bin" "$base/$case/big.bin" && cmp -s "$work/src/big.bin" "$base/$case-back/big.bin" &&
    diff -r "$work/src/tree" "$base/$case/up" && diff -r "$work/src/tree" "$base/$case-back/tree" &&
    [[ $(stat -c %a "$base/$case/up/sub/b.txt") == 750 ]] && ok || bad "file round trips over scp ($case): $out"
done
sed 's/"ssh_timeout"/"ssh_file_transfer_method": "sftp", "ssh_timeout"/' "$work/nosftp.json" > "$work/sftp-only.json"
out=$(cd "$work" && "$kiln" build sftp-only.json 2>&1)
[[ $? -ne 0 ]] && grep -q "SFTP" <<<"$out" && ok || bad "sftp asked for on a server without it fails saying so: $out"
"$fixture" stop "$work/nosftp"

# SOCKS5 proxy (ssh_proxy_*): OpenSSH's own dynamic forward (ssh -D) is the proxy; once it is gone
# the build fails naming it, so the proxy is really on the path.
# Another process may take the port before ssh binds it: ssh then exits (ExitOnForwardFailure), and
# tries another; its log says when it listens.
for _ in $(seq 5); do
  sport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -f "$work/socks.log"
  ssh -N -v -E "$work/socks.log" -o ExitOnForwardFailure=yes -o BatchMode=yes -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -i "$sshd_dir/id_ed25519" -p "$port" -D "127.0.0.1:$sport" "$user@127.0.0.1" &
  socks_pid=$!
  for _ in $(seq 200); do
    grep -q "Local forwarding listening on 127.0.0.1 port $sport" "$work/socks.log" 2>/dev/null && break 2
    kill -0 $socks_pid 2>/dev/null || break
    sleep 0.05
  done
  kill $socks_pid 2>/dev/null; wait $socks_pid 2>/dev/null
done
cat > "$work/proxy.json" <<T
{"builders": [{ $(TIMEOUT=3s comm), "ssh_proxy_host": "127.0.0.1", "ssh_proxy_port": $sport }],
 "provisioners": [{"type": "shell", "inline": ["echo MARK:through-proxy"]}, {"type": "file", "source": "$work/src/big.bin", "destination": "$remote/proxied.bin"}]}
T
out=$(cd "$work" && "$kiln" build proxy.json 2>&1)
grep -q "MARK:through-proxy" <<<"$out" && cmp -s "$work/src/big.bin" "$remote/proxied.bin" && ok || bad "exec and upload through the SOCKS5 proxy: $out"
# Packer 1.6.6 takes the same keys through the same proxy
rm -f "$remote/proxied.bin"
out=$(cd "$work" && packer build proxy.json 2>&1)
grep -q "MARK:through-proxy" <<<"$out" && cmp -s "$work/src/big.bin" "$remote/proxied.bin" && ok || bad "packer through the proxy: $(tail -5 <<<"$out")"
sed "s/\"ssh_port\": $port/\"ssh_port\": $closed/" "$work/proxy.json" > "$work/proxy-closed.json"
out=$(cd "$work" && timeout 60 "$kiln" build proxy-closed.json 2>&1)
[[ $? -ne 0 ]] && grep -q "SOCKS5 proxy connecting to 127.0.0.1:$closed" <<<"$out" && ok || bad "a target the proxy cannot reach is named: $out"
kill $socks_pid; wait $socks_pid 2>/dev/null; socks_pid=
out=$(cd "$work" && timeout 60 "$kiln" build proxy.json 2>&1)
[[ $? -ne 0 ]] && grep -q "127.0.0.1:$sport" <<<"$out" && ok || bad "a dead proxy fails the build naming it: $out"
# A proxy that wants a username and password (RFC 1929): the right ones pass, the password is
# masked, the wrong ones are refused by name.
coproc AUTH_SOCKS { exec python3 "$here/../fixtures/socks5/socks5_server.py" proxy-user proxy-secret-pw; }
auth_socks_pid=$AUTH_SOCKS_PID
read -r aport <&"${AUTH_SOCKS[0]}"
auth_template() {  # auth_template PASSWORD
  sed "s/\"ssh_proxy_port\": $sport/\"ssh_proxy_port\": $aport, \"ssh_proxy_username\": \"proxy-user\", \"ssh_proxy_password\": \"$1\"/" "$work/proxy.json"
}
auth_template proxy-secret-pw > "$work/proxy-auth.json"
out=$(cd "$work" && "$kiln" build proxy-auth.json 2>&1)
grep -q "MARK:through-proxy" <<<"$out" && ok || bad "through a proxy with username/password: $out"
auth_template wrong-pw > "$work/proxy-auth-bad.json"
out=$(cd "$work" && timeout 60 "$kiln" build proxy-auth-bad.json 2>&1)
[[ $? -ne 0 ]] && grep -q "refused user proxy-user" <<<"$out" && ok || bad "wrong proxy password: $out"
grep -q "wrong-pw" <<<"$out" && bad "the proxy password is printed" || ok
kill $auth_socks_pid; auth_socks_pid=

# Differential: the same provisioners through Packer 1.6.6 leave the same files.
cat > "$work/diff.json" <<T
{
  "builders": [{ $(comm) }],
  "provisioners": [
    {"type": "shell", "inline": ["mkdir -p {{user \`dir\`}}/flat", "echo \"\$A/\$PACKER_BUILD_NAME\" > {{user \`dir\`}}/env.txt"], "environment_vars": ["A=x y"]},
    {"type": "file", "source": "$work/src/tree", "destination": "{{user \`dir\`}}/"},
    {"type": "file", "source": "$work/src/tree/", "destination": "{{user \`dir\`}}/flat"},
    {"type": "file", "source": "$work/src/step.sh", "destination": "{{user \`dir\`}}/"}
  ]
}
T
sed -i 's/"builders"/"variables": {"dir": ""}, "builders"/' "$work/diff.json"
(cd "$work" && "$kiln" build -var "dir=$remote/kiln-diff" diff.json >/dev/null 2>&1) || bad "kiln diff build"
(cd "$work" && packer build -var "dir=$remote/packer-diff" diff.json >"$work/packer.log" 2>&1) || { bad "packer diff build"; grep -iE "error|fail" "$work/packer.log" | head -5; }
(cd "$remote/kiln-diff" && find . -type f | sort | xargs md5sum) > "$work/k.lst"
(cd "$remote/packer-diff" && find . -type f | sort | xargs md5sum) > "$work/p.lst"
diff "$work/k.lst" "$work/p.lst" && ok || bad "kiln and packer left different files"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
