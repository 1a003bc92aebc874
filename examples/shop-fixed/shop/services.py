"""Business logic: catalogue, orders, stock, refunds, reports.

Writes run in explicit transactions (``with SessionLocal.begin()``). An order is
placed in three steps: (1) one transaction reserves the stock with a conditional
UPDATE and inserts the order as ``pending``; (2) the card is charged outside any
transaction, with an idempotency key derived from the order; (3) one transaction
marks it ``paid``, or a declined charge releases the stock. A charge whose outcome
is unknown leaves the order ``pending``: replaying the request with the same
Idempotency-Key resumes it without a second charge.
"""
import csv
import io
import logging
import uuid
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from sqlalchemy import case, func, select, type_coerce, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from shop import notify, payments
from shop.config import settings
from shop.db import SessionLocal
from shop.models import Money, Order, OrderItem, Product, User, utcnow

log = logging.getLogger(__name__)
audit = logging.getLogger("shop.audit")

CENT = Decimal("0.01")
SHIPPING_FILE = Path(__file__).with_name("shipping.yaml")


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str, order_id: int | None = None):
        super().__init__(message)
        self.order_id = order_id


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class PaymentFailed(ServiceError):
    status = 402


class DependencyUnavailable(ServiceError):
    status = 503


def format_price(value: Decimal) -> str:
    return f"${value.quantize(CENT, ROUND_HALF_UP):,}"


def to_cents(amount: Decimal) -> int:
    return int(amount.quantize(CENT, ROUND_HALF_UP).scaleb(2))


# --- catalogue -----------------------------------------------------------------

def list_products(db: Session, after_id: int, limit: int) -> list[Product]:
    # keyset pagination: an index seek on (active, id) however deep the page
    stmt = (select(Product).where(Product.active.is_(True), Product.id > after_id)
            .order_by(Product.id).limit(limit))
    return list(db.scalars(stmt))


def search_products(db: Session, q: str, limit: int) -> list[Product]:
    # case-insensitive prefix match as a range over the indexed, casefolded name: an index
    # seek on every database (a LIKE prefix needs special collations to use an index)
    prefix = q.casefold()
    stmt = (select(Product)
            .where(Product.active.is_(True), Product.search_name >= prefix,
                   Product.search_name < prefix + "\U0010ffff")
            .order_by(Product.search_name).limit(limit))
    return list(db.scalars(stmt))


def get_product(db: Session, product_id: int) -> Product:
    product = db.get(Product, product_id)
    if product is None or not product.active:
        raise NotFound("product not found")
    return product


def create_product(name: str, description: str | None, price: Decimal, stock: int,
                   category: str | None) -> Product:
    with SessionLocal.begin() as db:
        product = Product(name=name, description=description, price=price, stock=stock,
                          category=category)
        db.add(product)
    audit.info("product %s created", product.id)
    return product


