#!/usr/bin/env bash
# SSH user authentication against a stock OpenSSH sshd (tests/fixtures/sshd/sshd.sh): RSA 2048/3072/4096
# (signed with rsa-sha2-256/512, never SHA-1 ssh-rsa), ECDSA 256/384/521, ed25519, OpenSSH certificates,
# passphrase-protected keys (refused as Packer refuses them; usable through ssh-agent), ssh_agent_auth
# with a real ssh-agent, password and keyboard-interactive. Each success is checked in sshd's log, each
# wrong credential must fail naming what failed. Packer 1.6.6 runs the same templates for comparison.
# usage: ssh_auth_test.sh KILN
set -u
kiln=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/sshd/sshd.sh
work=$(mktemp -d)
agent_pid=
trap '"$fixture" stop "$work/sshd"; "$fixture" stop "$work/kbd"; [[ -n $agent_pid ]] && kill "$agent_pid"; rm -rf "$work"' EXIT
# debug: sshd logs the signature algorithm of each public key offered.
"$fixture" start "$work/sshd" debug user-ca || exit 1
"$fixture" start "$work/kbd" kbd-only || exit 1
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
unset SSH_AUTH_SOCK SSH_AGENT_PID  # only the children told so get an agent
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
command -v packer >/dev/null || { echo "FAIL packer (1.6.6) not found: this test compares against it"; exit 1; }
differences=()  # where Packer 1.6.6 behaves otherwise, reported at the end

# Scripts go to the login user's home: a /tmp/script_NNNN.sh another user left (Packer keeps failed ones)
# would refuse the upload until start_retry_timeout.
# ssh_timeout leaves room for sshd's PAM delay after each wrong password on a loaded machine (5 s ran out
# once in CI); a refusal ends the first attempt (ssh_handshake_attempts 1), so no case waits it out.
template() {  # template FIXTURE_DIR EXTRA_KEYS
  cat <<T
{"builders": [{"type": "null", "ssh_host": "127.0.0.1", "ssh_port": $(cat "$1/port"), "ssh_username": "$(cat "$1/user")",
  "ssh_timeout": "20s", "ssh_handshake_attempts": 1 $2}],
 "provisioners": [{"type": "shell", "remote_folder": "$(cat "$1/home")", "inline": ["echo MARK:logged-in-as-\$(id -un)"]}]}
T
}
run() {  # run TOOL FIXTURE_DIR EXTRA_KEYS → the tool's output; status 0 when the command ran as the user
  template "$2" "$3" > "$work/t.json"
  local out
  out=$(cd "$work" && timeout 120 "$1" build -color=false t.json 2>&1)
  echo "$out"
  grep -q "MARK:logged-in-as-$(cat "$2/user")\$" <<<"$out"
}
# expect_login NAME FIXTURE_DIR EXTRA_KEYS LOG_TEXT [LOG_TEXT2]: kiln logs in, and a line sshd logs
# meanwhile has both texts (saying how); Packer logs in too.
expect_login() {
  local lines_before out
  lines_before=$(wc -l < "$2/sshd.log")
  out=$(run "$kiln" "$2" "$3") && ok || bad "$1: kiln did not log in: $out"
  tail -n +"$((lines_before + 1))" "$2/sshd.log" | grep -F -- "$4" | grep -qF -- "${5:-$4}" && ok ||
    bad "$1: sshd's log has no line with '$4' and '${5:-$4}'"
  run packer "$2" "$3" >/dev/null || differences+=("$1: Packer 1.6.6 cannot log in")
}
# expect_refusal NAME FIXTURE_DIR EXTRA_KEYS PATTERN: kiln fails, saying what failed; so does Packer.
expect_refusal() {
  local out
  out=$(run "$kiln" "$2" "$3") && bad "$1: kiln logged in" || ok
  grep -qE "$4" <<<"$out" && ok || bad "$1: the error does not say /$4/: $out"
  run packer "$2" "$3" >/dev/null && differences+=("$1: Packer 1.6.6 logs in")
}
key() {  # key NAME TYPE [ssh-keygen options...]: a key pair in $work/NAME
  local name=$1 type=$2
  shift 2
  ssh-keygen -q -t "$type" -N '' -C "$name" "$@" -f "$work/$name" <<<y >/dev/null
}
fingerprint() { ssh-keygen -l -f "$1" | awk '{print $2}'; }
refused="authentication with key $work"

