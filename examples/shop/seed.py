"""Create the tables and fill them with demo data."""
from shop.auth import hash_password
from shop.db import SessionLocal, engine
from shop.models import ApiToken, Base, Order, OrderItem, Product, User

PRODUCTS = [
    ("Espresso beans 1kg", "Dark roast, whole beans", 19.99, 40, "coffee"),
    ("Filter coffee 500g", "Medium roast, ground", 9.99, 60, "coffee"),
    ("Green tea 100 bags", "Sencha", 6.49, 80, "tea"),
    ("Ceramic mug", "350 ml, white", 8.90, 120, "kitchen"),
    ("Pour-over dripper", "Size 02", 24.00, 15, "kitchen"),
    ("Paper filters x100", "Size 02", 4.10, 200, "kitchen"),
    ("Burr grinder", "Manual, steel burrs", 59.95, 8, "kitchen"),
    ("Milk frother", "Battery powered", 12.30, 25, "kitchen"),
    ("Chai spice mix", "Loose, 250 g", 7.70, 30, "tea"),
    ("Gift card", "Any amount", 25.00, 1000, "gifts"),
    ("Last espresso cup", "Only one left", 15.00, 1, "kitchen"),
]


def seed():
    Base.metadata.create_all(bind=engine)
    db = SessionLocal()
    if db.query(User).count() > 0:
        print("Database already seeded")
        return

    admin = User(email="admin@myshop.example", name="Alice Admin",
                 password_hash=hash_password("admin123"), role="admin")
    customer = User(email="bob@example.com", name="Bob Buyer",
                    password_hash=hash_password("password"), role="customer")
    db.add_all([admin, customer])
    db.flush()
    db.add_all([
        ApiToken(user_id=admin.id, token="test-token"),
        ApiToken(user_id=customer.id, token="customer-token"),
    ])

    products = [Product(name=n, description=d, price=p, stock=s, category=c)
                for n, d, p, s, c in PRODUCTS]
    db.add_all(products)
    db.flush()

    for i in range(5):
        for user in (admin, customer):
            order = Order(user_id=user.id, status="paid", payment_id=f"ch_seed_{user.id}_{i}")
            first, second = products[i], products[i + 3]
            order.items = [
                OrderItem(product_id=first.id, quantity=1, unit_price=first.price),
                OrderItem(product_id=second.id, quantity=2, unit_price=second.price),
            ]
            order.total = round(first.price + 2 * second.price, 2)
            db.add(order)
    db.commit()
    db.close()
    print(f"Seeded {len(products)} products, 2 users, 10 orders")


if __name__ == "__main__":
    seed()
