"""The ``retry-without-backoff`` rule: retries that hammer a failing dependency."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import ClassVar, Final

from airlock.model import Confidence, Severity
from airlock.scan.context import FileContext
from airlock.scan.rules._delay import Delays
from airlock.scan.rules._policies import retry_policies
from airlock.scan.rules._resolve import Resolver, short_name, words
from airlock.scan.rules._retry import RetryLoop, RetryLoops
from airlock.scan.rules.base import Hit, Rule, RuleMeta

__all__ = ["RetryWithoutBackoff"]

_CONFIG_MODULES: Final = frozenset({"tenacity", "backoff", "retrying", "retry", "urllib3", "requests"})
# What a problem does in production, keyed by words of its phrase; the first match wins.
_HARMS: Final = (
    (
        ("at once", "no wait", "no delay", "backoff_factor"),
        "retries hammer the dependency while it is down",
    ),
    (
        ("gives up", "stop", "max_", "tries limit"),
        "the caller never fails over or reports the outage",
    ),
    (("constant", "fixed", "never grows"), "a struggling dependency gets no room to recover"),
    (("Retry-After",), "the wait the server asked for is ignored"),
    (("jitter",), "clients that failed together retry together"),
)
_POLLING: Final = frozenset({"wait", "poll", "until", "ready", "readiness", "health", "healthy"})
_SLEEP_MODULES: Final = frozenset({"time", "asyncio", "trio", "anyio", "gevent", "eventlet"})
_CLIENT_MODULES: Final = frozenset(
    {"requests", "httpx", "aiohttp", "urllib", "urllib3", "http", "socket", "smtplib", "stripe"}
    | {"boto3", "sendgrid", "twilio"}
)


class RetryWithoutBackoff(Rule):
    """A retry with no backoff, no jitter or no bound.

    ## What it does
    Flags retry loops around an external call (a `for _ in range(n)` or `while` loop
    that catches the failure, or checks the status code, and goes round again) that
    retry at once, sleep a constant delay, add no jitter, never give up, or check for
    status 429 without reading `Retry-After`. Also flags retry decorators and policies
    configured the same way: `tenacity.retry` without `wait=` (or with `wait_fixed`) or
    without `stop=`, `backoff.on_exception` without `max_tries`/`max_time`, `retrying`
    and `retry` decorators without growth or a limit, `urllib3.Retry` without
    `backoff_factor`, `HTTPAdapter(max_retries=3)`, and Celery tasks that autoretry
    without `retry_backoff` or call `self.retry()` with a fixed countdown.

    ## Why is this bad?
    When a dependency struggles, every client retries it. Immediate or constant-delay
    retries multiply its load exactly when it can least take it, and clients that
    failed together retry together (a thundering herd) unless each adds random jitter.
    A retry with no limit never lets the caller fail over or report the outage, and
    ignoring `Retry-After` on 429 gets the client throttled harder or banned. AI
    assistants write the simplest loop that passes a demo: `for _ in range(3)` with
    `time.sleep(1)`.

    ## Example
    ```python
    for attempt in range(5):
        try:
            return requests.get(url, timeout=5)
        except requests.RequestException:
            time.sleep(1)
    ```

    ## Use instead
    ```python
    for attempt in range(5):
        try:
            return requests.get(url, timeout=5)
        except requests.RequestException:
            time.sleep(min(30, 2**attempt) * random.uniform(0.5, 1.5))
    raise ServiceUnavailable(url)
    ```
    or `@tenacity.retry(wait=wait_random_exponential(max=30), stop=stop_after_attempt(5))`.

    ## Known problems
    A delay computed by a helper or a policy object is trusted. Only loops around a
    call that leaves the process (directly, through a helper of the same file, or a
    callable a retry wrapper was given) are judged. A function named like a poll
    (`wait_until_ready`) may sleep a constant delay. Backoff without jitter is reported
    with low severity and medium confidence: it only hurts with many clients.

    ## References
    - [AWS: exponential backoff and jitter](https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/)
    - [tenacity: waiting before retrying](https://tenacity.readthedocs.io/en/latest/#waiting-before-retrying)
    - [RFC 9110: Retry-After](https://www.rfc-editor.org/rfc/rfc9110#field.retry-after)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="retry-without-backoff",
        category="no-backoff",
        summary="A retry loop or retry policy with no backoff, no jitter or no bound.",
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        modules = ctx.imported_modules()
        if modules & _CONFIG_MODULES or "autoretry_for" in ctx.text or ".retry(" in ctx.text:
            for node, subject, problems in retry_policies(ctx):
                yield _hit(node, subject, problems)
        if modules & (_SLEEP_MODULES | _CLIENT_MODULES):
            yield from _loops(ctx)


# --- retry loops ------------------------------------------------------------------------


def _loops(ctx: FileContext) -> Iterator[Hit]:
    resolver = Resolver(ctx)
    loops = RetryLoops(ctx, resolver)
    delays = Delays(ctx, loops)
    external_fns: set[int] | None = None
    for loop in ctx.nodes(ast.For, ast.AsyncFor, ast.While):
        found = loops.analyse(loop)
        if found is None or found.library:
            continue
        for node in found.nodes:
            if not isinstance(node, ast.Call) or not found.retries(node) or found.uses_variable(node):
                continue
            if external_fns is None and resolver.local_callee(node) is not None:
                external_fns = _functions_with_external_calls(ctx, resolver)
            retried = _retried_name(ctx, resolver, node, external_fns or set(), loops.sleeps(found))
            if retried is not None:
                hit = _judge_loop(delays, found, *retried)
                if hit is not None:
                    yield hit
                break


def _functions_with_external_calls(ctx: FileContext, resolver: Resolver) -> set[int]:
    found: set[int] = set()
    for call in ctx.nodes(ast.Call):
        if resolver.external_name(call):
            fn = ctx.enclosing_function(call)
            if fn is not None:
                found.add(id(fn))
    return found


def _retried_name(
    ctx: FileContext, resolver: Resolver, call: ast.Call, external_fns: set[int], sleeps: bool
) -> tuple[str, bool] | None:
    """How to name the work a retry loop repeats, and whether it surely leaves the process.

    That is an external call, a helper of this file that makes one, or (in a loop that
    sleeps, not surely) a callable handed to a retry wrapper.
    """
    name = resolver.external_name(call)
    if name is not None:
        return short_name(ctx, call, name), True
    callee = resolver.local_callee(call)
    if callee is not None and id(callee) in external_fns:
        return short_name(ctx, call), True
    if sleeps and isinstance(call.func, ast.Name) and _is_parameter(ctx, call, call.func.id):
        return short_name(ctx, call), False
    return None


def _is_parameter(ctx: FileContext, node: ast.AST, name: str) -> bool:
    """True when ``name`` is a parameter of a function around ``node``: a wrapped callable."""
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.FunctionDef | ast.AsyncFunctionDef):
            args = anc.args
            if any(a.arg == name for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)):
                return True
    return False


