"""Loads libkiln and declares every C function once: (name, argtypes, restype, errcheck)."""
from __future__ import annotations

import ctypes
from typing import Optional, Tuple

from ._loader import load
from .errors import error_for_status


# Version-1 layouts. libkiln reads only the prefix that a struct's `version` names, and the structs
# it hands out (kiln_error, kiln_event) only grow at their end, so these stay valid as the C API grows.
class KilnErrorStruct(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p)]


class KilnErrorStructV2(KilnErrorStruct):
    _fields_ = [("klass", ctypes.c_int)]  # a kiln_error_class, appended in libkiln 0.2


class KilnEvent(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("kind", ctypes.c_int), ("build", ctypes.c_char_p),
                ("message", ctypes.c_char_p), ("done", ctypes.c_uint64), ("total", ctypes.c_uint64),
                ("time", ctypes.c_double)]


EVENT_CB = ctypes.CFUNCTYPE(None, ctypes.POINTER(KilnEvent), ctypes.c_void_p)
PLUGIN_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p)
FREE_CB = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


class ProvisionerVTable(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("prepare", PLUGIN_CB), ("provision", PLUGIN_CB), ("free_payload", FREE_CB)]


class PostProcessorVTable(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("prepare", PLUGIN_CB), ("post_process", PLUGIN_CB), ("free_payload", FREE_CB)]


class BuilderVTable(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("prepare", PLUGIN_CB), ("run", PLUGIN_CB), ("free_payload", FREE_CB)]


StrArray = ctypes.POINTER(ctypes.c_char_p)


class RunOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("vars", StrArray), ("var_count", ctypes.c_size_t),
                ("var_files", StrArray), ("var_file_count", ctypes.c_size_t), ("only", StrArray),
                ("only_count", ctypes.c_size_t), ("except_", StrArray), ("except_count", ctypes.c_size_t),
                ("on_error", ctypes.c_int), ("parallel_builds", ctypes.c_uint), ("force", ctypes.c_int),
                ("on_event", EVENT_CB), ("event_payload", ctypes.c_void_p), ("registry", ctypes.c_void_p)]


def last_error() -> Tuple[str, Optional[int]]:
    """This thread's kiln_last_error as (message, klass); klass is None before libkiln 0.2."""
    err = ctypes.cast(lib.kiln_last_error(), ctypes.POINTER(_ERROR_STRUCT)).contents
    return s(err.message) or "", getattr(err, "klass", None)


def _check(rc, func, args):
    if rc < 0:
        raise error_for_status(rc, *last_error())
    return rc


_P = ctypes.c_void_p
_PP = ctypes.POINTER(ctypes.c_void_p)
_S = ctypes.c_char_p
_Z = ctypes.c_size_t
_FUNCTIONS = [
    ("kiln_version", [], _S, None),
    ("kiln_last_error", [], ctypes.POINTER(KilnErrorStruct), None),
    ("kiln_free", [_P], None, None),
    ("kiln_template_load", [_PP, _S], ctypes.c_int, _check),
    ("kiln_template_parse", [_PP, _S, _S], ctypes.c_int, _check),
    ("kiln_template_free", [_P], None, None),
    ("kiln_template_variable_count", [_P], _Z, None),
    ("kiln_template_variable_name", [_P, _Z], _S, None),
    ("kiln_template_variable_default", [_P, _Z], _S, None),
    ("kiln_template_build_count", [_P], _Z, None),
    ("kiln_template_build_name", [_P, _Z], _S, None),
    ("kiln_template_build_type", [_P, _Z], _S, None),
    ("kiln_registry_new", [_PP], ctypes.c_int, _check),
    ("kiln_registry_free", [_P], None, None),
    ("kiln_registry_add_provisioner", [_P, _S, ctypes.POINTER(ProvisionerVTable), _P], ctypes.c_int, _check),
    ("kiln_registry_add_builder", [_P, _S, ctypes.POINTER(BuilderVTable), _P], ctypes.c_int, _check),
    ("kiln_registry_add_post_processor", [_P, _S, ctypes.POINTER(PostProcessorVTable), _P], ctypes.c_int, _check),
    ("kiln_plugin_say", [_P, _S], ctypes.c_int, _check),
    ("kiln_plugin_set_error", [_P, _S], ctypes.c_int, _check),
    ("kiln_plugin_cancelled", [_P], ctypes.c_int, None),
    ("kiln_plugin_build_name", [_P], _S, None),
    ("kiln_plugin_exec", [_P, _S, ctypes.POINTER(ctypes.c_int)], ctypes.c_int, _check),
    ("kiln_plugin_upload", [_P, _S, _S], ctypes.c_int, _check),
    ("kiln_plugin_download", [_P, _S, _S], ctypes.c_int, _check),
    ("kiln_plugin_provision", [_P], ctypes.c_int, _check),
    ("kiln_plugin_input_id", [_P], _S, None),
    ("kiln_plugin_input_file_count", [_P], _Z, None),
    ("kiln_plugin_input_file", [_P, _Z], _S, None),
    ("kiln_plugin_set_artifact", [_P, _S, StrArray, _Z, ctypes.c_int], ctypes.c_int, _check),
    ("kiln_run_new", [_PP, _P, ctypes.POINTER(RunOptions)], ctypes.c_int, _check),
    ("kiln_run_execute", [_P, _PP], ctypes.c_int, None),  # results come back even on failure
    ("kiln_run_cancel", [_P], ctypes.c_int, _check),
    ("kiln_run_free", [_P], None, None),
    ("kiln_result_build_count", [_P], _Z, None),
    ("kiln_result_build_name", [_P, _Z], _S, None),
    ("kiln_result_build_ok", [_P, _Z], ctypes.c_int, None),
    ("kiln_result_build_error", [_P, _Z], _S, None),
    ("kiln_result_artifact_count", [_P, _Z], _Z, None),
    ("kiln_result_artifact_id", [_P, _Z, _Z], _S, None),
    ("kiln_result_artifact_builder_id", [_P, _Z, _Z], _S, None),
    ("kiln_result_artifact_description", [_P, _Z, _Z], _S, None),
    ("kiln_result_artifact_file_count", [_P, _Z, _Z], _Z, None),
    ("kiln_result_artifact_file", [_P, _Z, _Z, _Z], _S, None),
    ("kiln_result_manifest_json", [_P, ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int, _check),
    ("kiln_result_free", [_P], None, None),
]

lib = load(name for name, *_ in _FUNCTIONS)
for _name, _argtypes, _restype, _errcheck in _FUNCTIONS:
    _fn = getattr(lib, _name)
    _fn.argtypes = _argtypes
    _fn.restype = _restype
    if _errcheck:
        _fn.errcheck = _errcheck
# libkiln 0.2 added kiln_version_number and kiln_error's klass together.
_ERROR_STRUCT = KilnErrorStructV2 if hasattr(lib, "kiln_version_number") else KilnErrorStruct


def s(value: bytes | None) -> str | None:
    """Decodes a C string from the library."""
    return None if value is None else value.decode("utf-8", "replace")


def b(value: str) -> bytes:
    """Encodes a string for the library."""
    return value.encode("utf-8")


def str_array(values: list) -> tuple:
    """A C array of the strings: (pointer, count, the array that keeps them alive)."""
    arr = (ctypes.c_char_p * len(values))(*[b(v) for v in values])
    return ctypes.cast(arr, StrArray), len(values), arr
