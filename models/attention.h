#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

class Clock;
class Database;

// What needs staff's attention and came up since a moment: pushes that ended in a problem (failed,
// rejected, out of stock), accepted orders whose confirmation became overdue, refused callbacks.
struct AttentionCounts
{
    int failures = 0;
    int overdue = 0;
    int refusedCallbacks = 0;

    bool any() const { return failures > 0 || overdue > 0 || refusedCallbacks > 0; }
    bool operator==(const AttentionCounts &o) const
    {
        return failures == o.failures && overdue == o.overdue && refusedCallbacks == o.refusedCallbacks;
    }

    // Counted in `db` for `profile` between `sinceMs` and `nowMs`; nullopt with *error when it failed.
    static std::optional<AttentionCounts> since(Database &db, const QString &profile, int overdueMinutes, qint64 sinceMs,
                                                qint64 nowMs, QString *error);
};

// Decides when to tell staff who are not looking (the window minimised or hidden) about news: counts
// since they last looked, compared with what was already announced, so each news is told once.
class AttentionTracker final
{
public:
    explicit AttentionTracker(const Clock &clock);

    // Staff are looking (the window is shown): everything up to now is seen.
    void markSeen();
    // The moment counts are taken from (when staff last looked).
    qint64 seenMs() const { return m_seenMs; }
    // `sinceSeen`: the counts since seenMs(). What to announce (all counts since staff last looked),
    // or nullopt when nothing grew since the last announcement.
    std::optional<AttentionCounts> news(const AttentionCounts &sinceSeen);

private:
    const Clock &m_clock;
    qint64 m_seenMs;
    AttentionCounts m_announced;
};
