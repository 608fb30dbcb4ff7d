#!/usr/bin/env bash
# chef-solo and chef-client over SSH to a real sshd, compared with Packer 1.6.6. Chef is in neither
# Debian 12 nor PyPI, so it cannot run here: the fixture user's ~/bin, first on its PATH with and
# without sudo, holds recording stand-ins for chef-solo, chef-client, knife and curl. Each writes
# down its arguments, user and directory, copies the staging directory (or knife.rb) it is given
# and exits with a chosen status, and the user's ~/.bashrc logs every command the provisioner runs.
# Checked: the remote commands in order; solo.rb, client.rb, knife.rb and the node JSON byte for
# byte; the uploaded cookbooks, roles, data bags, environments and keys; prevent_sudo; skip_install,
# a custom install_command and the default one (which reaches the stand-in curl); a failing chef run
# naming the failed resource; knife's cleanup, also after a failed run; a failing knife; the staging
# directory (chef-solo leaves it, chef-client removes it); Packer's validation messages. Packer 1.6.6
# on the same templates runs the same commands and writes the same files.
# usage: chef_test.sh KILN
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../fixtures/packer_reference.sh"
data=$here/chef
fixture=$here/../fixtures/sshd/sshd.sh
trap '"$fixture" stop "$work/sshd"; rm -rf "$work" /tmp/packer-chef-solo /tmp/packer-chef-client' EXIT
"$fixture" start "$work/sshd" user-bin || exit 1
port=$(cat "$work/sshd/port") user=$(cat "$work/sshd/user") home=$(cat "$work/sshd/home")
uid=$(id -u "$user")
t=$'\t'  # solo.rb has tabs
rec=$home/rec

