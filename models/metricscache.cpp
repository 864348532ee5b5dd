#include "models/metricscache.h"

#include <algorithm>

std::optional<Metrics::Report> MetricsCache::compute(const Metrics::Query &query, qint64 nowMs, QString *error)
{
    const qint64 span = query.toMs - query.fromMs;
    const int n = query.buckets;
    if (span <= 0 || n < 1 || n > 1000 || span % n != 0) {
        m_lastReadFromMs = query.fromMs;
        return Metrics::compute(m_db, query, error);
    }
    const qint64 width = span / n;
    auto keyOf = [&](int b) { return Key{query.profile, query.fromMs + b * width, query.fromMs + (b + 1) * width}; };

    // Everything before the first bucket not held is reused; from there on the database is read.
    int first = 0;
    while (first < n && m_entries.count(keyOf(first)))
        ++first;

    Metrics::Report report;
    report.query = query;
    report.bucketCounts.reserve(n);
    report.bucketProfiles.reserve(n);
    for (int b = 0; b < first; ++b) {
        const Entry &e = m_entries.at(keyOf(b));
        report.bucketCounts.append(e.counts);
        report.bucketProfiles.append(e.profiles);
    }
    if (first < n) {
        m_lastReadFromMs = query.fromMs + first * width;
        const auto rest = Metrics::compute(m_db, {m_lastReadFromMs, query.toMs, query.profile, n - first}, error);
        if (!rest)
            return std::nullopt;
        report.bucketCounts.append(rest->bucketCounts);
        report.bucketProfiles.append(rest->bucketProfiles);
    } else {
        m_lastReadFromMs = query.toMs;
    }

    // Keep exactly this query's settled buckets: a period or filter left behind is not kept growing.
    std::map<Key, Entry> kept;
    for (int b = 0; b < n; ++b) {
        const Key key = keyOf(b);
        report.totalCounts += report.bucketCounts[b];
        for (const QString &p : std::as_const(report.bucketProfiles[b])) {
            if (!report.profilesSeen.contains(p))
                report.profilesSeen.append(p);
        }
        if (std::get<2>(key) <= nowMs - m_settleMs)
            kept.emplace(key, Entry{report.bucketCounts[b], report.bucketProfiles[b]});
    }
    report.profilesSeen.sort();
    m_entries = std::move(kept);
    return report;
}
