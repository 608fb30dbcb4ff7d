#!/usr/bin/env bash
# kiln's VNC client against qemu's VNC server (qemu -S: the machine never runs, the server does):
# the handshake gives the desktop name and size; a server that wants a password is refused with
# a reason; an RFB server that is not there is named with the reason.
#   vnc_test.sh VNC_TYPE   (tests/qemu/vnc_type)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../fixtures/qemu/guest.sh"
vnc_type=$1
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done' EXIT

start_paused_qemu() {  # start_paused_qemu PORT [VNC_OPTIONS]: a VNC server on 127.0.0.1:PORT
  qemu-system-x86_64 -accel tcg -S -display none -name kiln-vnc-test \
    -vnc "127.0.0.1:$(($1 - 5900))$2" &
  pids+=($!)
  for _ in $(seq 100); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" "$1" 2>/dev/null && return
    sleep 0.1
  done
  echo "qemu's VNC server did not listen on $1" >&2
  return 1
}

port=$(free_loopback_port 5900 5999)
start_paused_qemu "$port" ""
[[ $("$vnc_type" 127.0.0.1 "$port") == "QEMU (kiln-vnc-test) 640x480" ]]
# Key events on a machine that does not run are accepted, not typed.
"$vnc_type" 127.0.0.1 "$port" "a<enter><leftCtrlOn>c<leftCtrlOff>" 1ms

port=$(free_loopback_port 5900 5999)
start_paused_qemu "$port" ",password=on"
expect_failure() {  # expect_failure TEXT VNC_TYPE_ARG...: vnc_type fails, and its error contains TEXT
  local error
  if error=$("$vnc_type" "${@:2}" 2>&1); then echo "vnc_type $* succeeded" >&2; return 1; fi
  [[ $error == *"$1"* ]] || { echo "unexpected error: $error" >&2; return 1; }
}
expect_failure "VNC handshake with 127.0.0.1:$port: the server offers security types 2, not 1 (None): \
it asks for a VNC password" 127.0.0.1 "$port"

port=$(free_loopback_port 5900 5999)
expect_failure "cannot connect to VNC at 127.0.0.1:$port: Connection refused" 127.0.0.1 "$port"
echo "ok: handshake, key events, password refused, connection refused"
