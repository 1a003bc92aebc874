"""Client types that ``FileContext`` cannot see alone, and helpers the dependency rules share.

``FileContext.value_type`` follows ``s = requests.Session()`` and local factories that
``return requests.Session()``. ``Resolver`` adds the factories that build the client in a
variable first (``s = requests.Session(); s.headers.update(...); return s``), attributes
set from methods (``self.http = self._make_session()``) and ``@property`` getters.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cached_property
from typing import Final

from airlock.scan.context import FileContext, FunctionNode, dotted_name
from airlock.scan.rules._external import HTTP_VERBS, external_kind

__all__ = [
    "CLIENT_METHODS",
    "Resolver",
    "final_name",
    "has_star_kwargs",
    "keyword",
    "may_be",
    "own_nodes",
    "short_name",
    "words",
]

CLIENT_METHODS: Final = HTTP_VERBS | {"ws_connect"}
"""Method names worth resolving a receiver's type for: the calls a client makes."""

# Calls the external table matches by prefix that do no I/O themselves.
_NO_IO: Final = frozenset(
    {"boto3.client", "boto3.resource", "boto3.Session.client", "boto3.Session.resource"}
    | {"boto3.session.Session.client", "boto3.session.Session.resource"}
)
_LOCAL_SDK_METHODS: Final = frozenset(
    {"generate_presigned_url", "generate_presigned_post", "get_paginator", "get_waiter"}
    | {"can_paginate", "construct_event", "verify_header"}
)
_MAX_DEPTH = 4
_WORD: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_SCOPE_BARRIERS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    """The ``name=`` keyword of a call, if it is passed explicitly."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def has_star_kwargs(call: ast.Call) -> bool:
    """True when ``**kwargs`` is passed: any keyword may hide in it."""
    return any(kw.arg is None for kw in call.keywords)


def short_name(ctx: FileContext, call: ast.Call, resolved: str | None = None) -> str:
    """How a message names a call: as written when short, else the resolved name."""
    written = dotted_name(call.func)
    if written and len(written) <= 40:
        return written
    if resolved:
        return resolved
    return ast.unparse(call.func)[:40]


def words(name: str) -> list[str]:
    """``send_email`` / ``sendEmail`` / ``SEND_EMAIL`` → ``["send", "email"]``."""
    return [w.lower() for w in _WORD.findall(name)]


def final_name(call: ast.Call) -> str | None:
    """``charge`` for ``payments.charge(...)`` and ``charge(...)``."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def may_be(ctx: FileContext, call: ast.Call, finals: frozenset[str]) -> bool:
    """True when the call's final name, or the import it aliases, ends in one of ``finals``."""
    last = final_name(call)
    if last is None:
        return False
    if last in finals:
        return True
    imported = ctx.imports.get(last) if isinstance(call.func, ast.Name) else None
    return imported is not None and imported.rpartition(".")[2] in finals


def own_nodes(body: list[ast.stmt], *, into_loops: bool = True) -> Iterator[ast.AST]:
    """Every node under ``body`` that runs in the same frame: nested defs are skipped.

    With ``into_loops=False`` a nested loop is yielded but not entered.
    """
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPE_BARRIERS):
            continue
        if not into_loops and isinstance(node, ast.For | ast.AsyncFor | ast.While):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


