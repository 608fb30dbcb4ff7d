#!/usr/bin/env bash
# The vagrant post-processor's options, kiln against Packer 1.6.6 on the same templates: a null
# build whose artifice artifact becomes a docker box through provider_override (no engine needed).
# - output rendered with {{.BuildName}}, {{.Provider}}, {{.ArtifactId}} and {{user}}: same path;
# - include (an include named metadata.json wins) and vagrantfile_template: same members, same
#   metadata.json and Vagrantfile bytes;
# - compression_level 0 is a plain tar, 9 is gzip whose bytes are Packer's (Packer's compress at
#   level 9 of kiln's tar gives kiln's box byte for byte);
# - keep_input_artifact: the artifice file is removed by default and kept with true, as by Packer;
# - invalid settings and an unknown artifact type fail with 1.6.6's messages; a provider kiln has
#   no box processing for (virtualbox) fails saying so;
# - an output directory that cannot be written fails naming the path, and a disk that fills up
#   mid-box leaves no partial box (Packer leaves one).
#   options_test.sh KILN [PACKER]
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../fixtures/packer_reference.sh"
members() { python3 "$here/box_members.py" "$1"; }

# run TOOL CASE PP_JSON [VARS_JSON]: a null build, artifice on input.txt, then vagrant PP_JSON, in
# $work/TOOL/CASE (input.txt, extra.txt, sub/metadata.json and custom.rb there); the log is build.log.
run() {
  local tool=$1 dir=$work/$1/$2
  mkdir -p "$dir/sub"
  echo "input" > "$dir/input.txt"
  echo "extra" > "$dir/extra.txt"
  echo '{"provider":"docker","from":"include"}' > "$dir/sub/metadata.json"
  printf '# custom for {{.Provider}} of {{.BuildName}}, artifact "{{.ArtifactId}}"\n' > "$dir/custom.rb"
  cat > "$dir/t.json" <<T
{"variables": {"v": "uservar"},
 "builders": [{"type": "null", "name": "opts", "communicator": "none"}],
 "post-processors": [[{"type": "artifice", "files": ["input.txt"]}, $3]]}
T
  (cd "$dir" && "${!tool}" build -color=false t.json > build.log 2>&1)
}

# both CASE PP_JSON: runs the case with both tools; true when both builds succeeded.
both() {
  local rc=0
  run kiln "$1" "$2" || { bad "$1: kiln build failed"; tail -5 "$work/kiln/$1/build.log"; rc=1; }
  run packer "$1" "$2" || { bad "$1: packer build failed"; tail -5 "$work/packer/$1/build.log"; rc=1; }
  return $rc
}

# same_box CASE BOX: members (but times), metadata.json and Vagrantfile equal between the tools.
same_box() {
  local k=$work/kiln/$1/$2 p=$work/packer/$1/$2
  [[ $(members "$k") == "$(members "$p")" ]] && ok ||
    { bad "$1: box members differ"; diff <(members "$k") <(members "$p"); }
  for f in metadata.json Vagrantfile; do
    cmp -s <(tar -xOf "$k" "$f") <(tar -xOf "$p" "$f") && ok ||
      { bad "$1: $f differs"; diff <(tar -xOf "$k" "$f") <(tar -xOf "$p" "$f"); }
  done
}

# Output path from templates; include; vagrantfile_template.
pp='{"type": "vagrant", "provider_override": "docker",
     "output": "boxes/{{.BuildName}}-{{.Provider}}-[{{.ArtifactId}}]-{{user `v`}}.box",
     "include": ["extra.txt", "sub/metadata.json"], "vagrantfile_template": "custom.rb"}'
