#!/usr/bin/env bash
# Progress you can see (issue 16, item 4), on the compress post-processor:
# - in a real terminal (tmux), the bar is redrawn in place and seen advancing: two different
#   percentages captured from the pane while the build runs (xz of 4 MiB: single-threaded, it lasts
#   seconds), then a finished 100% line;
# - --events=json (gzip of 32 MiB) carries progress events with increasing bytes, the file's size as
#   total, the last one complete, and at most one per 100 ms before it;
# - on a non-terminal there is no bar.
# usage: progress_test.sh KILN_BINARY
set -u
kiln=$(realpath "$1")
command -v tmux >/dev/null || { echo "FAIL: tmux not found (scripts/install-deps.sh installs it)"; exit 1; }
work=$(mktemp -d)
sock=$work/tmux.sock
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
cd "$work"
head -c $((4 * 1024 * 1024)) /dev/urandom > small.bin
head -c $((32 * 1024 * 1024)) /dev/urandom > data.bin
size=$(stat -c %s data.bin)
template() {  # template SOURCE OUTPUT
  printf '{"builders": [{"type": "file", "source": "%s", "target": "out/%s"}],\n' "$1" "$1"
  printf ' "post-processors": [{"type": "compress", "output": "out/%s"}]}\n' "$2"
}
template small.bin small.bin.xz > slow.json
template data.bin data.bin.gz > t.json

# --- a terminal: tmux runs the build; the pane is captured until two percentages were seen and the build ended
tmux -S "$sock" new-session -d -x 200 -y 50 "'$kiln' build -color=false slow.json; echo KILN-EXIT=\$?; exec sleep 600"
seen=""
for _ in $(seq 6000); do  # a bound, not a time limit: the loop ends as soon as the build has ended
  pane=$(tmux -S "$sock" capture-pane -p)
  for p in $(grep -o 'compressing: *[0-9]*%' <<<"$pane" | grep -o '[0-9]*%'); do
    grep -qx -- "$p" <<<"$seen" || seen+="$p"$'\n'
  done
  grep -q '^KILN-EXIT=' <<<"$pane" && break
  sleep 0.05
done
grep -q '^KILN-EXIT=0$' <<<"$pane" || fail "the build in tmux did not end with status 0: $pane"
echo "percentages seen: $(tr "\n" " " <<<"$seen")"
distinct=$(grep -c . <<<"$seen")
[ "$distinct" -ge 2 ] || fail "the bar was not seen advancing; percentages seen: $(tr '\n' ' ' <<<"$seen")"
grep -q 'compressing: 100% \[#\{30\}\] 4.0/4.0 MiB' <<<"$pane" || fail "no finished bar in the pane: $pane"
# Finished means the next output starts on a line of its own.
grep -q '^==> .*Archive out/small.bin.xz completed' <<<"$pane" || fail "the line after the bar is not its own: $pane"
rm -rf out

# --- --events=json
"$kiln" build --events=json t.json > events.json || fail "kiln build --events=json exited $?"
python3 - "$size" events.json <<'P' || fail "progress events"
import json, sys
size = int(sys.argv[1])
events = [json.loads(l) for l in open(sys.argv[2])]
prog = [e for e in events if e["kind"] == "progress" and e["text"] == "compressing"]
assert len(prog) >= 2, f"{len(prog)} progress events"
assert all(e["total"] == size for e in prog), {e["total"] for e in prog}
dones = [e["done"] for e in prog]
assert dones == sorted(set(dones)), "bytes done do not increase"
assert dones[-1] == size, dones[-1]
gaps = [b["time"] - a["time"] for a, b in zip(prog, prog[1:-1])]
assert all(g >= 0.099 for g in gaps), f"more than 10 reports a second: {min(gaps)}"
P
rm -rf out

# --- not a terminal: no bar
"$kiln" build -color=false t.json > plain.log 2>&1 || fail "kiln build exited $?"
if grep -q 'MiB\|%\|'$'\r' plain.log; then fail "a bar on a non-terminal: $(cat plain.log)"; fi
grep -q 'Archive out/data.bin.gz completed' plain.log || fail "the plain build said nothing of the archive: $(cat plain.log)"

[ "$failed" == 0 ] && echo PASS && exit 0
exit 1
