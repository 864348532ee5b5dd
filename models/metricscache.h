#pragma once

#include "models/metrics.h"

#include <map>
#include <tuple>

class Database;

// Keeps the dashboard's refresh cheap on a large sync log: a bucket that ended long enough ago cannot
// change any more (calls are logged with the time they finish), so its sums are read from the
// database once and reused; each refresh reads only the recent buckets. The answer is the same as
// Metrics::compute() for the same query as long as no call is logged more than `settleMs` after its
// `at`. Only queries whose span splits into equal buckets are cached; others are computed in full.
class MetricsCache final
{
public:
    explicit MetricsCache(Database &db, qint64 settleMs = 10 * 60 * 1000) : m_db(db), m_settleMs(settleMs) {}

    std::optional<Metrics::Report> compute(const Metrics::Query &query, qint64 nowMs, QString *error = nullptr);
    void clear() { m_entries.clear(); }

    // For tests: how many buckets are held, and where the last database read began.
    int cachedBuckets() const { return int(m_entries.size()); }
    qint64 lastReadFromMs() const { return m_lastReadFromMs; }

private:
    using Key = std::tuple<QString, qint64, qint64>; // profile filter, bucket start, bucket end
    struct Entry
    {
        Metrics::Counts counts;
        QStringList profiles;
    };

    Database &m_db;
    qint64 m_settleMs;
    std::map<Key, Entry> m_entries;
    qint64 m_lastReadFromMs = 0;
};
