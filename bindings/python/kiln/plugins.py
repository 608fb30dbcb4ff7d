"""Provisioners and post-processors written in Python, registered with libkiln's C plugin API.

    @kiln.provisioner("hello")
    class Hello:
        def prepare(self, config: dict) -> None: ...
        def provision(self, comm: kiln.Communicator, ui: kiln.Ui) -> None:
            ui.say(f"exit status {comm.exec('echo hi')}")

kiln calls these from its build threads; ctypes takes the GIL for each call.
"""
from __future__ import annotations

import ctypes
import json
from typing import Optional

from . import _lib
from ._lib import b, lib, s

_registry = ctypes.c_void_p()
_alive = []  # vtables and thunks: libkiln may call them as long as the registry lives


def registry_handle() -> Optional[ctypes.c_void_p]:
    """The registry holding the Python plugins (None until one is registered)."""
    return _registry if _registry else None


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


class InputArtifact:
    def __init__(self, ctx):
        self.id = s(lib.kiln_plugin_input_id(ctx))
        self.files = [s(lib.kiln_plugin_input_file(ctx, i)) for i in range(lib.kiln_plugin_input_file_count(ctx))]


def _guarded(fn):
    """Turns a Python exception into a plugin error so it never crosses into C."""
    def thunk(_payload, config_json, ctx):
        try:
            fn(json.loads(s(config_json)), ctx)
            return 0
        except Exception as e:  # reported through kiln, with the exception's message
            lib.kiln_plugin_set_error(ctx, b(f"{type(e).__name__}: {e}"))
            return -7
    return _lib.PLUGIN_CB(thunk)


def _ensure_registry():
    if not _registry:
        lib.kiln_registry_new(ctypes.byref(_registry))


def provisioner(name: str):
    """Class decorator registering a provisioner type usable from templates."""
    def register(cls):
        _ensure_registry()

        def prepare(config, _ctx):
            cls().prepare(config)

        def provision(config, ctx):
            inst = cls()
            inst.prepare(config)
            inst.provision(Communicator(ctx), Ui(ctx))

        vt = _lib.ProvisionerVTable(1, _guarded(prepare), _guarded(provision), _lib.FREE_CB())
        _alive.append(vt)
        lib.kiln_registry_add_provisioner(_registry, b(name), ctypes.byref(vt), None)
        return cls
    return register


def post_processor(name: str):
    """Class decorator registering a post-processor type: post_process(artifact, ui) returns
    None (pass the input on) or (id, files, keep_input)."""
    def register(cls):
        _ensure_registry()

        def prepare(config, _ctx):
            cls().prepare(config)

        def post_process(config, ctx):
            inst = cls()
            inst.prepare(config)
            out = inst.post_process(InputArtifact(ctx), Ui(ctx))
            if out is not None:
                art_id, files, keep = out
                ptr, count, arr = _lib.str_array(list(files))
                lib.kiln_plugin_set_artifact(ctx, b(art_id), ptr, count, int(keep))

        vt = _lib.PostProcessorVTable(1, _guarded(prepare), _guarded(post_process), _lib.FREE_CB())
        _alive.append(vt)
        lib.kiln_registry_add_post_processor(_registry, b(name), ctypes.byref(vt), None)
        return cls
    return register
