-- The console's own tables. Times are epoch milliseconds (UTC) so both dialects compare them alike.
CREATE TABLE console_meta (
    key VARCHAR(100) PRIMARY KEY,
    value TEXT NOT NULL DEFAULT ''
);
CREATE TABLE console_profiles (
    id {PK},
    name VARCHAR(100) NOT NULL UNIQUE,
    kind VARCHAR(20) NOT NULL,
    config TEXT NOT NULL,
    active {BOOL} NOT NULL DEFAULT {FALSE},
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE console_push_jobs (
    id {PK},
    order_id BIGINT NOT NULL,
    order_number VARCHAR(100) NOT NULL,
    profile VARCHAR(100) NOT NULL,
    so_id VARCHAR(120) NOT NULL,
    so_seq INTEGER NOT NULL DEFAULT 1,
    state VARCHAR(20) NOT NULL,
    last_kind VARCHAR(30) NOT NULL DEFAULT '',
    last_message TEXT NOT NULL DEFAULT '',
    last_http_status INTEGER NOT NULL DEFAULT 0,
    attempt_count INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    holder VARCHAR(200) NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    operator VARCHAR(100) NOT NULL DEFAULT '',
    haier_order_no VARCHAR(100) NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    accepted_at BIGINT NOT NULL DEFAULT 0,
    UNIQUE (profile, order_id)
);
CREATE INDEX console_ix_jobs_state ON console_push_jobs(state, next_attempt_at);
CREATE INDEX console_ix_jobs_order_number ON console_push_jobs(order_number);
CREATE INDEX console_ix_jobs_so_id ON console_push_jobs(so_id);
CREATE TABLE console_push_attempts (
    id {PK},
    job_id BIGINT NOT NULL REFERENCES console_push_jobs(id) ON DELETE CASCADE,
    attempt_no INTEGER NOT NULL,
    so_id VARCHAR(120) NOT NULL,
    profile VARCHAR(100) NOT NULL,
    operator VARCHAR(100) NOT NULL DEFAULT '',
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL DEFAULT 0,
    http_status INTEGER NOT NULL DEFAULT 0,
    latency_ms BIGINT NOT NULL DEFAULT 0,
    kind VARCHAR(30) NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    request_body TEXT NOT NULL DEFAULT '',
    response_body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_ix_attempts_job ON console_push_attempts(job_id, attempt_no);
CREATE TABLE console_callbacks (
    id {PK},
    received_at BIGINT NOT NULL,
    profile VARCHAR(100) NOT NULL DEFAULT '',
    peer VARCHAR(100) NOT NULL DEFAULT '',
    method VARCHAR(100) NOT NULL DEFAULT '',
    app_key VARCHAR(100) NOT NULL DEFAULT '',
    time_stamp VARCHAR(20) NOT NULL DEFAULT '',
    platform_order_no VARCHAR(120) NOT NULL DEFAULT '',
    ext_order_no VARCHAR(120) NOT NULL DEFAULT '',
    state VARCHAR(10) NOT NULL DEFAULT '',
    fail_msg TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '',
    dedupe_key VARCHAR(64) NOT NULL DEFAULT '',
    valid {BOOL} NOT NULL DEFAULT {FALSE},
    outcome VARCHAR(30) NOT NULL DEFAULT '',
    refusal_code VARCHAR(40) NOT NULL DEFAULT '',
    refusal_reason TEXT NOT NULL DEFAULT '',
    order_id BIGINT NULL,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    raw_body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_ix_callbacks_received ON console_callbacks(received_at);
CREATE INDEX console_ix_callbacks_dedupe ON console_callbacks(dedupe_key);
CREATE INDEX console_ix_callbacks_platform_no ON console_callbacks(platform_order_no);
CREATE TABLE console_sync_log (
    id {PK},
    at BIGINT NOT NULL,
    profile VARCHAR(100) NOT NULL DEFAULT '',
    operation VARCHAR(60) NOT NULL DEFAULT '',
    order_number VARCHAR(100) NOT NULL DEFAULT '',
    http_status INTEGER NOT NULL DEFAULT 0,
    latency_ms BIGINT NOT NULL DEFAULT 0,
    kind VARCHAR(30) NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    request_body TEXT NOT NULL DEFAULT '',
    response_body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_ix_sync_log_at ON console_sync_log(at);
CREATE TABLE console_audit_log (
    id {PK},
    at BIGINT NOT NULL,
    operator VARCHAR(100) NOT NULL,
    action VARCHAR(40) NOT NULL,
    profile VARCHAR(100) NOT NULL DEFAULT '',
    order_number VARCHAR(100) NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_ix_audit_at ON console_audit_log(at);