def deactivate_product(product_id: int, admin: User) -> None:
    # soft delete: past orders keep pointing at the product
    with SessionLocal.begin() as db:
        result = db.execute(update(Product)
                            .where(Product.id == product_id, Product.active.is_(True))
                            .values(active=False)
                            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise NotFound("product not found")
    audit.info("product %s deleted by user %s", product_id, admin.id)


# --- orders ----------------------------------------------------------------------

def place_order(user: User, lines: list[tuple[int, int]], card_token: str,
                idempotency_key: str | None) -> Order:
    order = _reserve(user.id, lines, idempotency_key or uuid.uuid4().hex)
    if order.status != "pending":
        return order  # a replay of a request that already finished
    return _pay(order, user, card_token)


def _find_by_key(db: Session, user_id: int, key: str) -> Order | None:
    return db.scalar(select(Order).options(selectinload(Order.items))
                     .where(Order.user_id == user_id, Order.idempotency_key == key))


def _reserve(user_id: int, lines: list[tuple[int, int]], key: str) -> Order:
    wanted: dict[int, int] = {}
    for product_id, quantity in lines:
        wanted[product_id] = wanted.get(product_id, 0) + quantity
    try:
        with SessionLocal.begin() as db:
            existing = _find_by_key(db, user_id, key)
            if existing is not None:
                return existing
            products = {p.id: p for p in db.scalars(
                select(Product).where(Product.id.in_(wanted), Product.active.is_(True)))}
            missing = sorted(set(wanted) - set(products))
            if missing:
                raise NotFound(f"unknown products: {missing}")
            # one atomic statement: every line is decremented, or none is
            quantity = case(wanted, value=Product.id)
            result = db.execute(update(Product)
                                .where(Product.id.in_(wanted), Product.active.is_(True),
                                       Product.stock >= quantity)
                                .values(stock=Product.stock - quantity)
                                .execution_options(synchronize_session=False))
            if result.rowcount != len(wanted):
                short = [p.name for pid, p in products.items() if p.stock < wanted[pid]]
                raise Conflict(f"not enough stock: {', '.join(short) or 'changed meanwhile'}")
            items = [OrderItem(product_id=pid, quantity=qty, unit_price=products[pid].price)
                     for pid, qty in sorted(wanted.items())]
            total = sum((i.unit_price * i.quantity for i in items), Decimal("0.00"))
            order = Order(user_id=user_id, status="pending", total=total.quantize(CENT),
                          idempotency_key=key, items=items)
            db.add(order)
    except IntegrityError:
        # the same Idempotency-Key raced us; the other request's order wins
        with SessionLocal() as db:
            existing = _find_by_key(db, user_id, key)
        if existing is None:
            raise
        return existing
    return order


def _pay(order: Order, user: User, card_token: str) -> Order:
    try:
        charge = payments.charge(to_cents(order.total), card_token, f"Order #{order.id}",
                                 idempotency_key=f"order-{order.id}-charge")
    except payments.PaymentDeclined as exc:
        log.warning("charge for order %s declined: %s", order.id, exc)
        _release_stock(order.id, from_status="pending", to_status="payment_failed")
        raise PaymentFailed("payment declined", order.id) from exc
    except payments.PaymentUnavailable as exc:
        if exc.outcome_unknown:
            # the charge may have gone through: keep the order and its stock; a replay with
            # the same Idempotency-Key resends the same charge key and settles it
            log.exception("charge for order %s has an unknown outcome; order kept pending", order.id)
            raise DependencyUnavailable("payment outcome unknown; retry with the same Idempotency-Key",
                                        order.id) from exc
        log.exception("charge for order %s failed; stock released", order.id)
        _release_stock(order.id, from_status="pending", to_status="payment_failed")
        raise DependencyUnavailable("payment provider unavailable; you were not charged",
                                    order.id) from exc
    with SessionLocal.begin() as db:
        db.execute(update(Order).where(Order.id == order.id, Order.status == "pending")
                   .values(status="paid", payment_id=charge["id"])
                   .execution_options(synchronize_session=False))
    order.status, order.payment_id = "paid", charge["id"]
    audit.info("order %s paid %s by user %s", order.id, order.total, user.id)
    event = notify.OrderEvent(order_id=order.id, user_email=user.email, total=order.total)
    notify.send_webhook("order.paid", event)
    notify.send_order_email(user.email, order.id, order.total)
    return order


def _release_stock(order_id: int, from_status: str, to_status: str) -> bool:
    """Move the order from one status to another and put its stock back, atomically."""
    with SessionLocal.begin() as db:
        moved = db.execute(update(Order)
                           .where(Order.id == order_id, Order.status == from_status)
                           .values(status=to_status)
                           .execution_options(synchronize_session=False))
        if moved.rowcount != 1:
            return False
        returned = (select(func.sum(OrderItem.quantity))
                    .where(OrderItem.order_id == order_id, OrderItem.product_id == Product.id)
                    .scalar_subquery())
        in_order = select(OrderItem.product_id).where(OrderItem.order_id == order_id)
        db.execute(update(Product).where(Product.id.in_(in_order))
                   .values(stock=Product.stock + returned)
                   .execution_options(synchronize_session=False))
    return True


def _order_dict(order: Order) -> dict:
    return {
        "id": order.id,
        "status": order.status,
        "total": order.total,
        "created_at": order.created_at.isoformat(),
        "items": [{"product": i.product.name, "quantity": i.quantity, "unit_price": i.unit_price}
                  for i in order.items],
    }


def _with_items():
    return selectinload(Order.items).selectinload(OrderItem.product)


def list_orders(db: Session, user: User, limit: int, offset: int) -> list[dict]:
    stmt = (select(Order).options(_with_items()).where(Order.user_id == user.id)
            .order_by(Order.created_at.desc(), Order.id.desc()).limit(limit).offset(offset))
    return [_order_dict(o) for o in db.scalars(stmt)]


def _owned_order(db: Session, user: User, order_id: int) -> Order:
    order = db.scalar(select(Order).options(_with_items()).where(Order.id == order_id))
    if order is None or (order.user_id != user.id and user.role != "admin"):
        raise NotFound("order not found")
    return order


def get_receipt(db: Session, user: User, order_id: int) -> dict:
    order = _owned_order(db, user, order_id)
    lines = [f"{i.quantity} x {i.product.name} @ {format_price(i.unit_price)}" for i in order.items]
    return {"order_id": order.id, "lines": lines, "total": format_price(order.total)}


def cancel_order(user: User, order_id: int) -> Order:
    with SessionLocal() as db:
        order = _owned_order(db, user, order_id)
    if order.status == "cancelled":
        return order
    if order.status != "paid":
        raise Conflict(f"an order in status {order.status!r} cannot be cancelled")
    if utcnow() - order.created_at > timedelta(hours=settings.cancel_window_hours):
        raise Conflict("order can no longer be cancelled")
    with SessionLocal.begin() as db:  # claim it, so two cancels cannot both refund
        claimed = db.execute(update(Order).where(Order.id == order_id, Order.status == "paid")
                             .values(status="refunding")
                             .execution_options(synchronize_session=False)).rowcount == 1
    if not claimed:
        raise Conflict("order is being changed; try again")
    try:
        payments.refund(order.payment_id, to_cents(order.total),
                        idempotency_key=f"order-{order.id}-refund")
    except payments.PaymentError as exc:
        log.exception("refund for order %s failed; order stays paid", order_id)
        with SessionLocal.begin() as db:
            db.execute(update(Order).where(Order.id == order_id, Order.status == "refunding")
                       .values(status="paid").execution_options(synchronize_session=False))
        raise DependencyUnavailable("refund failed; the order was not cancelled", order_id) from exc
    _release_stock(order_id, from_status="refunding", to_status="cancelled")
    audit.info("order %s cancelled and refunded by user %s", order_id, user.id)
    order.status = "cancelled"
    return order


def payment_methods() -> list[dict]:
    try:
        return payments.list_payment_methods()
    except payments.PaymentError:
        log.exception("payment methods unavailable; answering with the card-only default")
        return [{"type": "card"}]


# --- reports -----------------------------------------------------------------------

def sales_report(db: Session, limit: int) -> list[dict]:
    revenue = type_coerce(func.sum(OrderItem.quantity * OrderItem.unit_price), Money)
    stmt = (select(Product.name, func.sum(OrderItem.quantity), revenue)
            .join(OrderItem, OrderItem.product_id == Product.id)
            .join(Order, Order.id == OrderItem.order_id)
            .where(Order.status == "paid")
            .group_by(Product.id, Product.name)
            .order_by(revenue.desc())
            .limit(limit))
    return [{"product": name, "units": int(units), "revenue": amount.quantize(CENT)}
            for name, units, amount in db.execute(stmt)]


def export_orders_csv(db: Session, days: int, limit: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "user_id", "status", "total", "created_at"])
    stmt = (select(Order.id, Order.user_id, Order.status, Order.total, Order.created_at)
            .where(Order.created_at >= utcnow() - timedelta(days=days))
            .order_by(Order.created_at.desc()).limit(limit))
    for row in db.execute(stmt):
        writer.writerow([row.id, row.user_id, row.status, row.total, row.created_at.isoformat()])
    return out.getvalue()


def shipping_rates() -> dict:
    with SHIPPING_FILE.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    def money(value) -> Decimal:
        return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)

    return {
        "rates": {region: money(rate) for region, rate in data["rates"].items()},
        "free_over": money(data["free_over"]),
    }
