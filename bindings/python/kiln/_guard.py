"""Exceptions raised in callbacks: caught where libkiln calls Python, raised again from build()."""
from __future__ import annotations

import threading

from .cancellation import Cancellation
from .errors import KilnError


class RunGuard:
    """Keeps the exception a callback raised during one run until build() can raise it.

    A plugin's Exception fails its build, as any plugin error does, and build() raises its
    KilnError `from` it. Anything else (an event callback's exception, SystemExit or
    KeyboardInterrupt anywhere, Ctrl-C while waiting) cancels the run, and build() raises that
    exception itself once cleanup has finished."""

    def __init__(self):
        self._lock = threading.Lock()
        self._error: BaseException | None = None
        self._raise_itself = False
        self.cancellation = Cancellation()

    def plugin_failed(self, error: Exception) -> None:
        with self._lock:
            if self._error is None:
                self._error = error

    def abort(self, error: BaseException) -> None:
        with self._lock:
            if not self._raise_itself:
                self._error, self._raise_itself = error, True
        self.cancellation.cancel()

    def raise_pending(self, failure: KilnError | None) -> None:
        """Raises what the run ended with: an aborting exception, else `failure` (if any) chained to
        the plugin exception behind it."""
        with self._lock:
            error, raise_itself = self._error, self._raise_itself
        if raise_itself:
            raise error
        if failure is None:
            return
        if error is not None:
            raise failure from error
        raise failure
