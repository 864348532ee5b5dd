#include "models/database.h"
#include "models/metrics.h"
#include "models/metricscache.h"
#include "models/synclogstore.h"
#include "testdb.h"

#include <QTimeZone>
#include <QtTest>

using Metrics::Health;
using Metrics::Metric;

Q_DECLARE_METATYPE(Metrics::Metric)
Q_DECLARE_METATYPE(Metrics::Health)

namespace {

// 2025-11-24 00:00:00 UTC
const qint64 T0 = QDateTime(QDate(2025, 11, 24), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
const qint64 Hour = 3600 * 1000;

std::unique_ptr<Database> openDb(const QString &location)
{
    QString error;
    auto db = Database::open(location, &error);
    if (!db || db->migrate(&error) < 0)
        qFatal("cannot open: %s", qPrintable(error));
    return db;
}

void add(Database &db, qint64 at, const QString &operation, ResultKind kind, int http, qint64 latency,
         const QString &profile = QStringLiteral("mock"))
{
    SyncLogEntry e;
    e.at = QDateTime::fromMSecsSinceEpoch(at, QTimeZone::utc());
    e.profile = profile;
    e.operation = operation;
    e.kind = kind;
    e.httpStatus = http;
    e.latencyMs = latency;
    QString error;
    if (!SyncLogStore(db).append(e, &error))
        qFatal("append: %s", qPrintable(error));
}

void addMany(Database &db, int count, qint64 at, const QString &operation, ResultKind kind, int http, qint64 latency,
             const QString &profile = QStringLiteral("mock"))
{
    for (int i = 0; i < count; ++i)
        add(db, at, operation, kind, http, latency, profile);
}

const QString Create = QStringLiteral("ylh.create_order");
const QString Token = QStringLiteral("ylh.token");
const QString OpenToken = QStringLiteral("openplat.token");
const QString Stock = QStringLiteral("openplat.stock");

Metrics::Report run(Database &db, qint64 from, qint64 to, const QString &profile = QString(), int buckets = 1)
{
    QString error;
    const auto report = Metrics::compute(db, {from, to, profile, buckets}, &error);
    if (!report)
        qFatal("compute: %s", qPrintable(error));
    return *report;
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void eachMetricCountsWhatItsDefinitionSays_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void eachMetricCountsWhatItsDefinitionSays()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openDb(location);
        const qint64 at = T0 + 10 * 60 * 1000;
        // Create-order calls: 4 accepted (3 ok + 1 duplicate) out of 6 final answers; 4 without one.
        addMany(*db, 3, at, Create, ResultKind::Ok, 200, 100);
        add(*db, at, Create, ResultKind::Duplicate, 200, 200);
        add(*db, at, Create, ResultKind::BusinessRejection, 200, 300);
        add(*db, at, Create, ResultKind::Malformed, 200, 400);
        addMany(*db, 2, at, Create, ResultKind::Timeout, 0, 30000);
        add(*db, at, Create, ResultKind::Server, 503, 500);
        add(*db, at, Create, ResultKind::Auth, 401, 50);
        // Token calls: 4 of 5 succeed, YLH's and the open platform's alike.
        addMany(*db, 3, at, Token, ResultKind::Ok, 200, 80);
        add(*db, at, Token, ResultKind::Auth, 401, 70);
        add(*db, at, OpenToken, ResultKind::Ok, 200, 90);
        // Open-platform calls: not YLH, so not in availability.
        add(*db, at, Stock, ResultKind::Ok, 200, 120);
        add(*db, at, Stock, ResultKind::Connection, 0, 10);
        // Outside the period on either side.
        add(*db, T0 - 1, Create, ResultKind::Timeout, 0, 99999);
        add(*db, T0 + Hour, Create, ResultKind::Timeout, 0, 99999);

        const auto r = run(*db, T0, T0 + Hour);
        QCOMPARE(r.total(Metric::PushSuccess).samples, qint64(6));
        QCOMPARE(*r.total(Metric::PushSuccess).value, 100.0 * 4 / 6);

        const qint64 latencySum = 3 * 100 + 200 + 300 + 400 + 2 * 30000 + 500 + 50 + 3 * 80 + 70 + 90 + 120 + 10;
        QCOMPARE(r.total(Metric::ResponseTime).samples, qint64(17));
        QCOMPARE(*r.total(Metric::ResponseTime).value, double(latencySum) / 17);

        QCOMPARE(r.total(Metric::AuthSuccess).samples, qint64(5));
        QCOMPARE(*r.total(Metric::AuthSuccess).value, 80.0);

        // malformed, 2 timeouts, server, auth (create), auth (token), connection (stock)
        QCOMPARE(r.total(Metric::ErrorRate).samples, qint64(17));
        QCOMPARE(*r.total(Metric::ErrorRate).value, 100.0 * 7 / 17);

        // YLH calls: 10 create + 4 token; without an HTTP answer or with a 5xx: 2 timeouts and the 503.
        QCOMPARE(r.total(Metric::Availability).samples, qint64(14));
        QCOMPARE(*r.total(Metric::Availability).value, 100.0 * 11 / 14);

        QCOMPARE(r.profilesSeen, QStringList{QStringLiteral("mock")});
        QCOMPARE(Metrics::classify(Metric::PushSuccess, r.total(Metric::PushSuccess)), Health::Alarm);
        // The two 30 s timeouts pull the mean to about 3.7 s.
        QCOMPARE(Metrics::classify(Metric::ResponseTime, r.total(Metric::ResponseTime)), Health::Warning);
    }

    void forbiddenIsNotAnAuthenticationFailure_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void forbiddenIsNotAnAuthenticationFailure()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openDb(location);
        const qint64 at = T0 + 60 * 1000;
        // 4 sign-ins succeed, 1 is refused (401); 5 token calls and 1 order meet a 403 (permission or IP whitelist).
        addMany(*db, 3, at, Token, ResultKind::Ok, 200, 10);
        add(*db, at, OpenToken, ResultKind::Ok, 200, 10);
        add(*db, at, Token, ResultKind::Auth, 401, 10);
        addMany(*db, 4, at, Token, ResultKind::Forbidden, 403, 10);
        add(*db, at, OpenToken, ResultKind::Forbidden, 403, 10);
        add(*db, at, Create, ResultKind::Forbidden, 403, 10);

        const auto r = run(*db, T0, T0 + Hour);
        QCOMPARE(r.total(Metric::AuthSuccess).samples, qint64(5));
        QCOMPARE(*r.total(Metric::AuthSuccess).value, 80.0);
        // The 403s are still failed calls: the error rate has them (6 forbidden + 1 auth of 11 calls).
        QCOMPARE(r.total(Metric::ErrorRate).samples, qint64(11));
        QCOMPARE(*r.total(Metric::ErrorRate).value, 100.0 * 7 / 11);
        // A 403 is an HTTP answer: YLH was reachable.
        QCOMPARE(*r.total(Metric::Availability).value, 100.0);
    }

