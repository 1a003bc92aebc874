"""Retry policies configured in one place: decorators, ``Retrying`` objects, ``urllib3.Retry``.

Each finder yields ``(node, subject, problems)``: the node to report, how to name the
policy, and short phrases such as ``"has no wait="`` that the rule joins into a message.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Final

from airlock.scan.context import FileContext, FunctionNode, dotted_name
from airlock.scan.rules._celery import autoretries, celery_task, self_retries
from airlock.scan.rules._resolve import has_star_kwargs, keyword, may_be, short_name
from airlock.scan.rules._retry import retry_library

__all__ = ["Problem", "retry_policies"]

Problem = tuple[ast.AST, str, list[str]]
"""The node to report, how to name the policy, and what is wrong with it."""

_URLLIB3_RETRY: Final = frozenset(
    {"urllib3.Retry", "urllib3.util.Retry", "urllib3.util.retry.Retry", "requests.adapters.Retry"}
    | {"requests.packages.urllib3.Retry", "requests.packages.urllib3.util.retry.Retry"}
)
_HTTP_ADAPTER: Final = frozenset({"requests.adapters.HTTPAdapter", "requests.HTTPAdapter"})
_TENACITY_CALLS: Final = frozenset({"tenacity.Retrying", "tenacity.AsyncRetrying", "tenacity.asyncio.AsyncRetrying"})
# tenacity wait strategies by what they give: growth, jitter, both, neither.
_WAIT_BOTH: Final = frozenset({"wait_random_exponential", "wait_full_jitter", "wait_exponential_jitter"})
_WAIT_GROWS: Final = frozenset({"wait_exponential", "wait_incrementing"})
_WAIT_JITTER: Final = frozenset({"wait_random"})
_WAIT_FLAT: Final = frozenset({"wait_fixed", "wait_none", "wait_chain"})
_POLICY_CLASSES: Final = frozenset({"Retrying", "AsyncRetrying", "Retry", "HTTPAdapter"})
_RANDOM: Final = ("random.", "secrets.")


def retry_policies(ctx: FileContext) -> Iterator[Problem]:
    """Every retry policy of the file that lacks a wait, growth, jitter or a limit."""
    for fn in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        yield from _decorators(ctx, fn)
        yield from _celery(ctx, fn)
    for call in ctx.nodes(ast.Call):
        if not may_be(ctx, call, _POLICY_CLASSES) or has_star_kwargs(call):
            continue
        name = ctx.call_name(call)
        problems: list[str] = []
        if name in _TENACITY_CALLS:
            problems = _tenacity(call)
        elif name in _URLLIB3_RETRY:
            problems = _urllib3_retry(call)
        elif name in _HTTP_ADAPTER:
            retries = keyword(call, "max_retries")
            value = retries.value if retries else call.args[2] if len(call.args) > 2 else None
            if isinstance(value, ast.Constant) and type(value.value) is int and value.value > 0:
                yield call, f"`HTTPAdapter(max_retries={value.value})`", ["retries at once"]
        if problems:
            yield call, f"`{short_name(ctx, call, name)}`", problems


def _decorators(ctx: FileContext, fn: FunctionNode) -> Iterator[Problem]:
    for deco in fn.decorator_list:
        library = retry_library(ctx, deco)
        if library is None or library in ("local", "stamina"):
            continue
        if isinstance(deco, ast.Call) and has_star_kwargs(deco):
            continue
        problems: list[str] = []
        if library == "tenacity":
            problems = _tenacity(deco)
        elif library == "backoff":
            if not isinstance(deco, ast.Call) or not (keyword(deco, "max_tries") or keyword(deco, "max_time")):
                problems = ["has no max_tries or max_time"]
        elif library == "retrying":
            problems = _retrying(deco)
        elif library == "retry":
            problems = _retry_package(deco)
        if problems:
            yield deco, f"`{_shown(deco)}` on `{fn.name}`", problems


def _celery(ctx: FileContext, fn: FunctionNode) -> Iterator[Problem]:
    """``autoretry_for`` without ``retry_backoff``; ``self.retry()`` with a fixed countdown."""
    deco = celery_task(ctx, fn)
    if deco is None or (isinstance(deco, ast.Call) and has_star_kwargs(deco)):
        return
    if autoretries(deco):
        assert isinstance(deco, ast.Call)
        problems = []
        backoff = keyword(deco, "retry_backoff")
        if backoff is None or _literal(backoff.value) in (False, 0):
            problems.append("autoretries after a fixed delay")
        else:
            jitter = keyword(deco, "retry_jitter")  # on by default
            if jitter is not None and _literal(jitter.value) is False:
                problems.append("adds no jitter")
        limit = keyword(deco, "max_retries")
        if limit is not None and _literal(limit.value) is None:
            problems.append("never gives up")
        if problems:
            yield deco, f"`{_shown(deco)}` on `{fn.name}`", problems
    for call in self_retries(fn):
        problems = _countdown(ctx, keyword(call, "countdown"))
        limit = keyword(call, "max_retries")
        if limit is not None and _literal(limit.value) is None:
            problems.append("never gives up")
        if problems:
            yield call, f"`{short_name(ctx, call)}` in task `{fn.name}`", problems


def _countdown(ctx: FileContext, countdown: ast.keyword | None) -> list[str]:
    """``countdown=60`` is fixed; ``2 ** self.request.retries`` grows; ``random`` adds jitter."""
    if countdown is None:
        return ["retries after a fixed countdown"]  # ``default_retry_delay``: 3 minutes
    nodes = list(ast.walk(countdown.value))
    grows = any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow | ast.LShift) for n in nodes)
    grows = grows or any("retries" in (dotted_name(n) or "") for n in nodes)
    calls = [ctx.call_name(n) or "" for n in nodes if isinstance(n, ast.Call)]
    jitter = any(name.startswith(_RANDOM) for name in calls)
    if not grows:
        opaque = any(not name.startswith(_RANDOM) for name in calls)
        return [] if opaque else ["retries after a fixed countdown"]
    return [] if jitter else ["adds no jitter"]


def _shown(deco: ast.expr) -> str:
    return "@" + (dotted_name(deco.func if isinstance(deco, ast.Call) else deco) or "retry")


def _tenacity(expr: ast.expr) -> list[str]:
    wait = keyword(expr, "wait") if isinstance(expr, ast.Call) else None
    stop = keyword(expr, "stop") if isinstance(expr, ast.Call) else None
    problems: list[str] = []
    if wait is None:
        problems.append("has no wait=")
    else:
        names = _final_names(wait.value)
        if names & _WAIT_BOTH:
            pass
        elif names & _WAIT_GROWS:
            if not names & _WAIT_JITTER:
                problems.append("adds no jitter")
        elif names & _WAIT_JITTER:
            problems.append("never grows its wait")
        elif names & _WAIT_FLAT:
            problems.append("waits a fixed time")
    if stop is None or "stop_never" in _final_names(stop.value):
        problems.append("has no stop=")
    return problems


def _retrying(deco: ast.expr) -> list[str]:
    given = {kw.arg for kw in deco.keywords} if isinstance(deco, ast.Call) else set()
    problems: list[str] = []
    if "wait_func" not in given:
        grows = any(k and k.startswith(("wait_exponential", "wait_incrementing")) for k in given)
        jitter = any(k and k.startswith("wait_random") for k in given)
        if not grows and not jitter:
            problems.append("waits a fixed time" if "wait_fixed" in given else "has no wait")
        elif not grows:
            problems.append("never grows its wait")
        elif not jitter:
            problems.append("adds no jitter")
    if not given & {"stop_max_attempt_number", "stop_max_delay", "stop", "stop_func"}:
        problems.append("has no stop")
    return problems


def _retry_package(deco: ast.expr) -> list[str]:
    """``retry.retry(exceptions, tries=-1, delay=0, max_delay=None, backoff=1, jitter=0)``."""
    if not isinstance(deco, ast.Call):
        return ["has no delay", "has no tries limit"]

    def arg(name: str, index: int) -> ast.expr | None:
        kw = keyword(deco, name)
        return kw.value if kw else deco.args[index] if len(deco.args) > index else None

    problems: list[str] = []
    delay, growth, jitter = arg("delay", 2), arg("backoff", 4), arg("jitter", 5)
    if delay is None or _literal(delay) == 0:
        problems.append("has no delay")
    else:
        if growth is None or _literal(growth) == 1:
            problems.append("never grows its delay")
        if jitter is None or _literal(jitter) == 0:
            problems.append("adds no jitter")
    tries = arg("tries", 1)
    if tries is None or _literal(tries) == -1:
        problems.append("has no tries limit")
    return problems


def _urllib3_retry(call: ast.Call) -> list[str]:
    total = keyword(call, "total")
    total_value = total.value if total else call.args[0] if call.args else None
    if total_value is not None and _literal(total_value) in (0, False):
        return []
    factor = keyword(call, "backoff_factor")
    value = factor.value if factor else call.args[8] if len(call.args) > 8 else None
    return [] if value is not None and _literal(value) != 0 else ["has no backoff_factor"]


def _final_names(expr: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(expr):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
    return names


def _literal(expr: ast.expr) -> object:
    """The value of a literal number or bool (``-1`` included), else a sentinel."""
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub) and isinstance(expr.operand, ast.Constant):
        value = expr.operand.value
        return -value if isinstance(value, int | float) else _NOT_LITERAL
    return expr.value if isinstance(expr, ast.Constant) else _NOT_LITERAL


_NOT_LITERAL: Final = object()
