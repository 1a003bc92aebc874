"""How an ``except`` handler treats the error it caught: how broad it is, and whether it says so.

Helpers of the ``swallowed-exception`` rule (``silent.py``). A handler *signals* when
anything in its body lets a person or the caller learn of the failure: a log call, a
re-raise, an exit, the exception object passed on or returned, an error response, an
error flag or counter. Everything here looks only at the handler's own statements (nested
functions and classes are skipped), so the cost is the size of the handlers.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from airlock.scan.context import FileContext, dotted_name

__all__ = [
    "PURE_SWALLOW",
    "Verdict",
    "best_effort_body",
    "calls_something",
    "deliberate",
    "enclosing_loop",
    "exception_names",
    "handler_verdict",
    "has_comment",
    "has_continue",
    "in_error_path",
    "is_broad",
    "is_search_loop",
    "shape",
    "words",
]

_WORD: Final = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")

_BROAD: Final = frozenset({"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"})
# Callee names that report, stop or hand on an error: handle_error, showtraceback, sys.exit …
_SIGNAL_STEMS: Final = (
    "error", "exception", "traceback", "fail", "warn", "abort", "critical", "fatal", "panic",
    "alert", "exit",
)  # fmt: skip
_SIGNAL_WORDS: Final = frozenset({"err", "exc", "excepthook", "flash"})
# Log methods that only count on something that is plainly a logger.
_LOG_METHODS: Final = frozenset({"info", "debug", "log", "msg", "exception", "trace", "notice"})
_LOG_WORDS: Final = frozenset({"log", "logger", "logging", "logs", "structlog", "loguru", "syslog"})
# Names of flags, lists and counters that record a failure: errors.append(e), self._failed = True.
_FLAG_WORDS: Final = frozenset(
    {
        "error", "errors", "err", "exc", "exception", "exceptions", "fail", "failed", "failure",
        "failures", "ok", "success", "succeeded", "successful", "skipped", "skip", "broken",
        "invalid", "rejected", "bad",
    }
)  # fmt: skip
_COLLECT_METHODS: Final = frozenset({"append", "add", "extend", "put", "put_nowait", "appendleft", "insert"})
_COUNT_METHODS: Final = frozenset({"incr", "inc", "increment", "increase", "count"})
_ERROR_TEXT: Final = re.compile(r"error|fail|invalid|unavailable|went wrong", re.IGNORECASE)
_HTTP_ERROR_NAME: Final = re.compile(
    r"HTTP_[45]\d\d|INTERNAL_SERVER_ERROR|SERVICE_UNAVAILABLE|BAD_GATEWAY|GATEWAY_TIMEOUT|BAD_REQUEST"
)
_SKIP_INTO: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
# Cleanup calls whose failure is routinely ignored: ``try: conn.close() except Exception: pass``.
_CLEANUP_WORDS: Final = frozenset(
    {
        "close", "aclose", "shutdown", "unlink", "remove", "rmdir", "rmtree", "kill", "terminate",
        "cancel", "join", "release", "stop", "disconnect", "flush", "cleanup", "dispose", "detach",
        "unregister", "quit", "logout", "del", "exit", "wait", "unsubscribe", "deregister",
    }
)  # fmt: skip


PURE_SWALLOW: Final = frozenset({"pass", "continue", "return None"})
# Methods that must not raise: a failure there is better dropped than raised.
MUST_NOT_RAISE: Final = frozenset({"__del__", "__repr__", "__str__", "__format__", "__hash__"})
_COMMENT: Final = re.compile(r"(?:^|\s)#\s*\w")


def words(name: str) -> frozenset[str]:
    """Lower-case words of an identifier: ``handleError`` → {handle, error}, ``_LOG`` → {log}."""
    return frozenset(w.lower() for w in _WORD.findall(name))


def exception_names(handler: ast.ExceptHandler) -> list[str]:
    """Last name of each caught type: ``(requests.Timeout, KeyError)`` → [Timeout, KeyError]."""
    if handler.type is None:
        return []
    elts = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = []
    for elt in elts:
        dotted = dotted_name(elt)
        names.append(dotted.rpartition(".")[2] if dotted else "?")
    return names


def is_broad(handler: ast.ExceptHandler) -> bool:
    """Bare ``except:``, ``Exception``, ``BaseException``, or a tuple holding one of them."""
    if handler.type is None:
        return True
    elts = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(dotted_name(elt) in _BROAD for elt in elts)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a handler does with the error it caught."""

    signalled: bool
    """It logs, re-raises, exits, passes the error on, or records it."""
    printed: bool
    """It prints to stdout (not a signal in a service, but not quite nothing)."""


