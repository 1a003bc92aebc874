"""The ``external-call-without-fallback`` rule: a route that fails whenever a dependency does."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar, Final

from airlock.model import Confidence
from airlock.scan.context import FileContext, FunctionNode, dotted_name
from airlock.scan.rules._external import external_kind
from airlock.scan.rules._resolve import Resolver, may_be, own_nodes, short_name
from airlock.scan.rules.base import Hit, Rule, RuleMeta

__all__ = ["ExternalCallWithoutFallback"]

_FRAMEWORKS: Final = frozenset({"fastapi", "flask", "starlette", "quart", "sanic", "aiohttp"})
_ROUTE_DECORATORS: Final = frozenset(
    {"get", "post", "put", "delete", "patch", "head", "options", "trace"} | {"route", "api_route", "websocket"}
)
_ROUTE_REGISTRARS: Final = frozenset({"add_url_rule", "add_api_route", "add_route"})
_ROUTE_CLASSES: Final = frozenset({"Route", "APIRoute"})
_ROUTE_QUALNAMES: Final = frozenset({"starlette.routing.Route", "fastapi.routing.APIRoute"})
_ERROR_REGISTRARS: Final = frozenset(
    {"exception_handler", "errorhandler", "add_exception_handler", "register_error_handler"}
)
_KINDS: Final = frozenset({"http", "socket", "smtp", "sdk"})
_BROAD: Final = frozenset(
    {"Exception", "BaseException", "OSError", "IOError", "EnvironmentError", "TimeoutError"}
    | {"ConnectionError", "ConnectionRefusedError", "ConnectionResetError", "BrokenPipeError"}
    | {"socket.error", "socket.timeout", "socket.gaierror", "asyncio.TimeoutError"}
)
# Exception modules that cover a client's failures, beside the client's own package.
_RELATED: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "requests": frozenset({"urllib3"}),
        "httpx": frozenset({"httpcore"}),
        "aiohttp": frozenset({"asyncio"}),
        "urllib": frozenset({"http", "socket", "ssl"}),
        "urllib3": frozenset({"socket", "ssl"}),
        "smtplib": frozenset({"socket", "ssl"}),
        "socket": frozenset({"ssl"}),
        "boto3": frozenset({"botocore"}),
        "sendgrid": frozenset({"python_http_client"}),
    }
)
_GUARDS: Final = ("circuit", "breaker", "fallback")


@dataclass(frozen=True, slots=True)
class _Site:
    """Where a route handler calls a helper of the same file."""

    call: ast.Call
    handler: FunctionNode


class ExternalCallWithoutFallback(Rule):
    """An external call in a route handler with no error handling around it.

    ## What it does
    Flags calls to other services (HTTP clients, sockets, SMTP, payment, mail and cloud
    SDKs) made by a FastAPI, Starlette, Flask or Quart route handler, or by a function
    of the same file that a handler calls, when no `try`/`except` on the way catches the
    client's errors (its own exception classes, `OSError`, `Exception` or a bare
    `except`), no error handler or middleware of the app does, and no circuit breaker
    guards it. Each call site is reported once, and once per client object.

    ## Why is this bad?
    Every dependency fails sometimes. Without handling, its outage becomes your outage:
    each request fails with a 500 and a stack trace instead of a cached answer, a
    degraded page or a clear 503 with `Retry-After`, and the error gives the caller
    nothing to act on. AI assistants write the happy path only: the demo never sees the
    weather API time out.

    ## Example
    ```python
    @app.get("/weather/{city}")
    def weather(city: str):
        return requests.get(f"https://api.example.com/{city}", timeout=5).json()
    ```

    ## Use instead
    ```python
    @app.get("/weather/{city}")
    def weather(city: str):
        try:
            return requests.get(f"https://api.example.com/{city}", timeout=5).json()
        except requests.RequestException:
            raise HTTPException(503, "weather service unavailable", headers={"Retry-After": "30"})
    ```

    ## Known problems
    Only handlers and their direct helpers in the same file are followed. The primary
    database is not treated as a dependency that needs a fallback (a 500 is the usual
    answer when it is down). Error handlers and middleware registered in another file
    are not seen, so an app that handles client errors centrally gets false positives;
    one registered in the same file (`exception_handler`, `errorhandler`,
    `@app.middleware`) is recognised.

    ## References
    - [FastAPI: handling errors](https://fastapi.tiangolo.com/tutorial/handling-errors/)
    - [Flask: handling application errors](https://flask.palletsprojects.com/en/stable/errorhandling/)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="external-call-without-fallback",
        category="no-fallback",
        summary="A route's external call with no error handling, fallback or circuit breaker.",
        confidence=Confidence.MEDIUM,
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        if not ctx.imported_modules() & _FRAMEWORKS:
            return
        handlers = _handlers(ctx)
        if not handlers:
            return
        resolver = Resolver(ctx)
        app_wide = _app_wide_handlers(ctx)
        sites: dict[int, list[_Site]] = {}
        helpers: dict[int, FunctionNode] = {}
        reported: set[int] = set()
        for handler in handlers:
            if _guarded(handler):
                continue
            for call, _ in _open_calls(ctx, resolver, handler, app_wide):
                reported.add(id(call))
                yield _hit(ctx, resolver, call, f"route `{handler.name}`")
            for call in _calls(handler):
                callee = resolver.local_callee(call)
                if callee is not None and callee is not handler and not _guarded(callee):
                    sites.setdefault(id(callee), []).append(_Site(call, handler))
                    helpers[id(callee)] = callee
        for key, helper in helpers.items():
            for call, top in _open_calls(ctx, resolver, helper, app_wide):
                if id(call) in reported:
                    continue
                open_sites = [s for s in sites[key] if not _protected(ctx, s.call, s.handler, top, app_wide)]
                if open_sites:
                    reported.add(id(call))
                    where = f"`{helper.name}` (called by route `{open_sites[0].handler.name}`)"
                    yield _hit(ctx, resolver, call, where)


def _open_calls(
    ctx: FileContext, resolver: Resolver, fn: FunctionNode, app_wide: list[ast.expr]
) -> Iterator[tuple[ast.Call, str]]:
    """Unprotected external calls of ``fn`` with their client package, one per client object.

    ``with smtplib.SMTP(...) as smtp: smtp.login(); smtp.send_message()`` is one
    dependency used three times: only its first unprotected call is yielded.
    """
    seen: set[str] = set()
    for call in _calls(fn):
        top = _external_top(ctx, resolver, call)
        if top is None or _protected(ctx, call, fn, top, app_wide):
            continue
        receiver = dotted_name(call.func.value) if isinstance(call.func, ast.Attribute) else None
        if receiver is not None and receiver.split(".")[0] not in ctx.imports:
            if receiver in seen:
                continue
            seen.add(receiver)
        bound = _bound_to(ctx, call)
        if bound is not None:
            seen.add(bound)
        yield call, top


def _bound_to(ctx: FileContext, call: ast.Call) -> str | None:
    """The name a call's result is bound to: ``x = call()``, ``with call() as x``."""
    parent = ctx.parent(call)
    if isinstance(parent, ast.Await):
        parent = ctx.parent(parent)
    if isinstance(parent, ast.withitem) and parent.optional_vars is not None:
        return dotted_name(parent.optional_vars)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        return dotted_name(parent.targets[0])
    return None


def _hit(ctx: FileContext, resolver: Resolver, call: ast.Call, where: str) -> Hit:
    shown = short_name(ctx, call, resolver.call_name(call))
    harm = "when the dependency is down, this route answers 500"
    return Hit(call, f"`{shown}` in {where} has no error handling: {harm}")


def _calls(fn: FunctionNode) -> Iterator[ast.Call]:
    for node in own_nodes(fn.body):
        if isinstance(node, ast.Call):
            yield node


def _handlers(ctx: FileContext) -> list[FunctionNode]:
    """Functions registered as routes: by decorator, or by ``add_url_rule``-style calls."""
    found: dict[int, FunctionNode] = {}
    for fn in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        for deco in fn.decorator_list:
            if (
                isinstance(deco, ast.Call)
                and isinstance(deco.func, ast.Attribute)
                and deco.func.attr in _ROUTE_DECORATORS
                and _has_path(deco)
            ):
                found[id(fn)] = fn
    for call in ctx.nodes(ast.Call):
        func = call.func
        registrar = isinstance(func, ast.Attribute) and func.attr in _ROUTE_REGISTRARS
        if not registrar and not (may_be(ctx, call, _ROUTE_CLASSES) and ctx.call_name(call) in _ROUTE_QUALNAMES):
            continue
        for value in [
            *call.args[1:],
            *(kw.value for kw in call.keywords if kw.arg in ("view_func", "endpoint")),
        ]:
            if isinstance(value, ast.Name) and value.id in ctx.functions:
                fn = ctx.functions[value.id]
                found[id(fn)] = fn
    return list(found.values())


def _has_path(deco: ast.Call) -> bool:
    path = deco.args[0] if deco.args else next((k.value for k in deco.keywords if k.arg in ("path", "rule")), None)
    return isinstance(path, ast.JoinedStr) or (isinstance(path, ast.Constant) and isinstance(path.value, str))


def _guarded(fn: FunctionNode) -> bool:
    """A circuit breaker or fallback decorator handles the failure."""
    for deco in fn.decorator_list:
        name = (dotted_name(deco.func if isinstance(deco, ast.Call) else deco) or "").lower()
        if any(word in name for word in _GUARDS):
            return True
    return False


def _external_top(ctx: FileContext, resolver: Resolver, call: ast.Call) -> str | None:
    """The client package of an external call worth a fallback, else ``None``."""
    name = resolver.external_name(call)
    if name is None or external_kind(name) not in _KINDS:
        return None
    return name.split(".")[0]


def _app_wide_handlers(ctx: FileContext) -> list[ast.expr]:
    """Exception types that an error handler or middleware of this file turns into responses."""
    types: list[ast.expr] = []
    for fn in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        if any(_is_middleware(d) for d in fn.decorator_list):  # ``@app.middleware("http")``
            for node in own_nodes(fn.body):
                if isinstance(node, ast.ExceptHandler):
                    types.append(node.type if node.type is not None else ast.Name("BaseException"))
    for call in ctx.nodes(ast.Call):
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in _ERROR_REGISTRARS and call.args:
            types.append(call.args[0])
        for kw in call.keywords:
            if kw.arg == "exception_handlers" and isinstance(kw.value, ast.Dict):
                types.extend(k for k in kw.value.keys if k is not None)
    return types


def _is_middleware(deco: ast.expr) -> bool:
    return isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute) and deco.func.attr == "middleware"


def _protected(ctx: FileContext, node: ast.AST, fn: FunctionNode, top: str, app_wide: list[ast.expr]) -> bool:
    """True when a ``try`` between ``node`` and ``fn``, or an app-wide handler, catches it."""
    if any(_catches(ctx, t, top) for t in app_wide):
        return True
    child = node
    for anc in ctx.ancestors(node):
        if anc is fn:
            return False
        if any(child is stmt for stmt in _guarded_body(ctx, anc, top)):
            return True
        child = anc
    return False


def _guarded_body(ctx: FileContext, node: ast.AST, top: str) -> list[ast.stmt]:
    """The statements ``node`` shields from the ``top`` client's errors (often none)."""
    if isinstance(node, ast.Try | ast.TryStar):
        caught = any(h.type is None or _catches(ctx, h.type, top) for h in node.handlers)
        return node.body if caught else []
    if isinstance(node, ast.With | ast.AsyncWith):
        caught = any(_suppresses(ctx, item.context_expr, top) for item in node.items)
        return node.body if caught else []
    return []


def _suppresses(ctx: FileContext, guard: ast.expr, top: str) -> bool:
    """``with contextlib.suppress(requests.RequestException):``"""
    return (
        isinstance(guard, ast.Call)
        and ctx.call_name(guard) == "contextlib.suppress"
        and any(_catches(ctx, t, top) for t in guard.args)
    )


def _catches(ctx: FileContext, kind: ast.expr, top: str) -> bool:
    """True when an ``except`` clause for ``kind`` catches failures of the ``top`` client."""
    if isinstance(kind, ast.Tuple):
        return any(_catches(ctx, elt, top) for elt in kind.elts)
    name = ctx.qualname(kind) or dotted_name(kind)
    if name is None:
        return False
    if name in _BROAD:
        return True
    module = name.split(".")[0]
    return module == top or module in _RELATED.get(top, frozenset())
