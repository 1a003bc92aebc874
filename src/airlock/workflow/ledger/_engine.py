"""Where the ledger lives and how to talk to it: URLs, engines, locks, retries and errors.

SQLite (the default, one file per project) is tuned for several processes at once:

- WAL journal mode: readers never block the writer, nor the writer the readers;
- ``busy_timeout`` of 30 s: a writer waits for the lock instead of failing at once;
- every write transaction starts with ``BEGIN IMMEDIATE``, so it takes the write lock
  up front. A plain (deferred) ``BEGIN`` that reads first and writes later must upgrade
  its lock mid-transaction, and two such transactions deadlock: SQLite then fails one
  with "database is locked" at once, whatever the busy timeout. Reads use plain ``BEGIN``;
- foreign keys on (SQLite leaves them off unless asked, per connection).

PostgreSQL (a team's shared ledger) needs nothing of the kind: each write is one
transaction under READ COMMITTED, and rows only ever get inserted, so writers never
conflict. Both databases still retry a transaction that failed on a lock, a deadlock or
a serialisation failure, a few times with jittered backoff: it is rolled back whole, so
a retry can never write a record twice.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError, StatementError

from airlock.errors import LedgerError

__all__ = [
    "BUSY_TIMEOUT_S",
    "ENV_VAR",
    "WRITE",
    "create_ledger_engine",
    "describe_error",
    "display_url",
    "is_transient",
    "resolve_url",
    "with_retries",
]

ENV_VAR = "AIRLOCK_LEDGER_URL"
DEFAULT_PATH = Path(".airlock") / "ledger.db"
BUSY_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 10
WRITE = {"airlock_write": True}
"""Execution options of a connection whose transaction writes (SQLite: ``BEGIN IMMEDIATE``)."""

_ATTEMPTS = 6
_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg", "sqlite": "sqlite"}

T = TypeVar("T")


def resolve_url(root: Path, url: str | None) -> URL:
    """Explicit ``url`` > ``AIRLOCK_LEDGER_URL`` > SQLite at ``root/.airlock/ledger.db``.

    ``postgresql://`` and ``postgres://`` mean the psycopg 3 driver. A relative SQLite
    path is taken from ``root`` (not from wherever the command happens to run).
    """
    text = url or os.environ.get(ENV_VAR) or None
    if text is None:
        folder = root / DEFAULT_PATH.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LedgerError(
                f"cannot create the ledger folder {folder}: {exc.strerror or exc}",
                hint=f"check the permissions, or set {ENV_VAR} to a ledger elsewhere",
            ) from None
        return URL.create("sqlite", database=str(root / DEFAULT_PATH))
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise LedgerError(
            f"not a database URL: {_mask_unparsed(text)!r}",
            hint="use sqlite:///path/to/ledger.db or postgresql://user@host/dbname",
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql", "postgres"):
        raise LedgerError(
            f"unsupported ledger database {backend!r} in {display_url(parsed)}",
            hint="the ledger runs on SQLite (sqlite:///path) or PostgreSQL (postgresql://user@host/dbname)",
        )
    if parsed.drivername in _DRIVERS:
        parsed = parsed.set(drivername=_DRIVERS[parsed.drivername])
    elif parsed.get_driver_name() not in ("pysqlite", "psycopg"):
        raise LedgerError(
            f"unsupported database driver {parsed.get_driver_name()!r} in {display_url(parsed)}",
            hint="write sqlite:///path/to/ledger.db, or postgresql://user@host/dbname (psycopg 3)",
        )
    elif backend == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "")
        if not path.is_absolute():
            parsed = parsed.set(database=str(root / path))
    return parsed


def display_url(url: URL) -> str:
    """The URL with its password masked, for messages and ``airlock status``."""
    return url.render_as_string(hide_password=True)


def _mask_unparsed(text: str) -> str:
    head, sep, tail = text.rpartition("@")
    if not sep or "://" not in head:
        return text
    scheme, _, userinfo = head.partition("://")
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}{':***' if ':' in userinfo else ''}@{tail}"


def create_ledger_engine(url: URL) -> Engine:
    """An engine set up for the ledger's database (see the module docstring)."""
    serializer = partial(json.dumps, allow_nan=False, ensure_ascii=False)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, json_serializer=serializer)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        json_serializer=serializer,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "airlock"},
    )


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # SQLAlchemy, not the sqlite3 module, emits BEGIN (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get("airlock_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_transient(exc: BaseException) -> bool:
    """A lock timeout, deadlock or serialisation failure: the whole transaction may be retried."""
    if not isinstance(exc, DBAPIError) or exc.connection_invalidated:
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in ("40001", "40P01", "55P03"):
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database table is locked" in message or "database is busy" in message


def with_retries(work: Callable[[], T], *, attempts: int = _ATTEMPTS) -> T:
    """Run ``work`` (one whole transaction) again when it failed on a transient lock."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            time.sleep(min(2.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.5))  # noqa: S311 (jitter, not crypto)
    raise AssertionError("unreachable")


def describe_error(exc: BaseException, url: URL) -> str:
    """One line for the user, from a database error, with no password in it."""
    if isinstance(exc, StatementError) and exc.orig is not None:  # DBAPIError is a StatementError
        text = str(exc.orig)
    elif isinstance(exc, SQLAlchemyError):
        text = str(exc).split("\n(Background", 1)[0]
    else:
        text = str(exc)
    text = " ".join(text.split()) or type(exc).__name__
    password = url.password
    if password:
        text = text.replace(str(password), "***")
    return text