# The stand-ins, one script under four names; and the command log, ahead of Debian's early return
# for non-interactive shells in ~/.bashrc.
cat > "$work/stand-in" <<R
#!/bin/sh
rec=$rec
R
cat >> "$work/stand-in" <<'R'
tool=$(basename "$0")
{ printf '%s uid=%s cwd=%s:' "$tool" "$(id -u)" "$(pwd)"; printf ' %s' "$@"; echo; } >> "$rec/calls"
status=$(cat "$rec/$tool.status" 2>/dev/null || echo 0)
case $tool in
chef-solo | chef-client)
  while [ $# -gt 1 ]; do [ "$1" = -c ] && config=$2; shift; done
  cp -r "$(dirname "$config")" "$rec/staging"
  echo "Starting Chef Infra Client, version 17.10.3 (a stand-in)"
  if [ "$status" = sleep ]; then
    echo $$ > "$rec/sleeping"
    exec sleep 30
  elif [ "$status" != 0 ]; then
    echo "  * execute[migrate] action run"
    echo "    ================================================================================"
    echo "    Error executing action \`run\` on resource 'execute[migrate]'"
    echo "    ================================================================================"
  fi
  ;;
knife)
  while [ $# -gt 1 ]; do [ "$1" = -c ] && cp "$2" "$rec/knife.rb"; shift; done
  ;;
esac
exit "$status"
R
for tool in chef-solo chef-client knife curl; do install -m 0755 -o "$user" "$work/stand-in" "$home/bin/$tool"; done
{ printf '[ -z "$BASH_EXECUTION_STRING" ] || printf %%s\\\\0 "$BASH_EXECUTION_STRING" >> %s/commands\n' "$rec"
  cat "$home/.bashrc"; } > "$work/bashrc" && cat "$work/bashrc" > "$home/.bashrc"

record() {  # record [TOOL=STATUS]...: an empty record; the named stand-ins exit with STATUS
  rm -rf "$rec" /tmp/packer-chef-solo /tmp/packer-chef-client "$home"/solo-plain "$home"/client-plain
  install -d -m 0777 -o "$user" "$rec"
  for setting in "$@"; do echo "${setting#*=}" > "$rec/${setting%%=*}.status"; done
}
keep() { mv "$rec" "$work/$1"; }  # keep NAME: the record of the last run
# The commands the provisioner ran (in the record directory $1), one a line, without the newline
# Packer ends each with; uploads (Packer's scp, kiln's SFTP) are left out.
commands() {
  python3 -c 'import sys
for c in open(sys.argv[1]).read().split("\0"):
    c = c.rstrip("\n")
    if c and not c.startswith("scp ") and c != "/usr/lib/openssh/sftp-server": print(c)' "$1/commands"
}
same() {  # same WHAT A B: files or directories A and B are equal
  diff -r "$2" "$3" > "$work/diff" 2>&1 && ok || { bad "$1 differs:"; head -20 "$work/diff"; }
}
build() {  # build kiln|packer TEMPLATE LOG
  if [[ $1 == kiln ]]; then (cd "$work" && "$kiln" build -color=false "$2" > "$3" 2>&1)
  else (cd "$work" && "$packer" build -color=false "$2" > "$3" 2>&1); fi
}

builder="{\"type\": \"null\", \"name\": \"box\", \"ssh_host\": \"127.0.0.1\", \"ssh_port\": $port, \"ssh_username\": \"$user\", \"ssh_private_key_file\": \"$work/sshd/id_ed25519\"}"

# --- chef-solo with sudo: every upload, a custom install_command, JSON attributes and a run list.
cat > "$work/solo.json" <<T
{"variables": {"who": "say \"hi\" \\\\ there"},
 "builders": [$builder],
 "provisioners": [{"type": "chef-solo", "install_command": "{{if .Sudo}}sudo {{end}}echo installing chef {{.Version}}",
   "version": "17.10.3", "cookbook_paths": ["$data/cookbooks", "$data/site-cookbooks"],
   "remote_cookbook_paths": ["/opt/chef/cookbooks"], "roles_path": "$data/roles", "data_bags_path": "$data/data_bags",
   "encrypted_data_bag_secret_path": "$data/data_bag_secret", "environments_path": "$data/environments",
   "chef_environment": "production", "run_list": ["role[base]", "recipe[web]"],
   "json": {"web": {"port": 8080, "ratio": 1.50, "big": 1e21, "tiny": 0.0000001, "count": 12345678901234567890},
            "text": "<a href=\"x\">&amp;</a> é \u2028", "who": "{{user \`who\`}}", "build": "{{build_name}}",
            "flags": [true, false, null, "x"], "empty": {}, "none": [], "run_list": ["recipe[replaced]"]}}]}
T
record
build kiln solo.json "$work/kiln-solo.log" && ok || { bad "kiln build (chef-solo)"; tail -20 "$work/kiln-solo.log"; }
s=/tmp/packer-chef-solo
{ echo "sudo echo installing chef 17.10.3"
  for d in "" /cookbooks-0 /cookbooks-1 /roles /data_bags /environments; do
    echo "sudo mkdir -p '$s$d'"; echo "sudo chmod 0777 '$s$d'"
  done
  echo "sudo chef-solo --no-color -c $s/solo.rb -j $s/node.json"; } > "$work/expected"
[[ $(commands "$rec") == "$(cat "$work/expected")" ]] && ok || bad "chef-solo's commands: $(commands "$rec")"
[[ $(cat "$rec/calls") == "chef-solo uid=0 cwd=$home: --no-color -c $s/solo.rb -j $s/node.json" ]] && ok ||
  bad "chef-solo's call: $(cat "$rec/calls")"
cat > "$work/expected" <<E

chef_license $t$t""
cookbook_path $t["/opt/chef/cookbooks","$s/cookbooks-0","$s/cookbooks-1"]

role_path$t$t"$s/roles"


data_bag_path$t"$s/data_bags"


encrypted_data_bag_secret "$s/encrypted_data_bag_secret"


environment_path "$s/environments"
environment "production"

E
same "solo.rb" "$work/expected" "$rec/staging/solo.rb"
grep -qxF '  "text": "\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e é \u2028",' "$rec/staging/node.json" &&
  grep -qxF '    "tiny": 1e-7' "$rec/staging/node.json" && grep -qxF '  "who": "say \"hi\" \\ there"' "$rec/staging/node.json" &&
  grep -qxF '    "recipe[web]"' "$rec/staging/node.json" && ! grep -q replaced "$rec/staging/node.json" && ok ||
  bad "node.json as Go writes it: $(cat "$rec/staging/node.json")"
same "cookbooks-0" "$data/cookbooks" "$rec/staging/cookbooks-0"
same "cookbooks-1" "$data/site-cookbooks" "$rec/staging/cookbooks-1"
for d in roles data_bags environments; do same "$d" "$data/$d" "$rec/staging/$d"; done
same "encrypted_data_bag_secret" "$data/data_bag_secret" "$rec/staging/encrypted_data_bag_secret"
[[ -d $s ]] && ok || bad "chef-solo leaves its staging directory, as Packer"
keep kiln-solo

record
build packer solo.json "$work/packer-solo.log" && ok || { bad "packer build (chef-solo)"; tail -20 "$work/packer-solo.log"; }
[[ $(commands "$rec") == "$(commands "$work/kiln-solo")" ]] && ok || bad "packer's chef-solo commands: $(commands "$rec")"
same "packer's chef-solo call" "$work/kiln-solo/calls" "$rec/calls"
same "packer's chef-solo staging directory" "$work/kiln-solo/staging" "$rec/staging"
[[ -d $s ]] && ok || bad "packer leaves the chef-solo staging directory"

# --- chef-solo without sudo: the default install command (the stand-in curl), a config_template.
s=$home/solo-plain
cat > "$work/solo-plain.json" <<T
{"variables": {"site": "kiln-test"},
 "builders": [$builder],
 "provisioners": [{"type": "chef-solo", "prevent_sudo": true, "config_template": "$data/solo.rb.tpl",
   "cookbook_paths": ["$data/cookbooks"], "roles_path": "$data/roles", "staging_directory": "$s", "run_list": "recipe[web]"}]}
T
record
build kiln solo-plain.json "$work/kiln-plain.log" && ok || { bad "kiln build (chef-solo, prevent_sudo)"; tail -20 "$work/kiln-plain.log"; }
{ echo "curl -L https://omnitruck.chef.io/install.sh | bash -s --"
  for d in "" /cookbooks-0 /roles; do echo "mkdir -p '$s$d'"; echo "chmod 0777 '$s$d'"; done
  echo "chef-solo --no-color -c $s/solo.rb -j $s/node.json"; } > "$work/expected"
[[ $(commands "$rec") == "$(cat "$work/expected")" ]] && ok || bad "prevent_sudo commands: $(commands "$rec")"
cat > "$work/expected" <<E
curl uid=$uid cwd=$home: -L https://omnitruck.chef.io/install.sh
chef-solo uid=$uid cwd=$home: --no-color -c $s/solo.rb -j $s/node.json
E
same "prevent_sudo calls" "$work/expected" "$rec/calls"
cat > "$work/expected" <<E
# kiln-test on box
chef_license "accept-silent"
cookbook_path ["$s/cookbooks-0"]
role_path "$s/roles"
file_cache_path "/var/chef/cache"
E
same "solo.rb from config_template" "$work/expected" "$rec/staging/solo.rb"
printf '{\n  "run_list": [\n    "recipe[web]"\n  ]\n}' > "$work/expected"
same "node.json with a run list alone" "$work/expected" "$rec/staging/node.json"
keep kiln-plain

record
build packer solo-plain.json "$work/packer-plain.log" && ok || { bad "packer build (chef-solo, prevent_sudo)"; tail -20 "$work/packer-plain.log"; }
[[ $(commands "$rec") == "$(commands "$work/kiln-plain")" ]] && ok || bad "packer's prevent_sudo commands: $(commands "$rec")"
same "packer's prevent_sudo calls" "$work/kiln-plain/calls" "$rec/calls"
same "packer's prevent_sudo staging directory" "$work/kiln-plain/staging" "$rec/staging"

# --- A failing chef-solo run fails the build, naming the failed resource.
record chef-solo=1
out=$(build kiln solo-plain.json /dev/stdout)
[[ $? -ne 0 ]] && grep -qF "Error executing Chef: Non-zero exit status: 1 (failed resources: execute[migrate])" <<<"$out" && ok ||
  bad "a failing chef-solo: $(tail -3 <<<"$out")"
grep -qF "Error executing action \`run\` on resource 'execute[migrate]'" <<<"$out" && ok || bad "chef's output in the build's"

# --- chef-client with sudo: every option that reaches client.rb, knife's cleanup, staging removed.
s=/tmp/packer-chef-client
cat > "$work/client.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "chef-client", "server_url": "https://chef.example.test/organizations/acme", "node_name": "web01",
   "skip_install": true, "validation_key_path": "$data/validation.pem", "validation_client_name": "acme-validator",
   "encrypted_data_bag_secret_path": "$data/data_bag_secret", "chef_environment": "staging",
   "ssl_verify_mode": "verify_none", "trusted_certs_dir": "/etc/chef/trusted_certs", "run_list": ["recipe[web]"],
   "json": {"web": {"port": 80}}}]}
