"""``Ledger``: every quarantine, stage run, sign-off and event, on SQLite or PostgreSQL.

Each method is one transaction (a stage run and its findings are stored together or
not at all), datetimes are timezone-aware UTC in and out, and every database error
leaves as a ``LedgerError`` whose message names the ledger with its password masked.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import Engine, select, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, SQLAlchemyError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from airlock.errors import LedgerError
from airlock.workflow.ledger import _convert, _migrate
from airlock.workflow.ledger._engine import (
    WRITE,
    create_ledger_engine,
    describe_error,
    display_url,
    resolve_url,
    with_retries,
)
from airlock.workflow.ledger._schema import EventRow, QuarantineRow, SignOffRow, StageRunRow
from airlock.workflow.records import Quarantine, QuarantineState, SignOff, StageRun

__all__ = ["Ledger"]

T = TypeVar("T")
_STATUS_HINT = "see `airlock status` for the quarantine ids"
_BAD_RECORD_HINT = "the database refused the record as it is: please report this message to airlock's maintainers"


class Ledger:
    """The record of every quarantine; open one with ``Ledger.open(root)``.

    Safe to share between threads, and any number of processes may use the same ledger
    at once (see ``_engine`` for how). Use it as a context manager, or ``close()`` it.
    """

    url_for_display: str
    """The database URL with its password masked."""

    def __init__(self, engine: Engine, url: URL) -> None:
        """Wrap an engine whose database is already migrated; ``open`` is the way in."""
        self._engine = engine
        self._url = url
        self.url_for_display = display_url(url)
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(**WRITE), expire_on_commit=False)

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, url: str | None = None) -> Ledger:
        """Open (creating and migrating as needed) the ledger of the project at ``root``.

        ``url`` wins over ``AIRLOCK_LEDGER_URL``, which wins over the default SQLite file
        ``root/.airlock/ledger.db``. PostgreSQL: ``postgresql://user@host/dbname``.
        """
        resolved = resolve_url(root, url)
        try:
            engine = create_ledger_engine(resolved)
        except (SQLAlchemyError, ImportError) as exc:
            raise LedgerError(
                f"cannot use the ledger at {display_url(resolved)}: {describe_error(exc, resolved)}"
            ) from None
        try:
            _migrate.upgrade(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise LedgerError(
                f"cannot open the ledger at {display_url(resolved)}: {describe_error(exc, resolved)}",
                hint=_open_hint(resolved),
            ) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, resolved)

    def close(self) -> None:
        """Release the database connections (SQLite checkpoints its WAL file on the last one)."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({self.url_for_display!r})"

    def schema_revision(self) -> str:
        """The ledger's schema revision (``0002``...)."""

        def work(session: Session) -> str:
            revision = _migrate.current_revision(session.connection())
            if revision is None:
                raise LedgerError(f"the ledger at {self.url_for_display} has no schema")
            return revision

        return self._run("read the schema revision", work, write=False)

    # -- quarantines -----------------------------------------------------------------------

    def add_quarantine(self, q: Quarantine) -> None:
        """Record a new quarantine entry with its provenance; its id must be new."""
        _check_times(q.created_at)

        def work(session: Session) -> None:
            if session.get(QuarantineRow, q.id) is not None:
                raise _exists(q.id)
            session.add(_convert.quarantine_to_row(q))
            try:
                session.flush()
            except IntegrityError:  # another process took the id in the meantime
                raise _exists(q.id) from None

        self._run(f"record quarantine {q.id}", work)

    def get_quarantine(self, qid: str) -> Quarantine:
        """The entry whose id is ``qid`` or, failing that, starts with ``qid`` (unambiguously)."""
        return self._run(f"read quarantine {qid}", lambda s: _convert.quarantine_from_row(_find(s, qid)), write=False)

    def list_quarantines(self, state: QuarantineState | None = None) -> list[Quarantine]:
        """Every entry (or those in ``state``), newest first."""

        def work(session: Session) -> list[Quarantine]:
            query = select(QuarantineRow).order_by(QuarantineRow.created_at.desc(), QuarantineRow.id.desc())
            if state is not None:
                query = query.where(QuarantineRow.state == state.value)
            return [_convert.quarantine_from_row(row) for row in session.scalars(query)]

        return self._run("list quarantines", work, write=False)

    def set_state(self, qid: str, state: QuarantineState) -> None:
        """Move an entry to ``state`` (released, abandoned, or back to open)."""

        def work(session: Session) -> None:
            row = _find(session, qid)
            session.execute(update(QuarantineRow).where(QuarantineRow.id == row.id).values(state=state.value))

        self._run(f"change the state of quarantine {qid}", work)

    def update_quarantine(
        self, qid: str, *, base_commit: str | None = None, changed_files: tuple[str, ...] | None = None
    ) -> None:
        """Change an entry's base commit and/or its changed files (``None`` keeps the value)."""
        values: dict[str, Any] = {}
        if base_commit is not None:
            values["base_commit"] = base_commit
        if changed_files is not None:
            values["changed_files"] = list(changed_files)

        def work(session: Session) -> None:
            row = _find(session, qid)
            if values:
                session.execute(update(QuarantineRow).where(QuarantineRow.id == row.id).values(**values))

        self._run(f"update quarantine {qid}", work)

    # -- stage runs ------------------------------------------------------------------------

    def add_stage_run(self, run: StageRun) -> StageRun:
        """Record a stage run with all its findings (all or nothing); returns it with its id."""
        if run.id is not None:
            raise LedgerError(f"stage run {run.id} is already recorded")
        _check_times(run.started_at, run.finished_at)
        _check_json("the config", run.config)
        _check_json("the metrics", run.metrics)
        for finding in run.findings:
            _check_json(f"the evidence of {finding.rule_id} at {finding.path}:{finding.line}", finding.evidence)

        def work(session: Session) -> StageRun:
            _require(session, run.quarantine_id)
            row = _convert.stage_run_to_row(run)
            session.add(row)
            session.flush()
            return dataclasses.replace(run, id=row.id)

        return self._run(f"record the {run.stage} run of quarantine {run.quarantine_id}", work)

    def stage_runs(self, qid: str, stage: str | None = None) -> list[StageRun]:
        """The entry's stage runs (of ``stage`` only, if given), newest first, with their findings."""

        def work(session: Session) -> list[StageRun]:
            return [_convert.stage_run_from_row(row) for row in _runs(session, _find(session, qid), stage)]

        return self._run(f"read the stage runs of quarantine {qid}", work, write=False)

    def latest_stage_run(self, qid: str, stage: str) -> StageRun | None:
        """The newest run of ``stage`` on the entry, or ``None`` if it never ran."""

        def work(session: Session) -> StageRun | None:
            rows = _runs(session, _find(session, qid), stage, limit=1)
            return _convert.stage_run_from_row(rows[0]) if rows else None

        return self._run(f"read the latest {stage} run of quarantine {qid}", work, write=False)

    # -- sign-offs -------------------------------------------------------------------------

    def add_signoff(self, signoff: SignOff) -> SignOff:
        """Record a reviewer's sign-off with its explain-backs and answers; returns it with its id."""
        if signoff.id is not None:
            raise LedgerError(f"sign-off {signoff.id} is already recorded")
        _check_times(signoff.created_at)

        def work(session: Session) -> SignOff:
            _require(session, signoff.quarantine_id)
            row = _convert.signoff_to_row(signoff)
            session.add(row)
            session.flush()
            return dataclasses.replace(signoff, id=row.id)

        return self._run(f"record the sign-off on quarantine {signoff.quarantine_id}", work)

    def signoffs(self, qid: str) -> list[SignOff]:
        """The entry's sign-offs, newest first."""

        def work(session: Session) -> list[SignOff]:
            row = _find(session, qid)
            query = (
                select(SignOffRow)
                .where(SignOffRow.quarantine_id == row.id)
                .order_by(SignOffRow.created_at.desc(), SignOffRow.id.desc())
            )
            return [_convert.signoff_from_row(r) for r in session.scalars(query)]

        return self._run(f"read the sign-offs of quarantine {qid}", work, write=False)

    # -- the audit trail -------------------------------------------------------------------

    def add_event(self, qid: str, kind: str, detail: dict[str, Any]) -> None:
        """Append an event (now, UTC) to the entry's audit trail; ``detail`` must be JSON-able."""
        _check_json(f"the detail of the {kind!r} event", detail)

        def work(session: Session) -> None:
            row = _find(session, qid)
            session.add(EventRow(quarantine_id=row.id, at=datetime.now(UTC), kind=kind, detail=detail))

        self._run(f"record a {kind!r} event on quarantine {qid}", work)

    def events(self, qid: str) -> list[dict[str, Any]]:
        """The entry's audit trail, oldest first: ``{"at": ISO 8601 UTC, "kind": ..., "detail": {...}}``."""

        def work(session: Session) -> list[dict[str, Any]]:
            row = _find(session, qid)
            query = select(EventRow).where(EventRow.quarantine_id == row.id).order_by(EventRow.at, EventRow.id)
            return [{"at": e.at.isoformat(), "kind": e.kind, "detail": e.detail} for e in session.scalars(query)]

        return self._run(f"read the events of quarantine {qid}", work, write=False)

    # -- plumbing --------------------------------------------------------------------------

    def _run(self, action: str, work: Callable[[Session], T], *, write: bool = True) -> T:
        """Run ``work`` in one transaction (retried whole on a transient lock); errors become ``LedgerError``."""
        factory = self._write if write else self._read

        def attempt() -> T:
            with factory() as session, session.begin():
                return work(session)

        try:
            return with_retries(attempt)
        except SQLAlchemyError as exc:
            raise LedgerError(
                f"could not {action} in the ledger at {self.url_for_display}: {describe_error(exc, self._url)}",
                hint=_BAD_RECORD_HINT if _is_bad_record(exc) else _open_hint(self._url),
            ) from None


