#!/usr/bin/env bash
# The qemu builder end to end on the test guest (tests/fixtures/qemu), with kiln and with Packer 1.6.6
# on the same template: the guest's disk as disk_image (checked against a file: checksum list),
# booted with qemuargs' -kernel/-initrd/-append ({{ .HTTPIP }}:{{ .HTTPPort }} rendered into the
# kernel command line), provisioned over SSH through the host port forward (a file written, another
# fetched with wget from http_directory, once at the address read from the kernel command line and
# once at {{build `PackerHTTPAddr`}}, a third read from the CD that cd_files made, whose volume
# label is cd_label), shut down with shutdown_command, compacted. The output image
# is read offline (debugfs): it holds the files. Both tools' output directories must list the same
# files, in the same format. Then a kiln build whose shutdown_command the guest ignores fails with
# Packer's timeout message once shutdown_timeout is up, with qemu killed and the output removed.
#   builder_test.sh KILN GUEST_DIR [PACKER]
guest_arg=$2
set -- "$1" "${3:-}"
source "$(dirname "$0")/../fixtures/packer_reference.sh"
fixture=$(cd "$(dirname "$0")/../fixtures/qemu" && pwd)
"$fixture/make_guest.sh" "$guest_arg" || exit 1
guest=$(realpath "$guest_arg")

ssh-keygen -q -t ed25519 -N '' -C kiln-qemu-builder -f "$work/key"
key=$(base64 -w0 "$work/key.pub")

# build TOOL [SHUTDOWN_COMMAND SHUTDOWN_TIMEOUT [DIR]]: runs the template in $work/DIR (default TOOL);
# the output image is DIR/out/packer-guest.
build() {
  local tool=$1 shutdown=${2:-poweroff} timeout=${3:-2m} dir=$work/${4:-$1}
  mkdir -p "$dir/www" "$dir/cd/seed" "$dir/tmp"
  echo "on the CD of $tool" > "$dir/cd/seed/note.txt"
  cp "$guest/disk.qcow2" "$dir/src.qcow2"
  (cd "$dir" && sha256sum src.qcow2 > SHA256SUMS)
  echo "served by $tool" > "$dir/www/hello.txt"
  cp "$work/key" "$dir/key"
  cat > "$dir/t.json" <<JSON
{"variables": {"guest": "$guest", "key": "$key"},
 "builders": [{"type": "qemu", "name": "guest", "disk_image": true, "iso_url": "src.qcow2",
   "iso_checksum": "file:SHA256SUMS", "accelerator": "tcg", "headless": true, "memory": 256, "disk_size": "96M",
   "output_directory": "out", "http_directory": "www", "cd_files": ["cd/*"], "cd_label": "cidata", "http_bind_address": "127.0.0.1", "boot_wait": "1ms",
   "qemuargs": [["-kernel", "{{user \`guest\`}}/vmlinuz"], ["-initrd", "{{user \`guest\`}}/initrd.img"], ["-cpu", "max"],
                ["-append", "console=ttyS0 kiln.authorized_key={{user \`key\`}} kiln.http={{ .HTTPIP }}:{{ .HTTPPort }}"]],
   "ssh_username": "root", "ssh_private_key_file": "key", "ssh_timeout": "5m",
   "shutdown_command": "$shutdown", "shutdown_timeout": "$timeout"}],
 "provisioners": [{"type": "shell", "inline": [
   "echo provisioned by $tool > /mnt/disk/provisioned",
   "wget -q -O /mnt/disk/fetched http://\$(sed -n 's/.*kiln.http=\\\\([^ ]*\\\\).*/\\\\1/p' /proc/cmdline)/hello.txt",
   "wget -q -O /mnt/disk/fetched-by-build-data http://{{build \`PackerHTTPAddr\`}}/hello.txt",
   "for m in \$(cat /etc/modules/ata /etc/modules/cd); do [ -d /sys/module/\$m ] || insmod /lib/modules/\$m.ko; done",
   "mkdir -p /mnt/cd && mount -t iso9660 -o ro /dev/sr0 /mnt/cd && cp /mnt/cd/seed/note.txt /mnt/disk/from-cd",
   "dd if=/dev/sr0 bs=1 skip=32808 count=32 2>/dev/null > /mnt/disk/cd-label"]}]}
JSON
  (cd "$dir" && TMPDIR=$dir/tmp "${!tool}" build -color=false t.json > build.log 2>&1)
}

