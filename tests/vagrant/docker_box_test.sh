#!/usr/bin/env bash
# Vagrant boxes of docker artifacts (docker provider), kiln against Packer 1.6.6 on the same template
# against a private dockerd: the committed container boxed as tagged by docker-tag and as the builder
# left it. Each box is metadata.json {"provider":"docker"} and a Vagrantfile naming the image (the
# tag, or the image id), equal between the tools but for those names; an exported container is
# refused with 1.6.6's message.
#   docker_box_test.sh KILN [PACKER]
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../fixtures/packer_reference.sh"
fixture=$here/../fixtures/dockerd/dockerd.sh
trap '"$fixture" stop "$work/engine"; rm -rf "$work"' EXIT
"$fixture" start "$work/engine" || exit 1
export DOCKER_HOST=unix://$work/engine/docker.sock

# The committed image boxed twice: tagged by docker-tag, and as the builder left it (its artifact is
# an import artifact, named by the image id). An exported container is no box (1.6.6's message).
for tool in kiln packer; do
  mkdir -p "$work/$tool"
  cat > "$work/$tool/t.json" <<T
{"builders": [{"type": "docker", "name": "ctr", "image": "kiln-busybox:latest", "pull": false, "commit": true}],
 "post-processors": [[{"type": "docker-tag", "repository": "kiln/vagrant-$tool", "tag": "v1"}, {"type": "vagrant"}],
                     [{"type": "vagrant", "output": "image.box"}]]}
T
  cat > "$work/$tool/export.json" <<T
{"builders": [{"type": "docker", "name": "ctr", "image": "kiln-busybox:latest", "pull": false, "export_path": "ctr.tar"}],
 "post-processors": [{"type": "vagrant", "output": "refused.box"}]}
T
  (cd "$work/$tool" && "${!tool}" build -color=false t.json > build.log 2>&1) && ok || { bad "$tool build"; tail -10 "$work/$tool/build.log"; }
  box=$work/$tool/packer_ctr_docker.box
  [[ $(tar -xOf "$box" metadata.json 2>/dev/null) == '{"provider":"docker"}' ]] && ok || bad "$tool's metadata.json"
  header=$'\n# The contents below were provided by the Packer Vagrant post-processor\n\nVagrant.configure("2") do |config|\n\tconfig.vm.provider :docker do |docker, override|\n\t\tdocker.image = "'
  footer=$'"\n\tend\nend\n\n\n# The contents below (if any) are custom contents provided by the\n# Packer template during image build.\n\n'
  [[ "$(tar -xOf "$box" Vagrantfile 2>/dev/null; echo .)" == "${header}kiln/vagrant-$tool:v1$footer." ]] && ok ||
    { bad "$tool's Vagrantfile"; tar -xOf "$box" Vagrantfile | cat -A; }
  image=$(grep -o 'sha256:[0-9a-f]\{64\}' "$work/$tool/build.log" | head -1)
  [[ -n $image && "$(tar -xOf "$work/$tool/image.box" Vagrantfile 2>/dev/null; echo .)" == "$header$image$footer." ]] && ok ||
    { bad "$tool's image box does not name the committed image '$image'"; tar -xOf "$work/$tool/image.box" Vagrantfile | cat -A; }

  (cd "$work/$tool" && "${!tool}" build -color=false export.json > export.log 2>&1) && bad "$tool boxed an exported container" || ok
  grep -q "Unknown artifact type, can't build box: packer.docker" "$work/$tool/export.log" && ok ||
    { bad "$tool does not refuse the exported container"; tail -5 "$work/$tool/export.log"; }
  [[ ! -e $work/$tool/refused.box ]] && ok || bad "$tool made a box of the exported container"
done
for b in packer_ctr_docker.box image.box; do
  cmp -s <(tar -xOf "$work/kiln/$b" Vagrantfile | sed 's/vagrant-kiln/vagrant-TOOL/; s/sha256:[0-9a-f]*/IMAGE/') \
    <(tar -xOf "$work/packer/$b" Vagrantfile | sed 's/vagrant-packer/vagrant-TOOL/; s/sha256:[0-9a-f]*/IMAGE/') && ok ||
    bad "$b: the Vagrantfiles differ"
done
report
