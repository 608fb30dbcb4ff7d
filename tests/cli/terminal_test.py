#!/usr/bin/env python3
"""kiln build on a terminal against Packer 1.6.6's, byte for byte, colours included.

  terminal_test.py KILN PACKER

Both run on a pseudo-terminal (where kiln colours its output; Packer colours it everywhere) in the
same directory on the same small templates: two builds one after the other (JSON and HCL2), a failing
build, failing post-processors, -color=false, -timestamp-ui, validate, inspect, and commands writing to
stderr (shown as errors, also in -machine-readable). What is normalised: durations and timestamps
(timing), the names of the temporary scripts (random), and the order of the closing artifact lines
(Packer walks a Go map, so its order changes from run to run). A missing packer is a failure, not a skip.
"""
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile

TEMPLATES = {
    "two.json": '{"builders": [{"type": "null", "communicator": "none"},'
                ' {"type": "null", "name": "two", "communicator": "none"}],'
                ' "provisioners": [{"type": "shell-local", "inline": ["echo hi"]}]}',
    "fail.json": '{"builders": [{"type": "null", "communicator": "none"}],'
                 ' "provisioners": [{"type": "shell-local", "inline": ["echo about to fail", "exit 3"]}]}',
    "stderr.json": '{"builders": [{"type": "null", "communicator": "none"}],'
                   ' "provisioners": [{"type": "shell-local", "inline": ["echo to stderr >&2"]}],'
                   ' "post-processors": [{"type": "shell-local", "inline": ["echo post-processor stderr >&2"]}]}',
    "pp-fails.json": '{"builders": [{"type": "null", "communicator": "none"}],'
                     ' "post-processors": [{"type": "shell-local", "inline": ["exit 2"]},'
                     ' {"type": "shell-local", "inline": ["exit 3"]}]}',
    "two.pkr.hcl": 'source "null" "a" {\n  communicator = "none"\n}\nsource "null" "b" {\n  communicator = "none"\n}\n'
                   'build {\n  sources = ["source.null.a", "source.null.b"]\n'
                   '  provisioner "shell-local" {\n    inline = ["echo hi"]\n  }\n}\n',
}
RUNS = [["build", "-parallel-builds=1", "two.json"], ["build", "fail.json"],
        ["build", "-color=false", "-parallel-builds=1", "two.json"],
        ["build", "-timestamp-ui", "-parallel-builds=1", "two.json"],
        ["build", "-parallel-builds=1", "two.pkr.hcl"], ["validate", "two.json"], ["validate", "two.pkr.hcl"],
        ["inspect", "two.json"], ["build", "stderr.json"], ["build", "-machine-readable", "stderr.json"],
        ["build", "pp-fails.json"]]


def on_terminal(argv, cwd, env):
    """Runs argv with stdout and stderr on a new pseudo-terminal; returns (status, bytes written)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: every writer has gone
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return process.wait(timeout=120), output.decode("utf-8", "replace")


def normalise(text):
    text = re.sub(r"after (\d+ [a-z]+ ?)*", "after D", text)
    text = re.sub(r"/tmp/(packer-shell\d+|kiln-shell-\w+)", "/tmp/SCRIPT", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: ", "TIME: ", text)
    text = re.sub(r"^\d+,", "TIME,", text, flags=re.MULTILINE)  # -machine-readable's first column
    lines, artifacts = [], []
    for line in text.split("\n") + [""]:
        if line.startswith("--> "):
            artifacts.append(line)
            continue
        lines += sorted(artifacts)
        artifacts = []
        lines.append(line)
    return "\n".join(lines[:-1])


def main():
    kiln, packer = os.path.abspath(sys.argv[1]), sys.argv[2]
    if shutil.which(packer) is None:
        print(f"FAIL: {packer} not found (scripts/install-deps.sh installs it)")
        return 1
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR" and not k.startswith("PACKER_")}
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        for name, text in TEMPLATES.items():
            with open(os.path.join(work, name), "w") as f:
                f.write(text)
        for args in RUNS:
            want_status, want = on_terminal([packer] + args, work, env)
            status, got = on_terminal([kiln] + args, work, env)
            if (status, normalise(got)) != (want_status, normalise(want)):
                failed += 1
                print(f"FAIL {' '.join(args)}: kiln exit {status}, packer exit {want_status}")
                print(f"  kiln:   {normalise(got)!r}\n  packer: {normalise(want)!r}")
    print(f"{len(RUNS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
