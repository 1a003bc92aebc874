"""Silent-family rules: errors that vanish, and writes that leave the data half-done.

``swallowed-exception`` (category ``swallowed-error``) and ``writes-outside-transaction``
(category ``state-inconsistency``). The analysis lives in helper modules: ``_swallow.py``
(what a handler does with its error), ``_transactions.py`` (commits, writes and external
calls per function) and ``_flow.py`` (which of them can follow which); this module holds
the rules and their documentation pages.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import ClassVar, Final

from airlock.model import Confidence
from airlock.scan.context import FileContext, FunctionNode, dotted_name
from airlock.scan.rules._flow import sequential
from airlock.scan.rules._swallow import (
    PURE_SWALLOW,
    best_effort_body,
    calls_something,
    deliberate,
    enclosing_loop,
    exception_names,
    handler_verdict,
    has_comment,
    has_continue,
    in_error_path,
    is_broad,
    is_search_loop,
    shape,
)
from airlock.scan.rules._transactions import COMMITTING, Event, function_events
from airlock.scan.rules.base import Hit, Rule, RuleMeta

__all__ = ["RULES", "SwallowedException", "WritesOutsideTransaction"]

# Narrow errors that a loop skips by design: lookups, probes, polling and optional imports.
_EXPECTED_SKIPS: Final = frozenset(
    {
        "KeyError", "IndexError", "LookupError", "AttributeError", "StopIteration",
        "StopAsyncIteration", "ImportError", "ModuleNotFoundError", "NameError",
        "NotImplementedError", "FileNotFoundError", "NotADirectoryError", "IsADirectoryError",
        "FileExistsError", "Empty", "Full", "TimeoutError", "timeout", "BlockingIOError",
        "InterruptedError", "ProcessLookupError", "ChildProcessError", "GeneratorExit",
        "KeyboardInterrupt", "SkipTest", "NoSuchElementException", "DoesNotExist",
        "ObjectDoesNotExist", "NoResultFound",
    }
)  # fmt: skip
# Narrow errors of parsing one value: a skipped bad line is often the intent (low confidence).
_FILESYSTEM_ERRORS: Final = frozenset({"OSError", "IOError", "PermissionError", "error"})
_PARSE_ERRORS: Final = frozenset(
    {
        "ValueError",
        "TypeError",
        "UnicodeError",
        "UnicodeDecodeError",
        "JSONDecodeError",
        "Error",
        "OverflowError",
    }
)
_SWALLOW_REMEDY: Final = (
    "Catch the narrowest exception you expect; log it with context (logger.exception) and "
    "re-raise, or return an explicit error the caller has to handle."
)
_SKIP_REMEDY: Final = (
    "Log the skipped item with the error (logger.warning(..., exc_info=True)) and count it, "
    "so that a run that drops items is visible in logs and metrics."
)
_PHRASES: Final = {
    "pass": "does nothing with it",
    "continue": "moves on to the next iteration",
    "return None": "returns None",
    "return": "returns a fallback value",
    "assign": "sets a fallback value",
    "print": "only prints it",
    "break": "stops the loop",
    "other": "carries on",
}


def _header(handler: ast.ExceptHandler) -> str:
    if handler.type is None:
        return "except:"
    text = ast.unparse(handler.type)
    return f"except {text if len(text) <= 50 else text[:47] + '...'}:"


def _loop_target(loop: ast.AST | None) -> str:
    if isinstance(loop, ast.For | ast.AsyncFor):
        return dotted_name(loop.target) or ast.unparse(loop.target)
    return "item"


class SwallowedException(Rule):
    """Broad ``except`` handlers that drop the error, and loops that skip items silently.

    ## What it does
    Flags an ``except`` handler that catches broadly (bare ``except:``, ``Exception``,
    ``BaseException``, or a tuple holding one) and then neither logs, re-raises, exits,
    passes the exception on, returns an error (an error response, a 4xx/5xx status, a
    value naming the exception) nor records it (``errors.append(e)``, ``self._error = e``,
    ``failed += 1``). It also flags ``with contextlib.suppress(Exception):``, and any
    handler, however narrow, that ``continue``s a loop over items without logging or
    counting the skipped item.

    ## Why is this bad?
    The failure still happens; only the evidence is gone. A payment that was not taken,
    an e-mail that was not sent or a row that was not imported looks exactly like
    success, and the first report comes from a customer. Broad handlers also catch
    programming errors (``NameError``, ``TypeError``) and hide bugs for months. AI
    assistants write ``except Exception: pass`` or ``return None`` to make code "robust"
    and to keep generated examples from crashing, and wrap each loop item in a
    ``try``/``continue`` so one bad record does not stop the batch, with no trace of the
    records it dropped. Ruff's S110, SIM105 and BLE001 see ``try``/``except``/``pass`` and
    blind excepts; this rule also sees fallbacks, ``continue``, defaults and prints, and
    accepts a handler that reports the error.

    ## Example
    ```python
    def sync_orders(orders):
        for order in orders:
            try:
                push_to_erp(order)
            except requests.RequestException:
                continue


    def load_profile(user_id):
        try:
            return fetch_profile(user_id)
        except Exception:
            return None
    ```

    ## Use instead
    ```python
    def sync_orders(orders):
        failed = 0
        for order in orders:
            try:
                push_to_erp(order)
            except requests.RequestException:
                failed += 1
                logger.warning("order %s not pushed", order.id, exc_info=True)


    def load_profile(user_id):
        try:
            return fetch_profile(user_id)
        except ProfileServiceError:
            logger.exception("profile %s unavailable", user_id)
            raise
    ```

    ## Known problems
    Confidence is high for a broad handler whose body is only ``pass``, ``continue`` or
    ``return None``, and medium when the drop looks deliberate or partial: the handler
    falls back (returns or assigns a default, prints, sleeps), the ``try`` returns on
    success or has an ``else`` (the handler falls through to another way), the loop
    searches, the ``try`` calls nothing, or a comment in the handler explains it. Such
    fallbacks are common in the standard library. ``with suppress(Exception):`` is
    high, medium with a comment. A narrow handler that skips a loop item is medium, and
    low for value-parsing and file-system errors (``ValueError``, ``TypeError``,
    ``OSError``), where skipping a bad line or an unreadable file is often the intent.
    Not flagged: narrow handlers that do not ``continue``; lookups and probes that are
    expected to fail (``KeyError``, ``ImportError``, ``StopIteration``, ``queue.Empty``,
    ``FileNotFoundError`` …); narrow skips in loops that search (they ``return`` or
    ``break`` on success); best-effort cleanup (a ``try`` holding only imports or calls
    such as ``close()``, ``unlink()``, ``kill()``); handlers inside another handler or a
    ``finally`` (error handling of error handling); handlers in ``__del__``,
    ``__repr__``, ``__str__``, which must not raise. A signal is recognised by name (a
    callee containing ``error``, ``exception``, ``fail``, ``warn``, ``exit``, ``log``,
    ``traceback``, ``flash``; a flag or list named ``errors``, ``failed``, ``ok``; a
    receiver named like a logger), so a helper named ``report_error`` counts as one even
    if it does nothing, and a handler that raises on only one branch counts as
    re-raising. ``print()`` to stdout is not a signal; to ``sys.stderr`` it is.

    ## References
    - https://docs.python.org/3/tutorial/errors.html#handling-exceptions
    - https://docs.python.org/3/library/logging.html#logging.Logger.exception
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="swallowed-exception",
        category="swallowed-error",
        summary="An except handler drops the error: no log, no re-raise, no error result.",
        confidence=Confidence.HIGH,
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        tries: list[ast.Try | ast.TryStar] = [*ctx.nodes(ast.Try), *ctx.nodes(ast.TryStar)]
        for owner in tries:
            for handler in owner.handlers:
                hit = self._broad(ctx, handler, owner) if is_broad(handler) else self._skip(ctx, handler, owner)
                if hit is not None:
                    yield hit
        if "suppress" in ctx.text:
            yield from self._suppressions(ctx)

    def _broad(self, ctx: FileContext, handler: ast.ExceptHandler, owner: ast.Try | ast.TryStar) -> Hit | None:
        verdict = handler_verdict(ctx, handler)
        if verdict.signalled or best_effort_body(owner.body) or in_error_path(ctx, handler):
            return None
        kinds = shape(handler.body)
        if verdict.printed and "print" not in kinds:
            kinds.append("print")
        pure = set(kinds) <= PURE_SWALLOW and not deliberate(ctx, handler, owner)
        what = " and ".join(_PHRASES[k] for k in kinds)
        if "continue" in kinds:
            target = _loop_target(enclosing_loop(ctx, handler))
            what = what.replace("the next iteration", f"the next `{target}`")
        return Hit(
            handler,
            f"`{_header(handler)}` swallows the error: the handler {what}, with no log, re-raise or error result",
            remedy=_SWALLOW_REMEDY,
            confidence=Confidence.HIGH if pure else Confidence.MEDIUM,
        )

    def _skip(self, ctx: FileContext, handler: ast.ExceptHandler, owner: ast.Try | ast.TryStar) -> Hit | None:
        """A narrow handler that ``continue``s a loop over items and leaves no trace."""
        if not has_continue(handler):
            return None
        names = exception_names(handler)
        if all(name in _EXPECTED_SKIPS for name in names) or not calls_something(owner.body):
            return None
        if handler_verdict(ctx, handler).signalled:
            return None
        loop = enclosing_loop(ctx, handler)
        if not isinstance(loop, ast.For | ast.AsyncFor) or is_search_loop(loop):
            return None
        low = all(name in _PARSE_ERRORS or name in _FILESYSTEM_ERRORS for name in names)
        return Hit(
            handler,
            f"`{_header(handler)}` skips the `{_loop_target(loop)}` silently: the handler "
            "continues the loop without logging or counting the failure",
            remedy=_SKIP_REMEDY,
            confidence=Confidence.LOW if low else Confidence.MEDIUM,
        )

    def _suppressions(self, ctx: FileContext) -> Iterator[Hit]:
        withs: list[ast.With | ast.AsyncWith] = [*ctx.nodes(ast.With), *ctx.nodes(ast.AsyncWith)]
        for node in withs:
            for item in node.items:
                expr = item.context_expr
                if not isinstance(expr, ast.Call) or "suppress" not in ast.unparse(expr.func):
                    continue
                if ctx.call_name(expr) != "contextlib.suppress":
                    continue
                broad = [dotted_name(a) for a in expr.args if dotted_name(a) in ("Exception", "BaseException")]
                if broad and not best_effort_body(node.body):
                    explained = has_comment(ctx, node.lineno - 1, node.lineno)
                    yield Hit(
                        node,
                        f"`suppress({broad[0]})` swallows every error in this block, with no log",
                        remedy=_SWALLOW_REMEDY,
                        confidence=Confidence.MEDIUM if explained else Confidence.HIGH,
                    )


