-- Schema version 10. A callback may name an earlier soId of an order (PlatformOrderNo echoing the soId
-- of a push before a re-push). Earlier soIds live only on the attempts; this finds them without a scan.
CREATE INDEX IF NOT EXISTS console_ix_attempts_so_id ON console_push_attempts(so_id);
-- Refused callbacks are kept up to a number (the oldest deleted first): find them without a scan.
CREATE INDEX IF NOT EXISTS console_ix_callbacks_refused ON console_callbacks(id) WHERE valid = {FALSE};
