"""The ledger's tables, as typed SQLAlchemy models (the state at the head migration).

Every table carries the ``airlock_`` prefix, and Alembic's version table is
``airlock_schema_version``, so a team can point airlock at a database its application
already uses (with its own Alembic history) without a clash.

The models describe the schema; the migrations in ``migrations/versions`` create it.
A test compares the two, so a model changed without a migration fails the suite.

    airlock_quarantines ─┬─< airlock_provenance_signals
                         ├─< airlock_stage_runs ──< airlock_findings
                         ├─< airlock_signoffs ─┬─< airlock_signoff_files
                         │                     └─< airlock_acknowledgements
                         └─< airlock_events         (the audit trail)

Records are written once: since revision 0002 the database itself refuses UPDATE and
DELETE on every table but ``airlock_quarantines`` (whose state and base commit change).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine

__all__ = [
    "VERSION_TABLE",
    "AcknowledgementRow",
    "Base",
    "EventRow",
    "FindingRow",
    "QuarantineRow",
    "SignOffFileRow",
    "SignOffRow",
    "SignalRow",
    "StageRunRow",
    "UTCDateTime",
]

VERSION_TABLE = "airlock_schema_version"
"""Alembic's bookkeeping table, named apart from an application's own ``alembic_version``."""

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Named constraints, so that later migrations (batch mode on SQLite) can refer to them."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC ``datetime`` on every database.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the value is stored
    as naive UTC text (which sorts in time order) and read back with ``UTC`` attached.
    A naive datetime is refused: its meaning would depend on the writer's clock settings.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} (the ledger stores timezone-aware UTC times)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json() -> JSON:
    # Plain JSON (not JSONB) on PostgreSQL too: the ledger keeps what was written, key order included.
    return JSON(none_as_null=True)


def _id() -> TypeEngine[int]:
    # SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
    return BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """The declarative base of the ledger's models."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class QuarantineRow(Base):
    """One quarantine entry with its declared provenance (signals are rows of their own)."""

    __tablename__ = "airlock_quarantines"
    __table_args__ = (Index("ix_airlock_quarantines_created", "created_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16), index=True)
    source_kind: Mapped[str] = mapped_column(String(16))
    source_ref: Mapped[str] = mapped_column(Text)
    target_branch: Mapped[str] = mapped_column(Text)
    base_commit: Mapped[str] = mapped_column(String(64))
    branch: Mapped[str] = mapped_column(Text)
    worktree: Mapped[str] = mapped_column(Text)
    changed_files: Mapped[list[str]] = mapped_column(_json())
    tool: Mapped[str | None] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(Text)
    prompt: Mapped[str | None] = mapped_column(Text)
    prompt_redacted: Mapped[bool] = mapped_column(Boolean)
    scope: Mapped[list[str]] = mapped_column(_json())
    prompter: Mapped[str | None] = mapped_column(Text)

    signals: Mapped[list[SignalRow]] = relationship(order_by="SignalRow.position", lazy="selectin")


class SignalRow(Base):
    """A provenance signal found in the commits (a trailer, a bot author...)."""

    __tablename__ = "airlock_provenance_signals"

    id: Mapped[int] = mapped_column(_id(), primary_key=True, autoincrement=True)
    quarantine_id: Mapped[str] = mapped_column(ForeignKey("airlock_quarantines.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(Text)
    commit: Mapped[str | None] = mapped_column("commit_sha", String(64))  # COMMIT is an SQL keyword
    confidence: Mapped[float] = mapped_column(Float)
    tool: Mapped[str | None] = mapped_column(Text)


class StageRunRow(Base):
    """One run of one stage on one content hash."""

    __tablename__ = "airlock_stage_runs"
    __table_args__ = (Index("ix_airlock_stage_runs_lookup", "quarantine_id", "stage", "started_at"),)

    id: Mapped[int] = mapped_column(_id(), primary_key=True, autoincrement=True)
    quarantine_id: Mapped[str] = mapped_column(ForeignKey("airlock_quarantines.id"))
    stage: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(128))
    airlock_version: Mapped[str] = mapped_column(String(64))
    config: Mapped[dict[str, Any]] = mapped_column(_json())
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    metrics: Mapped[dict[str, Any]] = mapped_column(_json())

    findings: Mapped[list[FindingRow]] = relationship(order_by="FindingRow.position", lazy="selectin")


class FindingRow(Base):
    """One finding of a stage run: every field of ``Finding.to_dict()``."""

    __tablename__ = "airlock_findings"

    id: Mapped[int] = mapped_column(_id(), primary_key=True, autoincrement=True)
    stage_run_id: Mapped[int] = mapped_column(ForeignKey("airlock_stage_runs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(64))
    family: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    column: Mapped[int] = mapped_column("start_column", Integer)  # COLUMN is an SQL keyword
    end_column: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    remedy: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(128))
    snippet: Mapped[str] = mapped_column(Text)
    endpoint: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(_json())
    reproduce: Mapped[str | None] = mapped_column(Text)


class SignOffRow(Base):
    """A reviewer's sign-off on a quarantine."""

    __tablename__ = "airlock_signoffs"
    __table_args__ = (Index("ix_airlock_signoffs_lookup", "quarantine_id", "created_at"),)

    id: Mapped[int] = mapped_column(_id(), primary_key=True, autoincrement=True)
    quarantine_id: Mapped[str] = mapped_column(ForeignKey("airlock_quarantines.id"))
    reviewer: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    files: Mapped[list[SignOffFileRow]] = relationship(order_by="SignOffFileRow.position", lazy="selectin")
    acknowledgements: Mapped[list[AcknowledgementRow]] = relationship(
        order_by="AcknowledgementRow.position", lazy="selectin"
    )


class SignOffFileRow(Base):
    """The explain-back for one file, bound to the hash of that file's change."""

    __tablename__ = "airlock_signoff_files"

    id: Mapped[int] = mapped_column(_id(), primary_key=True, autoincrement=True)
    signoff_id: Mapped[int] = mapped_column(ForeignKey("airlock_signoffs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    change_hash: Mapped[str] = mapped_column(String(128))
    explanation: Mapped[str] = mapped_column(Text)


class AcknowledgementRow(Base):
    """A reviewer's answer to one finding: ``kind`` is fixed or disputed, ``reason`` a dispute's reason.

    Either may be empty: a dispute can carry a reason without an acknowledgement and the
    other way round, so that ``SignOff.acknowledgements`` and ``.disputes`` round-trip exactly.
    """

    __tablename__ = "airlock_acknowledgements"
    __table_args__ = (UniqueConstraint("signoff_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(_id(), primary_key=True, autoincrement=True)
    signoff_id: Mapped[int] = mapped_column(ForeignKey("airlock_signoffs.id"))
    position: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)


class EventRow(Base):
    """One entry of the audit trail."""

    __tablename__ = "airlock_events"
    __table_args__ = (Index("ix_airlock_events_lookup", "quarantine_id", "at"),)

    id: Mapped[int] = mapped_column(_id(), primary_key=True, autoincrement=True)
    quarantine_id: Mapped[str] = mapped_column(ForeignKey("airlock_quarantines.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(_json())
