-- Schema version 8: a refused callback keeps the Sign it came with, so that it can be verified again
-- (replayed) once the profile's AppKey or secret is put right. The stored raw body has its Sign masked
-- (it is shown to staff); this column is read only by the replay and never shown.
ALTER TABLE console_callbacks ADD COLUMN replay_sign VARCHAR(64) NOT NULL DEFAULT '';
