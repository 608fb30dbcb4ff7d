"""Builders, provisioners and post-processors written in Python, registered with libkiln's C plugin API.

    @kiln.provisioner("hello")
    class Hello:
        def prepare(self, config: dict) -> None: ...
        def provision(self, comm: kiln.Communicator, ui: kiln.Ui) -> None:
            ui.say(f"exit status {comm.exec('echo hi')}")

kiln calls these methods on the thread that called build() (preparing the run) and on its build
threads, concurrently when builds run in parallel; each call gets a fresh instance. An exception a plugin
raises fails its build and comes out of build() as the cause of the BuildError (or ConfigError);
SystemExit and KeyboardInterrupt cancel the whole run and come out of build() as themselves. kiln
masks secrets in the messages it makes of these exceptions, but not in the exception objects
themselves: a plugin should not put a secret from its configuration into one.
"""
from __future__ import annotations

import ctypes
import itertools
import json
import threading
from contextlib import contextmanager
from typing import Iterator, Optional

from . import _lib
from ._guard import RunGuard
from ._lib import b, lib, s
from .errors import KilnError, Status

_lock = threading.Lock()
_types = []  # (kiln_registry_add_*, type name, vtable) of every Python plugin
# Every type is also added here once, so that a clashing name fails when it is registered.
_catalog = ctypes.c_void_p()
_runs = {}  # payload → the RunGuard of the run whose registry carries that payload
_payloads = itertools.count(1)


class Ui:
    """The build's output, for plugins."""

    def __init__(self, ctx):
        self._ctx = ctx

    def say(self, text: str) -> None:
        lib.kiln_plugin_say(self._ctx, b(text))

    @property
    def build_name(self) -> str:
        return s(lib.kiln_plugin_build_name(self._ctx))

    @property
    def cancelled(self) -> bool:
        return bool(lib.kiln_plugin_cancelled(self._ctx))


class Communicator:
    """The machine being built, for provisioners."""

    def __init__(self, ctx):
        self._ctx = ctx

    def exec(self, command: str) -> int:
        status = ctypes.c_int()
        lib.kiln_plugin_exec(self._ctx, b(command), ctypes.byref(status))
        return status.value

    def upload(self, local: str, remote: str) -> None:
        lib.kiln_plugin_upload(self._ctx, b(local), b(remote))

    def download(self, remote: str, local: str) -> None:
        lib.kiln_plugin_download(self._ctx, b(remote), b(local))


class Hook:
    """The build's provisioners, for builders."""

    def __init__(self, ctx):
        self._ctx = ctx

    def provision(self) -> None:
        """Runs the build's provisioners (they get no communicator)."""
        lib.kiln_plugin_provision(self._ctx)


class InputArtifact:
    def __init__(self, ctx):
        self.id = s(lib.kiln_plugin_input_id(ctx))
        self.files = [s(lib.kiln_plugin_input_file(ctx, i)) for i in range(lib.kiln_plugin_input_file_count(ctx))]


@contextmanager
def run_registry(guard: RunGuard) -> Iterator[Optional[ctypes.c_void_p]]:
    """A registry of the built-ins and every Python plugin whose callbacks report exceptions to
    `guard`; None (the built-ins alone) while no Python plugin is registered."""
    with _lock:
        types = list(_types)
    if not types:
        yield None
        return
    payload = next(_payloads)
    registry = ctypes.c_void_p()
    lib.kiln_registry_new(ctypes.byref(registry))
    _runs[payload] = guard
    try:
        for add, name, vtable in types:
            add(registry, b(name), ctypes.byref(vtable), payload)
        yield registry
    finally:
        lib.kiln_registry_free(registry)
        del _runs[payload]


def _callback(method):
    """A C plugin callback calling method(config, ctx); no exception gets past it into C."""
    def call(payload, config_json, ctx):
        try:
            method(json.loads(s(config_json)), ctx)
            return Status.OK
        except BaseException as e:
            return _failed(_runs.get(payload), ctx, e)
    return _lib.PLUGIN_CB(call)


def _failed(guard: Optional[RunGuard], ctx, error: BaseException) -> int:
    try:
        if isinstance(error, Exception):
            if guard:
                guard.plugin_failed(error)
            # A KilnError from a nested kiln call (exec, provision) keeps its status and message.
            status = error.status if isinstance(error, KilnError) and error.status < 0 else Status.EUSER
            message = str(error) if isinstance(error, KilnError) else f"{type(error).__name__}: {error}"
        else:
            if guard:
                guard.abort(error)
            status, message = Status.ECANCELLED, f"{type(error).__name__}: {error}"
        lib.kiln_plugin_set_error(ctx, b(message))
        return status
    except BaseException:  # even reporting failed: the status alone still fails the build
        return Status.ERROR


def _register(add, name: str, vtable) -> None:
    with _lock:
        if not _catalog:
            lib.kiln_registry_new(ctypes.byref(_catalog))
        add(_catalog, b(name), ctypes.byref(vtable), None)
        _types.append((add, name, vtable))


def _set_artifact(ctx, art_id: str, files, keep_input: bool) -> None:
    ptr, count, _keep = _lib.str_array(list(files))
    lib.kiln_plugin_set_artifact(ctx, b(art_id), ptr, count, int(keep_input))


def _prepare(cls):
    def prepare(config, _ctx):
        cls().prepare(config)
    return _callback(prepare)


def builder(name: str):
    """Class decorator registering a builder type: run(hook, ui) makes (or finds) the machine, calls
    hook.provision() to run the build's provisioners, and returns the artifact as (id, files), or None."""
    def register(cls):
        def run(config, ctx):
            inst = cls()
            inst.prepare(config)
            out = inst.run(Hook(ctx), Ui(ctx))
            if out is not None:
                _set_artifact(ctx, out[0], out[1], False)

        _register(lib.kiln_registry_add_builder, name,
                  _lib.BuilderVTable(1, _prepare(cls), _callback(run), _lib.FREE_CB()))
        return cls
    return register


def provisioner(name: str):
    """Class decorator registering a provisioner type usable from templates."""
    def register(cls):
        def provision(config, ctx):
            inst = cls()
            inst.prepare(config)
            inst.provision(Communicator(ctx), Ui(ctx))

        _register(lib.kiln_registry_add_provisioner, name,
                  _lib.ProvisionerVTable(1, _prepare(cls), _callback(provision), _lib.FREE_CB()))
        return cls
    return register


def post_processor(name: str):
    """Class decorator registering a post-processor type: post_process(artifact, ui) returns
    None (pass the input on) or (id, files, keep_input)."""
    def register(cls):
        def post_process(config, ctx):
            inst = cls()
            inst.prepare(config)
            out = inst.post_process(InputArtifact(ctx), Ui(ctx))
            if out is not None:
                _set_artifact(ctx, *out)

        _register(lib.kiln_registry_add_post_processor, name,
                  _lib.PostProcessorVTable(1, _prepare(cls), _callback(post_process), _lib.FREE_CB()))
        return cls
    return register
