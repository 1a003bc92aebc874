"""How a retry loop waits: growth, jitter, a bound, and whether it reads ``Retry-After``."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Final

from airlock.scan.context import FileContext, FunctionNode, dotted_name
from airlock.scan.rules._resolve import own_nodes
from airlock.scan.rules._retry import (
    LoopNode,
    RetryLoop,
    RetryLoops,
    always_true,
    mentions_status,
    names_of,
    target_names,
)

__all__ = ["Delay", "Delays"]

_CLOCKS: Final = frozenset({"time.time", "time.monotonic", "time.perf_counter"})
_NEUTRAL_CALLS: Final = frozenset({"min", "max", "int", "float", "round", "abs"}) | _CLOCKS
_RANDOM_MODULES: Final = ("random.", "secrets.", "numpy.random.")
_RETRY_AFTER: Final = re.compile(r"retry[-_]?after", re.IGNORECASE)
_BOUND_HINT: Final = re.compile(r"attempt|retr|tries|count|deadline|elapsed|timeout|budget", re.I)


@dataclass(frozen=True, slots=True)
class Delay:
    """What the sleeps of one retry loop do."""

    sleeps: int
    """Sleep calls in the loop (``0``: retries at once)."""
    grows: bool
    jitter: bool
    constant: float | None
    """The delay when every sleep is the same literal number."""


class Delays:
    """Per-file answers about the waits of retry loops."""

    def __init__(self, ctx: FileContext, loops: RetryLoops) -> None:
        self.ctx = ctx
        self.loops = loops
        self._scope_bindings: dict[int, dict[str, list[ast.AST]]] = {}

    def delay(self, found: RetryLoop) -> Delay:
        """How the loop waits between attempts."""
        loop = found.loop
        varying = {found.variable} if found.variable else set()
        for node in found.nodes:
            for target in target_names(node):
                varying.add(target)
        bindings = self._bindings_for(loop)
        sleeps = 0
        grows = jitter = False
        constants: set[float] = set()
        for node in found.nodes:
            if not isinstance(node, ast.Call):
                continue
            expr = self.loops.sleep_delay(node)
            if expr is False:
                continue
            if expr is None:  # a helper or library that waits: trust it
                sleeps += 1
                grows = jitter = True
                continue
            assert isinstance(expr, ast.expr)
            if isinstance(expr, ast.Constant) and isinstance(expr.value, int | float):
                if not expr.value:
                    continue  # ``asyncio.sleep(0)`` only yields
                constants.add(float(expr.value))
            sleeps += 1
            g, j = self._features(expr, bindings, varying)
            grows, jitter = grows or g, jitter or j
        constant = constants.pop() if len(constants) == 1 and not grows else None
        return Delay(sleeps, grows, jitter, constant)

    def _features(self, expr: ast.expr, bindings: dict[str, list[ast.AST]], varying: set[str]) -> tuple[bool, bool]:
        """(grows, has jitter) for a delay, following the names it reads to their values."""
        pending: list[ast.AST] = [expr]
        seen: set[str] = set()
        grows = jitter = False
        while pending:
            current = pending.pop()
            for node in ast.walk(current):
                if isinstance(node, ast.Name | ast.Attribute):
                    dotted = dotted_name(node)
                    if dotted and dotted not in seen:
                        seen.add(dotted)
                        pending.extend(bindings.get(dotted, ()))
                        if "jitter" in dotted.lower():
                            jitter = True
                        if _RETRY_AFTER.search(dotted):
                            return True, True
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if _RETRY_AFTER.search(node.value):
                        return True, True  # the server says how long: trust it
                elif isinstance(node, ast.BinOp | ast.AugAssign):
                    grows = grows or _grows(node, varying)
                elif isinstance(node, ast.Call):
                    name = self.ctx.call_name(node) or dotted_name(node.func) or ""
                    if name.startswith(_RANDOM_MODULES):
                        jitter = True
                    elif name not in _NEUTRAL_CALLS:
                        return True, True  # a policy object or helper computes it: trust it
        return grows, jitter

    def _bindings_for(self, loop: LoopNode) -> dict[str, list[ast.AST]]:
        """Name → values bound to it in the loop's function, falling back to the module."""
        scope = self.ctx.enclosing_function(loop)
        merged = dict(self._scope(None))
        if scope is not None:
            merged.update(self._scope(scope))
        return merged

    def _scope(self, fn: FunctionNode | None) -> dict[str, list[ast.AST]]:
        key = id(fn) if fn is not None else 0
        if key not in self._scope_bindings:
            found: dict[str, list[ast.AST]] = {}
            body = fn.body if fn is not None else self.ctx.tree.body
            nodes = own_nodes(body) if fn is not None else iter(body)
            for node in nodes:
                values: list[tuple[ast.AST, ast.AST]] = []
                if isinstance(node, ast.Assign):
                    values = [(t, node.value) for t in node.targets]
                elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
                    values = [(node.target, node.value)]
                elif isinstance(node, ast.AugAssign):
                    values = [(node.target, node)]
                for target, value in values:
                    for name in names_of(target):
                        found.setdefault(name, []).append(value)
            self._scope_bindings[key] = found
        return self._scope_bindings[key]

    def unbounded(self, found: RetryLoop) -> bool:
        """True for ``while True`` / ``itertools.count()`` with no attempt limit or deadline."""
        loop = found.loop
        counters = {name for node in found.nodes for name in target_names(node)}
        if isinstance(loop, ast.While):
            if not (always_true(loop.test) or mentions_status(loop.test)):
                return False  # ``while attempt < 5``, ``while not done``
            if any(isinstance(c, ast.Compare) and self._limits(c, counters) for c in ast.walk(loop.test)):
                return False  # ``while resp.status_code == 429 and tries < 5``
        elif not (isinstance(loop.iter, ast.Call) and self.ctx.call_name(loop.iter) == "itertools.count"):
            return False
        for node in found.nodes:
            if isinstance(node, ast.If) and any(
                isinstance(s, ast.Raise | ast.Return | ast.Break) for s in own_nodes(node.body)
            ):
                for compare in ast.walk(node.test):
                    if isinstance(compare, ast.Compare) and self._limits(compare, counters):
                        return False
        return True

    def _limits(self, compare: ast.Compare, counters: set[str]) -> bool:
        """``attempt >= 5``, ``time.monotonic() > deadline``: a comparison that ends retries.

        ``resp.status_code == 200`` is not one, although ``resp`` changes every attempt.
        """
        for operand in (compare.left, *compare.comparators):
            dotted = dotted_name(operand)
            if dotted and (dotted in counters or _BOUND_HINT.search(dotted)):
                return True
            for inner in ast.walk(operand):
                if isinstance(inner, ast.Call) and self.ctx.call_name(inner) in _CLOCKS:
                    return True
        return False

    def ignores_retry_after(self, found: RetryLoop) -> bool:
        """True when the loop checks for status 429 but never reads ``Retry-After``."""
        tested = [found.loop.test] if isinstance(found.loop, ast.While) else []
        if not any(_is_429(n) for part in (*found.nodes, *tested) for n in ast.walk(part)):
            return False
        scope: ast.AST = self.ctx.enclosing_function(found.loop) or found.loop
        for node in ast.walk(scope):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _RETRY_AFTER.search(node.value):
                return False
            if isinstance(node, ast.Name | ast.Attribute):
                dotted = dotted_name(node)
                if dotted and _RETRY_AFTER.search(dotted):
                    return False
        return True


def _is_429(node: ast.AST) -> bool:
    if isinstance(node, ast.Compare):
        for part in ast.walk(node):
            if isinstance(part, ast.Constant) and part.value == 429:
                return True
            if isinstance(part, ast.Attribute) and part.attr.upper() == "TOO_MANY_REQUESTS":
                return True
    return False


def _grows(node: ast.BinOp | ast.AugAssign, varying: set[str]) -> bool:
    """``2 ** n``, ``1 << n``, ``delay *= 2``, ``base * attempt``: a delay that grows."""
    if isinstance(node.op, ast.Pow | ast.LShift):
        return True
    if isinstance(node, ast.AugAssign):
        return isinstance(node.op, ast.Mult | ast.Add)
    return isinstance(node.op, ast.Mult | ast.Add) and _reads_any(node, varying)


def _reads_any(node: ast.AST, names: set[str]) -> bool:
    if not names:
        return False
    return any(isinstance(inner, ast.Name | ast.Attribute) and dotted_name(inner) in names for inner in ast.walk(node))