    void noSamplesIsNoDataNotZero_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void noSamplesIsNoDataNotZero()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openDb(location);
        const auto empty = run(*db, T0, T0 + Hour);
        for (Metric m : Metrics::AllMetrics) {
            QVERIFY2(!empty.total(m).hasData(), qPrintable(Metrics::metricKey(m)));
            QCOMPARE(empty.total(m).samples, qint64(0));
            QCOMPARE(Metrics::classify(m, empty.total(m)), Health::NoData);
        }
        // Only open-platform stock calls: there is a response time and an error rate, nothing else.
        add(*db, T0 + 5, Stock, ResultKind::Ok, 200, 40);
        const auto some = run(*db, T0, T0 + Hour);
        QVERIFY(!some.total(Metric::PushSuccess).hasData());
        QVERIFY(!some.total(Metric::AuthSuccess).hasData());
        QVERIFY(!some.total(Metric::Availability).hasData());
        QCOMPARE(*some.total(Metric::ResponseTime).value, 40.0);
        QCOMPARE(*some.total(Metric::ErrorRate).value, 0.0);
        QCOMPARE(Metrics::classify(Metric::ErrorRate, some.total(Metric::ErrorRate)), Health::Normal);
        // Only calls that never got a final answer: push success has no data rather than 0 %.
        add(*db, T0 + 6, Create, ResultKind::Timeout, 0, 30000);
        QVERIFY(!run(*db, T0, T0 + Hour).total(Metric::PushSuccess).hasData());
        // An empty or reversed period has no data at all.
        const auto reversed = run(*db, T0 + Hour, T0);
        for (Metric m : Metrics::AllMetrics)
            QVERIFY(!reversed.total(m).hasData());
    }

    void periodIncludesItsStartAndExcludesItsEnd_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void periodIncludesItsStartAndExcludesItsEnd()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openDb(location);
        add(*db, T0 - 1, Create, ResultKind::BusinessRejection, 200, 1);
        add(*db, T0, Create, ResultKind::Ok, 200, 10);
        add(*db, T0 + Hour - 1, Create, ResultKind::Ok, 200, 20);
        add(*db, T0 + Hour, Create, ResultKind::BusinessRejection, 200, 1000);
        const auto r = run(*db, T0, T0 + Hour);
        QCOMPARE(r.total(Metric::PushSuccess).samples, qint64(2));
        QCOMPARE(*r.total(Metric::PushSuccess).value, 100.0);
        QCOMPARE(*r.total(Metric::ResponseTime).value, 15.0);
        // The next hour starts with the call at T0 + 1 h.
        const auto next = run(*db, T0 + Hour, T0 + 2 * Hour);
        QCOMPARE(next.total(Metric::PushSuccess).samples, qint64(1));
        QCOMPARE(*next.total(Metric::PushSuccess).value, 0.0);
    }

    void profileFilterCountsOnlyThatProfile_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void profileFilterCountsOnlyThatProfile()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openDb(location);
        const QString prod = QStringLiteral("production");
        addMany(*db, 3, T0 + 1, Create, ResultKind::Ok, 200, 100);
        add(*db, T0 + 2, Create, ResultKind::BusinessRejection, 200, 100, prod);
        add(*db, T0 + 3, Create, ResultKind::Ok, 200, 300, prod);
        add(*db, T0 + 4, Token, ResultKind::Auth, 401, 100, QStringLiteral("test"));

        const auto all = run(*db, T0, T0 + Hour);
        QCOMPARE(all.total(Metric::PushSuccess).samples, qint64(5));
        QCOMPARE(*all.total(Metric::PushSuccess).value, 80.0);
        QCOMPARE(all.profilesSeen, (QStringList{QStringLiteral("mock"), prod, QStringLiteral("test")}));

        const auto only = run(*db, T0, T0 + Hour, prod);
        QCOMPARE(only.total(Metric::PushSuccess).samples, qint64(2));
        QCOMPARE(*only.total(Metric::PushSuccess).value, 50.0);
        QCOMPARE(*only.total(Metric::ResponseTime).value, 200.0);
        QVERIFY(!only.total(Metric::AuthSuccess).hasData());
        QCOMPARE(only.profilesSeen, QStringList{prod});

        QVERIFY(!run(*db, T0, T0 + Hour, QStringLiteral("nobody")).total(Metric::ResponseTime).hasData());
    }

    void seriesSplitsThePeriodIntoBuckets_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void seriesSplitsThePeriodIntoBuckets()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openDb(location);
        const qint64 quarter = Hour / 4;
        // Bucket 0: one accepted, one rejected. Bucket 2: one accepted at its very start, one at its end.
        add(*db, T0, Create, ResultKind::Ok, 200, 100);
        add(*db, T0 + quarter - 1, Create, ResultKind::BusinessRejection, 200, 300);
        add(*db, T0 + 2 * quarter, Create, ResultKind::Ok, 200, 1000);
        add(*db, T0 + 3 * quarter - 1, Token, ResultKind::Ok, 200, 3000);

        const auto r = run(*db, T0, T0 + Hour, QString(), 4);
        const auto &push = r.buckets(Metric::PushSuccess);
        QCOMPARE(push.size(), 4);
        QCOMPARE(*push[0].value, 50.0);
        QCOMPARE(push[0].samples, qint64(2));
        QVERIFY(!push[1].hasData());
        QCOMPARE(*push[2].value, 100.0);
        QVERIFY(!push[3].hasData());
        const auto &latency = r.buckets(Metric::ResponseTime);
        QCOMPARE(*latency[0].value, 200.0);
        QCOMPARE(*latency[2].value, 2000.0);
        QCOMPARE(latency[2].samples, qint64(2));
        QVERIFY(!latency[1].hasData());
        QVERIFY(!latency[3].hasData());
        QCOMPARE(*r.buckets(Metric::AuthSuccess)[2].value, 100.0);
        QVERIFY(!r.buckets(Metric::AuthSuccess)[0].hasData());
        for (int b = 0; b < 4; ++b)
            QCOMPARE(r.bucketStartMs(b), T0 + b * quarter);
        // The totals are the whole period, not the last bucket.
        QCOMPARE(*r.total(Metric::PushSuccess).value, 100.0 * 2 / 3);

        // A span that does not divide evenly: 10 ms in 3 buckets start at 0, 4 and 7.
        add(*db, T0 + 10 * Hour + 3, Stock, ResultKind::Ok, 200, 1);
        add(*db, T0 + 10 * Hour + 4, Stock, ResultKind::Ok, 200, 2);
        add(*db, T0 + 10 * Hour + 9, Stock, ResultKind::Ok, 200, 3);
        const auto odd = run(*db, T0 + 10 * Hour, T0 + 10 * Hour + 10, QString(), 3);
        QCOMPARE(odd.bucketStartMs(1), T0 + 10 * Hour + 4);
        QCOMPARE(odd.bucketStartMs(2), T0 + 10 * Hour + 7);
        QCOMPARE(*odd.buckets(Metric::ResponseTime)[0].value, 1.0);
        QCOMPARE(*odd.buckets(Metric::ResponseTime)[1].value, 2.0);
        QCOMPARE(*odd.buckets(Metric::ResponseTime)[2].value, 3.0);
    }

    void cacheRereadsOnlyTheRecentBuckets_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void cacheRereadsOnlyTheRecentBuckets()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openDb(location);
        const qint64 minute = 60 * 1000;
        for (int i = 0; i < 60; ++i)
            add(*db, T0 + i * minute + 5, i % 3 ? Create : Token, i % 7 ? ResultKind::Ok : ResultKind::Timeout, i % 7 ? 200 : 0,
                10 * i, i % 2 ? QStringLiteral("mock") : QStringLiteral("test"));
        const Metrics::Query query{T0, T0 + Hour, QString(), 60};
        MetricsCache cache(*db, 10 * minute);
        QString error;
        const qint64 now = T0 + Hour;
        auto first = cache.compute(query, now, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(cache.lastReadFromMs(), T0);
        // Buckets that ended 10 minutes or more before now are kept.
        QCOMPARE(cache.cachedBuckets(), 50);
        const auto direct = run(*db, T0, T0 + Hour, QString(), 60);
        for (Metric m : Metrics::AllMetrics) {
            QCOMPARE(first->total(m).samples, direct.total(m).samples);
            QCOMPARE(first->total(m).value, direct.total(m).value);
        }
        QCOMPARE(first->profilesSeen, direct.profilesSeen);

        // A call in a recent bucket is seen on the next refresh, which reads only from the first unsettled bucket.
        add(*db, T0 + 55 * minute, Create, ResultKind::BusinessRejection, 200, 5000);
        auto second = cache.compute(query, now, &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(cache.lastReadFromMs(), T0 + 50 * minute);
        QCOMPARE(second->total(Metric::PushSuccess).samples, direct.total(Metric::PushSuccess).samples + 1);
        QCOMPARE(second->buckets(Metric::PushSuccess)[55].samples, qint64(2));
        const auto again = run(*db, T0, T0 + Hour, QString(), 60);
        for (Metric m : Metrics::AllMetrics)
            QCOMPARE(second->total(m).value, again.total(m).value);

        // Another profile filter is its own query.
        auto mock = cache.compute({T0, T0 + Hour, QStringLiteral("mock"), 60}, now, &error);
        QVERIFY(mock);
        QCOMPARE(cache.lastReadFromMs(), T0);
        QCOMPARE(mock->profilesSeen, QStringList{QStringLiteral("mock")});
        QCOMPARE(mock->total(Metric::ResponseTime).samples, qint64(30 + 1)); // the odd minutes and the late rejection

        // Spans that do not split evenly are computed in full every time.
        QVERIFY(cache.compute({T0, T0 + Hour + 1, QString(), 60}, now, &error));
        QCOMPARE(cache.lastReadFromMs(), T0);
    }

    void classificationBoundaries_data()
    {
        QTest::addColumn<Metric>("metric");
        QTest::addColumn<double>("value");
        QTest::addColumn<Health>("health");
        // push success: normal > 95 %, alarm < 90 %
        QTest::newRow("push 100") << Metric::PushSuccess << 100.0 << Health::Normal;
        QTest::newRow("push 95.01") << Metric::PushSuccess << 95.01 << Health::Normal;
        QTest::newRow("push 95") << Metric::PushSuccess << 95.0 << Health::Warning;
        QTest::newRow("push 90") << Metric::PushSuccess << 90.0 << Health::Warning;
        QTest::newRow("push 89.99") << Metric::PushSuccess << 89.99 << Health::Alarm;
        QTest::newRow("push 0") << Metric::PushSuccess << 0.0 << Health::Alarm;
        // response time: normal < 2 s, alarm > 5 s
        QTest::newRow("latency 0") << Metric::ResponseTime << 0.0 << Health::Normal;
        QTest::newRow("latency 1999.9") << Metric::ResponseTime << 1999.9 << Health::Normal;
        QTest::newRow("latency 2000") << Metric::ResponseTime << 2000.0 << Health::Warning;
        QTest::newRow("latency 5000") << Metric::ResponseTime << 5000.0 << Health::Warning;
        QTest::newRow("latency 5000.1") << Metric::ResponseTime << 5000.1 << Health::Alarm;
        // authentication success: normal > 98 %, alarm < 95 %
        QTest::newRow("auth 98.01") << Metric::AuthSuccess << 98.01 << Health::Normal;
        QTest::newRow("auth 98") << Metric::AuthSuccess << 98.0 << Health::Warning;
        QTest::newRow("auth 95") << Metric::AuthSuccess << 95.0 << Health::Warning;
        QTest::newRow("auth 94.99") << Metric::AuthSuccess << 94.99 << Health::Alarm;
        // error rate: normal < 2 %, alarm > 5 %
        QTest::newRow("errors 0") << Metric::ErrorRate << 0.0 << Health::Normal;
        QTest::newRow("errors 1.99") << Metric::ErrorRate << 1.99 << Health::Normal;
        QTest::newRow("errors 2") << Metric::ErrorRate << 2.0 << Health::Warning;
        QTest::newRow("errors 5") << Metric::ErrorRate << 5.0 << Health::Warning;
        QTest::newRow("errors 5.01") << Metric::ErrorRate << 5.01 << Health::Alarm;
        // availability: normal > 99.5 %, alarm < 99 %
        QTest::newRow("avail 99.51") << Metric::Availability << 99.51 << Health::Normal;
        QTest::newRow("avail 99.5") << Metric::Availability << 99.5 << Health::Warning;
        QTest::newRow("avail 99") << Metric::Availability << 99.0 << Health::Warning;
        QTest::newRow("avail 98.99") << Metric::Availability << 98.99 << Health::Alarm;
    }
    void classificationBoundaries()
    {
        QFETCH(Metric, metric);
        QFETCH(double, value);
        QFETCH(Health, health);
        QCOMPARE(Metrics::healthKey(Metrics::classify(metric, value)), Metrics::healthKey(health));
        QCOMPARE(Metrics::classify(metric, std::nullopt), Health::NoData);
    }

    // Ratios that land exactly on a limit are computed exactly, so they classify as the table says.
    void exactRatiosOnTheLimits_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void exactRatiosOnTheLimits()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openDb(location);
        // 199 of 200 YLH calls answered: 99.5 %, a warning, not normal; 1 of 200 failed: 0.5 % errors.
        addMany(*db, 199, T0 + 1, Token, ResultKind::Ok, 200, 2000);
        add(*db, T0 + 2, Token, ResultKind::Connection, 0, 2000);
        const auto r = run(*db, T0, T0 + Hour);
        QCOMPARE(*r.total(Metric::Availability).value, 99.5);
        QCOMPARE(Metrics::classify(Metric::Availability, r.total(Metric::Availability)), Health::Warning);
        QCOMPARE(*r.total(Metric::AuthSuccess).value, 99.5);
        QCOMPARE(Metrics::classify(Metric::AuthSuccess, r.total(Metric::AuthSuccess)), Health::Normal);
        QCOMPARE(*r.total(Metric::ResponseTime).value, 2000.0);
        QCOMPARE(Metrics::classify(Metric::ResponseTime, r.total(Metric::ResponseTime)), Health::Warning);
        QCOMPARE(*r.total(Metric::ErrorRate).value, 0.5);
        // 19 of 20 pushes accepted: exactly 95 %, a warning.
        addMany(*db, 19, T0 + Hour, Create, ResultKind::Ok, 200, 1);
        add(*db, T0 + Hour, Create, ResultKind::BusinessRejection, 200, 1);
        const auto p = run(*db, T0 + Hour, T0 + 2 * Hour);
        QCOMPARE(*p.total(Metric::PushSuccess).value, 95.0);
        QCOMPARE(Metrics::classify(Metric::PushSuccess, p.total(Metric::PushSuccess)), Health::Warning);
        // A business rejection is Haier's answer, not an error.
        QCOMPARE(*p.total(Metric::ErrorRate).value, 0.0);
        // 1 of 20 calls failed: 5 % errors is still a warning; 2 of 20 is an alarm.
        addMany(*db, 19, T0 + 2 * Hour, Stock, ResultKind::Ok, 200, 1);
        add(*db, T0 + 2 * Hour, Stock, ResultKind::Server, 500, 1);
        const auto e = run(*db, T0 + 2 * Hour, T0 + 3 * Hour);
        QCOMPARE(*e.total(Metric::ErrorRate).value, 5.0);
        QCOMPARE(Metrics::classify(Metric::ErrorRate, e.total(Metric::ErrorRate)), Health::Warning);
        add(*db, T0 + 2 * Hour, Stock, ResultKind::RateLimited, 429, 1);
        QCOMPARE(Metrics::classify(Metric::ErrorRate, run(*db, T0 + 2 * Hour, T0 + 3 * Hour).total(Metric::ErrorRate)),
                 Health::Alarm);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