# Key types and sizes, each authorized for the login user; a key of the same type that is not
# authorized must be refused.
for spec in "rsa 2048" "rsa 3072" "rsa 4096" "ecdsa 256" "ecdsa 384" "ecdsa 521" "ed25519"; do
  read -r type bits <<<"$spec"
  name=$type${bits:-}
  key "$name" "$type" ${bits:+-b "$bits"}
  key "$name-stranger" "$type" ${bits:+-b "$bits"}
  "$fixture" authorize "$work/sshd" "$work/$name.pub"
  expect_login "$name key" "$work/sshd" ", \"ssh_private_key_file\": \"$work/$name\"" \
    "Accepted publickey for $(cat "$work/sshd/user") " "$(fingerprint "$work/$name.pub")"
  if [[ $type == rsa ]]; then
    # RFC 8332: the signature algorithm sshd saw for this key (it refuses SHA-1 ssh-rsa by default).
    algs=$(grep -F "pkblob RSA $(fingerprint "$work/$name.pub")" "$work/sshd/sshd.log" | grep -o 'pkalg [^ ]*' | sort -u)
    [[ -n $algs ]] && ! grep -qv -E '^pkalg rsa-sha2-(256|512)$' <<<"$algs" && ok || bad "$name signed with: ${algs:-nothing logged}"
  fi
  expect_refusal "$name key not authorized" "$work/sshd" ", \"ssh_private_key_file\": \"$work/$name-stranger\"" \
    "$refused/$name-stranger failed: Username/PublicKey combination invalid"
done

# OpenSSH certificates signed by the CA sshd trusts (TrustedUserCAKeys), for the login user; one
# from another CA and one for another principal are refused.
user=$(cat "$work/sshd/user")
ssh-keygen -q -t ed25519 -N '' -f "$work/other_ca" <<<y >/dev/null
for type in ed25519 ecdsa rsa; do
  key "cert-$type" "$type"
  ssh-keygen -q -s "$work/sshd/user_ca" -I "kiln-$type" -n "$user" -V -5m:+1h "$work/cert-$type.pub"
  expect_login "$type certificate" "$work/sshd" \
    ", \"ssh_private_key_file\": \"$work/cert-$type\", \"ssh_certificate_file\": \"$work/cert-$type-cert.pub\"" \
    "Accepted certificate ID \"kiln-$type\""
done
key cert-bad ed25519
ssh-keygen -q -s "$work/other_ca" -I other-ca -n "$user" "$work/cert-bad.pub" && mv "$work/cert-bad-cert.pub" "$work/other-ca-cert.pub"
ssh-keygen -q -s "$work/sshd/user_ca" -I other-user -n someone-else "$work/cert-bad.pub"
for cert in other-ca cert-bad; do
  expect_refusal "certificate $cert" "$work/sshd" \
    ", \"ssh_private_key_file\": \"$work/cert-bad\", \"ssh_certificate_file\": \"$work/$cert-cert.pub\"" \
    "$refused/cert-bad and certificate $work/$cert-cert.pub failed: Username/PublicKey combination invalid"
done
printf 'not a certificate\n' > "$work/junk-cert.pub"
template "$work/sshd" ", \"ssh_private_key_file\": \"$work/cert-bad\", \"ssh_certificate_file\": \"$work/junk-cert.pub\"" > "$work/junk.json"
out=$(cd "$work" && "$kiln" validate junk.json 2>&1)
[[ $? -ne 0 ]] && grep -q "ssh_private_key_file is invalid: $work/junk-cert.pub: not an OpenSSH certificate" <<<"$out" && ok ||
  bad "a file that is no certificate: $out"

# Passphrase-protected keys: Packer 1.6.6 has no passphrase option and refuses them when it checks the
# template; kiln does the same, naming the key. They work through ssh-agent.
for spec in "rsa-pem rsa -m PEM" "rsa-openssh rsa" "ed25519-openssh ed25519"; do
  read -r name type opts <<<"$spec"
  ssh-keygen -q -t "$type" -N 'pass phrase' $opts -f "$work/locked-$name" <<<y >/dev/null
  "$fixture" authorize "$work/sshd" "$work/locked-$name.pub"
  template "$work/sshd" ", \"ssh_private_key_file\": \"$work/locked-$name\"" > "$work/locked.json"
  out=$(cd "$work" && "$kiln" validate locked.json 2>&1)
  [[ $? -ne 0 ]] && grep -qE "ssh_private_key_file is invalid: .*'$work/locked-$name'.*(password protected|passphrase protected)" <<<"$out" &&
    ok || bad "locked $name: kiln validate: $out"
  out=$(cd "$work" && "$kiln" build locked.json 2>&1)
  [[ $? -ne 0 ]] && grep -q "locked-$name" <<<"$out" && ok || bad "locked $name: kiln build: $out"
  (cd "$work" && packer validate locked.json >/dev/null 2>&1) && differences+=("locked $name: Packer 1.6.6 accepts it")
done

