"""Exceptions raised in on_event or in Python plugins never vanish in C: build() raises them with their traceback."""
import sys
import traceback

import pytest

import kiln
from support import shell_local, template, wait_for


class Boom(Exception):
    pass


def raised_in(error: BaseException, function: str) -> bool:
    return function in [frame.name for frame in traceback.extract_tb(error.__traceback__)]


@kiln.provisioner("py-raises")
class Raises:
    """Raises what the template's `raise` names, in prepare or in provision (`when`)."""

    def prepare(self, config):
        self.what, self.when = config["raise"], config.get("when", "provision")
        if self.when == "prepare":
            self.fail()

    def provision(self, comm, ui):
        self.fail()

    def fail(self):
        if self.what == "exit":
            sys.exit(3)
        if self.what == "interrupt":
            raise KeyboardInterrupt()
        raise Boom(f"{self.when} failed")


@kiln.post_processor("py-pp-raises")
class PostProcessorRaises:
    def prepare(self, config):
        pass

    def post_process(self, artifact, ui):
        raise Boom(f"cannot post-process {artifact.id}")


@kiln.builder("py-builder")
class Builder:
    """Runs the provisioners and makes artifact "made" unless the template sets `raise`."""

    def prepare(self, config):
        self.fail = config.get("raise", False)

    def run(self, hook, ui):
        hook.provision()
        if self.fail:
            raise Boom("no machine")
        return ("made", [])


def test_on_event_exception_cancels_the_run_and_comes_out_of_build(tmp_path):
    finished, seen = tmp_path / "finished", []

    def on_event(event):
        seen.append(event)
        if event.message == "waiting":
            raise Boom("the event handler broke")

    with template(provisioners=[shell_local("echo waiting", wait_for(tmp_path / "never"), f"touch {finished}")]) as t:
        with pytest.raises(Boom, match="the event handler broke") as e:
            t.build(on_event=on_event)
    assert raised_in(e.value, "on_event")
    assert not finished.exists()  # cancelled, not waited out
    assert seen[-1].message == "waiting"  # no more events once it raised


def test_plugin_exception_fails_the_build_and_is_the_cause_of_the_build_error():
    with template(provisioners=[{"type": "py-raises", "raise": "boom"}]) as t:
        with pytest.raises(kiln.BuildError, match="Boom: provision failed") as e:
            t.build()
    assert isinstance(e.value.__cause__, Boom)
    assert raised_in(e.value.__cause__, "provision")
    assert e.value.results[0].ok is False


def test_plugin_exception_in_prepare_is_the_cause_of_the_config_error():
    with template(provisioners=[{"type": "py-raises", "raise": "boom", "when": "prepare"}]) as t:
        with pytest.raises(kiln.ConfigError, match="Boom: prepare failed") as e:
            t.build()
    assert isinstance(e.value.__cause__, Boom)
    assert raised_in(e.value.__cause__, "prepare")


def test_post_processor_and_builder_exceptions_are_causes_too():
    with template(**{"post-processors": [{"type": "py-pp-raises"}]}) as t:
        with pytest.raises(kiln.BuildError, match="cannot post-process Null") as e:
            t.build()
    assert isinstance(e.value.__cause__, Boom) and raised_in(e.value.__cause__, "post_process")
    with template(builders=[{"type": "py-builder", "raise": True}]) as t:
        with pytest.raises(kiln.BuildError, match="Boom: no machine") as e:
            t.build()
    assert isinstance(e.value.__cause__, Boom) and raised_in(e.value.__cause__, "run")


def test_a_python_builder_runs_the_provisioners_and_makes_its_artifact(tmp_path):
    with template(builders=[{"type": "py-builder"}], provisioners=[shell_local(f"touch {tmp_path / 'ran'}")]) as t:
        assert [a.id for a in t.build()] == ["made"]
    assert (tmp_path / "ran").exists()


def test_a_provisioner_exception_inside_a_python_builder_is_the_cause():
    with template(builders=[{"type": "py-builder"}], provisioners=[{"type": "py-raises", "raise": "boom"}]) as t:
        with pytest.raises(kiln.BuildError, match="provision failed") as e:
            t.build()
    assert isinstance(e.value.__cause__, Boom) and raised_in(e.value.__cause__, "provision")


@pytest.mark.parametrize("when", ["prepare", "provision"])
def test_sys_exit_in_a_plugin_cancels_the_run_and_comes_out_as_itself(tmp_path, when):
    later = tmp_path / "later"
    provisioners = [{"type": "py-raises", "raise": "exit", "when": when}, shell_local(f"touch {later}")]
    with template(provisioners=provisioners) as t:
        with pytest.raises(SystemExit) as e:
            t.build()
    assert e.value.code == 3
    assert raised_in(e.value, "fail")
    assert not later.exists()


def test_keyboard_interrupt_in_a_plugin_comes_out_as_itself(tmp_path):
    with template(provisioners=[{"type": "py-raises", "raise": "interrupt"}]) as t:
        with pytest.raises(KeyboardInterrupt) as e:
            t.build()
    assert raised_in(e.value, "fail")


def test_sys_exit_in_one_build_cancels_the_builds_running_beside_it(tmp_path):
    finished = tmp_path / "finished"
    builds = [{"type": "null", "communicator": "none", "name": name} for name in ("exits", "waits")]
    provisioners = [{"type": "py-raises", "raise": "exit", "only": ["exits"]},
                    shell_local(wait_for(tmp_path / "never"), f"touch {finished}", only=["waits"])]
    with template(builders=builds, provisioners=provisioners) as t:
        with pytest.raises(SystemExit):
            t.build(parallel_builds=2)
    assert not finished.exists()
