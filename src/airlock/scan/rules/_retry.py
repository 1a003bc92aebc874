"""Retry loops and retry decorators, found once for the rules that judge them.

A *retry loop* runs the same work again after a failure: ``for _ in range(n)``,
``for _ in itertools.count()`` or ``while ...`` (or ``for attempt in tenacity.Retrying()``)
whose body either catches an exception and goes round again, or checks a response
status and goes round again (``while resp.status_code == 429:`` included), and that
leaves the loop on success (``break``/``return``, or the loop test turning false).
A loop over items (``for url in urls``) is not a retry loop, nor is a loop whose
variable feeds the call (``get(pages[i])``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from airlock.scan.context import FileContext, FunctionNode, dotted_name
from airlock.scan.rules._resolve import Resolver, final_name, may_be, own_nodes, words

__all__ = [
    "LoopNode",
    "RetryLoop",
    "RetryLoops",
    "always_true",
    "is_retry_name",
    "mentions_status",
    "names_of",
    "retry_library",
    "target_names",
]

LoopNode = ast.For | ast.AsyncFor | ast.While

SLEEP_CALLS: Final = frozenset(
    {"time.sleep", "asyncio.sleep", "trio.sleep", "anyio.sleep", "gevent.sleep", "eventlet.sleep"}
)
# Decorators and loop iterables of retry libraries → library name.
RETRY_LIBRARIES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "tenacity.retry": "tenacity",
        "tenacity.Retrying": "tenacity",
        "tenacity.AsyncRetrying": "tenacity",
        "tenacity.asyncio.AsyncRetrying": "tenacity",
        "backoff.on_exception": "backoff",
        "backoff.on_predicate": "backoff",
        "retrying.retry": "retrying",
        "retry.retry": "retry",
        "stamina.retry": "stamina",
        "stamina.retry_context": "stamina",
    }
)
_LOOP_ITERABLES: Final = frozenset({"count", "Retrying", "AsyncRetrying", "retry_context"})
_WAITS: Final = frozenset({"sleep", "wait"})
_STATUS_ATTRS: Final = frozenset({"status_code", "status", "status_int"})
_STATUS_FLAGS: Final = frozenset({"ok", "is_success", "is_error", "is_server_error", "is_client_error"})
_RETRY_WORDS: Final = frozenset({"retry", "retries", "retrying", "retryable", "retried"})
_RETRY_NAME: Final = re.compile(r"attempt|retr|tries|tried", re.IGNORECASE)


def is_retry_name(name: str) -> bool:
    """A decorator named like a retry helper: ``retry``, ``with_retries``, ``retry_on_error``."""
    return any(w in _RETRY_WORDS for w in words(name.rpartition(".")[2]))


def retry_library(ctx: FileContext, expr: ast.expr) -> str | None:
    """The retry library behind a decorator or ``Retrying(...)`` call.

    ``tenacity``/``backoff``/``retrying``/``retry``/``stamina``; ``local`` for another
    decorator named like a retry (``@with_retries(3)``); ``None`` for anything else.
    """
    target = expr.func if isinstance(expr, ast.Call) else expr
    qualified = ctx.qualname(target)
    if qualified is not None and qualified in RETRY_LIBRARIES:
        return RETRY_LIBRARIES[qualified]
    name = qualified or dotted_name(target)
    return "local" if name and is_retry_name(name) else None


@dataclass(frozen=True, slots=True)
class RetryLoop:
    """A loop that repeats its work after a failure."""

    loop: LoopNode
    nodes: tuple[ast.AST, ...]
    """Nodes of the body that run in the loop's own frame (nested loops and defs excluded)."""
    in_handler: frozenset[int]
    """Ids of the nodes that run only inside an ``except`` clause."""
    covered: frozenset[int]
    """Ids of the nodes inside a ``try`` body whose ``except`` goes round again."""
    variable: str | None
    """The ``for`` target's name, when it is a plain name other than ``_``."""
    counted: bool
    """``for _ in range(n)`` / ``itertools.count()``: a loop that counts attempts."""
    by_status: bool = False
    """The loop goes round again on a failed response status."""
    library: bool = False
    """True for ``for attempt in tenacity.Retrying(...)``."""

    def retries(self, node: ast.AST) -> bool:
        """True when ``node`` is the work a failure makes the loop run again."""
        if id(node) in self.covered:
            return True
        return (self.by_status or self.library) and id(node) not in self.in_handler

    def uses_variable(self, call: ast.Call) -> bool:
        """True when the loop variable feeds the call: an iteration, not a retry."""
        if self.variable is None:
            return False
        parts = [*call.args, *(kw.value for kw in call.keywords)]
        return any(isinstance(n, ast.Name) and n.id == self.variable for part in parts for n in ast.walk(part))


