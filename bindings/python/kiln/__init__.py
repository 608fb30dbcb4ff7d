"""kiln: build machine images from Packer templates, in process, through libkiln's C API.

    import kiln
    with kiln.Template.load("template.json") as t:
        for artifact in t.build(vars={"region": "us-east-1"}, on_event=print):
            print(artifact.id)

Threads: build() blocks its caller; on_event and plugin methods run on kiln's threads (events one at
a time; plugins concurrently when builds run in parallel). Results (RunResult, BuildOutcome,
Artifact, RunEvent) are immutable copies, safe to share between threads and to keep after the run.
A Cancellation may be shared by any number of runs and threads.
"""
from __future__ import annotations

from ._lib import lib, s
from .cancellation import Cancellation
from .errors import (AlreadyExistsError, BuildCancelled, BuildError, CallbackError, CommunicatorError, ConfigError,
                     InvalidArgumentError, KilnError, NotFoundError, RemoteError, Status, TemplateError,
                     VersionMismatchError)
from .plugins import Communicator, Hook, Ui, builder, post_processor, provisioner
from .results import EVENT_KINDS, Artifact, BuildOutcome, RunEvent, RunResult
from .template import Template

__all__ = ["Template", "RunResult", "BuildOutcome", "Artifact", "RunEvent", "EVENT_KINDS", "Cancellation", "Status",
           "KilnError", "NotFoundError", "InvalidArgumentError", "VersionMismatchError", "CallbackError",
           "TemplateError", "ConfigError", "CommunicatorError", "RemoteError", "BuildError", "BuildCancelled",
           "AlreadyExistsError",
           "builder", "provisioner", "post_processor", "Communicator", "Hook", "Ui", "version"]


def version() -> str:
    """The version of the loaded libkiln."""
    return s(lib.kiln_version())
