"""Fixtures for the workflow tests: a ledger URL for each database airlock supports.

``ledger_url`` runs a test once on SQLite (a file in the test's tmp_path) and once on
the real PostgreSQL server. For PostgreSQL each test session (each xdist worker) creates
its own database, ``airlock_test_<random>``, and drops it at the end; each test gets a
fresh schema in it, selected through the URL (``options=-csearch_path=...``), so tests
never see each other's records. The URL also works in ``AIRLOCK_LEDGER_URL`` for a
subprocess.

The server is ``AIRLOCK_TEST_POSTGRES_URL`` (default: ``postgresql://postgres@127.0.0.1:5432/test``).
When it cannot be reached the PostgreSQL half skips with the reason, except under
``CI=true``, where it fails: CI must never pass by skipping the database it ships for.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import URL, make_url

POSTGRES_URL = os.environ.get("AIRLOCK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _admin_conninfo(url: URL) -> str:
    """libpq's form of a SQLAlchemy URL (psycopg does not know ``postgresql+psycopg://``)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    admin = make_url(POSTGRES_URL)
    try:
        conn = psycopg.connect(_admin_conninfo(admin), autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        reason = f"PostgreSQL unreachable at {admin.render_as_string(hide_password=True)}: {' '.join(str(exc).split())}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run)", pytrace=False)
        pytest.skip(reason)
    name = f"airlock_test_{secrets.token_hex(6)}"
    with conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield admin.set(drivername="postgresql+psycopg", database=name)
        finally:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def postgres_ledger_url(postgres_database: URL) -> str:
    """A URL to an empty schema of its own in the session's database."""
    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(_admin_conninfo(postgres_database), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    url = postgres_database.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to an empty ledger: a SQLite file, then a PostgreSQL schema (see the module docstring)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url: str = request.getfixturevalue("postgres_ledger_url")
    return url
