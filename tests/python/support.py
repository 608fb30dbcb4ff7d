"""What the Python tests share."""
import ctypes
import gc
import json

import kiln

NULL_BUILD = {"type": "null", "communicator": "none"}


def template(builders=(NULL_BUILD,), **parts) -> kiln.Template:
    return kiln.Template.parse(json.dumps({"builders": list(builders), **parts}), "test.json")


def shell_local(*commands, **options) -> dict:
    return {"type": "shell-local", "inline": list(commands), **options}


def wait_for(path, limit=600) -> str:
    """A command that waits until `path` exists, or about `limit` × 0.05 s: a build that nothing
    cancels ends on its own, so a test that expects a cancel fails instead of hanging."""
    return f'i=0; while [ ! -e "{path}" ] && [ $i -lt {limit} ]; do sleep 0.05; i=$((i+1)); done'


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def heap_in_use() -> int:
    """Bytes allocated and not freed: ASan's count when it is loaded (freed memory it holds in
    quarantine is not counted), glibc's otherwise. Unlike resident memory, no allocator cache moves it."""
    gc.collect()
    process = ctypes.CDLL(None)
    if hasattr(process, "__sanitizer_get_current_allocated_bytes"):
        process.__sanitizer_get_current_allocated_bytes.restype = ctypes.c_size_t
        return process.__sanitizer_get_current_allocated_bytes()
    process.mallinfo2.restype = _MallInfo2
    info = process.mallinfo2()
    return info.uordblks + info.hblkhd
