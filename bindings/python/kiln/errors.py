"""The exceptions kiln raises: one class per kiln_status, all derived from KilnError.

Every message comes from libkiln with the run's secrets masked. None of these names repeats one of
asyncio's or a builtin's, so `from kiln import *` shadows nothing.
"""
from __future__ import annotations

import enum


class Status(enum.IntEnum):
    """kiln_status, the C library's result codes (include/kiln.h)."""

    OK = 0
    ERROR = -1
    ENOTFOUND = -3
    EINVALID = -4
    EVERSION = -5
    ECANCELLED = -6
    EUSER = -7
    ETEMPLATE = -8
    ECONFIG = -9
    ECOMM = -10
    EREMOTE = -11
    EBUILD = -12
    EEXISTS = -13


class KilnError(Exception):
    """Any failure reported by libkiln. `status` is its kiln_status: a Status, or a plain int for a
    code newer than this binding. `klass` is libkiln's kiln_error_class (where the error came from)
    from libkiln 0.2 on, else None. str() is the library's message."""

    status_code = Status.ERROR

    def __init__(self, message: str, status: int | None = None, klass: int | None = None):
        super().__init__(message)
        self.status = _known(self.status_code if status is None else status)
        self.klass = klass


class NotFoundError(KilnError):
    """A file, build or artifact that was asked for does not exist (KILN_ENOTFOUND)."""

    status_code = Status.ENOTFOUND


class InvalidArgumentError(KilnError):
    """libkiln refused an argument: a malformed variable, or (before libkiln 0.2) a plugin type
    registered twice (KILN_EINVALID)."""

    status_code = Status.EINVALID


class VersionMismatchError(KilnError):
    """libkiln does not know the version of a struct it was given (KILN_EVERSION)."""

    status_code = Status.EVERSION


class AlreadyExistsError(KilnError):
    """The name is taken: a plugin type registered twice, an output that exists without force
    (KILN_EEXISTS, libkiln 0.2)."""

    status_code = Status.EEXISTS


class CallbackError(KilnError):
    """A plugin or host callback failed (KILN_EUSER)."""

    status_code = Status.EUSER


class TemplateError(KilnError):
    """The template is invalid: syntax, variables, interpolation (KILN_ETEMPLATE). Also the base of
    ConfigError, so `except TemplateError` catches every problem found before anything runs."""

    status_code = Status.ETEMPLATE


class ConfigError(TemplateError):
    """A builder's, provisioner's or post-processor's configuration is invalid (KILN_ECONFIG)."""

    status_code = Status.ECONFIG


class CommunicatorError(KilnError):
    """Talking to the machine being built failed (KILN_ECOMM)."""

    status_code = Status.ECOMM


class RemoteError(KilnError):
    """A remote service (a cloud API, a registry) refused or failed (KILN_EREMOTE)."""

    status_code = Status.EREMOTE


class _RunStopped(KilnError):
    """What BuildError and BuildCancelled share: `result`, the RunResult of the whole run (every
    build's outcome and the artifacts of those that succeeded), and `results`, its builds."""

    def __init__(self, message: str, status: int | None = None, klass: int | None = None, result=None):
        super().__init__(message, status, klass)
        self.result = result

    @property
    def results(self) -> tuple:
        return self.result.builds if self.result is not None else ()


class BuildError(_RunStopped):
    """At least one build failed (KILN_EBUILD); `result` and `results` say how each one ended."""

    status_code = Status.EBUILD


class BuildCancelled(_RunStopped):
    """The run was cancelled (KILN_ECANCELLED) through a Cancellation, Ctrl-C or a callback that
    raised; cleanup ran. `result` and `results` hold what the builds reached."""

    status_code = Status.ECANCELLED


def _known(status: int) -> int:
    try:
        return Status(status)
    except ValueError:
        return status


_BY_STATUS = {cls.status_code: cls for cls in (NotFoundError, InvalidArgumentError, VersionMismatchError,
                                               CallbackError, TemplateError, ConfigError, CommunicatorError,
                                               RemoteError, BuildError, BuildCancelled, AlreadyExistsError)}


def error_for_status(status: int, message: str, klass: int | None = None, result=None) -> KilnError:
    """The exception for a negative kiln_status (KilnError itself for codes without a class);
    `result` is the RunResult for BuildError and BuildCancelled."""
    cls = _BY_STATUS.get(status, KilnError)
    if issubclass(cls, _RunStopped):
        return cls(message, status, klass, result)
    return cls(message, status, klass)