T
record
build kiln client.json "$work/kiln-client.log" && ok || { bad "kiln build (chef-client)"; tail -20 "$work/kiln-client.log"; }
cat > "$work/expected" <<E
sudo mkdir -p '$s'
sudo chmod 0777 '$s'
sudo chef-client --no-color -c $s/client.rb -j $s/first-boot.json
sudo knife node delete web01 -y -c $s/knife.rb
sudo knife client delete web01 -y -c $s/knife.rb
sudo rm -rf '$s'
E
[[ $(commands "$rec") == "$(cat "$work/expected")" ]] && ok || bad "chef-client's commands: $(commands "$rec")"
cat > "$work/expected" <<E

log_level        :info
log_location     STDOUT
chef_server_url  "https://chef.example.test/organizations/acme"
client_key       "$s/client.pem"
chef_license     ""

encrypted_data_bag_secret "$s/encrypted_data_bag_secret"


validation_client_name "acme-validator"


validation_key "$s/validation.pem"

node_name "web01"

environment "staging"




ssl_verify_mode :verify_none


trusted_certs_dir "/etc/chef/trusted_certs"

E
same "client.rb" "$work/expected" "$rec/staging/client.rb"
cat > "$work/expected" <<E

log_level        :info
log_location     STDOUT
chef_server_url  "https://chef.example.test/organizations/acme"
client_key       "$s/client.pem"
node_name "web01"

