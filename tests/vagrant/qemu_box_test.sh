#!/usr/bin/env bash
# Vagrant boxes of a qemu build (libvirt provider), kiln against Packer 1.6.6 on the same template.
# No guest: the disk is one boot sector that powers the VM off through ACPI after 4 s, so the build
# (communicator none) ends then. Two post-processor sequences box the same image:
# the default settings, and compression_level 0 with an output named from templates.
# - kiln's box: members Vagrantfile, box.img, metadata.json in that order, GNU headers, mode 0666
#   less the umask; metadata.json {"format":"qcow2","provider":"libvirt","virtual_size":2}
#   (disk_size 1536M rounded up to GiB); the Vagrantfile 1.6.6 writes for accelerator tcg; box.img
#   the qcow2 image (qemu-img reads it back); the plain box is the default box's tar; the gzip layer
#   is Packer's (Packer's compress of kiln's tar gives kiln's box byte for byte);
# - `vagrant box add` takes it into a fresh VAGRANT_HOME (without vagrant-libvirt) and `vagrant box
#   list` shows it with provider libvirt;
# - the qemu output directory is removed (the libvirt provider does not keep its input);
# - Packer's boxes: the same members (but times), metadata.json and Vagrantfile bytes, box.img format.
#   qemu_box_test.sh KILN [PACKER]
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../fixtures/packer_reference.sh"
members() { python3 "$here/box_members.py" "$1"; }

# The boot sector: waits 4 s (BIOS int 15h, AH 86h: qemu must outlive its first 2 s, and Packer
# connects to VNC after boot_wait), then writes 0x2000 (SLP_EN, S5) to PM1a_CNT at 0x604 (SeaBIOS's
# ACPI base) and 0xb004 (older firmware's) and halts; 0x55 0xAA ends it.
python3 - "$work/boot.raw" <<'P'
import sys
code = bytes.fromhex("fb" "b486" "b93d00" "ba0009" "cd15" "ba0406" "b80020" "ef" "ba04b0" "ef" "fa" "f4" "ebfd")
sector = code + bytes(510 - len(code)) + b"\x55\xaa"
open(sys.argv[1], "wb").write(sector + bytes(1024 * 1024 - 512))
P
qemu-img convert -f raw -O qcow2 "$work/boot.raw" "$work/boot.qcow2"

# build TOOL: the template in $work/TOOL; boxes packer_box_libvirt.box and plain/box-libvirt-VM.box.
build() {
  local dir=$work/$1
  mkdir -p "$dir" && cp "$work/boot.qcow2" "$dir/"
  cat > "$dir/t.json" <<T
{"builders": [{"type": "qemu", "name": "box", "disk_image": true, "iso_url": "boot.qcow2", "iso_checksum": "none",
   "accelerator": "tcg", "headless": true, "memory": 64, "disk_size": "1536M", "output_directory": "out",
   "vnc_bind_address": "127.0.0.1", "boot_wait": "1s", "communicator": "none", "shutdown_timeout": "2m"}],
 "post-processors": [
   [{"type": "vagrant"}],
   [{"type": "vagrant", "compression_level": 0, "output": "plain/{{.BuildName}}-{{.Provider}}-{{.ArtifactId}}.box"}]]}
T
  local start=$SECONDS
  (cd "$dir" && "${!1}" build -color=false t.json > build.log 2>&1) && ok ||
    { bad "$1 build"; tail -20 "$dir/build.log"; return 1; }
  echo "$1 built and boxed in $((SECONDS - start)) s"
}

vagrantfile=$'\n# The contents below were provided by the Packer Vagrant post-processor\n\nVagrant.configure("2") do |config|
  config.vm.provider :libvirt do |libvirt|
    libvirt.driver = "qemu"
  end
end


# The contents below (if any) are custom contents provided by the
# Packer template during image build.

'
box_img_info() { tar -xOf "$1" box.img > "$work/box.img" && qemu-img info --output=json "$work/box.img" |
  python3 -c 'import json,sys; i = json.load(sys.stdin); print(i["format"], i["virtual-size"])'; }

