-- Indexes that let the order list sort by any of its columns through the keyset (value, id), with and
-- without the shop-status filter the list opens with. Like 001_shop_indexes.sql: applied automatically
-- only in a database the console created; elsewhere by `haierctl db add-indexes`.
CREATE INDEX IF NOT EXISTS console_ix_order_status_created ON orders_order(status, created_at, id);
CREATE INDEX IF NOT EXISTS console_ix_order_total ON orders_order(total_amount, id);
CREATE INDEX IF NOT EXISTS console_ix_order_status_total ON orders_order(status, total_amount, id);
CREATE INDEX IF NOT EXISTS console_ix_order_status_name ON orders_order(status, snapshot_contact_name, id);
CREATE INDEX IF NOT EXISTS console_ix_order_haier_status ON orders_order(haier_status, id);
CREATE INDEX IF NOT EXISTS console_ix_order_status_haier ON orders_order(status, haier_status, id);
CREATE INDEX IF NOT EXISTS console_ix_order_status_so_id ON orders_order(status, haier_so_id, id);
