-- The shop's Django tables (domain.md), created only in a database the console creates itself.
-- Columns the console does not use are absent; everything but the keys has a default so that a row
-- with only the listed columns can be inserted.
CREATE TABLE catalog_product (
    id {PK},
    name VARCHAR(200) NOT NULL DEFAULT '',
    product_code VARCHAR(100) NULL UNIQUE,
    source VARCHAR(20) NOT NULL DEFAULT '',
    price {DEC} NULL,
    market_price {DEC} NULL
);
CREATE TABLE orders_order (
    id {PK},
    order_number VARCHAR(100) NOT NULL UNIQUE,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    quantity INTEGER NOT NULL DEFAULT 1,
    total_amount {DEC} NOT NULL DEFAULT 0,
    discount_amount {DEC} NULL DEFAULT 0,
    actual_amount {DEC} NULL DEFAULT 0,
    created_at {TS} NOT NULL,
    snapshot_contact_name VARCHAR(100) NOT NULL DEFAULT '',
    snapshot_phone VARCHAR(20) NOT NULL DEFAULT '',
    snapshot_province VARCHAR(50) NOT NULL DEFAULT '',
    snapshot_city VARCHAR(50) NOT NULL DEFAULT '',
    snapshot_district VARCHAR(50) NOT NULL DEFAULT '',
    snapshot_town VARCHAR(50) NOT NULL DEFAULT '',
    snapshot_address TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    distribution_time {TS} NULL,
    install_time {TS} NULL,
    is_delivery_install {BOOL} NOT NULL DEFAULT {FALSE},
    is_government_order {BOOL} NOT NULL DEFAULT {FALSE},
    product_id BIGINT NULL REFERENCES catalog_product(id),
    haier_so_id VARCHAR(100) NULL,
    haier_order_no VARCHAR(100) NOT NULL DEFAULT '',
    haier_status VARCHAR(20) NOT NULL DEFAULT '',
    haier_fail_msg TEXT NOT NULL DEFAULT '',
    logistics_no VARCHAR(100) NOT NULL DEFAULT '',
    delivery_record_code VARCHAR(100) NOT NULL DEFAULT '',
    sn_code VARCHAR(100) NOT NULL DEFAULT '',
    updated_at {TS} NULL
);
CREATE TABLE orders_orderitem (
    id {PK},
    order_id BIGINT NOT NULL REFERENCES orders_order(id) ON DELETE CASCADE,
    product_id BIGINT NULL REFERENCES catalog_product(id),
    sku_code VARCHAR(100) NOT NULL DEFAULT '',
    product_name VARCHAR(200) NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 1,
    unit_price {DEC} NOT NULL DEFAULT 0,
    discount_amount {DEC} NOT NULL DEFAULT 0,
    actual_amount {DEC} NOT NULL DEFAULT 0,
    receive_qty INTEGER NOT NULL DEFAULT 0,
    return_qty INTEGER NOT NULL DEFAULT 0,
    reject_qty INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX orders_orderitem_order_id ON orders_orderitem(order_id);