ssl_verify_mode :verify_none


trusted_certs_dir "/etc/chef/trusted_certs"

E
same "knife.rb" "$work/expected" "$rec/knife.rb"
printf '{\n  "run_list": [\n    "recipe[web]"\n  ],\n  "web": {\n    "port": 80\n  }\n}' > "$work/expected"
same "first-boot.json" "$work/expected" "$rec/staging/first-boot.json"
same "validation.pem" "$data/validation.pem" "$rec/staging/validation.pem"
same "chef-client's encrypted_data_bag_secret" "$data/data_bag_secret" "$rec/staging/encrypted_data_bag_secret"
[[ ! -e $s ]] && ok || bad "chef-client removed its staging directory"
keep kiln-client

record
build packer client.json "$work/packer-client.log" && ok || { bad "packer build (chef-client)"; tail -20 "$work/packer-client.log"; }
[[ $(commands "$rec") == "$(commands "$work/kiln-client")" ]] && ok || bad "packer's chef-client commands: $(commands "$rec")"
same "packer's chef-client calls" "$work/kiln-client/calls" "$rec/calls"
same "packer's chef-client staging directory" "$work/kiln-client/staging" "$rec/staging"
same "packer's knife.rb" "$work/kiln-client/knife.rb" "$rec/knife.rb"

# --- chef-client fails, without sudo: knife still deletes the node (the client is kept); a policy.
s=$home/client-plain
cat > "$work/client-plain.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "chef-client", "server_url": "https://chef.example.test", "node_name": "web02",
   "prevent_sudo": true, "install_command": "echo install {{.Version}} {{if .Sudo}}as root{{else}}as me{{end}}",
   "version": "18.2.7", "policy_name": "web", "policy_group": "prod", "skip_clean_client": true,
   "client_key": "$home/client.pem", "staging_directory": "$s"}]}
T
record chef-client=1
out=$(build kiln client-plain.json /dev/stdout)
[[ $? -ne 0 ]] && grep -qF "Error executing Chef: Non-zero exit status: 1 (failed resources: execute[migrate])" <<<"$out" && ok ||
  bad "a failing chef-client: $(tail -3 <<<"$out")"
grep -qxF "    box: echo install 18.2.7 as me" <<<"$out" && ok || bad "chef-client shows its install command"
cat > "$work/expected" <<E
echo install 18.2.7 as me
mkdir -p '$s'
chmod 0777 '$s'
chef-client --no-color -c $s/client.rb -j $s/first-boot.json
knife node delete web02 -y -c $s/knife.rb
rm -rf '$s'
E
[[ $(commands "$rec") == "$(cat "$work/expected")" ]] && ok || bad "failing chef-client's commands: $(commands "$rec")"
grep -qxF 'policy_group "prod"' "$rec/staging/client.rb" && grep -qxF 'policy_name "web"' "$rec/staging/client.rb" &&
  grep -qxF 'validation_client_name "chef-validator"' "$rec/staging/client.rb" &&
  grep -qxF 'chef_license     ""' "$rec/staging/client.rb" && ok || bad "client.rb with a policy: $(cat "$rec/staging/client.rb")"
[[ ! -e $s ]] && ok || bad "kiln removes the staging directory after a failed chef-client run"
keep kiln-failing

