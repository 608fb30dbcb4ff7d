"""kiln: build machine images from Packer templates, in process, through libkiln's C API.

    import kiln
    with kiln.Template.load("template.json") as t:
        for artifact in t.build(vars={"region": "us-east-1"}, on_event=print):
            print(artifact.id)
"""
from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from . import _lib
from ._lib import b, lib, s
from .errors import BuildError, CancelledError, KilnError, TemplateError
from .plugins import Communicator, Ui, post_processor, provisioner, registry_handle

__all__ = ["Template", "Artifact", "BuildOutcome", "Event", "Cancellation", "KilnError", "TemplateError",
           "BuildError", "CancelledError", "provisioner", "post_processor", "Communicator", "Ui", "version"]

EVENT_KINDS = ["say", "message", "error", "progress", "build-start", "build-end", "artifact", "machine", "warning"]
ON_ERROR = {"cleanup": 0, "abort": 1, "ask": 2, "run-cleanup-provisioner": 3}


def version() -> str:
    """The version of the loaded libkiln."""
    return s(lib.kiln_version())


@dataclass
class Event:
    kind: str
    build: str
    message: str
    done: int = 0
    total: int = 0
    time: float = 0.0


@dataclass
class Artifact:
    id: str
    builder_id: str
    description: str
    files: list = field(default_factory=list)


@dataclass
class BuildOutcome:
    name: str
    ok: bool
    error: str
    artifacts: list


class Cancellation:
    """Pass to Template.build and call cancel() from any thread to stop the run (cleanup still runs)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._run = None
        self._cancelled = False

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._run:
                lib.kiln_run_cancel(self._run)

    def _attach(self, run) -> None:
        with self._lock:
            self._run = run
            if self._cancelled:
                lib.kiln_run_cancel(run)

    def _detach(self) -> None:
        with self._lock:
            self._run = None


class Template:
    """A parsed Packer template. Use as a context manager, or call close()."""

    def __init__(self, handle: ctypes.c_void_p):
        self._as_parameter_ = handle

    @classmethod
    def load(cls, path: str) -> "Template":
        h = ctypes.c_void_p()
        lib.kiln_template_load(ctypes.byref(h), b(str(path)))
        return cls(h)

    @classmethod
    def parse(cls, text: str, origin: str = "<string>") -> "Template":
        h = ctypes.c_void_p()
        lib.kiln_template_parse(ctypes.byref(h), b(text), b(origin))
        return cls(h)

    def close(self) -> None:
        if self._as_parameter_:
            lib.kiln_template_free(self._as_parameter_)
            self._as_parameter_ = None

    def __enter__(self) -> "Template":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        if getattr(self, "_as_parameter_", None):
            self.close()

    @property
    def variables(self) -> dict:
        """Variable name → default (None when required; "<sensitive>" for sensitive ones)."""
        n = lib.kiln_template_variable_count(self)
        return {s(lib.kiln_template_variable_name(self, i)): s(lib.kiln_template_variable_default(self, i))
                for i in range(n)}

    @property
    def builds(self) -> list:
        """(name, builder type) of every build."""
        return [(s(lib.kiln_template_build_name(self, i)), s(lib.kiln_template_build_type(self, i)))
                for i in range(lib.kiln_template_build_count(self))]

    def build(self, vars: Optional[dict] = None, var_files: Iterable[str] = (), only: Iterable[str] = (),
              except_: Iterable[str] = (), on_error: str = "cleanup", parallel_builds: int = 0, force: bool = False,
              on_event: Optional[Callable[[Event], None]] = None,
              cancellation: Optional[Cancellation] = None) -> list:
        """Runs the builds and returns the artifacts of all of them.

        Raises TemplateError for template/config problems, BuildError when a build fails (with
        `.results`), CancelledError when cancelled. Ctrl-C cancels the run and waits for cleanup."""
        keep = []  # C arrays and callbacks that must outlive the call
        opts = _lib.RunOptions()
        opts.version = 1
        for attr, values in (("vars", [f"{k}={v}" for k, v in (vars or {}).items()]), ("var_files", list(var_files)),
                             ("only", list(only)), ("except_", list(except_))):
            ptr, count, arr = _lib.str_array(values)
            keep.append(arr)
            setattr(opts, attr, ptr)
            setattr(opts, {"vars": "var_count", "var_files": "var_file_count", "only": "only_count",
                           "except_": "except_count"}[attr], count)
        if on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {sorted(ON_ERROR)}")
        opts.on_error = ON_ERROR[on_error]
        opts.parallel_builds = parallel_builds
        opts.force = int(force)
        if on_event:
            def deliver(ev, _payload):
                e = ev.contents
                on_event(Event(EVENT_KINDS[e.kind] if 0 <= e.kind < len(EVENT_KINDS) else str(e.kind), s(e.build),
                               s(e.message), e.done, e.total, e.time))
            cb = _lib.EVENT_CB(deliver)
            keep.append(cb)
            opts.on_event = cb
        opts.registry = registry_handle()
        run = ctypes.c_void_p()
        lib.kiln_run_new(ctypes.byref(run), self, ctypes.byref(opts))
        cancellation = cancellation or Cancellation()
        cancellation._attach(run)
        result = ctypes.c_void_p()
        status = [0, ""]

        done = threading.Event()

        def execute():  # kiln_last_error is per thread: read it here
            try:
                status[0] = lib.kiln_run_execute(run, ctypes.byref(result))
                if status[0] < 0:
                    status[1] = s(lib.kiln_last_error().contents.message)
            finally:
                done.set()

        worker = threading.Thread(target=execute, name="kiln-run")
        interrupted = None
        worker.start()
        try:
            # Ctrl-C lands here: cancel the run and keep waiting, so cleanup finishes first. (An
            # interrupted Thread.join can leave is_alive() wrong, so wait on our own event.)
            while not done.is_set():
                try:
                    done.wait(0.1)
                except KeyboardInterrupt as e:
                    interrupted = e
                    cancellation.cancel()
        finally:
            while not done.is_set():  # never free the run while the worker still uses it
                try:
                    done.wait()
                except KeyboardInterrupt as e:
                    interrupted = e
                    cancellation.cancel()
            cancellation._detach()
            message = status[1]
            outcomes = _outcomes(result)
            lib.kiln_result_free(result)
            lib.kiln_run_free(run)
        if interrupted is not None:
            raise interrupted
        if status[0] == -6:
            raise CancelledError(message or "cancelled", -6)
        if status[0] < 0:
            raise BuildError(message, status[0], outcomes)
        return [a for o in outcomes for a in o.artifacts]


def _outcomes(result) -> list:
    if not result:
        return []
    out = []
    for i in range(lib.kiln_result_build_count(result)):
        arts = []
        for j in range(lib.kiln_result_artifact_count(result, i)):
            files = [s(lib.kiln_result_artifact_file(result, i, j, k))
                     for k in range(lib.kiln_result_artifact_file_count(result, i, j))]
            arts.append(Artifact(s(lib.kiln_result_artifact_id(result, i, j)),
                                 s(lib.kiln_result_artifact_builder_id(result, i, j)),
                                 s(lib.kiln_result_artifact_description(result, i, j)), files))
        out.append(BuildOutcome(s(lib.kiln_result_build_name(result, i)), bool(lib.kiln_result_build_ok(result, i)),
                                s(lib.kiln_result_build_error(result, i)), arts))
    return out
