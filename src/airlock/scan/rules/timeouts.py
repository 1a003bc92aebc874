"""The ``call-without-timeout`` rule: calls to other services that can wait forever."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cached_property
from typing import ClassVar, Final

from airlock.model import Confidence
from airlock.scan.context import FileContext, dotted_name
from airlock.scan.rules._resolve import (
    CLIENT_METHODS,
    Resolver,
    has_star_kwargs,
    keyword,
    may_be,
    own_nodes,
    short_name,
)
from airlock.scan.rules._timeout_specs import SPECS
from airlock.scan.rules.base import Hit, Rule, RuleMeta

__all__ = ["CallWithoutTimeout"]

_MODULES: Final = frozenset(
    {"requests", "httpx", "aiohttp", "urllib", "socket", "smtplib", "psycopg2", "psycopg"}
    | {"pymysql", "MySQLdb", "mysql", "redis", "asyncpg"}
)
# A peer on this host, or a URL that never touches the network.
_LOCAL: Final = re.compile(r"(^|//|@)(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)(:|/|$)|^(data|file):")
_REQUESTS_VERBS: Final = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
_HTTPX_CALLS: Final = _REQUESTS_VERBS | {"stream", "send"}
_AIOHTTP_FIX = "Pass `timeout=aiohttp.ClientTimeout(total=30, sock_connect=5)` to the session."


# Final names of every call the rule judges: a cheap filter before resolving names.
_FINAL_NAMES: Final = (
    frozenset(name.rpartition(".")[2] for name in SPECS)
    | _HTTPX_CALLS
    | {"Client", "AsyncClient", "ClientSession", "ws_connect"}
)


class CallWithoutTimeout(Rule):
    """An HTTP, socket, mail or database call that can wait forever.

    ## What it does
    Flags calls to external services that set no timeout: `requests` functions and
    `Session` methods without `timeout=` (or with `timeout=None`), `httpx` calls and
    clients that switch its default off with `timeout=None`, `urllib.request.urlopen`,
    `socket.create_connection` and `smtplib.SMTP` without a timeout, an
    `aiohttp.ClientSession` without a `ClientTimeout` (and its requests), and database
    clients without a connect or read timeout (`psycopg2`/`psycopg`, `pymysql`, `redis`,
    `asyncpg`).

    ## Why is this bad?
    Without a timeout, a peer that accepts the connection and then stops answering holds
    the calling thread or task until the process restarts. Under load every worker ends
    up stuck on the slow dependency and the whole service stops answering, although only
    one downstream is sick. `requests` and the socket-based standard library wait forever
    by default, so code that works on a laptop hangs in production. AI assistants write
    the shortest call that works in a demo and almost never pass a timeout.

    ## Example
    ```python
    import requests

    def rates():
        return requests.get("https://rates.example.com/latest").json()
    ```

    ## Use instead
    ```python
    import requests

    def rates():
        return requests.get("https://rates.example.com/latest", timeout=(3.05, 10)).json()
    ```

    ## Known problems
    A call that passes `**kwargs` is not reported: the timeout may be in them. A session
    whose type the file does not make plain (a parameter without annotation) is not
    followed. A file that mounts its own `HTTPAdapter` subclass, subclasses
    `requests.Session`, or wraps calls in `functools.partial(..., timeout=...)` is
    trusted to set a default. A DSN read from the environment may carry
    `connect_timeout`; those hits have medium confidence.

    ## References
    - [requests: timeouts](https://requests.readthedocs.io/en/latest/user/advanced/#timeouts)
    - [httpx: timeouts](https://www.python-httpx.org/advanced/timeouts/)
    - [aiohttp: ClientTimeout](https://docs.aiohttp.org/en/stable/client_quickstart.html#timeouts)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="call-without-timeout",
        category="no-timeout",
        summary="An HTTP, socket, mail or database call that sets no timeout and can wait forever.",
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        if not ctx.imported_modules() & _MODULES:
            return
        facts = _FileFacts(ctx)
        for call in ctx.nodes(ast.Call):
            if not may_be(ctx, call, _FINAL_NAMES) or has_star_kwargs(call):
                continue
            name = ctx.call_name(call)
            if name is None and isinstance(call.func, ast.Attribute) and call.func.attr in CLIENT_METHODS:
                name = facts.resolver.call_name(call)
            if name is None:
                continue
            hit = _judge(facts, call, _normalise(name))
            if hit is not None and not _sets_timeout(call) and _excused(facts, call, name):
                continue
            if hit is not None:
                yield hit


class _FileFacts:
    """File-wide answers, computed on first use."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.resolver = Resolver(ctx)

    @cached_property
    def sets_socket_default(self) -> bool:
        """``socket.setdefaulttimeout(x)`` gives urlopen, smtplib and sockets a timeout."""
        for call in self.ctx.nodes(ast.Call):
            if self.ctx.call_name(call) == "socket.setdefaulttimeout" and call.args:
                return not _is_none(call.args[0])
        return False

    @cached_property
    def session_defaults(self) -> bool:
        """A local ``Session``/``HTTPAdapter`` subclass or ``partial(..., timeout=)`` sets one."""
        ctx = self.ctx
        for cls in ctx.nodes(ast.ClassDef):
            for base in cls.bases:
                if _normalise(ctx.qualname(base) or "") in (
                    "requests.Session",
                    "requests.adapters.HTTPAdapter",
                    "requests.HTTPAdapter",
                ):
                    return True
        for call in ctx.nodes(ast.Call):
            if ctx.call_name(call) == "functools.partial" and keyword(call, "timeout") is not None:
                return True
        return False


def _sets_timeout(call: ast.Call) -> bool:
    return any(kw.arg and "timeout" in kw.arg for kw in call.keywords)


def _excused(facts: _FileFacts, call: ast.Call, name: str) -> bool:
    """A loopback peer, a ``data:``/``file:`` URL, or a function that passes a timeout
    on its other path.

    ``if timeout is not None: connect(addr, timeout) else: connect(addr)`` leaves the
    choice to the caller on purpose.
    """
    first = call.args[0] if call.args else None
    if first is not None:
        targets = [first, *facts.resolver.values_of(first)] if isinstance(first, ast.Name | ast.Attribute) else [first]
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and _LOCAL.search(node.value):
                    return True
    fn = facts.ctx.enclosing_function(call)
    if fn is None:
        return False
    for other in own_nodes(fn.body):
        if (
            isinstance(other, ast.Call)
            and other is not call
            and (_sets_timeout(other) or len(other.args) > len(call.args))
            and facts.ctx.call_name(other) == name
        ):
            return True
    return False


def _normalise(name: str) -> str:
    for alias in ("requests.sessions.Session", "requests.session"):
        if name == alias or name.startswith(alias + "."):
            return "requests.Session" + name[len(alias) :]
    return name


def _judge(facts: _FileFacts, call: ast.Call, name: str) -> Hit | None:
    ctx = facts.ctx
    module, _, attr = name.rpartition(".")
    if (module == "requests" and attr in _REQUESTS_VERBS) or (
        module == "requests.Session" and attr in _REQUESTS_VERBS | {"send"}
    ):
        return _requests(facts, call, name, session=module != "requests")
    if name in ("httpx.Client", "httpx.AsyncClient") or (
        module in ("httpx", "httpx.Client", "httpx.AsyncClient") and attr in _HTTPX_CALLS
    ):
        return _httpx(ctx, call, name)
    if name == "aiohttp.ClientSession":
        return _aiohttp_session(ctx, call)
    if module == "aiohttp.ClientSession" and attr in _HTTPX_CALLS | {"ws_connect"}:
        return _aiohttp_request(facts, call)
    spec = SPECS.get(name)
    if spec is None or (spec.socket_default and facts.sets_socket_default):
        return None
    if any(keyword(call, kw) is not None for kw in spec.keywords):
        kw = next(k for k in (keyword(call, kw) for kw in spec.keywords) if k is not None)
        if _is_none(kw.value):
            shown = short_name(ctx, call, name)
            return Hit(call, f"`{shown}` passes {kw.arg}=None: {spec.harm}", remedy=spec.fix)
        return None
    if spec.position is not None and len(call.args) > spec.position:
        return None
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None
    confidence = None
    if spec.dsn_key is not None:
        verdict = _configured_in_string(ctx, call, spec.dsn_key)
        if verdict is True:
            return None
        if verdict is None:
            confidence = Confidence.MEDIUM
    shown = short_name(ctx, call, name)
    message = f"`{shown}` {spec.missing}: {spec.harm}"
    return Hit(call, message, remedy=spec.fix, confidence=confidence)


def _requests(facts: _FileFacts, call: ast.Call, name: str, *, session: bool) -> Hit | None:
    shown = short_name(facts.ctx, call, name)
    kw = keyword(call, "timeout")
    if kw is not None:
        value = kw.value
        if _is_none(value) or (isinstance(value, ast.Tuple) and any(_is_none(e) for e in value.elts)):
            return Hit(call, f"`{shown}` passes timeout=None: a slow server holds this worker forever")
        return None
    if session and (facts.session_defaults or (name.endswith(".request") and len(call.args) > 8)):
        return None
    return Hit(call, f"`{shown}` has no timeout: a slow server holds this worker forever")


def _httpx(ctx: FileContext, call: ast.Call, name: str) -> Hit | None:
    kw = keyword(call, "timeout")
    if kw is None or not _httpx_unbounded(ctx, kw.value):
        return None
    return Hit(
        call,
        f"`{short_name(ctx, call, name)}` turns off httpx's 5 s default timeout: "
        "a slow server holds this worker forever",
        remedy="Drop `timeout=None` to keep httpx's default, or pass `httpx.Timeout(10.0)`.",
    )


def _httpx_unbounded(ctx: FileContext, value: ast.expr) -> bool:
    """``None``, ``httpx.Timeout(None)``, ``Timeout(None, connect=5)`` or ``read=None``."""
    if _is_none(value):
        return True
    if not (isinstance(value, ast.Call) and ctx.call_name(value) == "httpx.Timeout"):
        return False
    read = keyword(value, "read")
    if read is not None:
        return _is_none(read.value)
    default = value.args[0] if value.args else getattr(keyword(value, "timeout"), "value", None)
    return default is not None and _is_none(default)


def _aiohttp_session(ctx: FileContext, call: ast.Call) -> Hit | None:
    kw = keyword(call, "timeout")
    if kw is None:
        return Hit(
            call,
            "`aiohttp.ClientSession` sets no timeout: a request may wait 5 minutes",
            remedy=_AIOHTTP_FIX,
        )
    value = kw.value
    if (
        isinstance(value, ast.Call)
        and ctx.call_name(value) == "aiohttp.ClientTimeout"
        and not value.args
        and all(_is_none(k.value) for k in value.keywords if k.arg is not None)
    ):
        return Hit(
            call,
            "`aiohttp.ClientTimeout()` sets no limit: requests wait forever",
            remedy=_AIOHTTP_FIX,
        )
    return None


def _aiohttp_request(facts: _FileFacts, call: ast.Call) -> Hit | None:
    """A request on a session this file built without a timeout, with none of its own."""
    if keyword(call, "timeout") is not None or not isinstance(call.func, ast.Attribute):
        return None
    receiver = call.func.value
    built = [receiver] if isinstance(receiver, ast.Call) else facts.resolver.values_of(receiver)
    for value in built:
        inner = value.value if isinstance(value, ast.Await) else value
        if (
            isinstance(inner, ast.Call)
            and facts.ctx.call_name(inner) == "aiohttp.ClientSession"
            and keyword(inner, "timeout") is None
            and not has_star_kwargs(inner)
        ):
            shown = short_name(facts.ctx, call)
            return Hit(call, f"`{shown}` has no timeout, nor has its session: it may wait 5 minutes")
    return None


def _configured_in_string(ctx: FileContext, call: ast.Call, needle: str) -> bool | None:
    """Whether the DSN/URL argument names ``needle``: ``None`` when it is not a literal."""
    dsn: ast.expr | None = call.args[0] if call.args else None
    for kw in call.keywords:
        if kw.arg in ("dsn", "conninfo", "url"):
            dsn = kw.value
    if dsn is None:
        return False
    if isinstance(dsn, ast.Name):
        wanted = dsn.id
        for node in ctx.tree.body:
            if isinstance(node, ast.Assign) and any(dotted_name(t) == wanted for t in node.targets):
                dsn = node.value
    texts = [n.value for n in ast.walk(dsn) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    if any(needle in text for text in texts):
        return True
    if isinstance(dsn, ast.Constant):
        return False
    if isinstance(dsn, ast.JoinedStr) and any(isinstance(v, ast.Constant) for v in dsn.values):
        return False
    return None


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
