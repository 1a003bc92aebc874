"""What counts as a call to something outside the process: HTTP, sockets, mail, databases.

One table shared by every rule that needs it (timeouts, fallbacks, retries, transactions),
so that teaching airlock a new client is one line here.
"""

from __future__ import annotations

import ast
from typing import Final

from airlock.scan.context import FileContext

__all__ = ["HTTP_VERBS", "external_kind", "is_external_call"]

HTTP_VERBS: Final = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send"})

# Qualified call names (after alias resolution) → kind of dependency.
_EXACT: Final[dict[str, str]] = {
    "urllib.request.urlopen": "http",
    "urllib3.request": "http",
    "http.client.HTTPConnection": "http",
    "http.client.HTTPSConnection": "http",
    "socket.create_connection": "socket",
    "smtplib.SMTP": "smtp",
    "smtplib.SMTP_SSL": "smtp",
    "psycopg2.connect": "db",
    "psycopg.connect": "db",
    "psycopg.AsyncConnection.connect": "db",
    "asyncpg.connect": "db",
    "pymysql.connect": "db",
    "MySQLdb.connect": "db",
    "mysql.connector.connect": "db",
    "pymongo.MongoClient": "db",
    "redis.Redis": "db",
    "redis.StrictRedis": "db",
    "redis.from_url": "db",
}

# Modules whose verb functions and client-class methods are HTTP calls.
_HTTP_MODULE_VERBS: Final = ("requests", "httpx")
_HTTP_CLIENT_CLASSES: Final = (
    "requests.Session",
    "requests.sessions.Session",
    "httpx.Client",
    "httpx.AsyncClient",
    "aiohttp.ClientSession",
    "urllib3.PoolManager",
)
# Other SDKs whose every call leaves the process (payment, mail, messaging providers).
_SDK_PREFIXES: Final = ("stripe.", "sendgrid.", "twilio.", "boto3.", "botocore.", "smtplib.SMTP.")


def external_kind(name: str | None) -> str | None:
    """``http``/``socket``/``smtp``/``db``/``sdk`` for a qualified call name, else ``None``."""
    if not name:
        return None
    if name in _EXACT:
        return _EXACT[name]
    module, _, attr = name.rpartition(".")
    if module in _HTTP_MODULE_VERBS and attr in HTTP_VERBS:
        return "http"
    if module in _HTTP_CLIENT_CLASSES and attr in HTTP_VERBS | {"ws_connect"}:
        return "http"
    if module in ("urllib3.PoolManager", "urllib3.HTTPConnectionPool") and attr in ("request", "urlopen"):
        return "http"
    if name.startswith(_SDK_PREFIXES):
        return "sdk"
    return None


def is_external_call(ctx: FileContext, node: ast.AST) -> bool:
    """True for a call that talks to another process or host (resolved through aliases)."""
    return isinstance(node, ast.Call) and external_kind(ctx.call_name(node)) is not None
