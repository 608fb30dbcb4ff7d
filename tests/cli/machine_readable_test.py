#!/usr/bin/env python3
"""kiln -machine-readable against Packer 1.6.6's, line by line, on Packer-recorded cases.

  machine_readable_test.py KILN PACKER CASES_DIR...

Each case (a folder with `cmd`, a template and inputs, see ../../../shared/conformance) runs under
`PACKER -machine-readable` and `KILN -machine-readable` in the same directory, so absolute paths
compare equal. Packer runs live rather than from recorded output: it is installed with the test
dependencies, and a live run cannot go stale when a case is added or changed.

What is normalised, and why:
  - the timestamp column (wall clock);
  - durations written by durafmt ("3 milliseconds 709 microseconds"): timing;
  - the names of temporary files (random suffixes);
  - lines printed by the templates' MARKRE: commands (timestamps, uuids; the conformance run checks them);
  - the text of template and configuration errors (ui,error lines before any build ran): kiln's name
    file:line:column and the key, on purpose; that there is an error line is still compared;
  - "<sensitive>" in kiln's lines: Packer 1.6.6's MachineReadableUi throws away its own secret filter
    and prints secrets; kiln masks them everywhere;
  - "Cancelling provisioner after a timeout...": Packer writes it from a goroutine racing the
    provisioner's lines, so its place is not fixed; and kiln's error for a timed-out shell-local
    script names the timeout where Packer's says "Error executing script: <path>".
Builds run in parallel, so lines are compared per build (the target column, or the name in a
"==> name: " prefix) and in order within each build; lines of the whole run form their own stream.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

DURATION = re.compile(r"\d+ (?:year|week|day|hour|minute|second|millisecond|microsecond|nanosecond)s?"
                      r"(?: \d+ (?:year|week|day|hour|minute|second|millisecond|microsecond|nanosecond)s?)*")
TEMP_FILE = re.compile(r"/tmp/(?:packer|kiln)-[a-z]+-?[A-Za-z0-9_]+")
PREFIX = re.compile(r"^(?:==>|   |-->) ([^:]+?)(?: \([^)]*\))?: ")
BUILD_LINE = re.compile(r"^Build '([^']+)' ")
CASE_FILES = {"cmd", "expected.json", "env", "mentions", "markre", "README"}


def run(binary, case_dir, work):
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(case_dir, work, ignore=shutil.ignore_patterns(*CASE_FILES))
    home = work + ".home"
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    env = dict(os.environ, PACKER_CHECKPOINT_DISABLE="1", CHECKPOINT_DISABLE="1", HOME=home)
    env.pop("PACKER_LOG", None)
    envfile = os.path.join(case_dir, "env")
    if os.path.exists(envfile):
        for line in open(envfile):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v
    args = open(os.path.join(case_dir, "cmd")).read().split()
    p = subprocess.run([binary, "-machine-readable"] + args, cwd=work, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def normalise(line):
    fields = line.split(",", 3)
    if len(fields) < 3:
        return line
    fields[0] = "T"
    if len(fields) == 4:
        data = DURATION.sub("D", fields[3])
        data = re.sub(r"after $", "after D", data)  # durafmt writes nothing for less than a microsecond
        data = TEMP_FILE.sub("TMP", data)
        data = re.sub(r"MARKRE:.*?(?=\\n|$)", "MARKRE:*", data)
        fields[3] = data
    return ",".join(fields)


TIMEOUT_ERROR = (re.compile(r"shell-local provisioner timed out after [0-9.a-z]+"),
                 r"Error executing script: TMP\\n\\nPlease see output above for more information.")


def streams(output):
    """{build name or "": [normalised lines]} in output order."""
    out = {}
    ran = False
    for raw in output.splitlines():
        line = TIMEOUT_ERROR[0].sub(TIMEOUT_ERROR[1], normalise(raw))
        if "Cancelling provisioner after a timeout..." in line:
            continue
        ran = ran or ",ui,say,\\n==> Wait completed after" in line
        if not ran and line.startswith("T,,ui,error,"):
            message = line.split(",", 4)[4].replace("\\n", "\n")
            if not PREFIX.match(message) and not BUILD_LINE.match(message):
                line = "T,,ui,error,<template error>"
        fields = line.split(",", 4)
        key = fields[1] if len(fields) > 1 else ""
        if not key and len(fields) > 4 and fields[2] == "ui":
            message = fields[4].replace("\\n", "\n")
            m = PREFIX.match(message) or BUILD_LINE.match(message)
            if m:
                key = m.group(1)
        key = re.sub(r" \([^)]*\)$", "", key)
        out.setdefault(key, []).append(line)
    return out


# Cases whose -machine-readable output cannot be compared line by line, and why (listed, not counted).
NOT_COMPARED = {
    "k24-builds-sharing-a-source": "its builds share one name, so their parallel lines cannot be told apart, and "
                                   "Packer's closing summary keeps one entry per name (the conformance run checks it)",
}


def masked_equal(packer_line, kiln_line):
    """True when the lines differ only where kiln wrote <sensitive>."""
    if "<sensitive>" not in kiln_line:
        return False
    pattern = ".+".join(re.escape(part) for part in kiln_line.split("<sensitive>"))
    return re.fullmatch(pattern, packer_line) is not None


def compare(kiln, packer, case_dir, work):
    pcode, pout = run(packer, case_dir, work)
    kcode, kout = run(kiln, case_dir, work)
    why = []
    if (pcode == 0) != (kcode == 0):
        why.append(f"exit status {kcode}, Packer's {pcode}")
    want, got = streams(pout), streams(kout)
    for key in sorted(set(want) | set(got)):
        w, g = want.get(key, []), got.get(key, [])
        for i in range(max(len(w), len(g))):
            wl = w[i] if i < len(w) else "<none>"
            gl = g[i] if i < len(g) else "<none>"
            if wl != gl and not masked_equal(wl, gl):
                why.append(f"stream {key or '<run>'!r} line {i + 1}:\n    packer: {wl}\n    kiln:   {gl}")
                break
    return why


def main(argv):
    if len(argv) < 4:
        print(__doc__)
        return 2
    kiln, packer = os.path.realpath(argv[1]), shutil.which(argv[2])
    if packer is None:
        print(f"FAIL {argv[2]} (Packer 1.6.6) not found: this test compares against it")
        return 1
    root = tempfile.mkdtemp(prefix="kiln-machine-readable-")
    passed = failed = not_compared = 0
    try:
        for cases in argv[3:]:
            for name in sorted(os.listdir(cases)):
                case_dir = os.path.join(cases, name)
                if not os.path.isfile(os.path.join(case_dir, "cmd")):
                    continue
                if name in NOT_COMPARED:
                    not_compared += 1
                    print(f"NOT COMPARED {name}: {NOT_COMPARED[name]}")
                    continue
                why = compare(kiln, packer, case_dir, os.path.join(root, name))
                if why:
                    failed += 1
                    print(f"FAIL {name}: " + "\n  ".join(why))
                else:
                    passed += 1
                    print(f"PASS {name}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{passed} passed, {failed} failed, {not_compared} not compared (listed above)")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
