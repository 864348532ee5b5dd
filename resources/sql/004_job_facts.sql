-- Schema version 4: what the one transition function needs beyond a job's state (domain.md "Push
-- lifecycle"), what last changed a job (separate from its result kind), and push numbers: a staff retry
-- or a new soId starts a new push with a fresh retry budget, and every attempt names the push it was in.
ALTER TABLE console_push_jobs ADD COLUMN state_before_cancel VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE console_push_jobs ADD COLUMN state_before_resolved VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE console_push_jobs ADD COLUMN last_change VARCHAR(60) NOT NULL DEFAULT '';
ALTER TABLE console_push_jobs ADD COLUMN push_no INTEGER NOT NULL DEFAULT 1;
ALTER TABLE console_push_jobs ADD COLUMN push_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE console_push_attempts ADD COLUMN push_no INTEGER NOT NULL DEFAULT 1;
ALTER TABLE console_push_attempts ADD COLUMN outcome VARCHAR(60) NOT NULL DEFAULT '';
-- Older rows kept what changed the job in last_kind ('callback', 'cancel', 'resolved'): move it to
-- last_change, and give last_kind back the last attempt's result kind.
UPDATE console_push_jobs SET last_change = last_kind,
    last_kind = COALESCE((SELECT a.kind FROM console_push_attempts a WHERE a.job_id = console_push_jobs.id
                          ORDER BY a.attempt_no DESC, a.id DESC LIMIT 1), '')
    WHERE last_kind IN ('callback', 'cancel', 'resolved');
UPDATE console_push_jobs SET last_change = 'answer' WHERE last_change = '' AND last_kind <> '';
UPDATE console_push_jobs SET push_attempts = attempt_count;
UPDATE console_push_attempts SET outcome = 'answer' WHERE finished_at > 0
