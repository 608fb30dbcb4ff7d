"""Cancel matrix (issue 15, item 5): one builder family's template is cancelled at every step, through
the three ways a user cancels: SIGINT to `kiln build`, kiln_run_cancel from a C host (event_host.c),
and KeyboardInterrupt in a Python host (event_host.py). A step is a build's "say" event (the
"==> build: …" lines: the builder's steps, each provisioner and post-processor), so a reference run
numbers them and case K cancels when the K-th one is seen.

Each case must end with Packer 1.6.6's outcome (`packer build` exits 1 after "Cleanly cancelled builds
after being interrupted."; the C host gets KILN_ECANCELLED; the Python host KeyboardInterrupt) and
leave nothing behind: its TMPDIR empty, no process that inherited its environment, and after the
family, no container, live instance, temporary key pair, security group or volume, and no process
of the SSH user. -on-error=abort is not cleanup: Packer 1.6.6 treats an interrupt as an abort there
("Interrupted, aborting..." and every step's cleanup skipped), so one abort case per family checks
that kiln leaves the resources too and names them.

usage: cancel_matrix.py FAMILY KILN EVENT_HOST [FAMILY_ARGS…]
  FAMILY: file, null-ssh, docker, amazon-ebs, amazon-instance, amazon-chroot, or qemu (FAMILY_ARGS: the test
  guest's directory)
Writes $KILN_REPORT_DIR/cancel-FAMILY.json {"cancel_points": N, "leaks": N} when KILN_REPORT_DIR is set."""
import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import cancel_families as families
import host_preload

HERE = Path(__file__).resolve().parent
KILN_ECANCELLED = -6
CANCELLED_LINE = "Cleanly cancelled builds after being interrupted."
INTERRUPT_LINE = "Cancelling build after receiving interrupt"


def is_step(kind, build, message):
    return kind == "say" and build and not message.startswith("Build '")


class Case:
    """One run of the family's template by one host, cancelled at step `cancel_at` (0: never)."""

    def __init__(self, family, host, cancel_at, on_error="cleanup"):
        self.family, self.host, self.cancel_at, self.on_error = family, host, cancel_at, on_error
        self.name = f"{host}-{on_error}-{cancel_at}"
        self.dir = family.work / "cases" / self.name
        self.tmp = self.dir / "tmp"
        self.marker = uuid.uuid4().hex
        self.steps, self.lines, self.failures, self.leaks = [], [], [], []
        self.cancelled = False

    def command(self, kiln, cancel_host):
        template = str(self.family.template_path)
        if self.host == "cli":
            return [kiln, "build", "--events=json", "-color=false", f"-on-error={self.on_error}", template]
        if self.host == "c":
            return [cancel_host, template, str(self.cancel_at), self.on_error]
        return [sys.executable, str(HERE / "event_host.py"), template, str(self.cancel_at), self.on_error]

    def parse(self, line):
        """(kind, build, message) of a host's output line, or None for other lines."""
        if self.host == "cli":
            try:
                e = json.loads(line)
            except ValueError:
                return None
            return e["kind"], e["build"], e["text"]
        parts = line.split("\t", 2)
        if len(parts) != 3:
            return None
        kinds = ("say", "message", "error", "progress", "build-start", "build-end", "artifact", "machine", "warning")
        kind = kinds[int(parts[0])] if self.host == "c" and parts[0].isdigit() else parts[0]
        return kind, parts[1], parts[2]

    def run(self, kiln, cancel_host):
        self.tmp.mkdir(parents=True)
        env = dict(os.environ, TMPDIR=str(self.tmp), KILN_CANCEL_CASE=self.marker, **self.family.env())
        command = self.command(kiln, cancel_host)
        if command[0] == sys.executable:
            env = host_preload.for_python_host(env)
        proc = subprocess.Popen(command, cwd=self.dir, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True)
        signalled = False
        for line in proc.stdout:
            self.lines.append(line.rstrip("\n"))
            event = self.parse(line.rstrip("\n"))
            if event and is_step(*event):
                self.steps.append(event[2])
                if self.host == "cli" and len(self.steps) == self.cancel_at and proc.poll() is None:
                    proc.send_signal(signal.SIGINT)  # kiln alone, as `kill -INT`: its children must not race it
                    signalled = True
        proc.wait()
        self.check_outcome(proc.returncode, signalled)
        self.check_nothing_left()
        self.leaks += self.family.check_case(self)
        return self

    def check_outcome(self, returncode, signalled):
        out = "\n".join(self.lines)
        last = self.lines[-1] if self.lines else ""
        if self.cancel_at == 0:
            if (self.host == "cli" and returncode != 0) or (self.host != "cli" and last not in ("status=0", "status=ok")):
                self.fail(f"the reference run failed (exit {returncode})")
            return
        if len(self.steps) < self.cancel_at:
            return self.fail(f"only {len(self.steps)} steps: step {self.cancel_at} never came")
        if self.host == "cli":
            interrupt = line_index(self.lines, INTERRUPT_LINE)
            ended = line_index(self.lines, "==> Wait completed") and line_index(self.lines, "Build '", last=True)
            if signalled and returncode == 1 and CANCELLED_LINE in out and interrupt is not None:
                self.cancelled = True
            # SIGINT may come once the builds have ended (a race no host can win): kiln then either took
            # it with nothing left to cancel, or had put the default action back, or had exited.
            elif not (ended is not None and CANCELLED_LINE not in out and (interrupt is None or interrupt > ended)
                      and returncode in ((0, 1, -signal.SIGINT) if signalled else (0,))):
                self.fail(f"kiln build exited {returncode}, not 1 after \"{INTERRUPT_LINE}\" and \"{CANCELLED_LINE}\"")
        elif self.host == "c":
            self.cancelled = last == f"status={KILN_ECANCELLED}"
            if not self.cancelled:
                self.fail(f"kiln_run_execute returned {last}, not KILN_ECANCELLED")
        else:
            # Python runs its SIGINT handler between bytecodes: at the last step the run may have ended
            # before the handler cancels it (the CLI's race above); then KeyboardInterrupt comes after it.
            ended = line_index(self.lines, "==> Builds finished") is not None and CANCELLED_LINE not in out
            self.cancelled = last == "status=interrupted" and not ended
            if last != "status=interrupted":
                self.fail(f"the Python host ended with {last}, not KeyboardInterrupt")
        if self.cancelled and self.on_error == "cleanup" and CANCELLED_LINE not in out:
            self.fail(f"no \"{CANCELLED_LINE}\" event")

    def check_nothing_left(self):
        left = sorted(str(p.relative_to(self.tmp)) for p in self.tmp.rglob("*"))
        if left:
            self.leaks.append(f"left in TMPDIR: {left}")
        for pid in children_with(self.marker):
            self.leaks.append(f"left running: pid {pid} {cmdline(pid)}")
            os.kill(pid, signal.SIGKILL)

    def fail(self, message):
        self.failures.append(message)


