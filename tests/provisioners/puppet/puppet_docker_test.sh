#!/usr/bin/env bash
# puppet-masterless on a docker builder, against a real dockerd: Debian's puppet runs inside the
# container as root (prevent_sudo: the container has no sudo configuration). The image needs no
# registry: a rootfs of usr-merge symlinks with the host's /usr bind-mounted by the builder (as
# ansible_docker_test.sh does). The manifest's files are read back from the committed image; a
# failing manifest fails the build naming the resource and leaves no container.
# usage: puppet_docker_test.sh KILN
set -u
kiln=$(realpath "$1")
pp=$(cd "$(dirname "$0")" && pwd)
fixture=$pp/../../fixtures/dockerd/dockerd.sh
work=$(mktemp -d)
engine=$work/engine
trap '"$fixture" stop "$engine"; rm -rf "$work"' EXIT
command -v puppet >/dev/null || { echo "FAIL puppet not found (Debian's puppet-agent)"; exit 1; }
"$fixture" start "$engine" || exit 1
export DOCKER_HOST=unix://$engine/docker.sock PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
api() { curl -s --unix-socket "$engine/docker.sock" "http://localhost/v1.41$1" "${@:2}"; }
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
containers() { api "/containers/json?all=1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# kiln-puppet: root, the hiera data, the manifest's target directory, and /run and /var/lib/puppet,
# which Debian's puppet expects as a Debian system has them.
root=$work/rootfs
mkdir -p "$root/etc/hieradata" "$root/tmp" "$root/root/out" "$root/usr" "$root/run" "$root/var/lib/puppet"
for d in bin lib lib64 sbin; do ln -s "usr/$d" "$root/$d"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
cp "$pp/data/common.yaml" "$root/etc/hieradata/"
chmod 1777 "$root/tmp"
tar -C "$root" --numeric-owner -cf "$work/rootfs.tar" .
api "/images/create?fromSrc=-&repo=kiln-puppet&tag=latest" -X POST -H 'Content-Type: application/x-tar' \
  --data-binary "@$work/rootfs.tar" >/dev/null
printf -- '---\nversion: 5\ndefaults:\n  datadir: /etc/hieradata\n  data_hash: yaml_data\nhierarchy:\n  - name: common\n    path: common.yaml\n' > "$work/hiera.yaml"

template() {  # template MANIFEST
  cat <<T
{"builders": [{"type": "docker", "image": "kiln-puppet:latest", "pull": false, "commit": true, "volumes": {"/usr": "/usr"}}],
 "provisioners": [{"type": "puppet-masterless", "manifest_file": "$pp/$1", "module_paths": ["$pp/modules"],
                   "hiera_config_path": "$work/hiera.yaml", "facter": {"role": "db", "target_dir": "/root/out"},
                   "prevent_sudo": true, "clean_staging_directory": true}]}
T
}
template manifests/site.pp > "$work/build.json"
out=$(cd "$work" && "$kiln" build -machine-readable build.json 2>&1) && ok || { bad "docker build"; echo "$out" | tail -30; }
grep -q "Running Puppet: cd /tmp/packer-puppet-masterless && FACTER_packer_build_name='docker' FACTER_packer_builder_type='docker' FACTER_role='db' FACTER_target_dir='/root/out' puppet apply --detailed-exitcodes --modulepath='/tmp/packer-puppet-masterless/module-0'" <<<"$out" &&
  ok || bad "the command without sudo: $(grep -o 'Running Puppet: [^,]*' <<<"$out")"
image=$(grep -o 'sha256:[0-9a-f]*' <<<"$out" | tail -1)
# Read the committed files back through a created (never started) container of the image.
cid=$(api /containers/create -X POST -H 'Content-Type: application/json' -d "{\"Image\": \"$image\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin).get("Id", ""))' 2>/dev/null)
mkdir -p "$work/image"
for path in /root/out /tmp; do api "/containers/$cid/archive?path=$path" | tar -C "$work/image" -xf - 2>/dev/null; done
api "/containers/$cid?force=true" -X DELETE >/dev/null
[[ $(cat "$work/image/out/facts.txt" 2>/dev/null) == "built by docker (docker) as db" ]] && ok || bad "facts in the container"
[[ $(cat "$work/image/out/greeting.txt" 2>/dev/null) == "hello from hiera from the greeter module" ]] && ok ||
  bad "module and hiera value in the container"
[[ -d $work/image/tmp && ! -e $work/image/tmp/packer-puppet-masterless ]] && ok || bad "staging directory removed in the container"
[[ $(containers) == 0 ]] && ok || bad "container removed after commit"

template failing.pp > "$work/fail.json"
out=$(cd "$work" && "$kiln" build fail.json 2>&1)
[[ $? -ne 0 ]] && grep -q "failed resources: Exec\[this one breaks\]" <<<"$out" && ok || bad "failing resource named: $(tail -5 <<<"$out")"
[[ $(containers) == 0 ]] && ok || bad "a failure leaves no container"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
