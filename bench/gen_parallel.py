#!/usr/bin/env python3
"""Writes a JSON template of N null builds, each running one shell-local command and recording itself
in a manifest: the scale case of issue 15 (bench/parallel.sh, tests/cli/parallel_test.sh).

  gen_parallel.py N > template.json
"""
import json, sys

n = int(sys.argv[1])
print(json.dumps({
    "builders": [{"type": "null", "name": f"b{i}", "communicator": "none"} for i in range(n)],
    "provisioners": [{"type": "shell-local", "inline": ["echo MARK:{{build_name}}"]}],
    "post-processors": [{"type": "manifest", "output": "manifest.json"}],
}, indent=1))