def _find(session: Session, qid: str) -> QuarantineRow:
    """The entry with id ``qid``, or the only one whose id starts with it."""
    if not qid:
        raise LedgerError("no quarantine id given", hint=_STATUS_HINT)
    row = session.get(QuarantineRow, qid)
    if row is not None:
        return row
    prefixed = select(QuarantineRow).where(QuarantineRow.id.startswith(qid, autoescape=True))
    matches = list(session.scalars(prefixed.order_by(QuarantineRow.id).limit(6)))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LedgerError(f"no quarantine with id {qid!r}", hint=_STATUS_HINT)
    shown = ", ".join(m.id for m in matches[:5]) + (", ..." if len(matches) > 5 else "")
    raise LedgerError(f"quarantine id {qid!r} is ambiguous: it starts {shown}", hint=_STATUS_HINT)


def _require(session: Session, qid: str) -> None:
    """Records carry the full id of their quarantine (no prefix), which must exist."""
    if session.get(QuarantineRow, qid) is None:
        raise LedgerError(f"no quarantine with id {qid!r} (records need the full id)", hint=_STATUS_HINT)


def _runs(session: Session, row: QuarantineRow, stage: str | None, limit: int | None = None) -> list[StageRunRow]:
    """Newest first: by start time, then by the order they were recorded in."""
    query = (
        select(StageRunRow)
        .where(StageRunRow.quarantine_id == row.id)
        .order_by(StageRunRow.started_at.desc(), StageRunRow.id.desc())
        .limit(limit)
    )
    if stage is not None:
        query = query.where(StageRunRow.stage == stage)
    return list(session.scalars(query))


