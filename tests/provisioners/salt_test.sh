#!/usr/bin/env bash
# The salt-masterless provisioner with a real `salt-call --local` (Salt from PyPI in the venv that
# scripts/install-deps.sh makes, .venv-salt) on the sshd fixture's machine: a state tree, pillar and
# grains file that write a file, a failing state named in the error, custom_state,
# no_exit_on_failure, disable_sudo, clean (after success, failure and cancel), Packer 1.6.6's
# messages for bad options, and Packer 1.6.6 on the same template (same file, same remote commands,
# recorded by a login shell that logs each command sshd runs).
# usage: salt_test.sh KILN [PACKER]
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../fixtures/packer_reference.sh"
salt_bin=$(realpath -m "$here/../../.venv-salt/bin")
[[ -x $salt_bin/salt-call ]] || { echo "FAIL $salt_bin/salt-call missing: run scripts/install-deps.sh"; exit 1; }
fixture=$here/../fixtures/sshd/sshd.sh
# salt-call runs as root and makes /etc/salt and /var/cache/salt, and grains_file goes to
# /etc/salt/grains: what this test made is removed again, a grains file it replaced put back.
made=()
for d in /etc/salt /var/cache/salt /etc/salt/grains; do [[ -e $d ]] || made+=("$d"); done
[[ -e /etc/salt/grains ]] && cp -a /etc/salt/grains "$work/grains.orig"
restore() {
  "$fixture" stop "$work/sshd"
  [[ -e $work/grains.orig ]] && cp -a "$work/grains.orig" /etc/salt/grains
  for d in "${made[@]}"; do rm -rf "$d"; done
  rm -rf "$work"
}
trap restore EXIT
"$fixture" start "$work/sshd" || exit 1
port=$(cat "$work/sshd/port") user=$(cat "$work/sshd/user") home=$(cat "$work/sshd/home")
machine=$home/work
install -d -o "$user" -g "$user" "$machine" "$machine/srv"
# The login shell records every command (sshd runs `SHELL -c COMMAND`), then runs it with bash.
printf '#!/bin/bash\n[[ $1 == -c ]] && printf "%%s\\n" "$2" >> %s/commands.log\nexec /bin/bash "$@"\n' "$machine" \
  > "$machine/record-shell"
chmod 0755 "$machine/record-shell" && usermod -s "$machine/record-shell" "$user"

mkdir -p "$work/pillar"
printf "base:\n  '*':\n    - data\n" > "$work/pillar/top.sls"
printf "who: the pillar\ntarget_dir: %s/out\n" "$machine" > "$work/pillar/data.sls"
printf "kiln_role: a grain\n" > "$work/grains"
template() {  # [call_args=SALT_CALL_ARGS] template FILE EXTRA_OPTIONS
  cat > "$work/$1" <<T
{"builders": [{"type": "null", "ssh_host": "127.0.0.1", "ssh_port": $port, "ssh_username": "$user",
               "ssh_private_key_file": "$work/sshd/id_ed25519"}],
 "provisioners": [{"type": "salt-masterless", "local_state_tree": "$here/salt/states", "local_pillar_roots": "$work/pillar",
                   "remote_state_tree": "$machine/srv/salt", "remote_pillar_roots": "$machine/srv/pillar",
                   "temp_config_dir": "$machine/salt-tmp", "skip_bootstrap": true, "salt_bin_dir": "$salt_bin",
                   "salt_call_args": "${call_args:---cachedir=$machine/cache}" $2}]}
T
}
reset_machine() { rm -rf "$machine/srv/salt" "$machine/srv/pillar" "$machine/salt-tmp" "$machine/out" "$machine/commands.log"; }
# The commands both ran, without the file transfers' own (kiln uses SFTP, Packer scp -t) and without
# the empty line after each of Packer's (it sends every command with a trailing newline).
commands() { grep -v -e '^scp ' -e 'sftp-server$' -e '^$' "$machine/commands.log"; }

# A highstate: the pillar's values and the grain reach the file; salt's output streams into the events.
template highstate.json ', "grains_file": "'"$work/grains"'"'
out=$(cd "$work" && "$kiln" build highstate.json 2>&1) && ok || { bad "highstate build"; echo "$out" | tail -20; }
[[ $(cat "$machine/out/greeting.txt" 2>/dev/null) == "hello from the pillar as a grain" ]] && ok || bad "the state wrote the pillar's and grain's values"
grep -q "ID: greeting file" <<<"$out" && grep -q "Succeeded: 1 (changed=1)" <<<"$out" && ok || bad "salt output in events: $out"
[[ -f $machine/srv/salt/top.sls && -f $machine/srv/pillar/data.sls ]] && ok || bad "trees in remote_state_tree and remote_pillar_roots"
commands > "$work/kiln-commands"
cp "$machine/out/greeting.txt" "$work/kiln-greeting.txt"

# Packer 1.6.6, same template on a reset machine: the same file and the same commands in order.
reset_machine
(cd "$work" && "$packer" build highstate.json > "$work/packer.log" 2>&1) && ok || { bad "packer build"; tail -20 "$work/packer.log"; }
cmp -s "$work/kiln-greeting.txt" "$machine/out/greeting.txt" && ok || bad "kiln and packer wrote different files"
commands > "$work/packer-commands"
diff "$work/packer-commands" "$work/kiln-commands" && ok || bad "kiln's remote commands differ from packer's (above)"
grep -qx "sudo $salt_bin/salt-call --local  state.highstate --file-root=$machine/srv/salt --pillar-root=$machine/srv/pillar --retcode-passthrough -l info --cachedir=$machine/cache" \
  "$work/kiln-commands" && ok || bad "the salt-call command: $(cat "$work/kiln-commands")"