# built TOOL: build TOOL, which must succeed.
built() {
  local tool=$1 start=$SECONDS
  if build "$tool"; then
    ok
    echo "$tool built in $((SECONDS - start)) s"
  else
    bad "$tool build"
    tail -30 "$work/$tool/build.log"
  fi
}

# read_file TOOL PATH: PATH from the output image's file system.
read_file() {
  qemu-img convert -O raw "$work/$1/out/packer-guest" "$work/$1/disk.raw" &&
    debugfs -R "cat $2" "$work/$1/disk.raw" 2>/dev/null
}

built kiln
listing=$(cd "$work/kiln/out" 2>/dev/null && ls)
[[ $listing == "packer-guest" ]] && ok || bad "kiln's output directory holds '$listing', not packer-guest"
format=$(qemu-img info --output=json "$work/kiln/out/packer-guest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["format"])')
[[ $format == qcow2 ]] && ok || bad "kiln's image format is '$format'"
[[ $(read_file kiln /provisioned) == "provisioned by kiln" ]] && ok || bad "the provisioned file is not in kiln's image"
[[ $(read_file kiln /fetched) == "served by kiln" ]] && ok || bad "the file fetched from http_directory is not in kiln's image"
[[ $(read_file kiln /fetched-by-build-data) == "served by kiln" ]] && ok || bad "kiln's guest did not fetch from {{build \`PackerHTTPAddr\`}}"
[[ $(read_file kiln /kiln-guest-disk) == "kiln qemu test guest disk" ]] && ok || bad "kiln's image lost the source disk's file"
[[ $(read_file kiln /from-cd) == "on the CD of kiln" ]] && ok || bad "kiln's guest did not read cd_files' file from its CD"
label=$(read_file kiln /cd-label)  # the ISO 9660 volume identifier, padded with spaces
[[ ${label%% *} == cidata ]] && ok || bad "kiln's CD is labelled '$label', not cd_label"
[[ -z $(ls -A "$work/kiln/tmp") ]] && ok || bad "kiln left temporary files: $(ls -A "$work/kiln/tmp")"
grep -q "Executing qemu-system-x86_64 .*-append console=ttyS0 kiln.authorized_key=.* kiln.http=10.0.2.2:[0-9]" \
  "$work/kiln/build.log" && ok || bad "qemuargs' -append did not get {{ .HTTPIP }}:{{ .HTTPPort }}"

built packer
[[ $(cd "$work/packer/out" 2>/dev/null && ls) == "$listing" ]] && ok || bad "Packer's output directory differs from kiln's"
packer_format=$(qemu-img info --output=json "$work/packer/out/packer-guest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["format"])')
[[ $packer_format == "$format" ]] && ok || bad "Packer's image format is '$packer_format', kiln's '$format'"
[[ $(read_file packer /provisioned) == "provisioned by packer" ]] && ok || bad "the provisioned file is not in Packer's image"
[[ $(read_file packer /fetched-by-build-data) == "served by packer" ]] && ok || bad "Packer's guest did not fetch from {{build \`PackerHTTPAddr\`}}"
[[ $(read_file packer /from-cd) == "on the CD of packer" ]] && ok || bad "Packer's guest did not read cd_files' file from its CD"

# The guest ignores the shutdown command: qemu is killed when shutdown_timeout is up.
if build kiln true 3s ignored; then
  bad "kiln's build succeeded although the guest never shut down"
else
  grep -q "Timeout while waiting for machine to shut down." "$work/ignored/build.log" && ok ||
    { bad "no shutdown timeout reported"; tail -20 "$work/ignored/build.log"; }
fi
[[ ! -e $work/ignored/out ]] && ok || bad "the output directory of the failed build is left"
[[ -z $(ls -A "$work/ignored/tmp") ]] && ok || bad "the failed build left temporary files: $(ls -A "$work/ignored/tmp")"
left=
for f in /proc/[0-9]*/cmdline; do
  { tr '\0' ' ' < "$f"; } 2>/dev/null | grep -q "^qemu-system-x86_64 .*-drive file=out/packer-guest.* kiln.http=" &&
    [[ $(readlink "${f%/cmdline}/cwd" 2>/dev/null) == "$work/ignored" ]] && left+=" ${f%/cmdline}"
done
[[ -z $left ]] && ok || bad "qemu still runs:$left"
report