if both templated "$pp"; then
  box="boxes/opts-docker-[]-uservar.box"
  [[ $(cd "$work/kiln/templated/boxes" && ls) == "$(cd "$work/packer/templated/boxes" && ls)" ]] && ok ||
    bad "output names differ: kiln $(ls "$work/kiln/templated/boxes"), packer $(ls "$work/packer/templated/boxes")"
  same_box templated "$box"
  [[ $(members "$work/kiln/templated/$box" | cut -d' ' -f1 | tr '\n' ' ') == "Vagrantfile extra.txt metadata.json " ]] && ok ||
    bad "kiln's members: $(members "$work/kiln/templated/$box" | cut -d' ' -f1 | tr '\n' ' ')"
  [[ $(tar -xOf "$work/kiln/templated/$box" metadata.json) == '{"provider":"docker","from":"include"}' ]] && ok ||
    bad "the included metadata.json does not win"
  grep -qx '# custom for docker of opts, artifact ""' <(tar -xOf "$work/kiln/templated/$box" Vagrantfile) && ok ||
    bad "vagrantfile_template not rendered into the Vagrantfile"
  grep -q "Using custom Vagrantfile: custom.rb" "$work/kiln/templated/build.log" && ok || bad "no 'Using custom Vagrantfile'"
  # keep_input_artifact unset: the docker provider drops the input (the artifice file).
  [[ ! -e $work/kiln/templated/input.txt && ! -e $work/packer/templated/input.txt ]] && ok ||
    bad "the input artifact's file is kept (kiln: $(ls "$work/kiln/templated"))"
fi

# compression_level 0: a plain tar; keep_input_artifact true keeps the input.
if both plain '{"type": "vagrant", "provider_override": "docker", "compression_level": 0, "keep_input_artifact": true}'; then
  box=packer_opts_docker.box
  same_box plain "$box"
  [[ $(head -c2 "$work/kiln/plain/$box" | od -An -tx1) != " 1f 8b" ]] && tar -tf "$work/kiln/plain/$box" > /dev/null && ok ||
    bad "compression_level 0 is not a plain tar"
  [[ -e $work/kiln/plain/input.txt && -e $work/packer/plain/input.txt ]] && ok || bad "keep_input_artifact true did not keep the input"
fi

# compression_level 9: Packer's gzip bytes. Packer's compress (pgzip at the same level) of kiln's tar
# must give kiln's box.
if both best '{"type": "vagrant", "provider_override": "docker", "compression_level": 9}'; then
  box=packer_opts_docker.box
  same_box best "$box"
  [[ $(head -c10 "$work/kiln/best/$box" | od -An -tx1 | cut -c1-6,25-27) == " 1f 8b 02" ]] && ok ||
    bad "compression_level 9 is not gzip with XFL 2: $(head -c10 "$work/kiln/best/$box" | od -An -tx1)"
  mkdir -p "$work/layer" && gzip -dc "$work/kiln/best/$box" > "$work/layer/box.tar"
  cat > "$work/layer/t.json" <<T
{"builders": [{"type": "null", "communicator": "none"}],
 "post-processors": [[{"type": "artifice", "files": ["box.tar"]}, {"type": "compress", "output": "box.gz", "compression_level": 9}]]}
T
  (cd "$work/layer" && "$packer" build -color=false t.json > build.log 2>&1) && cmp -s "$work/layer/box.gz" "$work/kiln/best/$box" &&
    ok || bad "kiln's gzip layer is not Packer's pgzip at level 9"
fi

# Failures with 1.6.6's messages: kiln's and Packer's logs must both hold the text.
# fails CASE PP_JSON TEXT
fails() {
  local tool
  for tool in kiln packer; do
    if run "$tool" "$1" "$2"; then
      bad "$1: $tool's build succeeded"
    else
      grep -qF -- "$3" "$work/$tool/$1/build.log" && ok || { bad "$1: $tool does not say '$3'"; tail -5 "$work/$tool/$1/build.log"; }
    fi
  done
}
fails bad-provider '{"type": "vagrant", "provider_override": "nope"}' \
  "The given provider_override nope is not valid. Please choose from one of"
grep -qF "Please choose from one of aws, azure, digitalocean, docker, google, hyperv, libvirt, lxc, parallels, scaleway, virtualbox, vmware" \
  "$work/kiln/bad-provider/build.log" && ok || bad "kiln does not list the providers"
