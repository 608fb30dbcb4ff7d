"""Templates, and running their builds."""
from __future__ import annotations

import ctypes
import threading
from typing import Callable, Iterable, List, NamedTuple, Optional

from . import _lib
from ._guard import RunGuard
from ._lib import b, lib, s
from .cancellation import Cancellation
from .errors import KilnError, error_for_status
from .plugins import run_registry
from .results import Artifact, RunEvent, RunResult, event_from, read_result

ON_ERROR = {"cleanup": 0, "abort": 1, "ask": 2, "run-cleanup-provisioner": 3}


class Build(NamedTuple):
    """A build the template defines: its name and its builder's type."""

    name: str
    type: str


class Template:
    """A parsed Packer template. Use as a context manager, or call close(). One Template may be used
    by one thread at a time; parse or load another one for each thread that runs builds."""

    def __init__(self, handle: ctypes.c_void_p, origin: str = "<string>"):
        self._as_parameter_ = handle
        self.origin = origin

    def __repr__(self) -> str:
        if not self._as_parameter_:
            return f"<kiln.Template {self.origin!r} closed>"
        builds = ", ".join(f"{b.name} ({b.type})" for b in self.builds)
        return f"<kiln.Template {self.origin!r} builds: {builds or 'none'}>"

    @classmethod
    def load(cls, path: str) -> "Template":
        h = ctypes.c_void_p()
        lib.kiln_template_load(ctypes.byref(h), b(str(path)))
        return cls(h, str(path))

    @classmethod
    def parse(cls, text: str, origin: str = "<string>") -> "Template":
        h = ctypes.c_void_p()
        lib.kiln_template_parse(ctypes.byref(h), b(text), b(origin))
        return cls(h, origin)

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
    def builds(self) -> List[Build]:
        """Every build (name, builder type)."""
        return [Build(s(lib.kiln_template_build_name(self, i)), s(lib.kiln_template_build_type(self, i)))
                for i in range(lib.kiln_template_build_count(self))]

    def build(self, *args, **options) -> List[Artifact]:
        """Runs the builds (arguments as for run()) and returns the artifacts of all of them."""
        return list(self.run(*args, **options).artifacts)

    def run(self, vars: Optional[dict] = None, var_files: Iterable[str] = (), only: Iterable[str] = (),
            except_: Iterable[str] = (), on_error: str = "cleanup", parallel_builds: int = 0, force: bool = False,
            on_event: Optional[Callable[[RunEvent], None]] = None,
            cancellation: Optional[Cancellation] = None) -> RunResult:
        """Runs the builds and returns their RunResult.

        Raises TemplateError (ConfigError for a plugin's configuration) before anything runs,
        BuildError when a build failed, BuildCancelled when cancelled; both carry the RunResult.
        on_event is called with each RunEvent, one call at a time, from kiln's threads. An exception
        raised by on_event cancels the run and comes out of run() itself; one raised by a Python
        plugin fails its build and becomes the BuildError's __cause__. Ctrl-C cancels the run and
        waits for cleanup before KeyboardInterrupt comes out."""
        if on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {sorted(ON_ERROR)}")
        guard = RunGuard()
        keep = []  # C arrays and callbacks that must outlive the run
        opts = _lib.RunOptions()
        opts.version = 1
        for values, array, count in ((_vars_list(vars), "vars", "var_count"),
                                     (list(var_files), "var_files", "var_file_count"),
                                     (list(only), "only", "only_count"), (list(except_), "except_", "except_count")):
            ptr, n, arr = _lib.str_array(values)
            keep.append(arr)
            setattr(opts, array, ptr)
            setattr(opts, count, n)
        opts.on_error = ON_ERROR[on_error]
        opts.parallel_builds = parallel_builds
        opts.force = int(force)
        if on_event:
            keep.append(_event_callback(on_event, guard))
            opts.on_event = keep[-1]
        cancellations = [guard.cancellation] + ([cancellation] if cancellation else [])
        with run_registry(guard) as registry:
            opts.registry = registry
            run = ctypes.c_void_p()
            try:
                lib.kiln_run_new(ctypes.byref(run), self, ctypes.byref(opts))
            except KilnError as e:
                failure = e
            else:
                failure = None
            if failure:  # out of the except block: a callback's SystemExit is not "during" this error
                guard.raise_pending(failure)
            try:
                outcome = _execute(run, cancellations, guard)
            finally:
                lib.kiln_run_free(run)
        guard.raise_pending(None)
        if "error" in outcome:
            raise outcome["error"]
        status, result = outcome["status"], outcome["result"]
        guard.raise_pending(error_for_status(status, *outcome["error_detail"], result) if status < 0 else None)
        return result


def _vars_list(variables: Optional[dict]) -> list:
    return [f"{k}={v}" for k, v in (variables or {}).items()]


def _event_callback(on_event: Callable[[RunEvent], None], guard: RunGuard) -> _lib.EVENT_CB:
    failed = False

    def deliver(ev, _payload):
        nonlocal failed
        if failed:  # a callback that raised gets no more events
            return
        try:
            on_event(event_from(ev.contents))
        except BaseException as e:
            failed = True
            guard.abort(e)
    return _lib.EVENT_CB(deliver)


def _execute(run: ctypes.c_void_p, cancellations: List[Cancellation], guard: RunGuard) -> dict:
    """Runs kiln_run_execute on a worker thread and waits for it here, where Ctrl-C lands: it
    cancels the run, and run() raises it once cleanup has finished."""
    outcome = {}
    done = threading.Event()
    began = threading.Lock()  # taken by the worker as it begins, or here to call it off

    def execute():  # kiln_last_error is per thread: read it here
        if not began.acquire(blocking=False):
            return  # called off: start() was interrupted before this thread began
        result = ctypes.c_void_p()
        try:
            outcome["status"] = lib.kiln_run_execute(run, ctypes.byref(result))
            outcome["error_detail"] = _lib.last_error() if outcome["status"] < 0 else None
            outcome["result"] = read_result(result)
        except BaseException as e:
            outcome["error"] = e
        finally:
            lib.kiln_result_free(result)
            done.set()

    for c in cancellations:
        c._attach(run.value)
    try:
        try:
            threading.Thread(target=execute, name="kiln-run").start()
        except BaseException as e:  # Ctrl-C while start() waited for the thread, which may be running the run
            guard.abort(e)
            if began.acquire(blocking=False):
                return outcome  # it never began: run() raises `e`
        # Short waits: Python runs signal handlers on this thread only, and a SIGINT that the kernel
        # delivers to another thread (or _thread.interrupt_main) would not wake an endless wait.
        while not done.is_set():
            try:
                done.wait(0.1)
            except BaseException as e:  # never free the run while the worker still uses it
                guard.abort(e)
    finally:
        for c in cancellations:
            c._detach(run.value)
    return outcome
