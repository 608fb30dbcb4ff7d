#!/usr/bin/env python3
"""`kiln inspect` on HCL2 templates against Packer 1.6.6 run live: the same bytes on stdout and the
same exit status, for every HCL2 case folder given and the fixtures under inspect-hcl2/.

  inspect_hcl2_test.py KILN PACKER DIR...   (each DIR holds case folders)
"""
import os, shutil, subprocess, sys, tempfile

# Where kiln deliberately answers differently, with the reason; the difference is still checked.
KNOWN = {}


def run(binary, folder, home):
    env = dict(os.environ, HOME=home, PACKER_CHECKPOINT_DISABLE="1", CHECKPOINT_DISABLE="1", NO_COLOR="1")
    p = subprocess.run([binary, "inspect", "."], cwd=folder, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    kiln, packer, roots = sys.argv[1], sys.argv[2], sys.argv[3:]
    if not shutil.which(packer):
        print(f"FAIL: {packer} not found: the reference is required")
        return 1
    roots.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "inspect-hcl2"))
    failures, compared = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for root in roots:
            for name in sorted(os.listdir(root)):
                src = os.path.join(root, name)
                if not os.path.isdir(src) or not any(f.endswith((".pkr.hcl", ".pkr.json")) for f in os.listdir(src)):
                    continue
                work = os.path.join(tmp, name)
                shutil.copytree(src, work)
                want = run(packer, work, tmp)
                got = run(kiln, work, tmp)
                compared += 1
                if name in KNOWN:
                    ok = got[0] != 0 and KNOWN[name] in got[1] + got[2]
                elif want[0] != 0:
                    ok = got[0] != 0  # both refuse; wording is checked by the conformance cases
                else:
                    ok = got[0] == 0 and got[1] == want[1]
                if not ok:
                    failures += 1
                    print(f"FAIL {name}\n--- packer (exit {want[0]})\n{want[1]}{want[2]}--- kiln (exit {got[0]})\n{got[1]}{got[2]}")
                else:
                    print(f"PASS {name}")
    print(f"{compared - failures} passed, {failures} failed")
    return 1 if failures or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
