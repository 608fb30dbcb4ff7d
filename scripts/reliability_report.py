"""Prints the reliability table from the count files tests write into a report directory
($KILN_REPORT_DIR/NAME.json, see tests/report.hpp) and fails when a count that must be zero is not,
or when a row that must be there is missing.
usage: reliability_report.py REPORT_DIR [REQUIRED_ROW_PREFIX ...]"""
import json
import pathlib
import sys

# File-name prefix → (what the row measures, its counts in order, check → problem or None).
ROWS = [
    ("fuzz-replay", "fuzz: seeds and regression inputs replayed",
     ["targets", "inputs", "failed_targets"], lambda c: c["failed_targets"] and "targets failed"),
    ("fuzz-", "fuzz: libFuzzer run",
     ["executions", "crashes"], lambda c: c["crashes"] and "crashes"),
    ("sanitizers-", "sanitizers: tests run, findings",
     ["tests", "findings"], lambda c: c["findings"] and "findings"),
    ("faults-", "faults: injected / survived / leaked",
     ["faults_injected", "survived", "leaked"],
     lambda c: (c["leaked"] and "leaked") or (c["survived"] != c["faults_injected"] and "not survived")),
    ("cancel-", "cancel: points / leaks",
     ["cancel_points", "leaks"], lambda c: c["leaks"] and "leaks"),
    ("secrets", "secrets: values / outputs scanned / occurrences",
     ["secret_values", "outputs_scanned", "occurrences"], lambda c: c["occurrences"] and "occurrences"),
    ("bad-inputs-", "bad inputs: tried / mishandled",
     ["tried", "mishandled"], lambda c: c["mishandled"] and "mishandled"),
    ("parallel-bench", "scale: kiln vs packer (peak RSS MiB, threads)",
     ["builds", "kiln_rss_mib", "packer_rss_mib", "kiln_threads", "packer_threads"], lambda c: None),
    ("parallel-", "scale: parallel builds completed",
     ["builds", "completed"], lambda c: c["completed"] != c["builds"] and "incomplete"),
]


def row_for(name):
    for prefix, what, keys, check in ROWS:
        if name.startswith(prefix):
            return what, keys, check
    return None


def main():
    directory = pathlib.Path(sys.argv[1])
    required = sys.argv[2:]
    files = sorted(directory.glob("*.json")) if directory.is_dir() else []
    problems = []
    print(f"{'report':28} {'measure':50} counts")
    for path in files:
        name = path.stem
        spec = row_for(name)
        counts = json.loads(path.read_text())
        if spec is None:
            problems.append(f"{name}: no row describes this report")
            continue
        what, keys, check = spec
        missing = [k for k in keys if k not in counts]
        if missing:
            problems.append(f"{name}: missing counts {', '.join(missing)}")
            continue
        problem = check(counts)
        shown = " / ".join(str(counts[k]) for k in keys)
        print(f"{name:28} {what:50} {shown}{'   <- ' + problem if problem else ''}")
        if problem:
            problems.append(f"{name}: {problem}")
    names = [p.stem for p in files]
    for prefix in required:
        if not any(n.startswith(prefix) for n in names):
            problems.append(f"{prefix}: no report (the test that writes it did not run)")
    for p in problems:
        print(f"FAIL {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
