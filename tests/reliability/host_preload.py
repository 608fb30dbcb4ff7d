"""The sanitizer runtime meson preloads into python (tests/meson.build) is for a sanitized libkiln in a
Python host only. Taken out of this process's environment on import, so that fixtures, kiln and the
programs it starts do not run under it; `for_python_host` puts it back for event_host.py."""
import os

_PRELOAD = os.environ.pop("LD_PRELOAD", None)


def for_python_host(env):
    return dict(env, LD_PRELOAD=_PRELOAD) if _PRELOAD else env
