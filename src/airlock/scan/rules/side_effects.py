"""The ``retried-side-effect`` rule: a charge, a message or a new row repeated by a retry."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import ClassVar, Final

from airlock.model import Confidence
from airlock.scan.context import FileContext, dotted_name
from airlock.scan.rules._celery import autoretries, celery_task, self_retries
from airlock.scan.rules._resolve import (
    Resolver,
    final_name,
    has_star_kwargs,
    keyword,
    short_name,
    words,
)
from airlock.scan.rules._retry import RetryLoops, retry_library
from airlock.scan.rules.base import Hit, Rule, RuleMeta

__all__ = ["RetriedSideEffect"]

# One word of a call's name that says it changes the world.
_EFFECT: Final = re.compile(
    r"^(charg(e|es|ed|ing)|pay|pays|paid|paying|payments?|payouts?|transfer(s|red|ring)?"
    r"|refund(s|ed|ing)?|send|sends|sending|sendmail|notify|notifies|notified|notifications?"
    r"|e?mails?|emailed|create[sd]?|creating|submit(s|ted|ting)?|publish(es|ed|ing)?"
    r"|captur(e|es|ed|ing))$"
)
# Substrings of every name the rule looks at: a cheap filter before splitting words.
_HINTS: Final = re.compile(
    r"charg|pay|paid|transfer|refund|send|notif|mail|creat|submit|publish|captur|post|patch|request",
    re.IGNORECASE,
)
# A first word that makes the call a read or a pure helper, whatever follows.
_READS: Final = frozenset(
    {"get", "fetch", "list", "read", "load", "find", "search", "query", "lookup", "parse"}
    | {"validate", "verify", "check", "format", "render", "is", "has", "count", "describe"}
    | {"retrieve", "head", "options", "compute", "calculate", "estimate", "preview", "to"}
    | {"from", "as", "build", "should"}
)
# What is harmless to create again: connections, tasks, files, values built in memory.
_HARMLESS_CREATIONS: Final = frozenset(
    {"connection", "connections", "conn", "engine", "task", "tasks", "context", "subprocess"}
    | {"process", "server", "endpoint", "datagram", "pipe", "socket", "session", "client", "pool"}
    | {"future", "thread", "dir", "dirs", "directory", "folder", "file", "temp", "tmp", "tempfile"}
    | {"table", "tables", "index", "schema", "parser", "logger", "loop", "lock", "event", "queue"}
    | {"app", "default", "all", "bucket", "view", "widget", "window", "model", "mock", "payload"}
    | {"headers", "header", "request", "url", "body", "params", "message", "msg", "instance"}
    | {"object", "dict", "list", "string", "str", "key", "signature"}
)
# ... to send (``send_signal``, ``send_header``) or capture (``capture_exception``) again.
_HARMLESS_SENDS: Final = frozenset(
    {"signal", "heartbeat", "keepalive", "ping", "header", "headers", "response", "error"}
)
_HARMLESS_CAPTURES: Final = frozenset(
    {"exception", "exc", "message", "output", "stdout", "stderr", "warnings", "logs", "frame"}
)
_STDLIB_PREFIXES: Final = (
    *("asyncio.", "socket.", "ssl.", "os.", "subprocess.", "threading.", "multiprocessing."),
    *("tempfile.", "shutil.", "pathlib.", "sqlite3.", "logging.", "unittest.", "concurrent."),
    "selectors.",
)
_KEYED: Final = re.compile(r"idempot|dedup|client_?token|request_?token", re.IGNORECASE)
_URLLIB3_RETRY: Final = frozenset(
    {"urllib3.Retry", "urllib3.util.Retry", "urllib3.util.retry.Retry", "requests.adapters.Retry"}
)
_UNSAFE_METHODS: Final = frozenset({"POST", "PATCH"})


class RetriedSideEffect(Rule):
    """A non-idempotent call (charge, send, create) inside a retry, with no idempotency key.

    ## What it does
    Flags calls whose name says they change the world (`charge`, `pay`, `transfer`,
    `refund`, `send`, `notify`, `email`, `create`, `submit`, `publish`, `capture`, for
    example `stripe.Charge.create`, `send_email`, or `client.post(".../charges")`) that
    run inside a retry loop or a function with a retry decorator (`tenacity.retry`,
    `backoff.on_exception`, `retrying.retry`, a local `@retry`) and pass no idempotency
    key (an `idempotency_key=` argument or an `Idempotency-Key` header). Celery tasks
    with `autoretry_for=` or `self.retry()` count as retried, and a POST made by a
    function named like an effect (`create_invoice`) counts as an effect. Also flags
    `urllib3.Retry` configured to retry POST.

    ## Why is this bad?
    A request can succeed on the server and still fail on the client: the response is
    lost to a timeout or a dropped connection. The retry then performs the effect a
    second time: the customer is charged twice, gets two emails, or the order exists
    twice. An idempotency key lets the server recognise the repeat and return the first
    result. AI assistants add retries to make demos robust without asking whether the
    operation is safe to repeat.

    ## Example
    ```python
    @retry(stop=stop_after_attempt(3), wait=wait_random_exponential())
    def charge(order):
        return stripe.Charge.create(amount=order.total, currency="eur", source=order.token)
    ```

    ## Use instead
    ```python
    @retry(stop=stop_after_attempt(3), wait=wait_random_exponential())
    def charge(order):
        return stripe.Charge.create(
            amount=order.total, currency="eur", source=order.token,
            idempotency_key=f"charge-{order.id}",
        )
    ```

    ## Known problems
    The rule reads names, not behaviour: `create_report()` that only renders a PDF is
    reported, and `do_it()` that charges a card is not. A key passed through a variable
    is recognised when the same function mentions an idempotency key. Calls that pass
    `**kwargs` are trusted. Reads (`get_*`, `fetch_*`, `list_*`) never fire.

    ## References
    - [Stripe: idempotent requests](https://docs.stripe.com/api/idempotent_requests)
    - [IETF draft: the Idempotency-Key HTTP header](https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="retried-side-effect",
        category="unsafe-retry",
        summary="A charge, message or insert repeated by a retry with no idempotency key.",
        confidence=Confidence.MEDIUM,
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        if ctx.imported_modules() & {"urllib3", "requests"}:
            yield from _retry_policies(ctx)
        verdicts: dict[str, str | None] = {}  # a file calls the same names again and again
        candidates = []
        for call in ctx.nodes(ast.Call):
            last = final_name(call)
            if last is None:
                continue
            if last not in verdicts:
                verdicts[last] = _by_name(last)
            verdict = verdicts[last]
            if verdict == "unsafe-method":
                if _posts_effect(ctx, call):
                    candidates.append(call)
            elif verdict == "effect" and not (last == "send" and _sends_request(call)):
                candidates.append(call)
        if not candidates:
            return
        loops = RetryLoops(ctx, Resolver(ctx))
        for call in candidates:
            where = _retried_by(ctx, loops, call)
            if where is None or _keyed(ctx, call):
                continue
            name = ctx.call_name(call)
            if name is not None and name.startswith(_STDLIB_PREFIXES):
                continue
            shown = short_name(ctx, call, name)
            harm = "a response lost after success repeats it"
            yield Hit(call, f"`{shown}` is retried by {where} with no idempotency key: {harm}")


def _by_name(last: str) -> str | None:
    """``effect`` when a call's final name says it changes something; ``unsafe-method`` for
    ``post``/``patch``/``request``, whose URL decides; else ``None``.

    ``EmailMessage()`` builds an object and ``get_payment()`` reads: neither is an effect.
    """
    if last[:1].isupper() or not _HINTS.search(last):
        return None
    if last in ("post", "patch", "request"):
        return "unsafe-method"
    parts = words(last)
    if not parts or parts[0] in _READS:
        return None
    verbs = [p for p in parts if _EFFECT.match(p)]
    return "effect" if verbs and not _harmless(verbs, parts) else None


def _sends_request(call: ast.Call) -> bool:
    """``session.send(request.prepare())``: a generic send, as safe as the request it sends."""
    first = call.args[0] if call.args else None
    names = [dotted_name(n) or "" for n in ast.walk(first)] if first is not None else []
    return any(w in ("request", "req", "prepare", "prepared") for n in names for w in words(n))


def _posts_effect(ctx: FileContext, call: ast.Call) -> bool:
    """A POST/PATCH whose URL names an effect, or made by a function named like one."""
    url: ast.expr | None = None
    last = final_name(call)
    if last in ("post", "patch"):
        url = call.args[0] if call.args else getattr(keyword(call, "url"), "value", None)
    elif len(call.args) > 1:
        method = call.args[0]
        if isinstance(method, ast.Constant) and str(method.value).upper() in _UNSAFE_METHODS:
            url = call.args[1]
    if url is None:
        return False
    if _names_effect(url):
        return True
    fn = ctx.enclosing_function(call)  # ``def create_invoice(): client.post(url)``
    return fn is not None and any(_EFFECT.match(p) for p in words(fn.name)[:1])


def _harmless(verbs: list[str], parts: list[str]) -> bool:
    """True when every effect word is paired with an object that repeats harmlessly."""
    for stem, harmless in (
        ("creat", _HARMLESS_CREATIONS),
        ("send", _HARMLESS_SENDS),
        ("captur", _HARMLESS_CAPTURES),
    ):
        if all(v.startswith(stem) for v in verbs) and any(p in harmless for p in parts):
            return True
    return False


def _names_effect(url: ast.expr) -> bool:
    """``".../v1/charges"``, ``PAYMENTS_URL``: a URL that names an effect."""
    for node in ast.walk(url):
        text = node.id if isinstance(node, ast.Name) else _text(node)
        if text and any(_EFFECT.match(p) for p in words(text)):
            return True
    return False


def _retried_by(ctx: FileContext, loops: RetryLoops, call: ast.Call) -> str | None:
    """``the loop on line 12`` / ``@retry``: what runs the call again after a failure."""
    found = loops.enclosing(call)
    if found is not None and found.retries(call) and not found.uses_variable(call):
        if loops.deliberate(found) or loops.resolver.external_name(call) is not None:
            return f"the loop on line {found.loop.lineno}"
        return None
    fn = ctx.enclosing_function(call)
    if fn is None:
        return None
    for deco in fn.decorator_list:
        if retry_library(ctx, deco) is not None:
            target = deco.func if isinstance(deco, ast.Call) else deco
            return f"`@{dotted_name(target) or 'retry'}`"
    task = celery_task(ctx, fn)
    if task is not None and (autoretries(task) or next(self_retries(fn), None) is not None):
        return f"Celery's retry of `{fn.name}`"
    return None


def _keyed(ctx: FileContext, call: ast.Call) -> bool:
    """True when the call carries an idempotency key, or passes something that may hold one.

    ``headers=headers`` counts when the same function puts an ``Idempotency-Key`` in
    some dict; ``**kwargs`` counts because the key may be in it.
    """
    if has_star_kwargs(call) or any(kw.arg and _KEYED.search(kw.arg) for kw in call.keywords):
        return True
    passes_names = False
    for part in [*call.args, *(kw.value for kw in call.keywords)]:
        for node in ast.walk(part):
            text = dotted_name(node) if isinstance(node, ast.Name | ast.Attribute) else _text(node)
            if text and _KEYED.search(text):
                return True
            passes_names = passes_names or isinstance(node, ast.Name | ast.Attribute)
    if passes_names:
        scope: ast.AST = ctx.enclosing_function(call) or ctx.tree
        return any((text := _text(node)) and _KEYED.search(text) for node in ast.walk(scope))
    return False


def _retry_policies(ctx: FileContext) -> Iterator[Hit]:
    """``urllib3.Retry`` told to retry POST (``allowed_methods=None`` or a list with POST)."""
    for call in ctx.nodes(ast.Call):
        if ctx.call_name(call) not in _URLLIB3_RETRY:
            continue
        for name in ("allowed_methods", "method_whitelist"):
            kw = keyword(call, name)
            if kw is None:
                continue
            value = kw.value
            if isinstance(value, ast.Constant) and value.value in (None, False):
                shown = f"Retry({name}={value.value})"
            elif any((_text(n) or "").upper() in _UNSAFE_METHODS for n in ast.walk(value)):
                shown = f"Retry({name}=[..., 'POST'])"
            else:
                continue
            yield Hit(call, f"`{shown}` retries POST too: a response lost after success repeats it")


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
