#!/usr/bin/env python3
"""Prints the closing line "N passed, N failed[, N skipped]" from meson's testlog.json.

Exits 1 when the log is missing or empty (no test ran) or when any test failed or was skipped:
a skipped test proves nothing, so it never counts as a pass.
"""
import json
import sys

passed = failed = skipped = 0
try:
    with open(sys.argv[1]) as log:
        for line in log:
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
except FileNotFoundError:
    pass
if passed + failed + skipped == 0:
    print(f"no test ran ({sys.argv[1]} is missing or empty)")
    sys.exit(1)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed or skipped else 0)
