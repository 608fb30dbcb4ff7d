"""What the Python tests share."""
import json

import kiln

NULL_BUILD = {"type": "null", "communicator": "none"}


def template(builders=(NULL_BUILD,), **parts) -> kiln.Template:
    return kiln.Template.parse(json.dumps({"builders": list(builders), **parts}), "test.json")


def shell_local(*commands, **options) -> dict:
    return {"type": "shell-local", "inline": list(commands), **options}


def wait_for(path, limit=600) -> str:
    """A command that waits until `path` exists, or about `limit` × 0.05 s: a build that nothing
    cancels ends on its own, so a test that expects a cancel fails instead of hanging."""
    return f'i=0; while [ ! -e "{path}" ] && [ $i -lt {limit} ]; do sleep 0.05; i=$((i+1)); done'
