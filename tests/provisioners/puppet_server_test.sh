#!/usr/bin/env bash
# The puppet-server provisioner over SSH to a real sshd, compared with Packer 1.6.6. There is no
# puppetserver on these machines (it is not a Debian 12 package), so `puppet` here is a recording
# one, reached through puppet_bin_dir: it writes down its arguments, the FACTER_ environment, its
# directory and user, copies the staged certificates and keys, and exits with a chosen status.
# Checked: the exact command, sudo -E carrying the facts, the uploaded client_cert_path and
# client_private_key_path, detailed exit codes (2 succeeds, 4 fails), the staging directory
# removed, Packer's validation messages; and Packer 1.6.6 records the same.
# usage: puppet_server_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/sshd/sshd.sh
work=$(mktemp -d)
trap '"$fixture" stop "$work/sshd"; rm -rf "$work"' EXIT
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }
"$fixture" start "$work/sshd" || exit 1
port=$(cat "$work/sshd/port")
user=$(cat "$work/sshd/user")
machine=$(cat "$work/sshd/home")/work
install -d -o "$user" -g "$user" "$machine"
key=$work/sshd/id_ed25519
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

rec=$work/rec
mkdir -p "$work/bin" "$work/certs" "$work/keys"
echo "certificate" > "$work/certs/web01.pem"
echo "private key" > "$work/keys/web01.pem"
cat > "$work/bin/puppet" <<R
#!/bin/sh
printf '%s\n' "\$@" > $rec/argv
env | grep '^FACTER_' | sort > $rec/facts
pwd > $rec/cwd
id -u > $rec/uid
cp -r certs private_keys $rec/
exit \$(cat $rec/status)
R
chmod +x "$work/bin/puppet"
record() {  # record STATUS: a fresh record directory; the recording puppet exits with STATUS
  rm -rf "$rec" && mkdir "$rec" && echo "$1" > "$rec/status"
}
running() { grep -m1 -o "Running Puppet: .*" "$1"; }
sorted_facts() { python3 -c 'import sys; w=sys.stdin.read().split(" "); f=sorted(x for x in w if x.startswith("FACTER_")); it=iter(f); print(" ".join(next(it) if x.startswith("FACTER_") else x for x in w).rstrip())'; }

builder="{\"type\": \"null\", \"name\": \"box\", \"ssh_host\": \"127.0.0.1\", \"ssh_port\": $port, \"ssh_username\": \"$user\", \"ssh_private_key_file\": \"$key\"}"
cat > "$work/server.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "puppet-server", "puppet_server": "puppet.example.test:8140", "puppet_node": "web01",
                   "client_cert_path": "$work/certs", "client_private_key_path": "$work/keys", "facter": {"role": "web"},
                   "extra_arguments": ["--environment=production", "--tags={{.PuppetNode}}"], "puppet_bin_dir": "$work/bin",
                   "staging_dir": "$machine/staging", "clean_staging_directory": true}]}
T
record 2
(cd "$work" && "$kiln" build -color=false server.json > "$work/kiln.log" 2>&1) && ok || { bad "kiln build (puppet exits 2)"; tail -20 "$work/kiln.log"; }
s=$machine/staging
expected="cd $s && FACTER_packer_build_name='box' FACTER_packer_builder_type='null' FACTER_role='web' sudo -E $work/bin/puppet agent --onetime --no-daemonize --detailed-exitcodes --server='puppet.example.test:8140' --certname='web01' --certdir='$s/certs' --privatekeydir='$s/private_keys' --environment=production --tags=web01"
[[ $(running "$work/kiln.log") == "Running Puppet: $expected" ]] && ok || bad "rendered execute_command: $(running "$work/kiln.log")"
[[ $(cat "$rec/argv" 2>/dev/null | tr '\n' ' ') == "agent --onetime --no-daemonize --detailed-exitcodes --server=puppet.example.test:8140 --certname=web01 --certdir=$s/certs --privatekeydir=$s/private_keys --environment=production --tags=web01 " ]] &&
  ok || bad "puppet's arguments: $(cat "$rec/argv" 2>/dev/null)"
[[ $(cat "$rec/facts" 2>/dev/null | tr '\n' ' ') == "FACTER_packer_build_name=box FACTER_packer_builder_type=null FACTER_role=web " ]] && ok ||
  bad "facts through sudo -E: $(cat "$rec/facts" 2>/dev/null)"
[[ $(cat "$rec/uid" 2>/dev/null) == 0 && $(cat "$rec/cwd" 2>/dev/null) == "$s" ]] && ok || bad "ran as root in the staging directory"
diff -r "$work/certs" "$rec/certs" >/dev/null && diff -r "$work/keys" "$rec/private_keys" >/dev/null && ok || bad "certificates and keys staged"
[[ ! -e $s ]] && ok || bad "staging directory removed"
mv "$rec" "$work/rec-kiln"

record 4
out=$(cd "$work" && "$kiln" build -color=false server.json 2>&1)
[[ $? -ne 0 ]] && grep -q "Puppet exited with a non-zero exit status: 4" <<<"$out" && ok || bad "exit status 4 fails the build: $(tail -3 <<<"$out")"
[[ ! -e $s ]] && ok || bad "staging directory removed after a failure"

cat > "$work/invalid.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "puppet-server", "client_cert_path": "$work/certs/web01.pem", "client_private_key_path": "$work/nowhere"}]}
T
out=$(cd "$work" && "$kiln" validate invalid.json 2>&1)
packer_out=$(packer validate "$work/invalid.json" 2>&1 | tr '\n' ' ')   # packer wraps long lines
for m in "client_cert_dir must point to a directory" "client_private_key_dir is invalid: stat $work/nowhere: no such file or directory"; do
  grep -qF "$m" <<<"$out" && ok || bad "validation message \"$m\": $out"
  grep -qF "$m" <<<"$packer_out" && ok || bad "packer says \"$m\" too: $packer_out"
done

# Differential: Packer 1.6.6 on the same template.
record 2
(cd "$work" && packer build -color=false server.json > "$work/packer.log" 2>&1) && ok || { bad "packer build"; tail -20 "$work/packer.log"; }
[[ $(running "$work/packer.log" | sorted_facts) == "$(running "$work/kiln.log")" ]] && ok ||
  bad "packer's command differs: $(running "$work/packer.log")"
for f in argv facts cwd uid certs private_keys; do
  diff -r "$work/rec-kiln/$f" "$rec/$f" >/dev/null && ok || bad "kiln and packer differ in $f"
done
[[ ! -e $s ]] && ok || bad "packer removed its staging directory too"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
