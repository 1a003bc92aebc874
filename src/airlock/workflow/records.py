"""The records of the quarantine workflow: what the ledger stores and the gate judges.

All frozen: a record is written once and read many times; a new state is a new record
(a stage run, a sign-off) or an explicit state change on the quarantine entry.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from airlock.model import Finding

__all__ = [
    "FileSignOff",
    "GateRow",
    "Provenance",
    "Quarantine",
    "QuarantineState",
    "SignOff",
    "Signal",
    "SourceKind",
    "StageRun",
    "StageStatus",
    "Verdict",
]


class SourceKind(enum.StrEnum):
    """How the AI-written change arrived."""

    BRANCH = "branch"
    RANGE = "range"
    PATCH = "patch"
    FILES = "files"


class QuarantineState(enum.StrEnum):
    OPEN = "open"
    RELEASED = "released"
    ABANDONED = "abandoned"


@dataclass(frozen=True, slots=True)
class Signal:
    """A hint in the commits that a change was AI-written."""

    kind: str
    """``trailer`` (Co-authored-by, Assisted-by, Generated-by), ``author`` (a bot identity), ``message``."""
    value: str
    """The trailer or identity as found, e.g. ``Co-authored-by: Claude <noreply@anthropic.com>``."""
    commit: str | None
    """The commit it was found in; ``None`` for patches and folders."""
    confidence: float
    """0..1: a known AI identity in a trailer is near 1, a vague word in a message low."""
    tool: str | None = None
    """The AI tool the signal names, when known (``claude``, ``copilot``, ``cursor``...)."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the change came from, as declared at intake and as found in the commits."""

    tool: str | None = None
    model: str | None = None
    prompt: str | None = None
    """``None`` when none was given or it was redacted."""
    prompt_redacted: bool = False
    scope: tuple[str, ...] = ()
    """Paths or globs the prompt was about; files changed outside it are findings."""
    prompter: str | None = None
    """``name <email>`` of whoever asked the AI."""
    signals: tuple[Signal, ...] = ()


@dataclass(frozen=True, slots=True)
class Quarantine:
    """One AI-written change held apart from its target branch."""

    id: str
    """Short id, e.g. ``q7f3a2``."""
    created_at: datetime
    source_kind: SourceKind
    source_ref: str
    """The branch, range, patch file name or folder as given."""
    target_branch: str
    base_commit: str
    """The target's commit the worktree was based on."""
    branch: str
    """``airlock/q/<id>``."""
    worktree: str
    """Relative to the repository root: ``.airlock/quarantine/<id>``."""
    provenance: Provenance
    state: QuarantineState = QuarantineState.OPEN
    changed_files: tuple[str, ...] = ()


class StageStatus(enum.StrEnum):
    OK = "ok"
    """The stage ran; its findings say what it found."""
    ERROR = "error"
    """The stage could not run (the app would not start, ...)."""


@dataclass(frozen=True, slots=True)
class StageRun:
    """One run of one stage on one exact content."""

    quarantine_id: str
    stage: str
    """``scan`` or ``probe``."""
    content_hash: str
    """Hash of the worktree content the stage ran on; another content makes it stale."""
    airlock_version: str
    config: dict[str, Any]
    """The effective configuration, serialised."""
    started_at: datetime
    finished_at: datetime
    status: StageStatus
    findings: tuple[Finding, ...] = ()
    metrics: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    id: int | None = None
    """Assigned by the ledger."""


@dataclass(frozen=True, slots=True)
class FileSignOff:
    """A reviewer's explain-back for one changed file, bound to that file's change."""

    path: str
    change_hash: str
    """Hash of the normalised change of this file (survives a rebase, dies on an edit)."""
    explanation: str


@dataclass(frozen=True, slots=True)
class SignOff:
    """A human's review of the whole change."""

    quarantine_id: str
    reviewer: str
    """``name <email>``."""
    created_at: datetime
    files: tuple[FileSignOff, ...]
    acknowledgements: dict[str, str] = field(default_factory=dict)
    """Finding fingerprint → ``fixed`` or ``disputed``."""
    disputes: dict[str, str] = field(default_factory=dict)
    """Finding fingerprint → the reviewer's reason it is not a problem."""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class GateRow:
    """One line of the gate's table."""

    stage: str
    """``scan``, ``probe``, ``review`` (or ``policy`` for policy-level refusals)."""
    state: str
    """``pass``, ``fail``, ``stale``, ``missing``, ``error``."""
    why: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The gate's decision over the latest, current evidence."""

    quarantine_id: str
    passed: bool
    rows: tuple[GateRow, ...]
    content_hash: str
    """The worktree content the verdict holds for; release refuses any other."""
    blocking: tuple[Finding, ...] = ()
    """Blocking findings neither fixed nor cleared by an accepted dispute."""
