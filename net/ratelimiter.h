#pragma once

#include <QtGlobal>

#include <algorithm>

// Client-side token bucket (domain.md: 100 requests/s per profile, bursts up to the concurrency).
// Time comes from the caller (a monotonic clock) so tests need not sleep.
class RateLimiter final
{
public:
    RateLimiter(int perSecond, int burst) : m_perSecond(std::max(1, perSecond)), m_burst(std::max(1, burst)), m_tokens(m_burst) {}

    // 0 when a request may go now (and takes the token), else how long to wait before asking again.
    qint64 acquire(qint64 nowMs)
    {
        refill(nowMs);
        if (m_tokens >= 1.0) {
            m_tokens -= 1.0;
            return 0;
        }
        return std::max<qint64>(1, qint64((1.0 - m_tokens) * 1000.0 / m_perSecond + 0.999));
    }

private:
    void refill(qint64 nowMs)
    {
        if (m_last < 0)
            m_last = nowMs;
        m_tokens = std::min<double>(m_burst, m_tokens + double(nowMs - m_last) * m_perSecond / 1000.0);
        m_last = nowMs;
    }

    int m_perSecond;
    int m_burst;
    double m_tokens;
    qint64 m_last = -1;
};
