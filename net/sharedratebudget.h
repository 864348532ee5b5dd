#pragma once

#include "net/ratebudget.h"

#include <QString>

class Database;

// A budget kept in the database (console_rate_slots / console_rate_pauses, schema 6), so every process
// and desk on one SQLite file or one PostgreSQL database shares it. Time is wall-clock seconds from the
// injected Clock (processes share no monotonic clock): each second has a row counting the requests
// sent in it, taken with one atomic upsert that refuses once the second is full. Requests are not
// started in the last `guardMs` of a second, so that one sent late still reaches the server within the
// second it was counted in. A pause (429/503) is a shared "paused until" instant.
// If the database fails, the budget falls back to this process's own bucket and says so in the log.
class SharedRateBudget final : public RateBudget
{
public:
    // `key` names the budget (e.g. "ylh:" and a digest of the client_id); `db` must outlive this and
    // belong to the calling thread.
    SharedRateBudget(Database &db, const Clock &clock, const QString &key, int perSecond, int guardMs = 50);

    qint64 acquire() override;
    void pause(qint64 delayMs) override;

    // "ylh:" or "openplat:" followed by a digest of the client id: the id itself is not written anywhere.
    static QString keyFor(const QString &api, const QString &clientId);

private:
    qint64 pausedUntil(qint64 nowMs);
    void forgetOldSeconds(qint64 second);

    Database &m_db;
    const Clock &m_clock;
    QString m_key;
    int m_perSecond;
    int m_guardMs;
    qint64 m_lastCleanup = 0;
    LocalRateBudget m_fallback;
    bool m_failing = false;
};