class RetryLoops:
    """Per-file memo of which loops are retry loops, and which calls wait."""

    def __init__(self, ctx: FileContext, resolver: Resolver) -> None:
        self.ctx = ctx
        self.resolver = resolver
        self._memo: dict[int, RetryLoop | None] = {}
        self._sleepers: dict[int, bool] = {}

    # --- which loops retry ---------------------------------------------------------

    def enclosing(self, node: ast.AST) -> RetryLoop | None:
        """The innermost loop around ``node`` in its frame, if that loop is a retry loop."""
        child = node
        for anc in self.ctx.ancestors(node):
            if isinstance(anc, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
                return None
            if isinstance(anc, ast.For | ast.AsyncFor | ast.While):
                if any(child is stmt for stmt in anc.body):
                    return self.analyse(anc)
                return None  # in the header or the else clause
            child = anc
        return None

    def analyse(self, loop: LoopNode) -> RetryLoop | None:
        key = id(loop)
        if key not in self._memo:
            self._memo[key] = self._analyse(loop)
        return self._memo[key]

    def _analyse(self, loop: LoopNode) -> RetryLoop | None:
        header = self._header(loop)
        if header is None:
            return None
        nodes = tuple(own_nodes(loop.body, into_loops=False))
        in_handler: set[int] = set()
        covered: set[int] = set()
        for node in nodes:
            if isinstance(node, ast.ExceptHandler):
                in_handler.update(id(n) for n in own_nodes(node.body, into_loops=False))
            elif isinstance(node, ast.Try | ast.TryStar) and any(_goes_on(h.body) for h in node.handlers):
                covered.update(id(n) for n in own_nodes(node.body, into_loops=False))
        variable = None
        if isinstance(loop, ast.For | ast.AsyncFor) and isinstance(loop.target, ast.Name):
            variable = loop.target.id if loop.target.id != "_" else None
        library = header == "library"
        if not library and not self._leaves_on_success(loop, nodes):
            return None
        by_status = not library and (
            (isinstance(loop, ast.While) and mentions_status(loop.test))  # while status == 429
            or any(isinstance(n, ast.If) and mentions_status(n.test) and self._branch_retries(n) for n in nodes)
        )
        if not (library or covered or by_status):
            return None
        return RetryLoop(
            loop,
            nodes,
            frozenset(in_handler),
            frozenset(covered),
            variable,
            counted=header == "counted",
            by_status=by_status,
            library=library,
        )

    def deliberate(self, found: RetryLoop) -> bool:
        """True when the loop reads as a retry on purpose: it counts, sleeps or says so.

        ``while True`` loops that go round on ``BlockingIOError`` or parse input also
        match the shape of a retry; they neither sleep nor count attempts.
        """
        if found.counted or found.library:
            return True
        loop = found.loop
        names = [dotted_name(n) or "" for n in ast.walk(loop.test)] if isinstance(loop, ast.While) else []
        names += [t for n in found.nodes for t in target_names(n)]
        if any(_RETRY_NAME.search(n) for n in names):
            return True
        return self.sleeps(found)

    def sleeps(self, found: RetryLoop) -> bool:
        """True when some call of the loop waits (a sleep, or a helper that sleeps)."""
        return any(isinstance(n, ast.Call) and self.is_sleep(n) for n in found.nodes)

    def _header(self, loop: LoopNode) -> str | None:
        if isinstance(loop, ast.While):
            return "while"
        if not isinstance(loop.iter, ast.Call):
            return None
        func = loop.iter.func
        if isinstance(func, ast.Name) and func.id == "range":
            return "counted"
        if not may_be(self.ctx, loop.iter, _LOOP_ITERABLES):
            return None  # skip the type lookup for the many ``for x in items()`` loops
        name = self.ctx.call_name(loop.iter)
        if name == "itertools.count":
            return "counted"
        if RETRY_LIBRARIES.get(name or "") in ("tenacity", "stamina"):
            return "library"
        return None

    def _leaves_on_success(self, loop: LoopNode, nodes: tuple[ast.AST, ...]) -> bool:
        if any(isinstance(n, ast.Break | ast.Return) for n in nodes):
            return True
        if isinstance(loop, ast.While) and not always_true(loop.test):
            # ``while not done:`` where the body sets ``done``.
            tested = {dotted_name(n) for n in ast.walk(loop.test) if isinstance(n, ast.Name | ast.Attribute)}
            return any(_assigns(n, tested) for n in nodes)
        return False

    def _branch_retries(self, node: ast.If) -> bool:
        for branch in (node.body, node.orelse):
            if not branch or isinstance(branch[-1], ast.Return | ast.Raise | ast.Break):
                continue
            for inner in own_nodes(branch, into_loops=False):
                if isinstance(inner, ast.Continue) or (isinstance(inner, ast.Call) and self.is_sleep(inner)):
                    return True
        return False

    # --- sleeps -----------------------------------------------------------------------

    def is_sleep(self, call: ast.Call) -> bool:
        return self.sleep_delay(call) is not False

    def sleep_delay(self, call: ast.Call) -> ast.expr | bool | None:
        """The delay expression of a sleep, ``None`` for an opaque sleep, ``False`` if no sleep."""
        name = self.ctx.call_name(call) if may_be(self.ctx, call, _WAITS) else None
        if name in SLEEP_CALLS:
            if call.args:
                return call.args[0]
            for kw in call.keywords:
                if kw.arg in ("seconds", "secs", "delay"):
                    return kw.value
            return ast.Constant(0)
        last = final_name(call) or ""
        if last == "wait" and name not in ("asyncio.wait", "concurrent.futures.wait"):
            if len(call.args) == 1 and not call.keywords:
                return call.args[0]
            return False
        if any(w in ("sleep", "backoff") for w in words(last)):
            return None
        callee = self.resolver.local_callee(call)
        if callee is not None and self._sleeps_inside(callee):
            return None
        return False

    def _sleeps_inside(self, fn: FunctionNode) -> bool:
        key = id(fn)
        if key not in self._sleepers:
            self._sleepers[key] = False  # guards recursion
            self._sleepers[key] = any(
                isinstance(n, ast.Call) and may_be(self.ctx, n, _WAITS) and self.ctx.call_name(n) in SLEEP_CALLS
                for n in own_nodes(fn.body)
            )
        return self._sleepers[key]


def always_true(test: ast.expr) -> bool:
    return isinstance(test, ast.Constant) and bool(test.value)


def _goes_on(body: list[ast.stmt]) -> bool:
    """True when an ``except`` body can fall through to the next attempt."""
    return not isinstance(body[-1], ast.Raise | ast.Return | ast.Break)


def mentions_status(test: ast.expr) -> bool:
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and node.attr in _STATUS_ATTRS | _STATUS_FLAGS:
            return True
        if isinstance(node, ast.Name) and node.id in ("status", "status_code"):
            return True
    return False


def names_of(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Tuple | ast.List):
        return [n for elt in target.elts for n in names_of(elt)]
    dotted = dotted_name(target)
    return [dotted] if dotted else []


def target_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        return [n for t in node.targets for n in names_of(t)]
    if isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
        return names_of(node.target)
    return []


def _assigns(node: ast.AST, names: set[str | None]) -> bool:
    return any(n in names for n in target_names(node))
