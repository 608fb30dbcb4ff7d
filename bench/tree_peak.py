#!/usr/bin/env python3
"""Runs a command, samples it and all its descendants every 10 ms until it exits, and writes the peaks
of their sums to OUT: "<RSS KiB> <threads> <processes>". Packer runs each plugin as a process of its
own, so the whole tree is what a build costs (/usr/bin/time's peak RSS is only its largest process).
Exits with the command's status.

  tree_peak.py OUT COMMAND [ARG...]
"""
import os, subprocess, sys, time


def tree(root):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def status(pid):
    rss = threads = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
    except OSError:
        pass
    return rss, threads


out = sys.argv[1]
child = subprocess.Popen(sys.argv[2:])
peak = [0, 0, 0]
while child.poll() is None:
    pids = tree(child.pid)
    sums = [sum(x) for x in zip(*(status(p) for p in pids))]
    peak = [max(peak[0], sums[0]), max(peak[1], sums[1]), max(peak[2], len(pids))]
    time.sleep(0.01)
with open(out, "w") as f:
    print(*peak, file=f)
sys.exit(child.returncode)