def line_index(lines, text, last=False):
    found = [i for i, line in enumerate(lines) if text in line]
    return (found[-1] if last else found[0]) if found else None


def children_with(marker):
    """Processes whose environment holds KILN_CANCEL_CASE=marker (kiln's children and theirs) that are
    still there a few seconds on: a process group kiln killed with SIGKILL as it returned may take a
    moment to go, on a busy machine."""
    needle = f"KILN_CANCEL_CASE={marker}".encode()
    for _ in range(100):
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                pass  # ended meanwhile, or a zombie
        if not found:
            break
        time.sleep(0.05)
    return found


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"


def run_cases(cases, parallel, kiln, cancel_host):
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        return list(pool.map(lambda c: c.run(kiln, cancel_host), cases))


def describe(case):
    step = case.steps[case.cancel_at - 1] if 0 < case.cancel_at <= len(case.steps) else "-"
    return f"{case.name} (at \"{step}\")"


def main():
    family_name, kiln, cancel_host = sys.argv[1], os.path.realpath(sys.argv[2]), os.path.realpath(sys.argv[3])
    family = families.FAMILIES[family_name](*sys.argv[4:])
    failures, leaks, cancel_points = [], [], 0
    try:
        family.start()
        reference = Case(family, "cli", 0).run(kiln, cancel_host)
        print(f"{family_name}: {len(reference.steps)} steps: " + " | ".join(reference.steps))
        if not reference.steps or reference.failures:
            print("\n".join(reference.lines[-30:]))
            raise SystemExit(f"FAIL the reference run: {reference.failures}")
        leaks += [f"reference run: {m}" for m in reference.leaks + family.check_resources("reference run")]
        cases = [Case(family, host, k) for k in range(1, len(reference.steps) + 1) for host in ("cli", "c", "python")]
        done = run_cases(cases, family.parallel, kiln, cancel_host)
        leaks += family.check_resources("after the cancelled runs")
        abort_at = family.abort_step(reference.steps)
        if abort_at:  # alone: it counts what is left
            abort = Case(family, "cli", abort_at, "abort").run(kiln, cancel_host)
            abort.failures += family.check_abort(abort)
            done.append(abort)
        for case in done:
            cancel_points += case.cancelled and case.on_error == "cleanup"
            failures += [f"{describe(case)}: {f}" for f in case.failures]
            leaks += [f"{describe(case)}: {m}" for m in case.leaks]
            if case.failures or case.leaks:
                print(f"--- {case.name} output:\n" + "\n".join(case.lines[-25:]))
        late = sum(not c.cancelled for c in cases)
        print(f"{family_name}: {len(done)} cases, {cancel_points} cancelled at their step ({late} had ended when the "
              f"signal came), {len(leaks)} leaks")
    finally:
        family.stop()
    report_dir = os.environ.get("KILN_REPORT_DIR")
    if report_dir:
        Path(report_dir, f"cancel-{family_name}.json").write_text(
            json.dumps({"cancel_points": cancel_points, "leaks": len(leaks)}) + "\n")
    for f in failures + leaks:
        print("FAIL", f)
    sys.exit(1 if failures or leaks else 0)


if __name__ == "__main__":
    main()
