-- Schema of the shop database (SQLite / PostgreSQL). The app creates it with
-- SQLAlchemy's create_all; this file documents it for the DBA.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    name VARCHAR(100),
    password_hash VARCHAR(64) NOT NULL,
    role VARCHAR(20),
    created_at TIMESTAMP
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users (id),
    token VARCHAR(64) NOT NULL,
    created_at TIMESTAMP
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    description TEXT,
    price FLOAT NOT NULL,
    stock INTEGER,
    category VARCHAR(50),
    created_at TIMESTAMP
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users (id),
    status VARCHAR(20),
    total FLOAT,
    payment_id VARCHAR(64),
    created_at TIMESTAMP
);

CREATE TABLE order_items (
    id INTEGER PRIMARY KEY,
    order_id INTEGER REFERENCES orders (id),
    product_id INTEGER REFERENCES products (id),
    quantity INTEGER NOT NULL,
    unit_price FLOAT NOT NULL
);

CREATE INDEX ix_products_category ON products (category);