_SIGNALLED: Final = Verdict(signalled=True, printed=False)


def handler_verdict(ctx: FileContext, handler: ast.ExceptHandler) -> Verdict:
    """Walk the handler body once and stop at the first signal."""
    exc = handler.name
    printed = False
    stack: list[ast.AST] = list(reversed(handler.body))
    while stack:
        node = stack.pop()
        if isinstance(node, _SKIP_INTO):
            continue
        if isinstance(node, ast.Raise | ast.AugAssign):
            return _SIGNALLED  # a re-raise, or a counter (skipped += 1)
        if isinstance(node, ast.Name):
            if node.id == exc and isinstance(node.ctx, ast.Load):
                return _SIGNALLED  # the error object goes somewhere
            if _HTTP_ERROR_NAME.search(node.id):
                return _SIGNALLED
        elif isinstance(node, ast.Attribute) and _HTTP_ERROR_NAME.search(node.attr):
            return _SIGNALLED  # status.HTTP_500_INTERNAL_SERVER_ERROR
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            if _assigns_flag(node):
                return _SIGNALLED
        elif isinstance(node, ast.Return | ast.Yield | ast.YieldFrom):
            if node.value is not None and _is_error_value(node.value):
                return _SIGNALLED
        elif isinstance(node, ast.keyword):
            if node.arg in ("status_code", "status") and _is_error_status(node.value):
                return _SIGNALLED
        elif isinstance(node, ast.Call):
            kind = _call_kind(ctx, node)
            if kind == "signal":
                return _SIGNALLED
            if kind == "print":
                printed = True
                continue  # the exception printed to stdout is still lost to the caller
        stack.extend(ast.iter_child_nodes(node))
    return Verdict(signalled=False, printed=printed)


