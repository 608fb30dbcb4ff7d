"""A sensitive variable's value never reaches Python: not in exceptions, results, events or the manifest."""
import pytest

import kiln
from support import NULL_BUILD, template

SECRET = "s3cret-Kiln-4711"
MASK = "<sensitive>"


@kiln.provisioner("py-leaky")
class Leaky:
    """Fails with the password it was given in its message, as careless plugins do."""

    def prepare(self, config):
        self.password = config["password"]

    def provision(self, comm, ui):
        raise ValueError(f"login refused for password {self.password}")


def leaks(*values) -> list:
    return [repr(v) for v in values if SECRET in str(v) or SECRET in repr(v)]


def sensitive(**parts):
    return template(variables={"pw": None}, **{"sensitive-variables": ["pw"]}, **parts)


def test_failing_builds_mask_the_secret_everywhere(tmp_path):
    (tmp_path / f"{SECRET}.sh").write_text("#!/bin/sh\nkill -KILL $$\n")
    (tmp_path / f"{SECRET}.sh").chmod(0o755)
    builds = [{**NULL_BUILD, "name": name} for name in ("killed", "plugin", "fine")]
    provisioners = [{"type": "shell-local", "script": f"{tmp_path}/{{{{user `pw`}}}}.sh", "only": ["killed"],
                     "execute_command": ["/bin/sh", "-c", "exec {{.Script}}"]},  # the error names the script
                    {"type": "py-leaky", "password": "{{user `pw`}}", "only": ["plugin"]}]
    events = []
    with sensitive(builders=builds, provisioners=provisioners) as t:
        with pytest.raises(kiln.BuildError) as e:
            t.build(vars={"pw": SECRET}, on_event=events.append, parallel_builds=1)
    outcomes = {b.name: b for b in e.value.results}
    assert "killed by signal" in outcomes["killed"].error and "login refused" in outcomes["plugin"].error
    assert outcomes["fine"].ok and [a.id for a in outcomes["fine"].artifacts] == ["Null"]
    found = {"events": leaks(*events), "manifest": leaks(e.value.result.manifest),
             "results": leaks(*e.value.results, e.value.result), "exception": leaks(e.value, *e.value.args)}
    assert {path: values for path, values in found.items() if values} == {}
    # Both errors held the secret, masked: the scans above looked at text that had it.
    assert MASK in outcomes["killed"].error and MASK in outcomes["plugin"].error


def test_config_error_at_prepare_masks_the_secret():
    with sensitive(provisioners=[{"type": "shell-local", "script": "/nonexistent/{{user `pw`}}.sh"}]) as t:
        with pytest.raises(kiln.ConfigError) as e:
            t.build(vars={"pw": SECRET})
    assert "Bad script" in str(e.value)
    assert leaks(e.value, *e.value.args) == []
    assert MASK in str(e.value)
