"""Create the tables and fill them with demo data.

The admin's API token and the users' passwords come from the environment
(SEED_ADMIN_TOKEN, SEED_CUSTOMER_TOKEN, SEED_ADMIN_PASSWORD, SEED_CUSTOMER_PASSWORD);
when unset, random ones are generated and not shown.
"""
import logging
import os
import secrets
from decimal import Decimal

from sqlalchemy import func, select

from shop.auth import hash_password, token_digest
from shop.db import SessionLocal, engine
from shop.models import ApiToken, Base, Order, OrderItem, Product, User

log = logging.getLogger("seed")

PRODUCTS = [
    ("Espresso beans 1kg", "Dark roast, whole beans", "19.99", 40, "coffee"),
    ("Filter coffee 500g", "Medium roast, ground", "9.99", 60, "coffee"),
    ("Green tea 100 bags", "Sencha", "6.49", 80, "tea"),
    ("Ceramic mug", "350 ml, white", "8.90", 120, "kitchen"),
    ("Pour-over dripper", "Size 02", "24.00", 15, "kitchen"),
    ("Paper filters x100", "Size 02", "4.10", 200, "kitchen"),
    ("Burr grinder", "Manual, steel burrs", "59.95", 8, "kitchen"),
    ("Milk frother", "Battery powered", "12.30", 25, "kitchen"),
    ("Chai spice mix", "Loose, 250 g", "7.70", 30, "tea"),
    ("Gift card", "Any amount", "25.00", 1000, "gifts"),
    ("Last espresso cup", "Only one left", "15.00", 1, "kitchen"),
]


def _secret(name: str) -> str:
    return os.environ.get(name) or secrets.token_urlsafe(24)


def seed() -> None:
    Base.metadata.create_all(bind=engine)
    with SessionLocal.begin() as db:
        if db.scalar(select(func.count(User.id))):
            log.info("database already seeded")
            return
        admin = User(email="admin@myshop.example", name="Alice Admin",
                     password_hash=hash_password(_secret("SEED_ADMIN_PASSWORD")), role="admin")
        customer = User(email="bob@example.com", name="Bob Buyer",
                        password_hash=hash_password(_secret("SEED_CUSTOMER_PASSWORD")))
        db.add_all([admin, customer])
        db.flush()
        db.add_all([
            ApiToken(user_id=admin.id, token_hash=token_digest(_secret("SEED_ADMIN_TOKEN"))),
            ApiToken(user_id=customer.id, token_hash=token_digest(_secret("SEED_CUSTOMER_TOKEN"))),
        ])
        products = [Product(name=n, description=d, price=Decimal(p), stock=s, category=c)
                    for n, d, p, s, c in PRODUCTS]
        db.add_all(products)
        db.flush()
        for i in range(5):
            for user in (admin, customer):
                first, second = products[i], products[i + 3]
                items = [OrderItem(product_id=first.id, quantity=1, unit_price=first.price),
                         OrderItem(product_id=second.id, quantity=2, unit_price=second.price)]
                db.add(Order(user_id=user.id, status="paid", payment_id=f"ch_seed_{user.id}_{i}",
                             idempotency_key=f"seed-{user.id}-{i}", items=items,
                             total=first.price + 2 * second.price))
    log.info("seeded %d products, 2 users, 10 orders", len(PRODUCTS))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    seed()
