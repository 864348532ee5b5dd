-- Indexes the console's search and paging need on the shop's tables. Applied automatically only in a
-- database the console created; elsewhere by `haierctl db add-indexes` (an explicit admin decision).
CREATE INDEX IF NOT EXISTS console_ix_order_status_id ON orders_order(status, id);
CREATE INDEX IF NOT EXISTS console_ix_order_created ON orders_order(created_at, id);
CREATE INDEX IF NOT EXISTS console_ix_order_phone ON orders_order(snapshot_phone);
CREATE INDEX IF NOT EXISTS console_ix_order_phone_last4 ON orders_order({LAST4});
CREATE INDEX IF NOT EXISTS console_ix_order_name ON orders_order(snapshot_contact_name {PATTERN_OPS});
CREATE INDEX IF NOT EXISTS console_ix_order_so_id ON orders_order(haier_so_id);
CREATE INDEX IF NOT EXISTS console_ix_order_haier_no ON orders_order(haier_order_no);
