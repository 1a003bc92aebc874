"""Records to rows and back: the only place that knows both the dataclasses and the tables."""

from __future__ import annotations

from sqlalchemy import inspect

from airlock.model import Finding
from airlock.workflow.ledger._schema import (
    AcknowledgementRow,
    FindingRow,
    QuarantineRow,
    SignalRow,
    SignOffFileRow,
    SignOffRow,
    StageRunRow,
)
from airlock.workflow.records import (
    FileSignOff,
    Provenance,
    Quarantine,
    QuarantineState,
    Signal,
    SignOff,
    SourceKind,
    StageRun,
    StageStatus,
)

__all__ = [
    "quarantine_from_row",
    "quarantine_to_row",
    "signoff_from_row",
    "signoff_to_row",
    "stage_run_from_row",
    "stage_run_to_row",
]

_OPTIONAL_FINDING_KEYS = ("endpoint", "evidence", "reproduce")


def quarantine_to_row(q: Quarantine) -> QuarantineRow:
    p = q.provenance
    return QuarantineRow(
        id=q.id,
        created_at=q.created_at,
        state=q.state.value,
        source_kind=q.source_kind.value,
        source_ref=q.source_ref,
        target_branch=q.target_branch,
        base_commit=q.base_commit,
        branch=q.branch,
        worktree=q.worktree,
        changed_files=list(q.changed_files),
        tool=p.tool,
        model=p.model,
        prompt=p.prompt,
        prompt_redacted=p.prompt_redacted,
        scope=list(p.scope),
        prompter=p.prompter,
        signals=[
            SignalRow(
                position=i, kind=s.kind, value=s.value, commit=s.commit, confidence=float(s.confidence), tool=s.tool
            )
            for i, s in enumerate(p.signals)
        ],
    )


def quarantine_from_row(row: QuarantineRow) -> Quarantine:
    return Quarantine(
        id=row.id,
        created_at=row.created_at,
        source_kind=SourceKind(row.source_kind),
        source_ref=row.source_ref,
        target_branch=row.target_branch,
        base_commit=row.base_commit,
        branch=row.branch,
        worktree=row.worktree,
        provenance=Provenance(
            tool=row.tool,
            model=row.model,
            prompt=row.prompt,
            prompt_redacted=row.prompt_redacted,
            scope=tuple(row.scope),
            prompter=row.prompter,
            signals=tuple(
                Signal(kind=s.kind, value=s.value, commit=s.commit, confidence=s.confidence, tool=s.tool)
                for s in row.signals
            ),
        ),
        state=QuarantineState(row.state),
        changed_files=tuple(row.changed_files),
    )


def _finding_to_row(position: int, finding: Finding) -> FindingRow:
    data = finding.to_dict()
    for key in _OPTIONAL_FINDING_KEYS:
        data.setdefault(key, None)
    return FindingRow(position=position, **data)


def _finding_from_row(row: FindingRow) -> Finding:
    data = {column: getattr(row, column) for column in _FINDING_COLUMNS}
    for key in _OPTIONAL_FINDING_KEYS:
        if data[key] is None:
            del data[key]
    return Finding.from_dict(data)


_FINDING_COLUMNS = tuple(
    a.key for a in inspect(FindingRow).column_attrs if a.key not in ("id", "stage_run_id", "position")
)
"""The mapped attributes of a finding row, named as the keys of ``Finding.to_dict()``."""


def stage_run_to_row(run: StageRun) -> StageRunRow:
    return StageRunRow(
        quarantine_id=run.quarantine_id,
        stage=run.stage,
        content_hash=run.content_hash,
        airlock_version=run.airlock_version,
        config=run.config,
        started_at=run.started_at,
        finished_at=run.finished_at,
        status=run.status.value,
        error=run.error,
        metrics=run.metrics,
        findings=[_finding_to_row(i, f) for i, f in enumerate(run.findings)],
    )


def stage_run_from_row(row: StageRunRow) -> StageRun:
    return StageRun(
        quarantine_id=row.quarantine_id,
        stage=row.stage,
        content_hash=row.content_hash,
        airlock_version=row.airlock_version,
        config=row.config,
        started_at=row.started_at,
        finished_at=row.finished_at,
        status=StageStatus(row.status),
        findings=tuple(_finding_from_row(f) for f in row.findings),
        metrics=row.metrics,
        error=row.error,
        id=row.id,
    )


def signoff_to_row(signoff: SignOff) -> SignOffRow:
    fingerprints = list(dict.fromkeys([*signoff.acknowledgements, *signoff.disputes]))
    return SignOffRow(
        quarantine_id=signoff.quarantine_id,
        reviewer=signoff.reviewer,
        created_at=signoff.created_at,
        files=[
            SignOffFileRow(position=i, path=f.path, change_hash=f.change_hash, explanation=f.explanation)
            for i, f in enumerate(signoff.files)
        ],
        acknowledgements=[
            AcknowledgementRow(
                position=i,
                fingerprint=fp,
                kind=signoff.acknowledgements.get(fp),
                reason=signoff.disputes.get(fp),
            )
            for i, fp in enumerate(fingerprints)
        ],
    )


def signoff_from_row(row: SignOffRow) -> SignOff:
    return SignOff(
        quarantine_id=row.quarantine_id,
        reviewer=row.reviewer,
        created_at=row.created_at,
        files=tuple(FileSignOff(path=f.path, change_hash=f.change_hash, explanation=f.explanation) for f in row.files),
        acknowledgements={a.fingerprint: a.kind for a in row.acknowledgements if a.kind is not None},
        disputes={a.fingerprint: a.reason for a in row.acknowledgements if a.reason is not None},
        id=row.id,
    )