class Resolver:
    """Per-file type answers that follow local factories one step further than the context."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    @cached_property
    def _bindings(self) -> dict[tuple[int, str], list[ast.expr]]:
        """(scope id, ``x`` or ``self.x``) → every value bound to it in that scope."""
        ctx = self.ctx
        found: dict[tuple[int, str], list[ast.expr]] = {}
        for node in ctx.nodes(ast.Assign, ast.AnnAssign, ast.With, ast.AsyncWith):
            pairs: list[tuple[ast.expr, ast.expr]] = []
            if isinstance(node, ast.Assign):
                pairs = [(t, node.value) for t in node.targets]
            elif isinstance(node, ast.AnnAssign):
                if node.value is not None:
                    pairs = [(node.target, node.value)]
            else:
                pairs = [(i.optional_vars, i.context_expr) for i in node.items if i.optional_vars]
            for target, value in pairs:
                dotted = dotted_name(target)
                if dotted is None:
                    continue
                if dotted.startswith("self."):
                    cls = ctx.enclosing_class(node)
                    key = (id(cls) if cls else 0, dotted)
                else:
                    scope = ctx.enclosing_function(node)
                    key = (id(scope) if scope else 0, dotted)
                found.setdefault(key, []).append(value)
        return found

    def values_of(self, expr: ast.AST) -> list[ast.expr]:
        """The values bound to a name or ``self.attr`` in the scope that sees ``expr``."""
        dotted = dotted_name(expr)
        if dotted is None:
            return []
        ctx = self.ctx
        if dotted.startswith("self."):
            cls = ctx.enclosing_class(expr)
            return self._bindings.get((id(cls) if cls else 0, dotted), [])
        scope = ctx.enclosing_function(expr)
        while True:
            values = self._bindings.get((id(scope) if scope else 0, dotted))
            if values or scope is None:
                return values or []
            scope = ctx.enclosing_function(scope)

    def local_callee(self, call: ast.Call) -> FunctionNode | None:
        """The local function a call runs: ``f()``, ``self.m()``, ``Cls.m()``, ``obj.m()``."""
        ctx = self.ctx
        func = call.func
        if isinstance(func, ast.Name):
            return ctx.functions.get(func.id)
        if not isinstance(func, ast.Attribute):
            return None
        base = func.value
        if isinstance(base, ast.Name):
            if base.id in ("self", "cls"):
                cls = ctx.enclosing_class(call)
                return ctx.functions.get(f"{cls.name}.{func.attr}") if cls else None
            found = ctx.functions.get(f"{base.id}.{func.attr}")
            if found is not None:
                return found
        for value in self.values_of(base):
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                found = ctx.functions.get(f"{value.func.id}.{func.attr}")
                if found is not None:
                    return found
        return None

    def returns(self, fn: FunctionNode, depth: int = 0) -> str | None:
        """What a local function returns, following ``return s`` to how ``s`` was built."""
        found = self.ctx.returns(fn)
        if found or depth >= _MAX_DEPTH:
            return found
        for node in own_nodes(fn.body):
            if isinstance(node, ast.Return) and node.value is not None:
                kind = self.type_of(node.value, depth + 1)
                if kind:
                    return kind
        return None

    def type_of(self, expr: ast.AST, depth: int = 0) -> str | None:
        """Qualified class of an expression, or ``None`` when the file does not make it plain."""
        found = self.ctx.value_type(expr)
        if found or depth >= _MAX_DEPTH:
            return found
        if isinstance(expr, ast.Await):
            expr = expr.value
        if isinstance(expr, ast.Call):
            callee = self.local_callee(expr)
            return self.returns(callee, depth + 1) if callee is not None else None
        for value in self.values_of(expr):
            kind = self.type_of(value, depth + 1)
            if kind:
                return kind
        if isinstance(expr, ast.Attribute) and dotted_name(expr) == f"self.{expr.attr}":
            cls = self.ctx.enclosing_class(expr)
            getter = self.ctx.functions.get(f"{cls.name}.{expr.attr}") if cls else None
            if getter is not None and _is_property(getter):
                return self.returns(getter, depth + 1)
        return None

    def call_name(self, call: ast.Call) -> str | None:
        """Qualified name of what a call runs, through aliases and locally built clients."""
        name = self.ctx.call_name(call)
        if name is None and isinstance(call.func, ast.Attribute):
            base = self.type_of(call.func.value)
            if base:
                name = f"{base}.{call.func.attr}"
        return name

    def external_name(self, call: ast.Call) -> str | None:
        """The qualified name of a call that leaves the process (see ``_external``), else ``None``.

        Receiver types are only looked for on client methods (``get``, ``post``, ...): the
        cheap path for the many calls that are not requests.
        """
        name = self.ctx.call_name(call)
        if name is None and isinstance(call.func, ast.Attribute) and call.func.attr in CLIENT_METHODS:
            name = self.call_name(call)
        kind = external_kind(name)
        if name is None or kind is None or name in _NO_IO:
            return None
        last = name.rpartition(".")[2]
        if last in _LOCAL_SDK_METHODS or (kind in ("http", "sdk") and last[:1].isupper()):
            return None  # building a client or a request, signing a URL: no I/O yet
        return name


def _is_property(fn: FunctionNode) -> bool:
    return any(
        dotted_name(d) in ("property", "functools.cached_property", "cached_property") for d in fn.decorator_list
    )
