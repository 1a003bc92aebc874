"""Alembic's entry point for the ledger's migrations; airlock runs them itself on open.

``Ledger.open`` passes in a connection that already holds the migration lock (SQLite:
``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock) inside one transaction, so that
several processes opening a new ledger at once migrate it exactly once, and a failed
migration leaves the ledger as it was. Running ``alembic`` by hand is not supported.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from airlock.workflow.ledger._schema import VERSION_TABLE, Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("the ledger's migrations run through airlock (Ledger.open), not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
