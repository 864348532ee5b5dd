-- Schema version 7: a refused callback keeps at most 4 KiB of its body (and the oldest refused bodies
-- are dropped when they exceed the receiver's total). body_truncated marks a row whose stored body is
-- not the whole request, so it cannot be verified again (replayed).
ALTER TABLE console_callbacks ADD COLUMN body_truncated {BOOL} NOT NULL DEFAULT {FALSE};
