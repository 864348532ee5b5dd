#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

class Database;

// The dashboard's health figures (domain.md "Monitoring"), aggregated in the database from
// console_sync_log, one row per API call. Every metric is over the calls whose `at` lies in
// [fromMs, toMs) and, when a profile is given, whose profile is that name:
//
// PushSuccess   %  ylh.create_order calls that ended `ok` or `duplicate` (YLH holds the soId), over the
//                  ylh.create_order calls that ended in a final answer about the order: `ok`, `duplicate`,
//                  `business_rejection` or `malformed`. Calls the engine retries or that never reached a
//                  decision (`timeout`, `connection`, `server`, `rate_limited`, `auth`, `refused`) are left
//                  out here; they count in ErrorRate and Availability instead.
// ResponseTime  ms mean latency_ms of all calls, any operation and any result.
// AuthSuccess   %  token calls (`ylh.token`, `openplat.token`) that ended `ok`, over the token calls that did
//                  not end `forbidden` (a 403 is a permission or IP-whitelist problem, not a failed sign-in).
// ErrorRate     %  calls whose kind is neither `ok`, `duplicate` nor `business_rejection` (the call itself
//                  failed: no answer, 5xx, 429, 401, 403 (`forbidden`), an unreadable answer), over all calls.
// Availability  %  YLH calls (operation `ylh.*`) that got an HTTP answer (status 1–499, kind not `timeout`
//                  or `connection`), over all YLH calls.
//
// A metric without samples has no value ("no data"), never 0 or 100.
namespace Metrics {

enum class Metric { PushSuccess, ResponseTime, AuthSuccess, ErrorRate, Availability };
inline constexpr int MetricCount = 5;
inline constexpr std::array<Metric, MetricCount> AllMetrics{Metric::PushSuccess, Metric::ResponseTime, Metric::AuthSuccess,
                                                            Metric::ErrorRate, Metric::Availability};

enum class Health { NoData, Normal, Warning, Alarm };

struct Value
{
    std::optional<double> value; // percent (0–100) or milliseconds; empty when samples == 0
    qint64 samples = 0;
    bool hasData() const { return value.has_value(); }
};

// The operations guide's limits. Normal is strictly better than `normal`, alarm strictly worse than
// `alarm`; the values in between (both limits included) are a warning.
struct Threshold
{
    double normal;
    double alarm;
    bool higherIsBetter;
};

Threshold threshold(Metric metric);
Health classify(Metric metric, const Value &value);
Health classify(Metric metric, std::optional<double> value);
bool isPercent(Metric metric);
// Stable spellings for logs and tests ("push_success", "normal", ...).
QString metricKey(Metric metric);
QString healthKey(Health health);

struct Query
{
    qint64 fromMs = 0; // inclusive, UTC epoch ms
    qint64 toMs = 0;   // exclusive
    QString profile;   // empty: every profile
    // The series splits [fromMs, toMs) into this many slices: bucket b holds the calls with
    // floor((at - fromMs) * buckets / (toMs - fromMs)) == b (equal widths when the span divides evenly).
    int buckets = 1;
};

// What the database sums for one slice of time; every metric is a ratio of two of these.
struct Counts
{
    qint64 calls = 0;
    qint64 latencySum = 0;
    qint64 pushAccepted = 0;
    qint64 pushFinal = 0;
    qint64 tokenOk = 0;
    qint64 tokenCalls = 0;
    qint64 errors = 0;
    qint64 ylhAnswered = 0;
    qint64 ylhCalls = 0;

    Counts &operator+=(const Counts &o);
    Value metric(Metric m) const;
};

struct Report
{
    Query query;
    Counts totalCounts;
    QList<Counts> bucketCounts;        // query.buckets entries, oldest first
    QList<QStringList> bucketProfiles; // per bucket: the profiles with calls in it, sorted
    QStringList profilesSeen;          // profiles with calls in the period (with the filter applied), sorted

    Value total(Metric m) const { return totalCounts.metric(m); }
    QList<Value> buckets(Metric m) const;
    qint64 bucketStartMs(int bucket) const;
};

// Runs the aggregation: one GROUP BY over the period's rows (the index on `at` bounds the scan),
// nothing loaded row by row. Returns nullopt and sets *error when the database refuses.
std::optional<Report> compute(Database &db, const Query &query, QString *error = nullptr);

// Profile names for a filter: the configured profiles (console_profiles), sorted.
QStringList configuredProfiles(Database &db, QString *error = nullptr);

} // namespace Metrics
