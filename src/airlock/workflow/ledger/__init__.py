"""The ledger: every quarantine, stage run, sign-off and event, in SQLite or PostgreSQL.

``Ledger.open(root)`` opens the project's ledger (``.airlock/ledger.db`` by default; a
team sets ``AIRLOCK_LEDGER_URL`` or ``[tool.airlock.ledger] url`` to a PostgreSQL URL)
and brings its schema to the newest revision with the migrations shipped in
``migrations/``, so upgrading airlock never loses a record.
"""

from __future__ import annotations

from airlock.workflow.ledger._engine import ENV_VAR
from airlock.workflow.ledger._ledger import Ledger

__all__ = ["ENV_VAR", "Ledger"]