# A failing state fails the build and is named; clean removes the trees after the failure too.
reset_machine
template failing.json ', "custom_state": "failing", "clean": true'
out=$(cd "$work" && "$kiln" build failing.json 2>&1)
[[ $? -ne 0 ]] && grep -q 'Error executing salt-call: Bad exit status: [0-9]* (failed state: "this one breaks")' <<<"$out" &&
  ok || bad "failing state named: $out"
grep -q -- "--local  state.sls failing --file-root" "$machine/commands.log" && ok || bad "custom_state runs state.sls"
[[ ! -e $machine/srv/salt && ! -e $machine/srv/pillar && ! -e $machine/salt-tmp ]] && ok || bad "clean after a failure"

# no_exit_on_failure: the same failure, reported, and the build goes on (and cleans).
reset_machine
template tolerant.json ', "custom_state": "failing", "clean": true, "no_exit_on_failure": true'
out=$(cd "$work" && "$kiln" build tolerant.json 2>&1) && ok || bad "no_exit_on_failure build failed: $out"
grep -q 'failed state: "this one breaks"' <<<"$out" && ok || bad "no_exit_on_failure still names the state: $out"
grep -q -- "--retcode-passthrough" "$machine/commands.log" && bad "no --retcode-passthrough with no_exit_on_failure" || ok
[[ ! -e $machine/srv/salt && ! -e $machine/srv/pillar && ! -e $machine/salt-tmp ]] && ok || bad "clean after success"

# Cancelled (SIGINT to the CLI) while salt-call runs: clean still removes the trees.
reset_machine
template slow.json ', "custom_state": "slow", "clean": true'
(cd "$work" && exec "$kiln" build -color=false slow.json > "$work/slow.log" 2>&1) &
pid=$!
for _ in $(seq 300); do [[ -e $machine/out/started ]] && break; sleep 0.1; done
[[ -e $machine/out/started ]] && ok || bad "salt-call started the slow state"
kill -INT "$pid"
wait "$pid"
[[ $? -ne 0 ]] && grep -qi "cancel\|interrupt" "$work/slow.log" && ok || bad "the build was cancelled: $(tail -3 "$work/slow.log")"
[[ ! -e $machine/srv/salt && ! -e $machine/srv/pillar && ! -e $machine/salt-tmp ]] && ok || bad "clean after a cancel: $(cat "$work/slow.log")"
# The remote salt-call outlives the cancelled session: let it finish before the fixture goes.
for _ in $(seq 300); do [[ -e $machine/out/finished ]] && break; sleep 0.1; done

# disable_sudo: every command as the login user, salt-call too (with a config of its own, as an
# image's unprivileged setup would have: its root_dir in the user's home).
reset_machine
install -d -o "$user" -g "$user" "$machine/conf"
printf "root_dir: %s/salt-root\nuser: %s\n" "$machine" "$user" > "$machine/conf/minion"
call_args="-c $machine/conf" template nosudo.json ', "disable_sudo": true'
out=$(cd "$work" && "$kiln" build nosudo.json 2>&1) && ok || { bad "disable_sudo build"; echo "$out" | tail -20; }
[[ $(cat "$machine/out/greeting.txt" 2>/dev/null) == "hello from the pillar as no grain" &&
  $(stat -c %U "$machine/out/greeting.txt") == "$user" ]] && ok || bad "disable_sudo: salt-call wrote the file as $user"
grep -q sudo "$machine/commands.log" && bad "disable_sudo ran sudo: $(cat "$machine/commands.log")" || ok
grep -q "^$salt_bin/salt-call --local  state.highstate .* -c $machine/conf$" "$machine/commands.log" && ok ||
  bad "disable_sudo: salt-call itself: $(cat "$machine/commands.log")"

# Packer's messages for bad options.
cat > "$work/bad.json" <<T
{"builders": [{"type": "null", "communicator": "none"}],
 "provisioners": [{"type": "salt-masterless", "local_pillar_roots": "$work/none", "grains_file": "$work/pillar",
                   "minion_config": "$work/pillar/top.sls", "remote_state_tree": "/srv/x", "guest_os_type": "plan9"}]}
T
out=$(cd "$work" && "$kiln" validate bad.json 2>&1)
for m in "local_state_tree cannot be empty" "local_pillar_roots: path '$work/none' is invalid: stat $work/none: no such file or directory" \
  "grains_file: path '$work/pillar' must point to a file" 'Invalid guest_os_type: "plan9"' \
  "remote_state_tree and remote_pillar_roots only apply when minion_config is not used"; do
  grep -qF "$m" <<<"$out" && ok || bad "validate says \"$m\": $out"
done
cat > "$work/empty.json" <<T
{"builders": [{"type": "null", "communicator": "none"}],
 "provisioners": [{"type": "salt-masterless", "local_state_tree": "$here/salt/states", "guest_os_type": "", "log_level": "",
                   "temp_config_dir": ""}]}
T
out=$(cd "$work" && "$kiln" validate empty.json 2>&1) && ok || bad "empty strings mean the defaults, as in Packer: $out"
report
