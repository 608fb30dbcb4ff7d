"""The Python binding against the real libkiln (KILN_LIBRARY points at the build's library)."""
import json
import pathlib
import threading
import time

import pytest

import kiln
from support import NULL_BUILD, heap_in_use, template


def test_version():
    assert kiln.version().count(".") == 2


def test_template_errors_carry_position():
    with pytest.raises(kiln.TemplateError) as e:
        kiln.Template.parse('{"builders": [{"type": "null", "colour": 1}], "fruit": 2}', "bad.json")
    assert "bad.json:1:" in str(e.value) and "fruit" in str(e.value)
    with pytest.raises(kiln.KilnError):
        kiln.Template.load("/nonexistent/template.json")


def test_config_errors_are_template_errors():
    with template(provisioners=[{"type": "shell-local", "inlin": ["x"]}]) as t:
        with pytest.raises(kiln.TemplateError) as e:
            t.build()
    assert 'did you mean "inline"' in str(e.value)


def test_variables_and_precedence(tmp_path):
    var_file = tmp_path / "vars.json"
    var_file.write_text(json.dumps({"a": "from-file", "b": "from-file"}))
    events = []
    with template(variables={"a": "default", "b": "default", "pw": "hunter2", "need": None},
                  **{"sensitive-variables": ["pw"]},
                  provisioners=[{"type": "shell-local", "inline": ["echo VALUES {{user `a`}} {{user `b`}} {{user `pw`}}"]}]) as t:
        assert t.variables == {"a": "default", "b": "default", "pw": "<sensitive>", "need": None}
        assert t.builds == [("null", "null")]
        with pytest.raises(kiln.TemplateError, match="need"):
            t.build()
        t.build(var_files=[str(var_file)], vars={"b": "from-cli", "need": "1"}, on_event=events.append)
    line = next(e.message for e in events if "VALUES" in e.message)
    assert line == "VALUES from-file from-cli <sensitive>"


def test_events_in_order():
    events = []
    with template(provisioners=[{"type": "shell-local", "inline": ["echo one", "echo two"]}]) as t:
        artifacts = t.build(on_event=events.append)
    kinds = [e.kind for e in events]
    assert kinds.index("build-start") < kinds.index("build-end")
    messages = [e.message for e in events if e.kind == "message"]
    assert messages.index("one") < messages.index("two")
    assert [a.id for a in artifacts] == ["Null"]


def test_build_failure_raises_with_results():
    with template(provisioners=[{"type": "shell-local", "inline": ["exit 4"]}]) as t:
        with pytest.raises(kiln.BuildError) as e:
            t.build()
    assert e.value.results[0].ok is False
    assert "exit status: 4" in e.value.results[0].error


def test_cancel_from_another_thread():
    cancel = kiln.Cancellation()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    with template(provisioners=[{"type": "shell-local", "inline": ["sleep 60"]}]) as t:
        with pytest.raises(kiln.BuildCancelled):
            t.build(cancellation=cancel)
    assert time.monotonic() - started < 30


@kiln.provisioner("py-recorder")
class Recorder:
    seen = []

    def prepare(self, config):
        if "note" not in config:
            raise ValueError("note is required")
        self.note = config["note"]

    def provision(self, comm, ui):
        Recorder.seen.append((ui.build_name, self.note))
        ui.say(f"python provisioner says {self.note}")


@kiln.post_processor("py-wrap")
class Wrap:
    def prepare(self, config):
        self.suffix = config.get("suffix", "")

    def post_process(self, artifact, ui):
        return (artifact.id + self.suffix, artifact.files, True)


def test_python_plugins_from_a_json_template():
    events = []
    with template(provisioners=[{"type": "py-recorder", "note": "hi {{build_name}}"}],
                  **{"post-processors": [{"type": "py-wrap", "suffix": "+py"}]}) as t:
        artifacts = t.build(on_event=events.append)
    assert Recorder.seen[-1] == ("null", "hi null")
    assert any("python provisioner says hi null" in e.message for e in events)
    assert [a.id for a in artifacts] == ["Null", "Null+py"]


def test_python_plugin_errors_become_kiln_errors():
    with template(provisioners=[{"type": "py-recorder"}]) as t:
        with pytest.raises(kiln.TemplateError, match="note is required"):
            t.build()


def test_load_free_cycles_keep_memory_flat():
    text = json.dumps({"variables": {"x": "1"}, "builders": [NULL_BUILD]})

    def cycle(n):
        for _ in range(n):
            kiln.Template.parse(text).close()

    cycle(200)
    before = heap_in_use()
    cycle(1000)
    after = heap_in_use()
    assert after - before < 16 * 1024  # bytes: a leak of even one small string per cycle is more


def test_keyboard_interrupt_cancels_and_waits_for_cleanup(tmp_path):
    import _thread
    pid_file = tmp_path / "pid"
    threading.Timer(0.5, _thread.interrupt_main).start()
    started = time.monotonic()
    with template(provisioners=[{"type": "shell-local", "inline": [f"echo $$ > {pid_file}; sleep 60"]}]) as t:
        with pytest.raises(KeyboardInterrupt):
            t.build()
    assert time.monotonic() - started < 30
    # build() returned only after the run ended: the script's shell is gone.
    pid = int(pid_file.read_text())
    status = pathlib.Path(f"/proc/{pid}/status")
    assert not status.exists() or "zombie" in status.read_text()
