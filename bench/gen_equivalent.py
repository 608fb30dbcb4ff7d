#!/usr/bin/env python3
"""Writes one template twice, as JSON (DIR/template.json) and as an HCL2 folder (DIR/hcl/), with the
same variables, builds and provisioners: for comparing what parsing and validating each costs.

  gen_equivalent.py DIR [BUILDS]
"""
import json, os, sys

out, builds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
variables = {f"v{i}": f"value-{i}" for i in range(builds)}
os.makedirs(os.path.join(out, "hcl"), exist_ok=True)

json_template = {
    "variables": variables,
    "builders": [{"type": "null", "name": f"b{i}", "communicator": "none"} for i in range(builds)],
    "provisioners": [{"type": "shell-local", "inline": [f"echo {{{{user `v{i}`}}}} {{{{build_name}}}}"], "only": [f"b{i}"]}
                     for i in range(builds)],
    "post-processors": [{"type": "manifest", "output": "manifest.json"}],
}
with open(os.path.join(out, "template.json"), "w") as f:
    json.dump(json_template, f, indent=2)

with open(os.path.join(out, "hcl", "variables.pkr.hcl"), "w") as f:
    for name, value in variables.items():
        f.write(f'variable "{name}" {{\n  type    = string\n  default = "{value}"\n}}\n\n')
with open(os.path.join(out, "hcl", "build.pkr.hcl"), "w") as f:
    for i in range(builds):
        f.write(f'source "null" "b{i}" {{\n  communicator = "none"\n}}\n\n')
    f.write("build {\n  sources = [" + ", ".join(f'"source.null.b{i}"' for i in range(builds)) + "]\n\n")
    for i in range(builds):
        f.write(f'  provisioner "shell-local" {{\n    only   = ["null.b{i}"]\n'
                f'    inline = ["echo ${{var.v{i}}} ${{source.name}}"]\n  }}\n\n')
    f.write('  post-processor "manifest" {\n    output = "manifest.json"\n  }\n}\n')
