#pragma once

#include "models/clock.h"
#include "net/ratelimiter.h"

#include <QtGlobal>

#include <algorithm>

// A request budget of one API client (domain.md: 100 requests/s per YLH client_id; the open platform
// has one of its own). Every call of the client asks it before going on the wire. Implementations:
// LocalRateBudget (this process only) and SharedRateBudget (every process using one database).
class RateBudget
{
public:
    virtual ~RateBudget() = default;
    // 0 when a request may go now (and it is counted), else how many ms to wait before asking again.
    virtual qint64 acquire() = 0;
    // YLH answered 429 or 503: nobody using this budget sends anything for `delayMs`.
    virtual void pause(qint64 delayMs) = 0;
};

// One process's budget: a token bucket, and a pause kept in memory.
class LocalRateBudget final : public RateBudget
{
public:
    LocalRateBudget(const Clock &clock, int perSecond, int burst) : m_clock(clock), m_bucket(perSecond, burst) {}

    qint64 acquire() override
    {
        const qint64 now = m_clock.monotonicMs();
        if (now < m_pausedUntil)
            return m_pausedUntil - now;
        return m_bucket.acquire(now);
    }
    void pause(qint64 delayMs) override { m_pausedUntil = std::max(m_pausedUntil, m_clock.monotonicMs() + std::max<qint64>(0, delayMs)); }

private:
    const Clock &m_clock;
    RateLimiter m_bucket;
    qint64 m_pausedUntil = 0;
};
