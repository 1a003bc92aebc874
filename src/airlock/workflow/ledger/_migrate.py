"""Versioned schema migrations (Alembic), run by airlock itself whenever a ledger is opened.

The scripts ship inside the package (``migrations/versions``), so upgrading airlock
brings the migrations that carry every existing record forward. Each upgrade runs in
one transaction that first takes the migration lock (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: a transaction-scoped advisory lock), and reads the current revision only
once it holds it: processes that open a new or old ledger at once migrate it exactly
once, and a migration that fails leaves the ledger as it was. An up-to-date ledger is
recognised with one read and no lock.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from airlock.errors import LedgerError
from airlock.workflow.ledger._engine import WRITE, display_url, with_retries
from airlock.workflow.ledger._schema import VERSION_TABLE

__all__ = ["MIGRATIONS", "current_revision", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK_KEY = 0x6169726C6F636B  # "airlock" in ASCII: one advisory lock key per database
_UPGRADE_HINT = "upgrade airlock (pip install -U airlock): all who share a ledger need the same or a newer airlock"


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    # configparser interpolation: a literal % in the install path must be doubled
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision this airlock knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, f"no migrations in {MIGRATIONS}"
    return head


def current_revision(connection: Connection) -> str | None:
    """The ledger's revision; ``None`` for an empty database."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the ledger to ``target`` (a revision id; tests stop at old ones)."""
    scripts = ScriptDirectory.from_config(_config())
    wanted = scripts.get_current_head() if target == "head" else target
    with engine.connect() as connection:
        found = current_revision(connection)
    if found == wanted:
        return
    if found is not None and _unknown(scripts, found):
        raise LedgerError(
            f"the ledger at {display_url(engine.url)} has schema revision {found}, newer than this airlock knows",
            hint=_UPGRADE_HINT,
        )
    with_retries(lambda: _upgrade_locked(engine, target))


def _unknown(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is None
    except CommandError:
        return True


def _upgrade_locked(engine: Engine, target: str) -> None:
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            try:
                command.upgrade(_config(connection), target)
            except CommandError as exc:
                raise LedgerError(
                    f"cannot migrate the ledger at {display_url(engine.url)}: {exc}", hint=_UPGRADE_HINT
                ) from None