fails missing-template '{"type": "vagrant", "provider_override": "nope", "vagrantfile_template": "missing.rb"}' \
  "vagrantfile_template 'missing.rb' does not exist"
grep -q "provider_override" "$work/kiln/missing-template/build.log" && bad "kiln checks provider_override after a missing template" || ok
fails bad-level '{"type": "vagrant", "provider_override": "docker", "compression_level": 12}' \
  "Invalid compression level. Expected an integer from -1 to 9."
fails huge-level '{"type": "vagrant", "provider_override": "docker", "compression_level": 1099511627776}' \
  "Invalid compression level. Expected an integer from -1 to 9."
fails unknown-artifact '{"type": "vagrant"}' "Unknown artifact type, can't build box: packer.post-processor.artifice"
fails bad-override '{"type": "vagrant", "provider_override": "docker", "override": {"docker":
  {"compression_level": "x", "include": "a", "Output": 3, "vagrantfile_template_generated": "true", "unknown": 1}}}' \
  "Error overriding config for docker: 4 error(s) decoding:

* 'compression_level' expected type 'int', got unconvertible type 'string', value: 'x'
* 'include': source data must be an array or slice, got string
* 'output' expected type 'string', got unconvertible type 'float64', value: '3'
* 'vagrantfile_template_generated' expected type 'bool', got unconvertible type 'string', value: 'true'"
for tool in kiln packer; do
  [[ ! -e $work/$tool/bad-level/packer_opts_docker.box ]] && ok || bad "$tool leaves a box after a bad level"
done
# A provider 1.6.6 knows but kiln has no box processing for: accepted at prepare, refused when run.
run kiln virtualbox '{"type": "vagrant", "provider_override": "virtualbox"}' && bad "virtualbox: kiln's build succeeded" || ok
grep -q "kiln does not build Vagrant boxes for the 'virtualbox' provider" "$work/kiln/virtualbox/build.log" && ok ||
  { bad "virtualbox: kiln does not say it has no such provider"; tail -5 "$work/kiln/virtualbox/build.log"; }

# An override for the provider replaces the settings it names.
if both override '{"type": "vagrant", "provider_override": "docker", "output": "base.box",
                   "override": {"docker": {"output": "docker.box", "compression_level": 0}, "aws": {"output": "aws.box"}}}'; then
  [[ -f $work/kiln/override/docker.box && ! -e $work/kiln/override/base.box && -f $work/packer/override/docker.box ]] && ok ||
    bad "the docker override's output is not used: $(ls "$work/kiln/override")"
  same_box override docker.box
fi

# Output that cannot be written (a read-only file system): kiln names the path; no box.
mkdir -p "$work/ro" "$work/full"
if mount -t tmpfs -o ro,size=1m kiln-vagrant-ro "$work/ro" && mount -t tmpfs -o size=256k kiln-vagrant-full "$work/full"; then
  trap 'umount "$work/ro" "$work/full" 2>/dev/null; rm -rf "$work"' EXIT
  fails readonly "{\"type\": \"vagrant\", \"provider_override\": \"docker\", \"output\": \"$work/ro/sub/x.box\"}" "$work/ro/sub"
  grep -qi "read-only file system" "$work/kiln/readonly/build.log" && ok || bad "kiln does not give the reason"
  # A box larger than the disk: the write fails midway and kiln removes what it wrote.
  head -c 1048576 /dev/urandom > "$work/big.bin"
  run kiln full "{\"type\": \"vagrant\", \"provider_override\": \"docker\", \"include\": [\"$work/big.bin\"], \"output\": \"$work/full/x.box\"}" &&
    bad "full: kiln's build succeeded" || ok
  grep -q "vagrant: cannot write $work/full/x.box: No space left on device" "$work/kiln/full/build.log" && ok ||
    { bad "full: kiln does not name the box and the reason"; tail -5 "$work/kiln/full/build.log"; }
  [[ -z $(ls -A "$work/full") ]] && ok || bad "full: kiln leaves $(ls -A "$work/full")"
  umount "$work/ro" "$work/full"
else
  bad "cannot mount the test's tmpfs file systems"
fi
report
