#include "models/metrics.h"

#include "models/database.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Metrics {

namespace {

constexpr int MaxBuckets = 1000;

Value percent(qint64 part, qint64 whole)
{
    Value v;
    v.samples = whole;
    if (whole > 0)
        v.value = 100.0 * double(part) / double(whole); // exact for the table's limits (95/100, 199/200, ...)
    return v;
}

// The kinds are spelled as resultKindName() writes them (domain.md "Result kinds"). The same text runs on
// SQLite and PostgreSQL: substr() rather than LIKE, whose case rules differ between the two.
const char *const AggregateSql =
    "SELECT profile, (at - %1) * %2 / %3 AS bucket, COUNT(*), SUM(latency_ms), "
    "SUM(CASE WHEN operation = 'ylh.create_order' AND kind IN ('ok', 'duplicate') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN operation = 'ylh.create_order' AND kind IN ('ok', 'duplicate', 'business_rejection', 'malformed') "
    "THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN operation IN ('ylh.token', 'openplat.token') AND kind = 'ok' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN operation IN ('ylh.token', 'openplat.token') AND kind <> 'forbidden' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN kind NOT IN ('ok', 'duplicate', 'business_rejection') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN substr(operation, 1, 4) = 'ylh.' AND http_status BETWEEN 1 AND 499 AND kind NOT IN ('timeout', 'connection') "
    "THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN substr(operation, 1, 4) = 'ylh.' THEN 1 ELSE 0 END) "
    "FROM console_sync_log WHERE at >= %1 AND at < %4%5 GROUP BY profile, (at - %1) * %2 / %3";

} // namespace

Counts &Counts::operator+=(const Counts &o)
{
    calls += o.calls;
    latencySum += o.latencySum;
    pushAccepted += o.pushAccepted;
    pushFinal += o.pushFinal;
    tokenOk += o.tokenOk;
    tokenCalls += o.tokenCalls;
    errors += o.errors;
    ylhAnswered += o.ylhAnswered;
    ylhCalls += o.ylhCalls;
    return *this;
}

Value Counts::metric(Metric m) const
{
    switch (m) {
    case Metric::PushSuccess:
        return percent(pushAccepted, pushFinal);
    case Metric::ResponseTime: {
        Value v;
        v.samples = calls;
        if (calls > 0)
            v.value = double(latencySum) / double(calls);
        return v;
    }
    case Metric::AuthSuccess:
        return percent(tokenOk, tokenCalls);
    case Metric::ErrorRate:
        return percent(errors, calls);
    case Metric::Availability:
        return percent(ylhAnswered, ylhCalls);
    }
    return {};
}

QList<Value> Report::buckets(Metric m) const
{
    QList<Value> values;
    values.reserve(bucketCounts.size());
    for (const Counts &c : bucketCounts)
        values.append(c.metric(m));
    return values;
}

Threshold threshold(Metric metric)
{
    switch (metric) {
    case Metric::PushSuccess:
        return {95.0, 90.0, true};
    case Metric::ResponseTime:
        return {2000.0, 5000.0, false};
    case Metric::AuthSuccess:
        return {98.0, 95.0, true};
    case Metric::ErrorRate:
        return {2.0, 5.0, false};
    case Metric::Availability:
        return {99.5, 99.0, true};
    }
    return {0, 0, true};
}

Health classify(Metric metric, std::optional<double> value)
{
    if (!value)
        return Health::NoData;
    const Threshold t = threshold(metric);
    const double v = *value;
    if (t.higherIsBetter) {
        if (v > t.normal)
            return Health::Normal;
        if (v < t.alarm)
            return Health::Alarm;
        return Health::Warning;
    }
    if (v < t.normal)
        return Health::Normal;
    if (v > t.alarm)
        return Health::Alarm;
    return Health::Warning;
}

Health classify(Metric metric, const Value &value)
{
    return classify(metric, value.value);
}

bool isPercent(Metric metric)
{
    return metric != Metric::ResponseTime;
}

QString metricKey(Metric metric)
{
    switch (metric) {
    case Metric::PushSuccess:
        return QStringLiteral("push_success");
    case Metric::ResponseTime:
        return QStringLiteral("response_time");
    case Metric::AuthSuccess:
        return QStringLiteral("auth_success");
    case Metric::ErrorRate:
        return QStringLiteral("error_rate");
    case Metric::Availability:
        return QStringLiteral("availability");
    }
    return QString();
}

QString healthKey(Health health)
{
    switch (health) {
    case Health::NoData:
        return QStringLiteral("no_data");
    case Health::Normal:
        return QStringLiteral("normal");
    case Health::Warning:
        return QStringLiteral("warning");
    case Health::Alarm:
        return QStringLiteral("alarm");
    }
    return QString();
}

qint64 Report::bucketStartMs(int bucket) const
{
    // Bucket b holds the calls with floor((at - from) * buckets / span) == b: it starts at ceil(b * span / buckets).
    const qint64 span = query.toMs - query.fromMs;
    const qint64 n = query.buckets;
    return query.fromMs + (qint64(bucket) * span + n - 1) / n;
}

std::optional<Report> compute(Database &db, const Query &query, QString *error)
{
    Report report;
    report.query = query;
    report.query.buckets = std::clamp(query.buckets, 1, MaxBuckets);
    const int n = report.query.buckets;
    report.bucketCounts = QList<Counts>(n);
    report.bucketProfiles = QList<QStringList>(n);
    const qint64 span = query.toMs - query.fromMs;
    if (span <= 0)
        return report;

    // The numbers go into the text (they are ours, not typed by anyone) so both drivers see integers
    // and divide as integers; the profile is bound.
    const QString sql = QString::fromLatin1(AggregateSql)
                            .arg(query.fromMs)
                            .arg(n)
                            .arg(span)
                            .arg(query.toMs)
                            .arg(query.profile.isEmpty() ? QString() : QStringLiteral(" AND profile = ?"));
    QSqlQuery q(db.sql());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return std::nullopt;
    }
    if (!query.profile.isEmpty())
        q.addBindValue(query.profile);
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return std::nullopt;
    }
    while (q.next()) {
        const QString profile = q.value(0).toString();
        if (!report.profilesSeen.contains(profile))
            report.profilesSeen.append(profile);
        const qint64 b = q.value(1).toLongLong();
        Counts c;
        c.calls = q.value(2).toLongLong();
        c.latencySum = q.value(3).toLongLong();
        c.pushAccepted = q.value(4).toLongLong();
        c.pushFinal = q.value(5).toLongLong();
        c.tokenOk = q.value(6).toLongLong();
        c.tokenCalls = q.value(7).toLongLong();
        c.errors = q.value(8).toLongLong();
        c.ylhAnswered = q.value(9).toLongLong();
        c.ylhCalls = q.value(10).toLongLong();
        report.totalCounts += c;
        if (b >= 0 && b < n) {
            report.bucketCounts[int(b)] += c;
            report.bucketProfiles[int(b)].append(profile);
        }
    }
    report.profilesSeen.sort();
    for (QStringList &names : report.bucketProfiles)
        names.sort();
    return report;
}

QStringList configuredProfiles(Database &db, QString *error)
{
    QStringList names;
    QSqlQuery q(db.sql());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name FROM console_profiles ORDER BY name"))) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return names;
    }
    while (q.next())
        names.append(q.value(0).toString());
    return names;
}

} // namespace Metrics
