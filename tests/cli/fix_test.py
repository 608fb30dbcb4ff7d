#!/usr/bin/env python3
"""kiln fix against Packer 1.6.6's fix, run live on the same templates.

Every JSON file under the given folders (the conformance cases and Packer's own fixtures, this
test's templates in tests/cli/fix/), and 150 templates generated from a fixed seed, goes through
`packer fix` and `kiln fix` (this test's validate-* ones also with -validate=false), each in a
scratch folder of its own so both see the same relative path. Standard output,
standard error and the exit status must be byte-equal. Command-line mistakes are compared on exit
status and message (the usage text names kiln). Templates that crash Packer 1.6.6 (a Go panic,
exit status 2; this test's own are listed in CRASHES) kiln reports as an error with status 1.

usage: fix_test.py KILN PACKER FOLDER...
A missing packer is a failure, never a skip.
"""
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

# Templates (by file name) on which Packer 1.6.6 panics; kiln says why and exits 1.
CRASHES = {
    "crash-null-template.json": "the template is null",
    "crash-comm-config-untyped-builder.json": "comm-config: a builder has no string \"type\"",
    "crash-comm-config-null-builder.json": "comm-config: a builder has no string \"type\"",
    "crash-clean-image-name-labels.json": "\"image_labels\" is neither a string nor an object",
    "crash-docker-tag-number.json": "docker-tag-tags: a tag is not a string",
    "crash-private-ip-number.json": "\"ssh_private_ip\" is neither a boolean nor a string",
    "crash-powershell-user-number.json": "powershell-escapes: \"elevated_user\" is not a string",
    "crash-vsphere-adapters.json": "vsphere-iso-net-disk: \"network_adapters\" is not a list",
}

failures = []
compared = 0


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def run(exe, args, cwd, global_flags=()):
    env = dict(os.environ, CHECKPOINT_DISABLE="1", PACKER_LOG="")
    return subprocess.run([exe, *global_flags, "fix"] + args, cwd=cwd, capture_output=True, env=env, timeout=300)


def show(p):
    return f"status {p.returncode}\n--- stdout\n{p.stdout.decode(errors='replace')}--- stderr\n{p.stderr.decode(errors='replace')}"


def tally(p, k, what):
    global compared
    compared += 1
    same = (p.returncode, p.stdout, p.stderr) == (k.returncode, k.stdout, k.stderr)
    check(same, f"{what}: differs\n=== packer {show(p)}=== kiln {show(k)}")