def _call_kind(ctx: FileContext, call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        if func.id == "print":
            to_stderr = any(k.arg == "file" and "stderr" in (dotted_name(k.value) or "") for k in call.keywords)
            return "signal" if to_stderr else "print"
        return "signal" if _signals(func.id) or words(func.id) & _LOG_WORDS else None
    if not isinstance(func, ast.Attribute):
        return None
    attr = func.attr
    if _signals(attr) or attr in _COUNT_METHODS or words(attr) & _LOG_WORDS:
        return "signal"
    receiver = _receiver_words(func.value)
    if attr in _LOG_METHODS and (receiver & _LOG_WORDS or _is_logging_module(ctx, func.value)):
        return "signal"
    if attr == "write" and "stderr" in receiver:
        return "signal"
    if attr in _COLLECT_METHODS and receiver & _FLAG_WORDS:
        return "signal"  # failures.append(item)
    return None


def _signals(name: str) -> bool:
    lowered = name.lower()
    return any(stem in lowered for stem in _SIGNAL_STEMS) or bool(words(name) & _SIGNAL_WORDS)


def _receiver_words(node: ast.AST) -> frozenset[str]:
    """Words of each name in a receiver chain, through calls: ``logger.bind()`` → {logger, bind}."""
    found: set[str] = set()
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            found |= words(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            found |= words(node.id)
            return frozenset(found)
        else:
            return frozenset(found)


def _is_logging_module(ctx: FileContext, node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        node = node.func
    name = ctx.qualname(node)
    return bool(name) and name.split(".")[0] in ("logging", "structlog", "loguru")  # type: ignore[union-attr]


def _assigns_flag(node: ast.Assign | ast.AnnAssign) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        for part in ast.walk(target):
            name = None
            if isinstance(part, ast.Name):
                name = part.id
            elif isinstance(part, ast.Attribute):
                name = part.attr
            elif isinstance(part, ast.Constant) and isinstance(part.value, str):
                name = part.value  # result["error"] = ...
            if name and words(name) & _FLAG_WORDS:
                return True
    value = node.value
    return isinstance(value, ast.Constant) and isinstance(value.value, str) and bool(_ERROR_TEXT.search(value.value))


def _is_error_status(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and 400 <= node.value <= 599


def _is_error_value(value: ast.AST) -> bool:
    """A returned error: ``jsonify(...), 500``, ``{"error": ...}``, ``"failed"``."""
    if isinstance(value, ast.Tuple) and any(_is_error_status(elt) for elt in value.elts):
        return True
    for part in ast.walk(value):
        if isinstance(part, ast.Constant) and isinstance(part.value, str) and _ERROR_TEXT.search(part.value):
            return True
    return False


def _statements(body: list[ast.stmt], *, into_loops: bool) -> Iterator[ast.stmt]:
    """Statements of a block and its nested blocks, never into functions or classes."""
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        yield stmt
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if not into_loops and isinstance(stmt, ast.For | ast.AsyncFor | ast.While):
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(stmt, field, None)
            if children:
                for child in reversed(children):
                    if isinstance(child, ast.ExceptHandler | ast.match_case):
                        stack.extend(reversed(child.body))
                    else:
                        stack.append(child)


def has_continue(handler: ast.ExceptHandler) -> bool:
    """The handler itself continues the loop around it (not a loop of its own)."""
    return any(isinstance(s, ast.Continue) for s in _statements(handler.body, into_loops=False))


def enclosing_loop(ctx: FileContext, node: ast.AST) -> ast.For | ast.AsyncFor | ast.While | None:
    """The nearest loop around ``node`` in the same function, if any."""
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.For | ast.AsyncFor | ast.While):
            return anc
        if isinstance(anc, _SKIP_INTO):
            return None
    return None


def is_search_loop(loop: ast.For | ast.AsyncFor | ast.While) -> bool:
    """A loop that stops at the first success (``return``/``break``): skipping is its job."""
    return any(isinstance(stmt, ast.Return | ast.Break) for stmt in _statements(loop.body, into_loops=False))


def best_effort_body(body: list[ast.stmt]) -> bool:
    """A try body of only imports or cleanup calls, whose failure is routinely ignored."""
    for stmt in body:
        if isinstance(stmt, ast.Import | ast.ImportFrom | ast.Pass | ast.Delete):
            continue
        value = stmt.value if isinstance(stmt, ast.Expr) else None
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if not words(name) & _CLEANUP_WORDS:
            return False
    return True


def shape(body: list[ast.stmt]) -> list[str]:
    """What the top-level statements of a handler do, in order, without repeats."""
    kinds: list[str] = []
    for stmt in body:
        kind = "other"
        if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
            kind = "pass"
        elif isinstance(stmt, ast.Continue | ast.Break):
            kind = "continue" if isinstance(stmt, ast.Continue) else "break"
        elif isinstance(stmt, ast.Return):
            none = stmt.value is None or (isinstance(stmt.value, ast.Constant) and stmt.value.value is None)
            kind = "return None" if none else "return"
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            kind = "assign"
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            kind = "print" if dotted_name(stmt.value.func) == "print" else "other"
        if kind not in kinds:
            kinds.append(kind)
    if len(kinds) > 1 and "pass" in kinds:
        kinds.remove("pass")
    return kinds or ["pass"]


def in_error_path(ctx: FileContext, handler: ast.ExceptHandler) -> bool:
    """Inside another handler, a ``finally``, or a method that must not raise (``__del__``)."""
    child: ast.AST = handler
    for anc in ctx.ancestors(handler):
        if isinstance(anc, ast.FunctionDef | ast.AsyncFunctionDef):
            return anc.name in MUST_NOT_RAISE
        if isinstance(anc, ast.ExceptHandler) or (
            isinstance(anc, ast.Try | ast.TryStar) and any(s is child for s in anc.finalbody)
        ):
            return True
        child = anc
    return False


def deliberate(ctx: FileContext, handler: ast.ExceptHandler, owner: ast.AST | None) -> bool:
    """Signs that dropping the error was a decision (these lower the confidence to medium).

    The try returns on success or has an ``else``, so the handler falls through to another
    way; the loop searches; the try calls nothing (attribute or item shuffling only); or a
    comment in the handler explains it.
    """
    if isinstance(owner, ast.Try | ast.TryStar):
        if owner.orelse or not calls_something(owner.body):
            return True
        if any(isinstance(n, ast.Return) for stmt in owner.body for n in ast.walk(stmt)):
            return True
    loop = enclosing_loop(ctx, handler) if has_continue(handler) else None
    if loop is not None and is_search_loop(loop):
        return True
    return has_comment(ctx, handler.lineno, handler.end_lineno or handler.lineno)


def calls_something(body: list[ast.stmt]) -> bool:
    return any(isinstance(node, ast.Call) for stmt in body for node in ast.walk(stmt))


def has_comment(ctx: FileContext, first: int, last: int) -> bool:
    """A comment on any of these lines (a ``#`` inside a string counts too: a rough sign)."""
    return any(_COMMENT.search(ctx.line_text(n)) for n in range(first, last + 1))