record chef-client=1
build packer client-plain.json "$work/packer-failing.log" && bad "packer build (failing chef-client) succeeded" || ok
grep -qF "Error executing Chef: Non-zero exit status: 1" "$work/packer-failing.log" && ok || bad "packer's failure: $(tail -3 "$work/packer-failing.log")"
[[ $(commands "$rec") == "$(commands "$work/kiln-failing" | head -n -1)" ]] && ok || bad "packer's failing commands: $(commands "$rec")"
same "packer's failing staging directory" "$work/kiln-failing/staging" "$rec/staging"
[[ -d $s ]] && ok || bad "packer leaves the staging directory after a failed run"

# --- A node name Packer makes up, and a knife that fails: the build fails naming its command.
cat > "$work/client-knife.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "chef-client", "server_url": "https://chef.example.test", "skip_install": true}]}
T
s=/tmp/packer-chef-client
record knife=1
out=$(build kiln client-knife.json /dev/stdout)
node=$(sed -n 's/^node_name "\(.*\)"$/\1/p' "$rec/staging/client.rb")
[[ $node =~ ^packer-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] && ok || bad "the default node name: $node"
grep -qF "Error cleaning up chef node: Failed to cleanup node: Non-zero exit status. See output above for more info." <<<"$out" &&
  grep -qF "Command: sudo knife node delete $node -y -c $s/knife.rb" <<<"$out" && ok || bad "a failing knife: $(tail -5 <<<"$out")"
grep -qF 'chef_license     "accept-silent"' "$rec/staging/client.rb" && bad "skip_install keeps chef_license empty" || ok
[[ ! -e $s ]] && ok || bad "staging directory removed after knife failed"

# --- Cancelled during the chef-client run: the staging directory goes all the same.
record chef-client=sleep
(cd "$work" && exec "$kiln" build -color=false client.json > "$work/kiln-cancel.log" 2>&1) &
pid=$!
for _ in $(seq 200); do grep -q "Executing Chef" "$work/kiln-cancel.log" && [[ -s $rec/sleeping ]] && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid" && bad "a cancelled build succeeded" || ok
kill "$(cat "$rec/sleeping")" 2>/dev/null  # the stand-in outlives the cancelled ssh session
[[ ! -e $s ]] && ok || bad "staging directory removed after a cancel"
grep -q knife "$rec/calls" && bad "knife ran after a cancel" || ok

# --- Validation: Packer's messages (Packer stops at the first provisioner with problems).
cat > "$work/invalid-solo.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "chef-solo", "cookbook_paths": ["$work/nowhere"], "roles_path": "$data/solo.rb.tpl",
                   "encrypted_data_bag_secret_path": "$data/roles", "config_template": "$data/roles"}]}
T
cat > "$work/invalid-client.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "chef-client", "policy_name": "web", "encrypted_data_bag_secret_path": "$work/nowhere"}]}
T
cat > "$work/invalid-os.json" <<T
{"builders": [$builder], "provisioners": [{"type": "chef-solo", "guest_os_type": "beos"}]}
T
out= packer_out=
for t in invalid-solo invalid-client invalid-os; do
  out+=$(cd "$work" && "$kiln" validate $t.json 2>&1)
  packer_out+=$(cd "$work" && "$packer" validate $t.json 2>&1 | tr '\n' ' ')  # packer wraps long lines
done
for m in "Bad cookbook path '$work/nowhere': stat $work/nowhere: no such file or directory" \
  "Bad roles path '$data/solo.rb.tpl': " "Bad encrypted data bag secret '$data/roles': " "Config template path must be a file: " \
  "server_url must be set" "If either policy_name or policy_group are set, they must both be set." \
  "Bad encrypted data bag secret '$work/nowhere': stat $work/nowhere: no such file or directory" "Invalid guest_os_type: \"beos\""; do
  grep -qF "$m" <<<"$out" && ok || bad "validation message \"$m\": $out"
  grep -qF "$m" <<<"$packer_out" && ok || bad "packer says \"$m\" too: $packer_out"
done
cat > "$work/elevated.json" <<T
{"builders": [$builder],
 "provisioners": [{"type": "chef-client", "server_url": "https://chef.example.test", "guest_os_type": "windows",
                   "elevated_user": "Administrator", "elevated_password": "x"}]}
T
out=$(cd "$work" && "$kiln" validate elevated.json 2>&1)
[[ $? -ne 0 ]] && grep -qF "elevated_user is not supported by kiln" <<<"$out" && ok || bad "elevated_user refused: $out"

report
