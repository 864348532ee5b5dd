-- Schema version 6: the request budgets every process and desk of one API client shares (domain.md,
-- retry policy). One row per budget and wall-clock second counts the requests sent in that second;
-- rows older than a few minutes are removed by the processes as they go.
CREATE TABLE IF NOT EXISTS console_rate_slots (
    budget VARCHAR(80) NOT NULL,
    second BIGINT NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (budget, second)
);
-- A 429 or 503 answer pauses the whole budget (every desk) until this instant (epoch ms).
CREATE TABLE IF NOT EXISTS console_rate_pauses (
    budget VARCHAR(80) NOT NULL PRIMARY KEY,
    paused_until BIGINT NOT NULL
);
