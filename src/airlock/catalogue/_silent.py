"""Silent family: nothing errors, nobody is told, and the data is quietly wrong."""

from __future__ import annotations

from airlock.catalogue._category import Category, Family
from airlock.model import Severity

SILENT: tuple[Category, ...] = (
    Category(
        id="swallowed-error",
        family=Family.SILENT,
        title="Error caught and dropped",
        summary="An error is dropped without a log or signal, and its step is skipped silently.",
        why_ai=(
            "`except Exception: pass` makes a failing demo run, and assistants asked to 'fix "
            "the crash' often do exactly that. Broad `try`/`except` around whole blocks is "
            "common in the scripts they learned from, where losing one record did not matter."
        ),
        in_production=(
            "A failed ledger write, email or webhook disappears: the request returns 200, no "
            "log line exists, and the data stays wrong until a customer notices weeks later. "
            "The broad `except` also hides real bugs, such as a `TypeError` or a misspelt "
            "attribute, that the first deploy would otherwise have exposed."
        ),
        fix=(
            "Catch only the exceptions you can handle, and either handle them (retry, "
            "fallback, compensate) or log them with `logger.exception` and re-raise; never "
            "wrap a business step in a bare `except:` or `except Exception: pass`."
        ),
        example="""\
def close_month(invoices: list[Invoice]) -> None:
    for invoice in invoices:
        try:
            post_to_ledger(invoice)
            invoice.status = "posted"
        except Exception:
            pass  # the invoice silently stays unposted
""",
        use_instead="""\
def close_month(invoices: list[Invoice]) -> None:
    for invoice in invoices:
        try:
            post_to_ledger(invoice)
        except LedgerUnavailable:
            logger.exception("ledger post failed for invoice %s", invoice.id)
            raise  # the month stays open; the job retries and alerts
        invoice.status = "posted"
""",
        default_severity=Severity.HIGH,
        references=(
            "https://docs.python.org/3/library/logging.html#logging.Logger.exception",
            "https://docs.astral.sh/ruff/rules/try-except-pass/",
            "https://docs.astral.sh/ruff/rules/blind-except/",
        ),
    ),
    Category(
        id="state-inconsistency",
        family=Family.SILENT,
        title="Multi-step write without a transaction",
        summary=(
            "Multi-step writes run outside one transaction and leave partial updates, or a "
            "cache drifts from the store it mirrors."
        ),
        why_ai=(
            "Assistants write each step as its own statement, often with a `commit()` after "
            "each because tutorials commit after every change. A failure between two steps "
            "never happens in a demo, and the cache that must be invalidated lives in code the "
            "assistant did not see."
        ),
        in_production=(
            "A transfer debits one account, the process dies before the credit, and the money "
            "is gone; an order is marked paid but its stock was never reserved. A cache "
            "updated before a write that then fails, or never invalidated, keeps serving the "
            "old value, so parts of the system disagree for hours."
        ),
        fix=(
            "Run each business operation in one transaction (`with session.begin():`, "
            "`transaction.atomic()`), update or invalidate caches only after the commit "
            "succeeds, and use an outbox table or compensating steps for effects outside the "
            "database."
        ),
        example="""\
def transfer(db: Session, src_id: int, dst_id: int, amount: Decimal) -> None:
    src, dst = db.get(Account, src_id), db.get(Account, dst_id)
    src.balance -= amount
    db.commit()
    cache.set(f"balance:{src_id}", src.balance)
    dst.balance += amount  # a crash or error here loses the money
    db.commit()
""",
        use_instead="""\
def transfer(db: Session, src_id: int, dst_id: int, amount: Decimal) -> None:
    with db.begin():  # both rows change, or neither does
        src = db.get(Account, src_id, with_for_update=True)
        dst = db.get(Account, dst_id, with_for_update=True)
        src.balance -= amount
        dst.balance += amount
    cache.delete_many([f"balance:{src_id}", f"balance:{dst_id}"])  # after the commit
""",
        default_severity=Severity.HIGH,
        references=(
            "https://docs.sqlalchemy.org/en/20/orm/session_transaction.html",
            "https://docs.djangoproject.com/en/stable/topics/db/transactions/",
        ),
    ),
    Category(
        id="numeric-edge",
        family=Family.SILENT,
        title="Plausible but wrong numbers",
        summary=(
            "A calculation returns a plausible but wrong number: money in floats, naive "
            "datetimes, lossy division or rounding."
        ),
        why_ai=(
            "`float` is the default number in Python examples and `datetime.now()` the default "
            "timestamp, so assistants use them for money and for events across time zones. The "
            "results are right for the inputs in the prompt; the errors appear only for "
            "particular values, time zones or DST changes that no test covered."
        ),
        in_production=(
            "`0.1 + 0.2 != 0.3`: invoice totals drift by a cent from the payment provider and "
            "reconciliation fails. Naive local timestamps shift by hours between servers and "
            "at DST changes, so subscriptions renew early or reports count an hour twice; "
            "`//` and `round()` (which rounds half to even) silently drop or move amounts."
        ),
        fix=(
            "Represent money as `Decimal` or integer minor units and quantise with an explicit "
            "rounding mode, store and compare timezone-aware UTC datetimes "
            "(`datetime.now(timezone.utc)`), and make every division and rounding say where "
            "the remainder goes."
        ),
        example="""\
def invoice_total(lines: list[tuple[float, int]], vat_rate: float) -> float:
    subtotal = sum(price * qty for price, qty in lines)
    return round(subtotal * (1 + vat_rate), 2)

def is_expired(created_at: datetime) -> bool:
    return datetime.now() - created_at > timedelta(days=30)  # server-local, naive
""",
        use_instead="""\
CENT = Decimal("0.01")

def invoice_total(lines: list[tuple[Decimal, int]], vat_rate: Decimal) -> Decimal:
    subtotal = sum((price * qty for price, qty in lines), Decimal(0))
    return (subtotal * (1 + vat_rate)).quantize(CENT, rounding=ROUND_HALF_UP)

def is_expired(created_at: datetime) -> bool:  # created_at is aware, in UTC
    return datetime.now(timezone.utc) - created_at > timedelta(days=30)
""",
        default_severity=Severity.HIGH,
        references=(
            "https://docs.python.org/3/library/decimal.html",
            "https://docs.python.org/3/tutorial/floatingpoint.html",
            "https://docs.python.org/3/library/datetime.html#aware-and-naive-objects",
        ),
    ),
)