def _exists(qid: str) -> LedgerError:
    return LedgerError(f"quarantine {qid} already exists", hint=_STATUS_HINT)


def _check_times(*times: datetime) -> None:
    for value in times:
        if value.tzinfo is None or value.utcoffset() is None:
            raise LedgerError(
                f"naive datetime {value.isoformat()}: the ledger stores timezone-aware times",
                hint="use datetime.now(UTC)",
            )


def _check_json(what: str, value: object) -> None:
    """Refuse what JSON cannot hold (NaN, sets, objects) before the database sees it, alike on every database."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise LedgerError(f"cannot record {what}: {exc}", hint="stage results must be plain JSON data") from None


def _is_bad_record(exc: SQLAlchemyError) -> bool:
    """The database refused the data (not the connection, the lock or the file)."""
    if isinstance(exc, DataError | IntegrityError):
        return True
    return isinstance(exc, StatementError) and not isinstance(exc, DBAPIError)  # failed while binding a value


def _open_hint(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return (
            f"{url.database} must be a SQLite database airlock can write; "
            "move a damaged file aside and airlock starts a new ledger, or point AIRLOCK_LEDGER_URL elsewhere"
        )
    return "check that the server is up, and the URL (AIRLOCK_LEDGER_URL or [tool.airlock.ledger] url) and its role"
