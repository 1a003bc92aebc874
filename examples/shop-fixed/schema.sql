-- Schema of the shop database (SQLite / PostgreSQL). The app creates it with
-- SQLAlchemy's create_all; this file documents it, indexes included, for the DBA.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    name VARCHAR(100),
    password_hash VARCHAR(200) NOT NULL,
    role VARCHAR(20) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    token_hash VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_api_tokens_user_id ON api_tokens (user_id);
CREATE UNIQUE INDEX ix_api_tokens_token_hash ON api_tokens (token_hash);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    search_name VARCHAR(200) NOT NULL,  -- casefolded name, for prefix search
    description TEXT,
    price NUMERIC(10, 2) NOT NULL,
    stock INTEGER NOT NULL,
    category VARCHAR(50),
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_products_stock_nonnegative CHECK (stock >= 0),
    CONSTRAINT ck_products_price_nonnegative CHECK (price >= 0)
);
CREATE INDEX ix_products_category ON products (category);
CREATE INDEX ix_products_active_id ON products (active, id);
CREATE INDEX ix_products_active_search ON products (active, search_name);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    status VARCHAR(20) NOT NULL,
    total NUMERIC(10, 2) NOT NULL,
    payment_id VARCHAR(64),
    idempotency_key VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_orders_idempotency UNIQUE (user_id, idempotency_key)
);
CREATE INDEX ix_orders_user_id ON orders (user_id);
CREATE INDEX ix_orders_status ON orders (status);
CREATE INDEX ix_orders_created_at ON orders (created_at);
CREATE INDEX ix_orders_user_created ON orders (user_id, created_at);

CREATE TABLE order_items (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL,
    unit_price NUMERIC(10, 2) NOT NULL,
    CONSTRAINT ck_order_items_quantity_positive CHECK (quantity > 0)
);
CREATE INDEX ix_order_items_order_id ON order_items (order_id);
CREATE INDEX ix_order_items_product_id ON order_items (product_id);