if build kiln; then
  box=$work/kiln/packer_box_libvirt.box plain=$work/kiln/plain/box-libvirt-VM.box
  # GNU headers (magic "ustar  "), mode 0666 less the umask, owned by the user running the build.
  mode=$(printf '0o%o' $((0666 & ~$(umask)))) owner="$(id -u) $(id -g) $(id -un) $(id -gn)"
  expected=$(for m in Vagrantfile box.img metadata.json; do echo "$m 0 $mode $owner 7573746172202000"; done)
  [[ $(members "$box" | cut -d' ' -f1-7,9) == "$expected" ]] && ok || { bad "kiln's box members"; members "$box"; }
  [[ $(tar -xOf "$box" metadata.json) == '{"format":"qcow2","provider":"libvirt","virtual_size":2}' ]] && ok ||
    bad "kiln's metadata.json: $(tar -xOf "$box" metadata.json)"
  [[ "$(tar -xOf "$box" Vagrantfile; echo .)" == "$vagrantfile." ]] && ok || { bad "kiln's Vagrantfile"; tar -xOf "$box" Vagrantfile | cat -A; }
  [[ $(box_img_info "$box") == "qcow2 1610612736" ]] && ok || bad "kiln's box.img: $(box_img_info "$box")"
  cmp -s <(gzip -dc "$box") "$plain" && ok || bad "the compression_level 0 box is not the default box's tar"
  [[ ! -e $work/kiln/out ]] && ok || bad "kiln kept the qemu output directory"
  grep -q "Copying from artifact: out/packer-box" "$work/kiln/build.log" && ok || bad "kiln does not say it copies the disk"

  mkdir -p "$work/layer" && gzip -dc "$box" > "$work/layer/box.tar"
  cat > "$work/layer/t.json" <<T
{"builders": [{"type": "null", "communicator": "none"}],
 "post-processors": [[{"type": "artifice", "files": ["box.tar"]}, {"type": "compress", "output": "box.gz"}]]}
T
  (cd "$work/layer" && "$packer" build -color=false t.json > build.log 2>&1) && cmp -s "$work/layer/box.gz" "$box" && ok ||
    bad "kiln's gzip layer is not Packer's pgzip at the default level"

  export VAGRANT_HOME=$work/vagrant.d VAGRANT_CHECKPOINT_DISABLE=1
  if vagrant box add --name kiln-test "$box" > "$work/box-add.log" 2>&1; then
    ok
    vagrant box list 2>&1 | grep -q "^kiln-test *(libvirt, 0)" && ok || { bad "vagrant box list"; vagrant box list; }
    [[ -f $(echo "$VAGRANT_HOME"/boxes/kiln-test/0/libvirt/box.img) ]] && ok || bad "vagrant did not unpack box.img"
  else
    bad "vagrant box add"; cat "$work/box-add.log"
  fi
fi

if build packer; then
  for b in packer_box_libvirt.box plain/box-libvirt-VM.box; do
    k=$work/kiln/$b p=$work/packer/$b
    # Sizes aside: each tool's qemu-img wrote its own box.img.
    [[ $(members "$k" | cut -d' ' -f1-7,9) == "$(members "$p" | cut -d' ' -f1-7,9)" ]] && ok ||
      { bad "$b: members differ"; diff <(members "$k") <(members "$p"); }
    for f in metadata.json Vagrantfile; do
      cmp -s <(tar -xOf "$k" "$f") <(tar -xOf "$p" "$f") && ok || { bad "$b: $f differs"; diff <(tar -xOf "$k" "$f") <(tar -xOf "$p" "$f"); }
    done
    [[ $(box_img_info "$p") == "$(box_img_info "$k")" ]] && ok || bad "$b: box.img differs: Packer's $(box_img_info "$p")"
  done
  [[ ! -e $work/packer/out ]] && ok || bad "Packer kept the qemu output directory"
fi
report
