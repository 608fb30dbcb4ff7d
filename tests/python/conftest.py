"""The ASan runtime meson preloads into the interpreter (meson.build) is for libkiln only: the programs
the tests start (shell commands, ansible, docker) are not built with it, and would run under it."""
import os

os.environ.pop("LD_PRELOAD", None)
