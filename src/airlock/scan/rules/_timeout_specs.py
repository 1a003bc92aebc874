"""The calls ``call-without-timeout`` knows, and how each one takes a timeout.

Teaching the rule a new client whose timeout is a plain argument is one entry here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = ["SPECS", "Spec"]


@dataclass(frozen=True, slots=True)
class Spec:
    """A call that takes a timeout: the keywords that set one, and where it sits positionally."""

    keywords: tuple[str, ...]
    position: int | None
    harm: str
    missing: str = "has no timeout"
    socket_default: bool = False
    """True when the call falls back to ``socket.setdefaulttimeout``."""
    dsn_key: str | None = None
    """For clients configured by a DSN or URL: the parameter that sets it there."""
    fix: str | None = None
    """The remedy for this call, when the category's general one is not precise enough."""


_SOCKET = "a silent peer blocks this thread forever"
_MAIL = "a stalled mail server blocks this worker forever"
_QUERY = "a stalled query blocks this worker forever"
_REDIS = "a stalled Redis blocks every command forever"


def _specs() -> Mapping[str, Spec]:
    """Qualified call name → how it takes a timeout."""
    seconds = "Pass `timeout=10` (seconds), or call `socket.setdefaulttimeout()` at startup."
    query = "Pass `connect_timeout=5` and `read_timeout=30` (seconds)."
    specs = {
        "urllib.request.urlopen": Spec(("timeout",), 2, _SOCKET, socket_default=True, fix=seconds),
        "socket.create_connection": Spec(("timeout",), 1, _SOCKET, socket_default=True, fix=seconds),
        "smtplib.SMTP": Spec(("timeout",), 3, _MAIL, socket_default=True, fix=seconds),
        "smtplib.SMTP_SSL": Spec(("timeout",), 5, _MAIL, socket_default=True, fix=seconds),
        "aiohttp.request": Spec(
            ("timeout",),
            None,
            "it may wait 5 minutes (the default)",
            fix="Pass `timeout=aiohttp.ClientTimeout(total=30, sock_connect=5)`.",
        ),
        "mysql.connector.connect": Spec(
            ("connection_timeout", "connect_timeout"),
            None,
            _QUERY,
            "has no connection_timeout",
            fix="Pass `connection_timeout=5` (seconds).",
        ),
    }
    for name in ("asyncpg.connect", "asyncpg.create_pool"):
        specs[name] = Spec(
            ("timeout", "command_timeout"),
            None,
            _QUERY,
            "sets no command_timeout",
            fix="Pass `command_timeout=30` (seconds) to bound every query.",
        )
    for name in ("pymysql.connect", "pymysql.Connect", "MySQLdb.connect"):
        specs[name] = Spec(("connect_timeout", "read_timeout"), None, _QUERY, "sets no read_timeout", fix=query)
    for module in ("psycopg2", "psycopg", "psycopg.Connection", "psycopg.AsyncConnection"):
        specs[f"{module}.connect"] = Spec(
            ("connect_timeout",),
            None,
            "an unreachable database blocks this worker for minutes",
            "has no connect_timeout",
            dsn_key="connect_timeout",
            fix="Pass `connect_timeout=5` (or put it in the DSN) and set a `statement_timeout`.",
        )
    redis_fix = "Pass `socket_timeout=5` and `socket_connect_timeout=2` (seconds)."
    for module in ("redis", "redis.asyncio"):
        for cls in ("Redis", "StrictRedis"):
            specs[f"{module}.{cls}"] = Spec(
                ("socket_timeout", "socket_connect_timeout", "connection_pool"),
                None,
                _REDIS,
                "has no socket_timeout",
                fix=redis_fix,
            )
        for factory in ("from_url", "Redis.from_url"):
            specs[f"{module}.{factory}"] = Spec(
                ("socket_timeout", "socket_connect_timeout"),
                None,
                _REDIS,
                "has no socket_timeout",
                dsn_key="timeout",
                fix=redis_fix,
            )
    return MappingProxyType(specs)


SPECS: Final = _specs()
