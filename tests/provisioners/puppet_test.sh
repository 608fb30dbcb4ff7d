#!/usr/bin/env bash
# The puppet-masterless provisioner with Debian's puppet (puppet-agent 7) over SSH to a real sshd
# whose user has passwordless sudo, as on a cloud image: facts, a module from module_paths and a
# hiera value end up in files on the machine; the exact `puppet apply` command; a failing manifest
# names the failing resource; ignore_exit_codes; the staging directory is removed after success,
# failure and cancel; and Packer 1.6.6 on the same template renders the same command and files.
# usage: puppet_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/sshd/sshd.sh
work=$(mktemp -d)
trap '"$fixture" stop "$work/sshd"; rm -rf "$work"' EXIT
command -v puppet >/dev/null || { echo "FAIL puppet not found (Debian's puppet-agent)"; exit 1; }
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }
"$fixture" start "$work/sshd" || exit 1
port=$(cat "$work/sshd/port")
user=$(cat "$work/sshd/user")
machine=$(cat "$work/sshd/home")/work   # the machine is this one: what puppet writes lands here
install -d -o "$user" -g "$user" "$machine" "$machine/out"
key=$work/sshd/id_ed25519
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
pp=$here/puppet
builder="{\"type\": \"null\", \"name\": \"box\", \"ssh_host\": \"127.0.0.1\", \"ssh_port\": $port, \"ssh_username\": \"$user\", \"ssh_private_key_file\": \"$key\"}"
printf -- '---\nversion: 5\ndefaults:\n  datadir: %s\n  data_hash: yaml_data\nhierarchy:\n  - name: common\n    path: common.yaml\n' "$pp/data" > "$work/hiera.yaml"
apply="{\"type\": \"puppet-masterless\", \"manifest_file\": \"$pp/manifests/site.pp\", \"module_paths\": [\"$pp/modules\"],
        \"hiera_config_path\": \"$work/hiera.yaml\", \"facter\": {\"role\": \"web\", \"target_dir\": \"$machine/out\"},
        \"staging_directory\": \"$machine/staging\", \"clean_staging_directory\": true}"
# The first command run, as its log line shows it (Packer prefixes "    box: ").
running() { grep -m1 -o "Running Puppet: .*" "$1" | sed 's/\x1b\[[0-9;]*m//g'; }
# Packer orders the FACTER_ words as Go iterates a map (at random); kiln by name.
sorted_facts() { python3 -c 'import sys; w=sys.stdin.read().split(" "); f=sorted(x for x in w if x.startswith("FACTER_")); it=iter(f); print(" ".join(next(it) if x.startswith("FACTER_") else x for x in w).rstrip())'; }

# One build: the manifest, then a failing one whose failure ignore_exit_codes accepts.
cat > "$work/ok.json" <<T
{"builders": [$builder],
 "provisioners": [$apply,
   {"type": "puppet-masterless", "manifest_file": "$pp/failing.pp", "ignore_exit_codes": true,
    "staging_directory": "$machine/staging-ignored", "clean_staging_directory": true}]}
T
(cd "$work" && "$kiln" build -color=false ok.json > "$work/kiln.log" 2>&1) && ok || { bad "kiln build"; tail -30 "$work/kiln.log"; }
[[ $(cat "$machine/out/facts.txt" 2>/dev/null) == "built by box (null) as web" ]] && ok || bad "facts (facter and Packer's defaults) reached the manifest"
[[ $(cat "$machine/out/greeting.txt" 2>/dev/null) == "hello from hiera from the greeter module" ]] && ok || bad "module from module_paths with a hiera value"
expected="cd $machine/staging && FACTER_packer_build_name='box' FACTER_packer_builder_type='null' FACTER_role='web' FACTER_target_dir='$machine/out' sudo -E puppet apply --detailed-exitcodes --modulepath='$machine/staging/module-0' --hiera_config='$machine/staging/hiera.yaml' $machine/staging/manifests/site.pp"
[[ $(running "$work/kiln.log") == "Running Puppet: $expected" ]] && ok || bad "rendered execute_command: $(running "$work/kiln.log")"
grep -q "Notice: /Stage\[main\]/Greeter/File\[$machine/out/greeting.txt\]/ensure: defined content" "$work/kiln.log" && ok || bad "puppet's output streamed into the build's output"
grep -q "Exec\[this one breaks\]" "$work/kiln.log" && ok || bad "the ignored failure ran"
[[ ! -e $machine/staging && ! -e $machine/staging-ignored ]] && ok || bad "staging directories removed after success"

