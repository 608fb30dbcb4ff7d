"""What a run produces, as immutable Python values copied out of libkiln's result once."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Optional, Tuple

from ._lib import KilnEvent, lib, s


@dataclass(frozen=True)
class RunEvent:
    """One event of a run; `kind` is one of EVENT_KINDS. Secrets are already masked."""

    kind: str
    build: str
    message: str
    done: int = 0
    total: int = 0
    time: float = 0.0


EVENT_KINDS = ("say", "message", "error", "progress", "build-start", "build-end", "artifact", "machine", "warning")


@dataclass(frozen=True)
class Artifact:
    """What a build made: `id` as its builder names it (an AMI id, an image), the files it wrote."""

    id: str
    builder_id: str
    description: str
    files: Tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildOutcome:
    """How one build ended: `error` is "" when `ok`."""

    name: str
    ok: bool
    error: str
    artifacts: Tuple[Artifact, ...]


@dataclass(frozen=True)
class RunResult:
    """Every build's outcome, and the run as a manifest (the manifest post-processor's JSON)."""

    builds: Tuple[BuildOutcome, ...]
    manifest: str = field(repr=False)  # long JSON; the builds say what happened

    @property
    def artifacts(self) -> Tuple[Artifact, ...]:
        """The artifacts of every build, in build order."""
        return tuple(a for b in self.builds for a in b.artifacts)


def event_from(ev: "KilnEvent") -> RunEvent:
    kind = EVENT_KINDS[ev.kind] if 0 <= ev.kind < len(EVENT_KINDS) else str(ev.kind)
    return RunEvent(kind, s(ev.build), s(ev.message), ev.done, ev.total, ev.time)


def read_result(result: Optional[int]) -> Optional[RunResult]:
    """Copies a kiln_result (None when the run produced none)."""
    if not result:
        return None
    builds = []
    for i in range(lib.kiln_result_build_count(result)):
        artifacts = []
        for j in range(lib.kiln_result_artifact_count(result, i)):
            files = tuple(s(lib.kiln_result_artifact_file(result, i, j, k))
                          for k in range(lib.kiln_result_artifact_file_count(result, i, j)))
            artifacts.append(Artifact(s(lib.kiln_result_artifact_id(result, i, j)),
                                      s(lib.kiln_result_artifact_builder_id(result, i, j)),
                                      s(lib.kiln_result_artifact_description(result, i, j)), files))
        builds.append(BuildOutcome(s(lib.kiln_result_build_name(result, i)), bool(lib.kiln_result_build_ok(result, i)),
                                   s(lib.kiln_result_build_error(result, i)), tuple(artifacts)))
    return RunResult(tuple(builds), _manifest(result))


def _manifest(result: int) -> str:
    text = ctypes.c_void_p()
    lib.kiln_result_manifest_json(result, ctypes.byref(text))
    try:
        return s(ctypes.string_at(text.value))
    finally:
        lib.kiln_free(text)
