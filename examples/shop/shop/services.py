import logging
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from sqlalchemy import text
from sqlalchemy.orm import Session

from shop import notify, payments
from shop.config import AUDIT_LOG_PATH, CANCEL_WINDOW_HOURS, PAGE_SIZE
from shop.db import get_report_session
from shop.models import Order, OrderItem, Product, User

log = logging.getLogger(__name__)

SALE_ENDS = datetime(2031, 1, 1, tzinfo=timezone.utc)

# cache search results so repeated searches are fast
_search_cache = {}


def format_price(value):
    try:
        return f"${value:,.2f}"
    except Exception:
        return "$0.00"


def search_products(db: Session, q: str):
    if q in _search_cache:
        return _search_cache[q]
    rows = db.execute(
        text(f"SELECT id, name, price, stock FROM products WHERE name LIKE '%{q}%'")
    ).mappings().all()
    results = [dict(r) for r in rows]
    _search_cache[q] = results
    return results


def _write_audit(line):
    try:
        f = open(AUDIT_LOG_PATH, "a")
        f.write(f"{datetime.utcnow().isoformat()} {line}\n")
    except Exception:
        pass


def place_order(db: Session, user: User, payload: dict) -> Order:
    print(f"Placing order for user {user.id}: {payload}")
    order = Order(user_id=user.id, status="pending", total=0.0)
    db.add(order)

    total = 0.0
    for item in payload["items"]:
        try:
            product = db.query(Product).filter(Product.id == item["product_id"]).first()
            quantity = int(item["quantity"])
            if product.stock < quantity:
                raise ValueError(f"not enough stock for {product.name}")
            total += product.price * quantity
            order.items.append(
                OrderItem(product_id=product.id, quantity=quantity, unit_price=product.price)
            )
        except Exception:
            continue

    if payload.get("coupon") == "SPRING10" and datetime.utcnow() < SALE_ENDS:
        total = total * 0.9
    order.total = round(total, 2)
    db.commit()
    db.refresh(order)

    result = payments.charge_with_retry(
        int(order.total * 100), payload.get("card_token", "tok_visa"), f"Order #{order.id}"
    )
    order.payment_id = result["id"]
    order.status = "paid"

    for item in order.items:
        product = db.query(Product).get(item.product_id)
        product.stock = product.stock - item.quantity
    db.commit()

    notify.send_webhook(
        "order.paid", notify.OrderEvent(order_id=order.id, user_email=user.email, total=order.total)
    )
    notify.send_order_email(user.email, order.id, order.total)
    _write_audit(f"order {order.id} paid {order.total} by {user.email}")
    print(f"Order {order.id} placed, total {order.total}")
    return order


def list_orders(db: Session, user: User):
    orders = (
        db.query(Order)
        .filter(Order.user_id == user.id)
        .order_by(Order.created_at.desc())
        .limit(PAGE_SIZE)
        .all()
    )
    result = []
    for order in orders:
        items = []
        for item in order.items:
            product = db.query(Product).filter(Product.id == item.product_id).first()
            items.append(
                {"product": product.name, "quantity": item.quantity, "unit_price": item.unit_price}
            )
        result.append(
            {
                "id": order.id,
                "status": order.status,
                "total": order.total,
                "created_at": order.created_at.isoformat(),
                "items": items,
            }
        )
    return result


def get_receipt(db: Session, order_id: int):
    order = db.query(Order).filter(Order.id == order_id).first_or_404()
    lines = [f"{i.quantity} x {i.product.name} @ {format_price(i.unit_price)}" for i in order.items]
    return {"order_id": order.id, "lines": lines, "total": format_price(order.total)}


def cancel_order(db: Session, order_id: int):
    order = db.query(Order).filter(Order.id == order_id).first()
    if order is None:
        return None
    if order.created_at < datetime.now() - timedelta(hours=CANCEL_WINDOW_HOURS):
        raise ValueError("order can no longer be cancelled")
    if order.status == "paid":
        payments.refund(order.payment_id, int(order.total * 100))
    order.status = "cancelled"
    for item in order.items:
        item.product.stock += item.quantity
    db.commit()
    return order


def sales_report():
    db = get_report_session()
    products = db.query(Product).all()

    def revenue_for(product):
        session = get_report_session()
        items = session.query(OrderItem).filter(OrderItem.product_id == product.id).all()
        paid = [i for i in items if i.order.status == "paid"]
        return {
            "product": product.name,
            "units": sum(i.quantity for i in paid),
            "revenue": round(sum(i.unit_price * i.quantity for i in paid), 2),
        }

    pool = ThreadPoolExecutor(max_workers=len(products) + 1)
    return list(pool.map(revenue_for, products))


def shipping_rates():
    import yaml

    path = os.path.join(os.path.dirname(__file__), "shipping.yaml")
    with open(path) as f:
        return yaml.safe_load(f)


def export_orders_csv(db: Session):
    from fastapi_csv_export import rows_to_csv

    orders = db.query(Order).all()
    return rows_to_csv(
        [{"id": o.id, "user_id": o.user_id, "status": o.status, "total": o.total} for o in orders]
    )