class WritesOutsideTransaction(Rule):
    """One operation's writes split over several transactions, or around an external call.

    ## What it does
    Within one function, flags a second ``commit()`` on a session, connection or
    cursor (``session.commit()``, ``db.commit()``, ``await self.session.commit()``), a
    second ``with session.begin():`` / ``transaction.atomic()`` block that writes, and an
    external call (HTTP, payment or mail SDK, socket; see ``_external.py``, or a
    function in the same file that makes one) that runs after a commit and before a
    further write. Writes are ``session.add/add_all/delete/merge``, ``execute`` of
    ``INSERT``/``UPDATE``/``DELETE`` (string, f-string, variable or SQLAlchemy
    ``insert()``/``update()``/``delete()``), Django ``save()``/``delete()`` and
    ``objects.create/update/...`` (which commit on their own outside ``atomic``).

    ## Why is this bad?
    Each commit is a point of no return. If the process dies, the database times out,
    or the external call fails between two commits, the first half of the operation is
    saved and the second is not: an order without its items, a charge without an order,
    stock decremented for a payment that never happened. Retrying then duplicates the
    first half. AI assistants copy the tutorial shape ``add(); commit(); refresh()``
    for every step (to get an id back, a ``flush()`` would do) and put the payment or
    e-mail call in the middle of the write sequence, where it reads naturally.

    ## Example
    ```python
    def place_order(db: Session, cart):
        order = Order(user_id=cart.user_id, total=cart.total)
        db.add(order)
        db.commit()
        stripe.Charge.create(amount=cart.total, source=cart.token)
        for line in cart.lines:
            db.add(OrderLine(order_id=order.id, sku=line.sku))
        db.commit()
    ```

    ## Use instead
    ```python
    def place_order(db: Session, cart):
        charge = stripe.Charge.create(amount=cart.total, source=cart.token,
                                      idempotency_key=cart.id)
        with db.begin():
            order = Order(user_id=cart.user_id, total=cart.total, charge_id=charge.id)
            db.add(order)
            db.flush()  # order.id, same transaction
            db.add_all(OrderLine(order_id=order.id, sku=l.sku) for l in cart.lines)
    ```
    When the external effect must follow the commit, record it in an outbox table in
    the same transaction and let a worker perform it with retries.

    ## Known problems
    The order is the source order within one function; branches that exclude each
    other (``if``/``else``, ``try`` body and ``except``, ``match`` cases) and paths
    that ``return`` or ``raise`` are not combined. Writes and commits in ``except``
    handlers are compensation (mark failed, undo), not part of the operation, and are
    ignored, as are calls in lambdas. Loops are not unrolled: a loop that commits once
    per item or batch is one commit, so per-batch commits are not reported, even with
    an external call in the loop (each item is then its own unit). Two commits count
    as a split only on the same receiver (``db`` twice, not ``con1`` then ``con2``).
    Calls are followed one level into functions of the same file; a call into another
    module counts as external only by its name (``payments.charge()``,
    ``notify.send_webhook()``, ``send_order_email()``), with medium confidence.
    Django's ``ATOMIC_REQUESTS`` and transactions opened by a caller are not seen:
    ``save()`` calls in such a view are reported with medium confidence. A second
    commit with no recognised write between the two (attribute changes on tracked
    objects are not recognised) is medium confidence. Receivers are recognised by
    name (``session``, ``db``, ``conn``, ``cursor`` …); a commit on an object named
    otherwise is missed. Module-level code (scripts) is not analysed.

    ## References
    - https://docs.sqlalchemy.org/en/20/orm/session_transaction.html
    - https://docs.djangoproject.com/en/stable/topics/db/transactions/
    - https://microservices.io/patterns/data/transactional-outbox.html
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="writes-outside-transaction",
        category="state-inconsistency",
        summary="One operation's writes are split over several commits or around an external call.",
        confidence=Confidence.HIGH,
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        for function, events in function_events(ctx).items():
            yield from _split_hits(ctx, function, events)


_TX_REMEDY: Final = (
    "Make the writes one transaction (with session.begin(): / transaction.atomic(); flush() "
    "for ids) and call external services before it or after its commit, recording the "
    "intent (outbox) so that a failure can be retried or compensated."
)


_BEFORE: Final = {"commit": "commit", "block": "transaction", "autocommit": "auto-committed write"}
_AFTER: Final = {
    "commit": "commit",
    "block": "transaction",
    "autocommit": "write",
    "write": "write",
}


def _line(event: Event) -> int:
    return getattr(event.node, "lineno", 0)


def _split_hits(ctx: FileContext, fn: FunctionNode, events: list[Event]) -> Iterator[Hit]:
    external_lines: list[int] = []
    for i, call in enumerate(events):
        if call.kind != "external":
            continue
        before = next(
            (e for e in reversed(events[:i]) if e.kind in COMMITTING and sequential(ctx, fn, e.node, call.node)),
            None,
        )
        if before is None:
            continue
        after = next(
            (e for e in events[i + 1 :] if e.kind != "external" and sequential(ctx, fn, call.node, e.node)),
            None,
        )
        if after is None:
            continue
        external_lines.append(_line(call))
        via = f" (calls `{call.via}`)" if call.via else ""
        yield Hit(
            call.node,
            f"`{call.label}`{via} runs between the {_BEFORE[before.kind]} at line {_line(before)} "
            f"and the {_AFTER[after.kind]} at line {_line(after)} in `{fn.name}()`: if either "
            f"fails, what line {_line(before)} committed stays and the rest is lost",
            remedy=_TX_REMEDY,
            confidence=Confidence.MEDIUM if before.kind == "autocommit" or call.guessed else Confidence.HIGH,
        )
    explicit = [e for e in events if e.kind in ("commit", "block")]
    for k, current in enumerate(explicit[1:], start=1):
        previous = next(
            (
                e
                for e in reversed(explicit[:k])
                if e.receiver == current.receiver and sequential(ctx, fn, e.node, current.node)
            ),
            None,
        )
        if previous is None:
            continue
        first, second = _line(previous), _line(current)
        if any(first < line < second for line in external_lines):
            continue  # already reported at the external call between them
        between = any(e.kind in ("write", "autocommit") and first < _line(e) < second for e in events)
        sure = between or "block" in (previous.kind, current.kind)
        noun = "transaction block" if current.kind == "block" else "commit"
        yield Hit(
            current.node,
            f"second {noun} in `{fn.name}()` (first at line {first}): one operation split in two "
            f"transactions, so a failure between lines {first} and {second} leaves the first "
            "part saved without the rest",
            remedy=_TX_REMEDY,
            confidence=Confidence.HIGH if sure else Confidence.MEDIUM,
        )


RULES: tuple[Rule, ...] = (SwallowedException(), WritesOutsideTransaction())