# ssh-agent, started here; only the build's own environment points at it.
eval "$(ssh-agent -s)" >/dev/null
agent_pid=$SSH_AGENT_PID sock=$SSH_AUTH_SOCK
unset SSH_AUTH_SOCK SSH_AGENT_PID
agent() { SSH_AUTH_SOCK=$sock "$@"; }
agent_keys=", \"ssh_agent_auth\": true"
agent expect_refusal "agent without keys" "$work/sshd" "$agent_keys" "authentication with ssh_agent_auth failed: the agent holds no keys"
agent ssh-add -q "$work/ed25519-stranger" 2>/dev/null
agent expect_refusal "agent with a key not authorized" "$work/sshd" "$agent_keys" "authentication with ssh_agent_auth failed: the server refused all 1 of the agent's keys \(ed25519-stranger\)"
# The passphrase goes in through SSH_ASKPASS, as a desktop would ask for it.
printf '#!/bin/sh\necho "pass phrase"\n' > "$work/askpass" && chmod +x "$work/askpass"
for name in rsa-pem rsa-openssh ed25519-openssh; do
  SSH_ASKPASS=$work/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=none agent ssh-add -q "$work/locked-$name" </dev/null 2>/dev/null &&
    ok || bad "ssh-add $name with its passphrase"
done
agent expect_login "agent with passphrase-protected keys" "$work/sshd" "$agent_keys" \
  "Accepted publickey for $user " "$(fingerprint "$work/locked-rsa-pem.pub")"
out=$(run "$kiln" "$work/sshd" "$agent_keys")
[[ $? -ne 0 ]] && grep -q "authentication with ssh_agent_auth failed: SSH_AUTH_SOCK is not set" <<<"$out" && ok || bad "agent auth without SSH_AUTH_SOCK: $out"

# Password: sshd checks it through PAM; Packer offers it as "password" and as "keyboard-interactive".
password=$(cat "$work/sshd/password")
expect_login "password" "$work/sshd" ", \"ssh_password\": \"$password\"" "Accepted password for $user"
expect_refusal "wrong password" "$work/sshd" ", \"ssh_password\": \"not-$password\"" \
  "password authentication failed: Authentication failed.*; keyboard-interactive authentication with ssh_password failed: .*\(the server offers publickey,password,keyboard-interactive\)"
out=$(run "$kiln" "$work/sshd" ", \"ssh_password\": \"not-$password\"")
grep -q "not-$password" <<<"$out" && bad "the wrong password is printed" || ok
# A server that takes passwords only through keyboard-interactive (PasswordAuthentication no).
expect_login "keyboard-interactive" "$work/kbd" ", \"ssh_password\": \"$(cat "$work/kbd/password")\"" \
  "Accepted keyboard-interactive/pam for $(cat "$work/kbd/user")"
expect_refusal "wrong keyboard-interactive password" "$work/kbd" ", \"ssh_password\": \"nope\"" \
  "password authentication not tried: the server does not offer password; keyboard-interactive authentication with ssh_password failed: .*\(the server offers publickey,keyboard-interactive\)"

# Refused credentials count as failed handshakes and are tried again, up to ssh_handshake_attempts, as
# Packer does: a new cloud instance may install its key (cloud-init) after sshd listens.
key late ed25519
late_fingerprint=$(fingerprint "$work/late.pub")
refusals() { grep -c "Failed publickey for $user from .* $late_fingerprint" "$work/sshd/sshd.log"; }
retry_template() {  # retry_template ATTEMPTS_KEYS
  cat <<T
{"builders": [{"type": "null", "ssh_host": "127.0.0.1", "ssh_port": $(cat "$work/sshd/port"), "ssh_username": "$user",
  "ssh_private_key_file": "$work/late", "ssh_timeout": "90s" $1}],
 "provisioners": [{"type": "shell", "remote_folder": "$(cat "$work/sshd/home")", "inline": ["echo MARK:late-key"]}]}
T
}
retry_template ', "ssh_handshake_attempts": 3' > "$work/three.json"
before=$(refusals)
out=$(cd "$work" && timeout 120 "$kiln" build -color=false three.json 2>&1) && bad "a key never authorized logged in" || ok
grep -q "authentication with key $work/late failed" <<<"$out" && ! grep -q "Timeout waiting for SSH" <<<"$out" && ok ||
  bad "three refusals end the wait naming the key: $out"
[[ $(($(refusals) - before)) -eq 3 ]] && ok || bad "ssh_handshake_attempts 3: sshd saw $(($(refusals) - before)) refusals"
retry_template "" > "$work/late.json"
before=$(refusals)
(cd "$work" && timeout 120 "$kiln" build -color=false late.json > "$work/late.out" 2>&1) &
kiln_pid=$!
for _ in $(seq 200); do [[ $(refusals) -gt $before ]] && break; sleep 0.05; done
"$fixture" authorize "$work/sshd" "$work/late.pub"
wait "$kiln_pid" && grep -q "MARK:late-key" "$work/late.out" && ok || bad "a key authorized after a refusal: $(cat "$work/late.out")"
[[ $(refusals) -gt $before ]] && ok || bad "the late key was not refused first (the retry was not exercised)"

for d in "${differences[@]}"; do echo "differs from Packer 1.6.6: $d"; done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
