#include "models/attention.h"

#include "models/clock.h"
#include "models/database.h"
#include "models/overdue.h"

#include <QSqlError>
#include <QSqlQuery>

std::optional<AttentionCounts> AttentionCounts::since(Database &db, const QString &profile, int overdueMinutes, qint64 sinceMs,
                                                      qint64 nowMs, QString *error)
{
    AttentionCounts counts;
    auto one = [&](const QString &sql, const QVariantList &values, int *target) {
        QSqlQuery q(db.sql());
        q.prepare(sql);
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec() || !q.next()) {
            if (error)
                *error = sqlErrorText(q.lastError());
            return false;
        }
        *target = q.value(0).toInt();
        return true;
    };
    if (!one(QStringLiteral("SELECT COUNT(*) FROM console_push_jobs WHERE profile = ? AND state IN ('failed', 'rejected', 'out_of_stock') "
                            "AND updated_at > ?"),
             {profile, sinceMs}, &counts.failures))
        return std::nullopt;
    // Refused callbacks may name no profile (the AppKey was not known).
    if (!one(QStringLiteral("SELECT COUNT(*) FROM console_callbacks WHERE outcome = 'refused' AND (profile = ? OR profile = '') "
                            "AND received_at > ?"),
             {profile, sinceMs}, &counts.refusedCallbacks))
        return std::nullopt;
    counts.overdue = Overdue::count(db, profile, overdueMinutes, nowMs, error, sinceMs);
    if (counts.overdue < 0)
        return std::nullopt;
    return counts;
}

AttentionTracker::AttentionTracker(const Clock &clock) : m_clock(clock), m_seenMs(clock.nowUtc().toMSecsSinceEpoch()) {}

void AttentionTracker::markSeen()
{
    m_seenMs = m_clock.nowUtc().toMSecsSinceEpoch();
    m_announced = AttentionCounts();
}

std::optional<AttentionCounts> AttentionTracker::news(const AttentionCounts &sinceSeen)
{
    const bool grew = sinceSeen.failures > m_announced.failures || sinceSeen.overdue > m_announced.overdue
        || sinceSeen.refusedCallbacks > m_announced.refusedCallbacks;
    // Counts may also shrink (a failure retried meanwhile): what was announced follows them down.
    m_announced = sinceSeen;
    if (!grew)
        return std::nullopt;
    return sinceSeen;
}
