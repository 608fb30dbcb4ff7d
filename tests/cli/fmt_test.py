#!/usr/bin/env python3
"""kiln fmt against Packer 1.6.6's fmt, run live on the same copies.

Every .pkr.hcl and .pkrvars.hcl of the HCL2 conformance folders is copied as it is and with its
layout messed up in three deterministic ways (indentation stripped or scrambled with tabs, runs of
spaces around `=` expanded or collapsed, trailing blanks added). Both tools then format, check and
diff identical folders; their outputs, exit statuses and the files they leave must be byte-equal.
Error cases (a file that does not parse, a missing path, files that are not HCL2) are compared the
same way. What 1.6.6 lacks (-recursive, `-` for standard input) is checked against today's Packer
documentation.

usage: fmt_test.py KILN PACKER CONFORMANCE_DIR...
A missing packer is a failure, never a skip.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def messed(text, variant):
    lines = []
    for n, line in enumerate(text.split("\n")):
        body = line.lstrip(" \t")
        if variant == 0:
            line = body
        elif variant == 1:
            # a lone `=` (not ==, <=, >=, !=, =>) with wide spaces around it
            body = re.sub(r"\s*(?<![=!<>])=(?![=>])\s*", "   =  ", body, count=1)
            line = ("\t" if n % 2 else "     ") + body + ("  " if n % 3 == 0 and body else "")
        else:
            body = re.sub(r" +", " ", body).replace(" = ", "=")
            line = " " * (n % 5) + body + ("\t" if body else "")
        lines.append(line)
    return "\n".join(lines)


def hcl2_files(roots):
    found = []
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith(".pkr.hcl") or name.endswith(".pkrvars.hcl"):
                    found.append(os.path.join(folder, name))
    return sorted(found)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)


def snapshot(folder):
    out = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = f.read()
    return out


class Pair:
    """Two identical copies of a folder tree: one for packer, one for kiln."""

    def __init__(self, scratch, name, files):
        self.dirs = {}
        for tool in ("packer", "kiln"):
            self.dirs[tool] = os.path.join(scratch, name, tool)
            for rel, text in files.items():
                write(os.path.join(self.dirs[tool], rel), text)

    def run(self, tool, exe, args, stdin=None):
        env = dict(os.environ, CHECKPOINT_DISABLE="1")
        return subprocess.run([exe, "fmt"] + args, cwd=self.dirs[tool], input=stdin, capture_output=True, env=env)

    def compare(self, kiln, packer, args, what, same_output=True):
        p = self.run("packer", packer, args)
        k = self.run("kiln", kiln, args)
        check(k.returncode == p.returncode, f"{what}: exit status {k.returncode}, packer {p.returncode}")
        check(k.stdout == p.stdout or not same_output, f"{what}: output differs\n--- packer\n{p.stdout.decode()}\n--- kiln\n{k.stdout.decode()}")
        ps, ks = snapshot(self.dirs["packer"]), snapshot(self.dirs["kiln"])
        for rel in sorted(ps):
            check(ks.get(rel) == ps[rel], f"{what}: {rel} differs from what packer left")
        return k


def main():
    kiln, packer = os.path.abspath(sys.argv[1]), sys.argv[2]
    roots = sys.argv[3:]
    packer_path = shutil.which(packer)
    if not packer_path:
        print(f"FAIL: {packer} is not installed; this test compares against it and cannot pass without it")
        return 1
    sources = hcl2_files(roots)
    check(len(sources) >= 10, f"only {len(sources)} HCL2 files found under {roots}")

    corpus = {}
    for path in sources:
        with open(path, newline="") as f:
            text = f.read()
        root = next(i for i, r in enumerate(roots) if os.path.abspath(path).startswith(os.path.abspath(r)))
        stem = f"r{root}-" + os.path.relpath(path, roots[root]).replace(os.sep, "-")
        suffix = ".pkrvars.hcl" if stem.endswith(".pkrvars.hcl") else ".pkr.hcl"
        base = stem[: -len(suffix)]
        corpus[f"cases/{base}-as-is{suffix}"] = text
        for variant in range(3):
            corpus[f"cases/{base}-messed{variant}{suffix}"] = messed(text, variant)

    with tempfile.TemporaryDirectory(prefix="kiln-fmt-test-") as scratch:
        # -check lists what is not formatted and leaves it; -diff -write=false shows each change.
        pair = Pair(scratch, "corpus", corpus)
        k = pair.compare(kiln, packer, ["-check", "cases"], "-check on the corpus")
        check(k.returncode == 3 and k.stdout.count(b"\n") >= len(sources), "-check lists the messed files, status 3")
        pair.compare(kiln, packer, ["-diff", "-write=false", "cases"], "-diff -write=false on the corpus")
        pair.compare(kiln, packer, ["-check", "-diff", "cases"], "-check -diff on the corpus")
        # Formatting rewrites every file exactly as packer does; a second pass finds nothing to do.
        pair.compare(kiln, packer, ["cases"], "fmt on the corpus")
        k = pair.compare(kiln, packer, ["-check", "cases"], "-check on the formatted corpus")
        check(k.returncode == 0 and k.stdout == b"", "formatted corpus: -check is silent, status 0")

        # One file, a var file, errors.
        files = {
            "one.pkr.hcl": 'a=1\nbbb   =  "x"\n',
            "vars.pkrvars.hcl": "region=  \"us-east-1\"\n",
            "noeol.pkr.hcl": "a=1\nb  =  2   ",
            "crlf.pkr.hcl": "a=1\r\nbb = 2 # c\r\n",
            "bad/ok.pkr.hcl": "a=1\n",
            "bad/broken.pkr.hcl": "a = \n",
            "bad/also.pkrvars.hcl": "x {\n",
            "bad/ignored.json": "{}\n",
            "json/only.pkr.json": "{}\n",
            "other/x.hcl": "a=1\n",
            "formatted/a.pkr.hcl": "a = 1\n",
        }
        pair = Pair(scratch, "cases", files)
        for args in (["-check", "one.pkr.hcl"], ["-diff", "one.pkr.hcl"], ["-check", "vars.pkrvars.hcl"],
                     ["-diff", "noeol.pkr.hcl"], ["-diff", "crlf.pkr.hcl"], ["-write=false", "one.pkr.hcl"],
                     ["vars.pkrvars.hcl"], ["-check", "bad"], ["bad"], ["-diff", "bad/broken.pkr.hcl"],
                     ["missing.pkr.hcl"], ["json"], ["json/only.pkr.json"], ["other"], ["other/x.hcl"],
                     ["formatted"], ["-check", "formatted/a.pkr.hcl"]):
            pair.compare(kiln, packer, args, "fmt " + " ".join(args))
        # Usage mistakes: the same status; the usage text is kiln's own.
        for args in ([], ["a", "b"], ["-nope", "one.pkr.hcl"], ["-write=maybe", "one.pkr.hcl"], ["-h"]):
            k = pair.compare(kiln, packer, args, "fmt " + " ".join(args), same_output=False)
            check(k.stdout.startswith(b"Usage: kiln fmt"), f"fmt {args} shows the usage")

        # -recursive (later Packer): subfolders too, after the folder's own files; hidden ones and
        # backups passed over.
        tree = {"top.pkr.hcl": "a=1\n", "sub/deeper/x.pkr.hcl": "b=2\n", "sub/y.pkrvars.hcl": "c=3\n",
                ".hidden/z.pkr.hcl": "d=4\n", "sub/skip.pkr.hcl~/w.pkr.hcl": "e=5\n"}
        pair = Pair(scratch, "recursive", tree)
        k = pair.run("kiln", kiln, ["-check", "."])
        check(k.returncode == 3 and k.stdout == b"top.pkr.hcl\n", f"-check . stays in the folder: {k}")
        k = pair.run("kiln", kiln, ["-recursive", "-check", "."])
        check(k.returncode == 3 and k.stdout == b"top.pkr.hcl\nsub/y.pkrvars.hcl\nsub/deeper/x.pkr.hcl\n",
              f"-recursive -check . lists subfolders' files: {k}")
        k = pair.run("kiln", kiln, ["-recursive", "sub"])
        check(k.returncode == 0 and snapshot(pair.dirs["kiln"])["sub/deeper/x.pkr.hcl"] == b"b = 2\n"
              and snapshot(pair.dirs["kiln"])[".hidden/z.pkr.hcl"] == b"d=4\n", f"-recursive sub writes: {k}")

        # `-` (later Packer): standard input to standard output.
        k = pair.run("kiln", kiln, ["-"], stdin=b"a=1\nbb =2\n")
        check(k.returncode == 0 and k.stdout == b"a  = 1\nbb = 2\n", f"fmt - formats standard input: {k}")
        k = pair.run("kiln", kiln, ["-"], stdin=b"a = 1\n")
        check(k.returncode == 0 and k.stdout == b"a = 1\n", f"fmt - echoes formatted input: {k}")
        k = pair.run("kiln", kiln, ["-check", "-"], stdin=b"a=1\n")
        check(k.returncode == 3 and k.stdout == b"", f"fmt -check - reports unformatted input: {k}")
        k = pair.run("kiln", kiln, ["-"], stdin=b"a = \n")
        check(k.returncode == 1 and b"failed to parse HCL" in k.stdout, f"fmt - refuses what does not parse: {k}")

    print(f"{len(sources)} files, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
