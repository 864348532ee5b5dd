-- Schema version 11. A callback finds its order's jobs by the order alone (of any profile, or of its
-- own): the unique (profile, order_id) index serves that only with the profile known when the statement
-- is planned, so without this a lookup scans the whole index.
CREATE INDEX IF NOT EXISTS console_ix_jobs_order ON console_push_jobs(order_id);
