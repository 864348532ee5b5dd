#include "net/sharedratebudget.h"

#include "models/database.h"
#include "net/logging.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>

namespace {

// Seconds kept after they pass (a few minutes: enough to look at, never a growing table).
constexpr qint64 KeepSeconds = 300;

} // namespace

SharedRateBudget::SharedRateBudget(Database &db, const Clock &clock, const QString &key, int perSecond, int guardMs)
    : m_db(db)
    , m_clock(clock)
    , m_key(key)
    , m_perSecond(std::max(1, perSecond))
    , m_guardMs(std::clamp(guardMs, 0, 500))
    , m_fallback(clock, m_perSecond, m_perSecond)
{
}

QString SharedRateBudget::keyFor(const QString &api, const QString &clientId)
{
    return api + QLatin1Char(':')
        + QString::fromLatin1(QCryptographicHash::hash(clientId.toUtf8(), QCryptographicHash::Sha256).toHex().left(32));
}

qint64 SharedRateBudget::acquire()
{
    const qint64 now = m_clock.nowUtc().toMSecsSinceEpoch();
    const qint64 second = now / 1000;
    const qint64 intoSecond = now - second * 1000;
    if (intoSecond >= 1000 - m_guardMs)
        return 1000 - intoSecond; // too late in this second: wait for the next one
    if (second - m_lastCleanup >= 60)
        forgetOldSeconds(second);

    // One statement, atomic on both databases: count this request in the current second unless the
    // budget is paused or the second is full (then nothing is written and no row is affected).
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("INSERT INTO console_rate_slots (budget, second, used) SELECT ?, ?, 1 "
                             "WHERE NOT EXISTS (SELECT 1 FROM console_rate_pauses WHERE budget = ? AND paused_until > ?) "
                             "ON CONFLICT (budget, second) DO UPDATE SET used = console_rate_slots.used + 1 "
                             "WHERE console_rate_slots.used < ?"));
    q.addBindValue(m_key);
    q.addBindValue(second);
    q.addBindValue(m_key);
    q.addBindValue(now);
    q.addBindValue(m_perSecond);
    if (!q.exec()) {
        if (!m_failing)
            qCWarning(lcApi).noquote() << "the shared request budget cannot be read; this process keeps its own:"
                                       << sqlErrorText(q.lastError());
        m_failing = true;
        return m_fallback.acquire();
    }
    m_failing = false;
    if (q.numRowsAffected() > 0)
        return 0;
    const qint64 paused = pausedUntil(now);
    if (paused > now)
        return paused - now;
    return 1000 - intoSecond;
}

qint64 SharedRateBudget::pausedUntil(qint64 nowMs)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT paused_until FROM console_rate_pauses WHERE budget = ?"));
    q.addBindValue(m_key);
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    return nowMs;
}

void SharedRateBudget::pause(qint64 delayMs)
{
    m_fallback.pause(delayMs);
    const qint64 until = m_clock.nowUtc().toMSecsSinceEpoch() + std::max<qint64>(0, delayMs);
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("INSERT INTO console_rate_pauses (budget, paused_until) VALUES (?, ?) "
                             "ON CONFLICT (budget) DO UPDATE SET paused_until = CASE WHEN excluded.paused_until > "
                             "console_rate_pauses.paused_until THEN excluded.paused_until ELSE console_rate_pauses.paused_until END"));
    q.addBindValue(m_key);
    q.addBindValue(until);
    if (!q.exec())
        qCWarning(lcApi).noquote() << "the shared pause could not be written; only this process waits:" << sqlErrorText(q.lastError());
}

void SharedRateBudget::forgetOldSeconds(qint64 second)
{
    m_lastCleanup = second;
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("DELETE FROM console_rate_slots WHERE budget = ? AND second < ?"));
    q.addBindValue(m_key);
    q.addBindValue(second - KeepSeconds);
    q.exec(); // best effort: the next cleanup tries again
}
