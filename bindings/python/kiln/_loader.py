"""Finds and opens libkiln: KILN_LIBRARY, else the copy installed beside this package, else the system's.
A library that is missing or of another ABI raises ImportError naming every path tried and why."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

# The soname's number: libkiln changes it only when it breaks its C ABI.
ABI_MAJOR = 0
SONAME = f"libkiln.so.{ABI_MAJOR}"


def load(required: Iterable[str]) -> ctypes.CDLL:
    """The first candidate that opens and exports every name in `required` at ABI_MAJOR."""
    required = tuple(required)
    tried: List[Tuple[str, str]] = []
    for where, path in _candidates():
        lib, why = _open(path, required)
        if lib is not None:
            return lib
        tried.append((f"{where} {path}", why))
    lines = "\n".join(f"  {path}: {why}" for path, why in tried)
    raise ImportError(f"kiln: no usable libkiln (C ABI {ABI_MAJOR}); tried:\n{lines}\n"
                      "Reinstall the kiln package, or set KILN_LIBRARY to the path of libkiln.so")


def _candidates() -> List[Tuple[str, str]]:
    """(where it comes from, path) in the order they are tried."""
    explicit = os.environ.get("KILN_LIBRARY")
    if explicit:
        return [("KILN_LIBRARY", explicit)]  # an explicit choice is not silently replaced by another library
    bundled = ("bundled", str(Path(__file__).with_name(SONAME)))
    system = ctypes.util.find_library("kiln")
    return [bundled] + ([("system", system)] if system and system != SONAME else []) + [("system", SONAME)]


def _open(path: str, required: Tuple[str, ...]) -> Tuple[Optional[ctypes.CDLL], str]:
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        return None, str(e)
    if not hasattr(lib, "kiln_version"):
        return None, "not libkiln (no kiln_version)"
    lib.kiln_version.restype = ctypes.c_char_p
    version = (lib.kiln_version() or b"").decode("utf-8", "replace")
    if version.split(".")[0] != str(ABI_MAJOR):
        return None, f"libkiln {version} is not C ABI {ABI_MAJOR}"
    missing = [name for name in required if not hasattr(lib, name)]
    if missing:
        return None, f"libkiln {version} lacks {', '.join(missing)}"
    return lib, ""
