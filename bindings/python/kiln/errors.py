"""Exceptions carrying the C library's messages."""


class KilnError(Exception):
    """Any failure reported by libkiln; `status` is the kiln_status code."""

    def __init__(self, message: str, status: int = -1):
        super().__init__(message)
        self.status = status


class TemplateError(KilnError):
    """The template or a plugin's configuration is invalid."""


class BuildError(KilnError):
    """A build failed; `results` holds every build's outcome when available."""

    def __init__(self, message: str, status: int = -12, results=None):
        super().__init__(message, status)
        self.results = results or []


class CancelledError(KilnError):
    """The run was cancelled."""


_BY_STATUS = {-8: TemplateError, -9: TemplateError, -12: BuildError, -6: CancelledError}


def raise_for_status(status: int, message: str):
    raise _BY_STATUS.get(status, KilnError)(message, status)