def _judge_loop(delays: Delays, found: RetryLoop, name: str, external: bool) -> Hit | None:
    delay = delays.delay(found)
    problems: list[str] = []
    if delay.sleeps == 0:
        problems.append("retries at once")
    elif not _polls(delays.ctx, found):
        if not delay.grows:
            shown = f"{delay.constant:g} s" if delay.constant is not None else "delay"
            problems.append(f"sleeps a constant {shown}")
        if not delay.jitter:
            problems.append("adds no jitter")
    if delays.unbounded(found):
        problems.append("never gives up")
    if delays.ignores_retry_after(found):
        problems.append("ignores Retry-After on 429")
    if not external:  # a wrapper: what it wraps may be local, its bound may be its caller's
        problems = [p for p in problems if p.startswith("sleeps a constant")]
    if not problems:
        return None
    return _hit(found.loop, f"retry loop around `{name}`", problems, external=external)


def _polls(ctx: FileContext, found: RetryLoop) -> bool:
    """``wait_until_ready()``: one client polling at a steady pace needs no backoff."""
    fn = ctx.enclosing_function(found.loop)
    return fn is not None and bool(_POLLING & set(words(fn.name)))


def _hit(node: ast.AST, subject: str, problems: list[str], *, external: bool = True) -> Hit:
    """Missing jitter alone is a low-severity, medium-confidence finding."""
    jitter_only = problems == ["adds no jitter"]
    return Hit(
        node,
        _message(subject, problems),
        confidence=Confidence.MEDIUM if jitter_only or not external else None,
        severity=Severity.LOW if jitter_only else None,
    )


def _message(subject: str, problems: list[str]) -> str:
    """``subject`` + every problem, then the harm of the worst one."""
    joined = problems[0] if len(problems) == 1 else ", ".join(problems[:-1]) + " and " + problems[-1]
    harm = next(h for keys, h in _HARMS if any(k in p for k in keys for p in problems))
    return f"{subject} {joined}: {harm}"
