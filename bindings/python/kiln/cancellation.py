"""Cancelling runs from any thread."""
from __future__ import annotations

import threading

from ._lib import lib


class Cancellation:
    """Cancels every run it is given. Pass it to any number of Template.build/run calls, at once or
    one after another, and call cancel() from any thread: every run still going with it is cancelled
    (its cleanup still runs), and so is every run given it later, at once, until reset()."""

    def __init__(self):
        self._lock = threading.Lock()
        self._runs = set()  # addresses of the kiln_run handles in progress
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        """True from cancel() until reset()."""
        with self._lock:
            return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            for run in self._runs:
                lib.kiln_run_cancel(run)

    def reset(self) -> None:
        """Lets runs given this Cancellation from now on go ahead; runs already cancelled stay so."""
        with self._lock:
            self._cancelled = False

    def _attach(self, run: int) -> None:
        with self._lock:
            self._runs.add(run)
            if self._cancelled:
                lib.kiln_run_cancel(run)

    def _detach(self, run: int) -> None:
        with self._lock:
            self._runs.discard(run)