def run_both(packer, kiln, jobs):
    """(packer's, kiln's) result for each (args, cwd, global_flags) job. Packer takes most of a
    second to start, mostly waiting: the runs go in parallel."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda job: tuple(run(exe, *job) for exe in (packer, kiln)), jobs))


def templates(roots):
    found = []
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith(".json") and name != "expected.json":
                    found.append(os.path.join(folder, name))
    return sorted(found)

# Generated templates: builders, provisioners and post-processors mixing the settings the fixers
# touch with values of every JSON kind, from a fixed seed (Packer's output for them is stable).
GENERATED = 150
BUILDER_TYPES = ["virtualbox", "virtualbox-iso", "virtualbox-ovf", "vmware", "vmware-iso", "parallels-iso", "parallels-pvm",
                 "amazon-ebs", "amazon-instance", "amazon-chroot", "qemu", "hyperv-iso", "hyperv-vmcx", "scaleway", "docker",
                 "vsphere-iso", "proxmox", "azure-chroot", "googlecompute", "null"]
BUILDER_KEYS = ["iso_md5", "iso_checksum", "iso_checksum_type", "iso_checksum_url", "ami_name", "snapshot_name",
                "guest_additions_attach", "headless", "parallels_tools_host_path", "guest_os_distribution", "ssh_key_path",
                "ssh_private_key_file", "ssh_disable_agent", "access_key", "organization_id", "shutdown_behaviour",
                "enhanced_networking", "ssh_private_ip", "ssh_interface", "temporary_security_group_source_cidr", "login_email",
                "remote_type", "disk_type_id", "skip_compaction", "vhd_temp_path", "clone_from_vmxc_path", "cpu", "ram_size",
                "spot_price_auto_product", "disk_size", "ssh_host_port_min", "host_port_min", "ssh_skip_nat_mapping",
                "ssh_wait_timeout", "ssh_timeout", "network", "networkCard", "network_card", "disk_thin_provisioned",
                "shared_image_destination", "tags", "image_labels", "network_adapters", "storage"]


def generated_templates(seed, count):
    r = random.Random(seed)

    def value():
        return r.choice([lambda: r.choice(["x", "esx5", "thin", "md5", "{{ .CreateTime }}", "clean_ami_name", "`$a``b",
                                           "<a&b>", "true", "0", "10.0.0.0/8", "a, b,c", ""]),
                         lambda: r.choice([True, False]), lambda: r.choice([0, 1, 2.5, -3, 1e21, 10240, 0.0001]),
                         lambda: None, lambda: [value() for _ in range(r.randrange(3))],
                         lambda: {"exlude_from_latest": True, "k": "clean_image_name"}])()

    def builder(i):
        b = {"type": r.choice(BUILDER_TYPES)} if r.random() < 0.97 else r.choice([{}, {"type": 3}])
        if i:
            b["name"] = f"b{i}"
        for _ in range(r.randrange(6)):
            b[r.choice(BUILDER_KEYS)] = value()
        return b

    def provisioner():
        p = {"type": r.choice(["powershell", "ansible-local", "shell", "file"])}
        for k in r.sample(["elevated_user", "elevated_password", "environment_vars", "galaxycommand", "galaxy_command",
                           "override", "only", "except", "pause_before"], r.randrange(4)):
            p[k] = r.choice({"environment_vars": [["A=`$b"], None, "A=`$", ["x", None], [1]],
                             "override": [{"virtualbox": {"a": 1}}, {"b1": {}}, {}],
                             "only": [["b1"], ["zz"], "b1"], "except": [["b1"], ["zz"], "b1"],
                             "pause_before": ["g", 3, "1m30s", "", "10", "1x", "-1.5h", [1], True, None]}.get(k, ["`$u", "p``w", 3]))
        return p

    def post_processor():
        p = {"type": r.choice(["vagrant", "manifest", "docker-tag", "docker-push", "compress"])}
        for k in r.sample(["aws", "vmware", "filename", "tag", "tags", "login_email", "only", "keep_input_artifact"], r.randrange(4)):
            p[k] = r.choice({"tag": ["a, b", ["x", "y"], "c"], "tags": [["x"], "c"], "only": [["b1"], ["nope"]],
                             "keep_input_artifact": [True, "x"]}.get(k, ["f", {"x": 1}, 3]))
        return r.choice([p, p["type"], [p, "compress"]])

    for n in range(count):
        t = {"builders": [builder(i) for i in range(r.randrange(1, 4))]}
        if r.random() < 0.6:
            t["provisioners"] = [provisioner() for _ in range(r.randrange(1, 3))]
        if r.random() < 0.5:
            t["post-processors"] = [post_processor() for _ in range(r.randrange(1, 3))]
        if r.random() < 0.2:
            t["variables"] = {"v": r.choice(["1", None, 3])}
        yield f"generated-{n}", json.dumps(t)


def main():
    kiln, packer = os.path.abspath(sys.argv[1]), sys.argv[2]
    roots = sys.argv[3:]
    if not shutil.which(packer):
        print(f"FAIL: {packer} is not installed; this test compares against it and cannot pass without it")
        return 1
    paths = templates(roots)
    own = set(templates([r for r in roots if os.path.basename(os.path.normpath(r)) == "fix"]))
    check(len(paths) >= 150, f"only {len(paths)} templates found under {roots}")
    check(len(own) >= 40, f"only {len(own)} of this test's own templates found")

    with tempfile.TemporaryDirectory(prefix="kiln-fix-test-") as scratch:
        # Each template in a folder of its own, as template.json, so both tools print the same path.
        # Both tools' output depends only on those bytes and the arguments: a template that another
        # path already holds (a conformance case in both suites, say) runs once and answers for both.
        jobs, runs = [], {}

        def add(path, text, args):
            if (text, tuple(args)) not in runs:
                folder = os.path.join(scratch, f"t{len(runs)}")
                os.mkdir(folder)
                with open(os.path.join(folder, "template.json"), "wb") as f:
                    f.write(text)
                runs[text, tuple(args)] = folder
            jobs.append((path, args, (text, tuple(args))))

        for path in paths:
            with open(path, "rb") as f:
                text = f.read()
            add(path, text, ["template.json"])
            if path in own and os.path.basename(path).startswith("validate-"):
                add(path, text, ["-validate=false", "template.json"])
        for name, text in generated_templates(1616, GENERATED):
            add(name, text.encode(), ["template.json"])
        results = dict(zip(runs, run_both(packer, kiln, [(list(args), folder, ()) for (_, args), folder in runs.items()])))
        print(f"{len(jobs)} fix jobs, {len(runs)} of them distinct")
        crashed = set()
        for path, args, run_key in jobs:
            p, k = results[run_key]
            name = os.path.basename(path)
            if name in CRASHES:
                check(CRASHES[name].encode() in k.stdout, f"{path}: kiln names another problem: {show(k)}")
                crashed.add(name)
            if name in CRASHES or (p.returncode == 2 and b"panic:" in p.stderr):
                check(p.returncode == 2 and b"panic:" in p.stderr, f"{path}: packer no longer crashes: {show(p)}")
                check(k.returncode == 1 and k.stdout.startswith(b"Error fixing: ") and k.stderr == b""
                      and k.stdout.endswith(b"(Packer 1.6.6 crashes on this template)\n"),
                      f"{path}: kiln does not report Packer's crash as an error: {show(k)}")
                continue
            tally(p, k, f"fix {' '.join(args)} ({path})")
        check(crashed == set(CRASHES), f"crash templates not found: {set(CRASHES) - crashed}")

        # The fixed output is stable: fixing kiln's own output again changes nothing.
        for path in own:
            if os.path.basename(path) in CRASHES:
                continue
            shutil.copyfile(path, os.path.join(scratch, "template.json"))
            k = run(kiln, ["-validate=false", "template.json"], scratch)
            try:
                json.loads(k.stdout)
            except ValueError:
                continue  # an error, or Packer's unescaping of \\u003c made the output invalid JSON
            with open(os.path.join(scratch, "fixed.json"), "wb") as f:
                f.write(k.stdout)
            again = run(kiln, ["-validate=false", "fixed.json"], scratch)
            check(again.stdout == k.stdout, f"{path}: fixing the fixed template changes it again")

        # Files that are not there, not readable as a template, or not JSON objects.
        os.mkdir(os.path.join(scratch, "folder"))
        samples = {"empty.json": b"", "space.json": b" \n\t", "cut.json": b'{"builders": [', "array.json": b"[1]",
                   "string.json": b'"x"', "number.json": b"12", "bool.json": b"true", "bom.json": b'\xef\xbb\xbf{}',
                   "garbage.json": b'{"a": 1} trailing', "control.json": b'{"a": "x\x01"}', "bad-escape.json": b'{"a": "\\q"}',
                   "bad-u.json": b'{"a": "\\u12g4"}', "key.json": b'{1: 2}', "colon.json": b'{"a" 1}', "comma.json": b'{"a": 1 "b": 2}',
                   "array-comma.json": b'[1 2]', "literal.json": b'{"a": tru}', "literal2.json": b'{"a": nulL}', "minus.json": b'{"a": -}',
                   "dot.json": b'{"a": 1.}', "exp.json": b'{"a": 1e}', "huge.json": b'{"a": 1e400}', "latin1.json": b'{"a": 1\xe9}',
                   "c1.json": b'{"a": \x85}', "nbsp.json": b'{\xa0}', "quote.json": b"{'a': 1}", "del.json": b'{"a": \x7f}',
                   "tab.json": b'{"a":\t\x0b}', "dup.json": b'{"builders": [{"type": "a"}], "builders": [{"type": "null", "communicator": "none"}]}',
                   "utf8.json": b'{"builders": [{"type": "null", "communicator": "none", "x": "\xff\xc3\x28 \xed\xa0\x80 \xf0\x9f\x98\x80"}]}',
                   "surrogates.json": b'{"builders": [{"type": "null", "communicator": "none", "x": "\\ud83d\\ude00 \\ud83d \\ude00 \\ud83dx"}]}',
                   "escapes.json": b'{"builders": [{"type": "null", "communicator": "none", "x": "\\u003c\\u003e\\u0026 \\\\u003c \\b\\f\\/ \\u2028\\u2029 \\u007f"}]}',
                   "numbers.json": b'{"builders": [{"type": "null", "communicator": "none", "n": [0, -0, 1.0, 1e2, 1E+2, 1.5e-7, 0.000001, 1e20, 1e21, 123456789012345678901, 5e-324, 1e-400, -1e-400, 1.7976931348623157e308, 0.1, 100.25, -3]}]}'}
        for name, data in samples.items():
            with open(os.path.join(scratch, name), "wb") as f:
                f.write(data)
        argv = [["missing.json"], ["folder"], ["-"]] + [[name] for name in samples]
        for args, (p, k) in zip(argv, run_both(packer, kiln, [(args, scratch, ()) for args in argv])):
            tally(p, k, "fix " + " ".join(args))
        os.chmod(os.path.join(scratch, "empty.json"), 0)
        if os.geteuid() != 0:
            tally(run(packer, ["empty.json"], scratch), run(kiln, ["empty.json"], scratch), "fix of an unreadable file")

        # Flags and usage: the same status and messages; the usage names kiln where packer's names packer.
        # Packer prints a flag error from another goroutine, so that line may come anywhere or not at
        # all: kiln must print it, and otherwise what packer prints.
        flag_errors = {"-nope": b"flag provided but not defined: -nope",
                       "-validate=maybe": b'invalid boolean value "maybe" for -validate: parse error'}
        argv = [["-h"], ["--help"], [], ["a.json", "b.json"], ["-nope", "x.json"], ["-validate=maybe", "x.json"],
                ["-validate"], ["-validate=false"], ["-validate=T", "number.json"], ["--validate=0", "dup.json"],
                ["-validate=false", "--", "dup.json"]]
        for args, (p, k) in zip(argv, run_both(packer, kiln, [(args, scratch, ()) for args in argv])):
            check(p.returncode == k.returncode, f"fix {args}: status {k.returncode}, packer {p.returncode}")
            message = flag_errors.get(args[0]) if args else None
            lines = lambda out: sorted(line for line in out.split(b"\n") if line != message)
            check(message is None or message in k.stdout.split(b"\n"), f"fix {args}: kiln does not say {message}")
            check(lines(k.stdout) == lines(p.stdout.replace(b"packer fix", b"kiln fix")) and k.stderr == p.stderr,
                  f"fix {args}: output differs\n=== packer {show(p)}=== kiln {show(k)}")
        # -machine-readable: the same records, but for their time stamps.
        unstamped = lambda out: re.sub(rb"(?m)^[0-9]+,", b"", out)
        argv = [["dup.json"], ["cut.json"], ["missing.json"], ["-validate=false", "utf8.json"], ["key.json"]]
        for args, (p, k) in zip(argv, run_both(packer, kiln, [(args, scratch, ["-machine-readable"]) for args in argv])):
            check((p.returncode, unstamped(p.stdout), p.stderr) == (k.returncode, unstamped(k.stdout), k.stderr),
                  f"-machine-readable fix {args}: differs\n=== packer {show(p)}=== kiln {show(k)}")

        k = run(kiln, ["-h"], scratch)
        names = [line.split()[0] for line in k.stdout.decode().split("Fixes that are run (in order):\n\n")[1].split("\n\n")[0].splitlines()]
        check(len(names) == 34 and names[0] == "iso-md5" and names[-1] == "proxmox-type", f"-h lists the fixers in order: {names}")

    print(f"{len(paths)} templates and {GENERATED} generated ones, {compared} comparisons, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
