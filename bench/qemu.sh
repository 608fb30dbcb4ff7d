#!/usr/bin/env bash
# One boot-provision-shutdown qemu build of the test guest (tests/fixtures/qemu) through kiln and
# through Packer 1.6.6, RUNS times each (default 3): mean wall times and their ratio. The guest
# dominates both; kiln's own time is reported apart: its wall time less the VM's life (from
# "Starting VM" to "Converting hard drive" in its event stream), i.e. fetching and checking the
# source, the disk copy and resize, and the final conversion.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=$(realpath "${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}")
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
guest=$here/build/qemu-guest
"$here/tests/fixtures/qemu/make_guest.sh" "$guest"
ssh-keygen -q -t ed25519 -N '' -f "$work/key"
cp "$guest/disk.qcow2" "$work/src.qcow2"
cat > "$work/t.json" <<T
{"builders": [{"type": "qemu", "disk_image": true, "iso_url": "src.qcow2", "iso_checksum": "none",
   "accelerator": "tcg", "headless": true, "memory": 256, "disk_size": "96M", "output_directory": "out",
   "boot_wait": "1ms", "ssh_username": "root", "ssh_private_key_file": "key", "shutdown_command": "poweroff",
   "qemuargs": [["-kernel", "$guest/vmlinuz"], ["-initrd", "$guest/initrd.img"], ["-cpu", "max"],
                ["-append", "console=ttyS0 kiln.authorized_key=$(base64 -w0 "$work/key.pub")"]]}],
 "provisioners": [{"type": "shell", "inline": ["echo built > /mnt/disk/built"]}]}
T
# measure TOOL [ARGS...]: mean seconds per build.
measure() {
  local total=0 start end
  for ((i = 0; i < runs; i++)); do
    rm -rf "$work/out"
    start=$(date +%s.%N)
    (cd "$work" && "$@" t.json > "$work/events.$i" 2>&1)
    end=$(date +%s.%N)
    total=$(python3 -c "print($total + $end - $start)")
  done
  python3 -c "print($total / $runs)"
}
k=$(measure "$kiln" build --events=json)
vm=$(python3 - "$work" "$runs" <<'PY'
import json, sys
work, runs = sys.argv[1], int(sys.argv[2])
lives = []
for i in range(runs):
    times = {}
    for line in open(f"{work}/events.{i}"):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        for mark in ("Starting VM", "Converting hard drive"):
            if e.get("text", "").startswith(mark):
                times[mark] = e["time"]
    lives.append(times["Converting hard drive"] - times["Starting VM"])
print(sum(lives) / len(lives))
PY
)
p=$(measure packer build)
printf 'qemu boot-provision-shutdown build: kiln %.2fs  packer %.2fs  ratio kiln/packer %.2f\n' "$k" "$p" \
  "$(python3 -c "print($k / $p)")"
printf "kiln's own time outside the VM's life: %.2fs of %.2fs\n" "$(python3 -c "print($k - $vm)")" "$k"
