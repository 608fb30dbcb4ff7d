#!/usr/bin/env bash
# 200 MB upload and download through one local stock sshd, logged in as its unprivileged user: kiln's
# file provisioner (SFTP communicator) and OpenSSH's scp taking turns, RUNS times each (3 by default,
# kiln first and scp first alternating with each round), medians compared; then Packer 1.6.6's file
# provisioner once for reference. The line to quote is "kiln/scp medians".
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kiln=${KILN:-$(bash "$here/bench/release_build.sh")/cli/kiln}
size=${SIZE_MB:-200}
runs=${RUNS:-3}
work=$(mktemp -d)
fixture=$here/tests/fixtures/sshd/sshd.sh
trap '"$fixture" stop "$work/sshd"; rm -rf "$work"' EXIT
export PACKER_CHECKPOINT_DISABLE=1 CHECKPOINT_DISABLE=1
"$fixture" start "$work/sshd"
port=$(cat "$work/sshd/port")
key=$work/sshd/id_ed25519
user=$(cat "$work/sshd/user")
remote=$(cat "$work/sshd/home")/remote
install -d -o "$user" -g "$user" "$remote"
python3 "$here/../shared/bench/gen-data.py" "$size" "$work/data.bin" >/dev/null
template() {  # template DIRECTION SOURCE DESTINATION
  cat <<T
{"builders": [{"type": "null", "ssh_host": "127.0.0.1", "ssh_port": $port, "ssh_username": "$user",
  "ssh_private_key_file": "$key"}],
 "provisioners": [{"type": "file", "direction": "$1", "source": "$2", "destination": "$3"}]}
T
}
seconds() {  # seconds COMMAND...: wall time of a successful run
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
scp_opts=(-q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -i "$key" -P "$port")
template upload "$work/data.bin" "$remote/k.bin" > "$work/up.json"
template download "$remote/k.bin" "$work/k-back.bin" > "$work/down.json"
kiln_up() { seconds "$kiln" build "$work/up.json"; cmp "$work/data.bin" "$remote/k.bin"; }
kiln_down() { seconds "$kiln" build "$work/down.json"; cmp "$work/data.bin" "$work/k-back.bin"; }
scp_up() { seconds scp "${scp_opts[@]}" "$work/data.bin" "$user@127.0.0.1:$remote/s.bin"; cmp "$work/data.bin" "$remote/s.bin"; }
scp_down() { seconds scp "${scp_opts[@]}" "$user@127.0.0.1:$remote/s.bin" "$work/s-back.bin"; cmp "$work/data.bin" "$work/s-back.bin"; }
kiln_up >/dev/null; scp_up >/dev/null  # warm-up: page cache, sshd's first fork
ku=() su=() kd=() sd=()
for ((i = 0; i < runs; i++)); do
  if ((i % 2 == 0)); then ku+=("$(kiln_up)"); su+=("$(scp_up)"); kd+=("$(kiln_down)"); sd+=("$(scp_down)")
  else su+=("$(scp_up)"); ku+=("$(kiln_up)"); sd+=("$(scp_down)"); kd+=("$(kiln_down)"); fi
done
template upload "$work/data.bin" "$remote/p.bin" > "$work/pup.json"
template download "$remote/p.bin" "$work/p-back.bin" > "$work/pdown.json"
pu=$(seconds packer build "$work/pup.json"); pd=$(seconds packer build "$work/pdown.json")
python3 - "$size" "${ku[*]}" "${su[*]}" "${kd[*]}" "${sd[*]}" "$pu" "$pd" <<'P'
import statistics, sys
mb = float(sys.argv[1])
ku, su, kd, sd = ([float(x) for x in a.split()] for a in sys.argv[2:6])
pu, pd = float(sys.argv[6]), float(sys.argv[7])
for what, k, s, p in (("upload", ku, su, pu), ("download", kd, sd, pd)):
    km, sm = statistics.median(k), statistics.median(s)
    print(f"{what:8s} kiln {mb / km:6.1f} MB/s  scp {mb / sm:6.1f} MB/s (medians of {len(k)})  "
          f"kiln/scp medians x{sm / km:.2f} (target >= 1.0)  packer x{sm / p:.2f} (one run)")
    print(f"{'':8s} kiln runs {' '.join(f'{x:.2f}' for x in k)} s, scp runs {' '.join(f'{x:.2f}' for x in s)} s")
P
