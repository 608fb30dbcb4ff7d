#!/usr/bin/env python3
"""Prints the files ninja has to build for the named meson tests, relative to the build directory.

usage: meson introspect --tests --targets BUILD | test_outputs.py BUILD TEST…
Fails on a name that is not a test, so that a renamed test is not silently left out.
"""
import json
import os
import sys

build, names = sys.argv[1], sys.argv[2:]
info = json.load(sys.stdin)
files = {target["id"]: target["filename"] for target in info["targets"]}
tests = {test["name"]: test for test in info["tests"]}
unknown = [name for name in names if name not in tests]
if unknown:
    sys.exit(f"no such test: {', '.join(unknown)}")
outputs = {os.path.relpath(path, build) for name in names for target in tests[name]["depends"] for path in files[target]}
print("\n".join(sorted(outputs)))