# A failing manifest fails the build, names the resource, and still removes the staging directory.
cat > "$work/fail.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "puppet-masterless", "manifest_file": "$pp/failing.pp",
                   "staging_directory": "$machine/staging-failed", "clean_staging_directory": true}]}
T
out=$(cd "$work" && "$kiln" build -color=false fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q "Puppet exited with a non-zero exit status: [46] (failed resources: Exec\[this one breaks\])" <<<"$out" &&
  ok || bad "failing resource named: $(tail -5 <<<"$out")"
[[ ! -e $machine/staging-failed ]] && ok || bad "staging directory removed after a failure"

# Cancelled while puppet runs: the build stops and the staging directory goes.
sed "s|failing.pp|slow.pp|; s|staging-failed|staging-cancelled|" "$work/fail.json" > "$work/cancel.json"
(cd "$work" && exec "$kiln" build -color=false cancel.json > "$work/cancel.log" 2>&1) &
pid=$!
for _ in $(seq 600); do grep -q "Running Puppet" "$work/cancel.log" && break; sleep 0.2; done
sleep 1
kill -INT "$pid"
wait "$pid" && bad "a cancelled build fails" || ok
[[ ! -e $machine/staging-cancelled ]] && ok || bad "staging directory removed after cancel: $(tail -5 "$work/cancel.log")"
for p in $(pgrep -f -- "$machine/staging-cancelled/manifests/slow.pp"); do kill "$p" 2>/dev/null; done

# Validation: Packer's messages.
cat > "$work/invalid.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "puppet-masterless", "module_paths": ["$pp/failing.pp"], "hiera_config_path": "$pp/data",
                   "manifest_dir": "$work/nowhere"}]}
T
out=$(cd "$work" && "$kiln" validate invalid.json 2>&1)
packer_out=$(packer validate "$work/invalid.json" 2>&1 | tr '\n' ' ')   # packer wraps long lines
for m in "A manifest_file must be specified." "module_path[0] must point to a directory" "hiera_config_path must point to a file" \
         "manifest_dir is invalid: stat $work/nowhere: no such file or directory"; do
  grep -qF "$m" <<<"$out" && ok || bad "validation message \"$m\": $out"
  grep -qF "$m" <<<"$packer_out" && ok || bad "packer says \"$m\" too: $packer_out"
done
# Packer's Windows elevation (elevated_user) is a known key that kiln refuses with a reason.
cat > "$work/elevated.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "puppet-masterless", "manifest_file": "$pp/failing.pp", "guest_os_type": "windows",
                   "elevated_user": "Administrator", "elevated_password": "x"}]}
T
out=$(cd "$work" && "$kiln" validate elevated.json 2>&1)
[[ $? -ne 0 ]] && grep -qF "elevated_user is not supported by kiln" <<<"$out" && ok || bad "elevated_user refused: $out"

# Differential: Packer 1.6.6 on the first provisioner renders the same command (up to the facts'
# order) and writes the same files.
mv "$machine/out" "$machine/kiln-out" && install -d -o "$user" -g "$user" "$machine/out"
echo "{\"builders\": [$builder], \"provisioners\": [$apply]}" > "$work/packer.json"
(cd "$work" && packer build -color=false packer.json > "$work/packer.log" 2>&1) && ok || { bad "packer build"; tail -20 "$work/packer.log"; }
[[ $(running "$work/packer.log" | sorted_facts) == "$(running "$work/kiln.log")" ]] && ok ||
  bad "packer's command differs: $(running "$work/packer.log")"
for f in facts.txt greeting.txt; do
  cmp -s "$machine/out/$f" "$machine/kiln-out/$f" && ok || bad "kiln and packer differ in $f"
done
[[ ! -e $machine/staging ]] && ok || bad "packer removed its staging directory too"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
