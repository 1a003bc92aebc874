"""The initial ledger: quarantines, signals, stage runs, findings, sign-offs, events.

Revision ID: 0001
Revises: (none)

A migration is a frozen snapshot: it spells its types out instead of importing the
models, so a later change to the models never rewrites history.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _time() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "airlock_quarantines",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("source_kind", sa.String(16), nullable=False),
        sa.Column("source_ref", sa.Text(), nullable=False),
        sa.Column("target_branch", sa.Text(), nullable=False),
        sa.Column("base_commit", sa.String(64), nullable=False),
        sa.Column("branch", sa.Text(), nullable=False),
        sa.Column("worktree", sa.Text(), nullable=False),
        sa.Column("changed_files", sa.JSON(), nullable=False),
        sa.Column("tool", sa.Text(), nullable=True),
        sa.Column("model", sa.Text(), nullable=True),
        sa.Column("prompt", sa.Text(), nullable=True),
        sa.Column("prompt_redacted", sa.Boolean(), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("prompter", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_airlock_quarantines"),
    )
    op.create_index("ix_airlock_quarantines_created", "airlock_quarantines", ["created_at"])
    op.create_index("ix_airlock_quarantines_state", "airlock_quarantines", ["state"])

    op.create_table(
        "airlock_provenance_signals",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("quarantine_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("commit_sha", sa.String(64), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("tool", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["quarantine_id"],
            ["airlock_quarantines.id"],
            name="fk_airlock_provenance_signals_quarantine_id_airlock_quarantines",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_airlock_provenance_signals"),
    )
    op.create_index("ix_airlock_provenance_signals_quarantine_id", "airlock_provenance_signals", ["quarantine_id"])

    op.create_table(
        "airlock_stage_runs",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("quarantine_id", sa.String(64), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("airlock_version", sa.String(64), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("started_at", _time(), nullable=False),
        sa.Column("finished_at", _time(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quarantine_id"],
            ["airlock_quarantines.id"],
            name="fk_airlock_stage_runs_quarantine_id_airlock_quarantines",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_airlock_stage_runs"),
    )
    op.create_index("ix_airlock_stage_runs_lookup", "airlock_stage_runs", ["quarantine_id", "stage", "started_at"])

    op.create_table(
        "airlock_findings",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("stage_run_id", _id(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(128), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("family", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("confidence", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("end_line", sa.Integer(), nullable=False),
        sa.Column("start_column", sa.Integer(), nullable=False),
        sa.Column("end_column", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("remedy", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(128), nullable=False),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("endpoint", sa.Text(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.Column("reproduce", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["stage_run_id"], ["airlock_stage_runs.id"], name="fk_airlock_findings_stage_run_id_airlock_stage_runs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_airlock_findings"),
    )
    op.create_index("ix_airlock_findings_stage_run_id", "airlock_findings", ["stage_run_id"])

    op.create_table(
        "airlock_signoffs",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("quarantine_id", sa.String(64), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quarantine_id"], ["airlock_quarantines.id"], name="fk_airlock_signoffs_quarantine_id_airlock_quarantines"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_airlock_signoffs"),
    )
    op.create_index("ix_airlock_signoffs_lookup", "airlock_signoffs", ["quarantine_id", "created_at"])

    op.create_table(
        "airlock_signoff_files",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("signoff_id", _id(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("change_hash", sa.String(128), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["signoff_id"], ["airlock_signoffs.id"], name="fk_airlock_signoff_files_signoff_id_airlock_signoffs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_airlock_signoff_files"),
    )
    op.create_index("ix_airlock_signoff_files_signoff_id", "airlock_signoff_files", ["signoff_id"])

    op.create_table(
        "airlock_acknowledgements",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("signoff_id", _id(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["signoff_id"], ["airlock_signoffs.id"], name="fk_airlock_acknowledgements_signoff_id_airlock_signoffs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_airlock_acknowledgements"),
        sa.UniqueConstraint("signoff_id", "fingerprint", name="uq_airlock_acknowledgements_signoff_id"),
    )

    op.create_table(
        "airlock_events",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("quarantine_id", sa.String(64), nullable=False),
        sa.Column("at", _time(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quarantine_id"], ["airlock_quarantines.id"], name="fk_airlock_events_quarantine_id_airlock_quarantines"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_airlock_events"),
    )
    op.create_index("ix_airlock_events_lookup", "airlock_events", ["quarantine_id", "at"])


def downgrade() -> None:
    raise RuntimeError("the ledger is never downgraded below 0001: that would drop every record")
