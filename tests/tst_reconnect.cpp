// Reconnecting after the database went away (issue 14): the connection reopened in place, the watcher
// that does it with back-off, a long push across a PostgreSQL restart (nothing half-written, nothing
// sent twice), and the counts behind the console's tray notification.
#include "models/attention.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/databasewatcher.h"
#include "models/jobstore.h"
#include "models/overdue.h"
#include "net/pushengine.h"
#include "net/ylhclient.h"
#include "net/ylhsender.h"
#include "pgserver.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>

namespace {

const char orderSql[] =
    "INSERT INTO orders_order (id, order_number, status, quantity, total_amount, created_at, snapshot_contact_name, "
    "snapshot_phone, snapshot_province, snapshot_city, snapshot_district, snapshot_address, is_delivery_install) VALUES "
    "(%1, 'HMM%1', 'paid', 1, 3999.00, '2025-11-24 02:30:00', '张伟', '13912349000', '山东省', '青岛市', '崂山区', "
    "'海尔路1号', FALSE)";
const char lineSql[] =
    "INSERT INTO orders_orderitem (order_id, product_id, sku_code, product_name, quantity, unit_price, discount_amount, "
    "actual_amount) VALUES (%1, 1, 'BH0250A2G', '海尔 冰箱', 1, 3999.00, 0, 3999.00)";

constexpr qint64 Minute = 60 * 1000;

} // namespace

class TestReconnect : public QObject
{
    Q_OBJECT

    static void insertJob(Database &db, qint64 orderId, const QString &profile, const QString &state, qint64 updatedAt,
                          qint64 acceptedAt = 0)
    {
        QSqlQuery q(db.sql());
        q.prepare(QStringLiteral("INSERT INTO console_push_jobs (order_id, order_number, profile, so_id, state, created_at, updated_at, "
                                 "accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &v : QVariantList{orderId, QStringLiteral("N%1").arg(orderId), profile, QStringLiteral("SO%1").arg(orderId),
                                              state, updatedAt, updatedAt, acceptedAt})
            q.addBindValue(v);
        QVERIFY2(q.exec(), qPrintable(sqlErrorText(q.lastError())));
    }

    static void insertCallback(Database &db, qint64 receivedAt, const QString &outcome)
    {
        QSqlQuery q(db.sql());
        q.prepare(QStringLiteral("INSERT INTO console_callbacks (received_at, profile, outcome, dedupe_key) VALUES (?, '', ?, ?)"));
        q.addBindValue(receivedAt);
        q.addBindValue(outcome);
        q.addBindValue(QStringLiteral("k%1").arg(receivedAt));
        QVERIFY2(q.exec(), qPrintable(sqlErrorText(q.lastError())));
    }

private slots:
    // (d) What the tray tells: new since staff last looked, each news once; overdue by the shared rule.
    void attentionCountsWhatIsNewSinceLastSeen()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("attention.sqlite")), &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        ManualClock clock;
        const qint64 t0 = clock.nowUtc().toMSecsSinceEpoch();
        AttentionTracker tracker(clock);
        QCOMPARE(tracker.seenMs(), t0);
        auto counts = [&] {
            const auto c = AttentionCounts::since(*db, QStringLiteral("mock"), Overdue::DefaultMinutes, tracker.seenMs(),
                                                  clock.nowUtc().toMSecsSinceEpoch(), &error);
            if (!c)
                qFatal("counting failed: %s", qPrintable(error));
            return *c;
        };

        // Known before staff last looked, or someone else's: nothing new.
        insertJob(*db, 1, QStringLiteral("mock"), QStringLiteral("failed"), t0 - Minute);
        insertJob(*db, 2, QStringLiteral("mock"), QStringLiteral("accepted"), t0 - 200 * Minute, t0 - 200 * Minute); // overdue already
        insertJob(*db, 3, QStringLiteral("production"), QStringLiteral("failed"), t0 + Minute);
        insertJob(*db, 4, QStringLiteral("mock"), QStringLiteral("confirmed"), t0 - 300 * Minute, t0 - 300 * Minute);
        insertCallback(*db, t0 - Minute, QStringLiteral("refused"));
        clock.advanceMs(2 * Minute);
        QCOMPARE(counts(), AttentionCounts());
        QVERIFY(!tracker.news(counts()));

        // A failure: told once.
        insertJob(*db, 5, QStringLiteral("mock"), QStringLiteral("rejected"), clock.nowUtc().toMSecsSinceEpoch());
        auto news = tracker.news(counts());
        QVERIFY(news);
        QCOMPARE(news->failures, 1);
        QVERIFY(!tracker.news(counts()));

        // A refused callback (applied ones are not news), then an acceptance whose confirmation comes due.
        insertCallback(*db, clock.nowUtc().toMSecsSinceEpoch(), QStringLiteral("applied"));
        QVERIFY(!tracker.news(counts()));
        clock.advanceMs(Minute);
        insertCallback(*db, clock.nowUtc().toMSecsSinceEpoch(), QStringLiteral("refused"));
        insertJob(*db, 6, QStringLiteral("mock"), QStringLiteral("accepted"), t0 - 100 * Minute, t0 - 100 * Minute);
        news = tracker.news(counts());
        QVERIFY(news);
        QCOMPARE(*news, (AttentionCounts{1, 0, 1}));
        clock.advanceMs(10 * Minute); // 113 minutes after acceptance: not overdue yet
        QVERIFY(!tracker.news(counts()));
        clock.advanceMs(10 * Minute); // 123 minutes
        news = tracker.news(counts());
        QVERIFY(news);
        QCOMPARE(*news, (AttentionCounts{1, 1, 1}));
        // The shared rule lists both overdue acceptances, whenever they came due.
        QCOMPARE(Overdue::count(*db, QStringLiteral("mock"), Overdue::DefaultMinutes, clock.nowUtc().toMSecsSinceEpoch(), &error), 2);
        QCOMPARE(Overdue::count(*db, QStringLiteral("mock"), 300, clock.nowUtc().toMSecsSinceEpoch(), &error), 0);

        // Staff look: everything so far is seen.
        tracker.markSeen();
        clock.advanceMs(Minute);
        QCOMPARE(counts(), AttentionCounts());
        QVERIFY(!tracker.news(counts()));
    }

    // (c) A connection that broke is reopened in place; while the file cannot be opened the watcher
    // says the database is lost, and keeps trying with back-off until it can.
    void sqliteIsReopenedAfterAnError()
    {
        QTemporaryDir dir;
        QString error;
        const QString folder = dir.filePath(QStringLiteral("desk"));
        QVERIFY(QDir().mkpath(folder));
        auto db = Database::open(folder + QStringLiteral("/console.sqlite"), &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        insertJob(*db, 7, QStringLiteral("mock"), QStringLiteral("queued"), 1);
        QVERIFY(db->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), &error));

        DatabaseWatcher watcher(*db);
        QSignalSpy lost(&watcher, &DatabaseWatcher::lost);
        QSignalSpy restored(&watcher, &DatabaseWatcher::restored);
        watcher.start();
        QVERIFY(watcher.isReachable());

        // The connection fails and the file is not where it was (a disk taken away).
        db->sql().close();
        QVERIFY(QDir().rename(folder, dir.filePath(QStringLiteral("away"))));
        watcher.checkNow();
        QCOMPARE(lost.size(), 1);
        QVERIFY(!watcher.isReachable());
        QVERIFY(!db->isReachable());
        QVERIFY(watcher.retryDelayMs() >= ReconnectBackoff::FirstMs);

        QVERIFY(QDir().rename(dir.filePath(QStringLiteral("away")), folder));
        QVERIFY(restored.wait(10000));
        QVERIFY(watcher.isReachable());
        QCOMPARE(lost.size(), 1);
        const auto job = JobStore(*db).findForOrder(QStringLiteral("mock"), 7, &error);
        QVERIFY2(job, qPrintable(error));
        QCOMPARE(db->generation(), 1);
    }

    // (b) A long push across a PostgreSQL restart: answers that arrive while the server is down are
    // stored once it is back; every order is accepted once, none is created twice, no job is left
    // half-written.
    void longPushAcrossPostgresRestart()
    {
        if (!PgTestServer::available())
            QSKIP("CONSOLE_TEST_PG_URL is not set (no PostgreSQL for tests)");
        PgTestServer pg(QStringLiteral("tst_reconnect"));
        const QString url = pg.start();
        QVERIFY(!url.isEmpty());
        QString error;
        auto db = Database::open(url, &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        QVERIFY(db->exec(QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source, price, market_price) "
                                        "VALUES (1, '海尔 冰箱', 'BH0250A2G', 'haier', 3999, 4599)"), &error));
        QList<PushRequest> requests;
        for (int id = 101; id <= 112; ++id) {
            QVERIFY2(db->exec(QString::fromUtf8(orderSql).arg(id), &error), qPrintable(error));
            QVERIFY2(db->exec(QString::fromUtf8(lineSql).arg(id), &error), qPrintable(error));
            requests.append({QStringLiteral("HMM%1").arg(id), false, false});
        }

        SimConfig config;
        config.callbackAfterAccept = QStringLiteral("none");
        config.faults.createAnswerDelayMs = 400; // answers are on their way while the server stops
        YlhSimulator sim(config);
        QVERIFY(sim.listen());
        SystemClock clock;
        QNetworkAccessManager network;
        Profile profile = sim.pointedAt(Profile::preset(ProfileKind::Mock));
        profile.push.concurrency = 3;
        YlhClient client(network, clock);
        client.setProfile(profile);
        client.setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                               QStringLiteral("demo-password")});
        YlhSender sender(client);
        PushEngine engine(*db, profile, sender, clock);
        QSignalSpy started(&engine, &PushEngine::attemptStarted);
        QSignalSpy finished(&engine, &PushEngine::finished);
        engine.start(requests);

        // Some orders done, others on the wire: the server stops under the push.
        QTRY_VERIFY_WITH_TIMEOUT(engine.results().size() >= 3 && started.size() > engine.results().size(), 30000);
        const qsizetype inFlight = started.size() - engine.results().size();
        QVERIFY(inFlight > 0);
        pg.pause();
        QTest::qWait(1500); // their answers arrive now, and cannot be stored yet
        QVERIFY(engine.isRunning());
        pg.resume();
        QVERIFY(finished.wait(60000) || !finished.isEmpty());

        const QList<PushItemResult> results = engine.results();
        QCOMPARE(results.size(), requests.size());
        for (const PushItemResult &r : results)
            QVERIFY2(r.bucket == PushItemResult::Bucket::Accepted && r.state == QLatin1String("accepted"),
                     qPrintable(r.orderNumber + QLatin1Char(' ') + r.state + QLatin1Char(' ') + r.message));
        // Haier's side: each soId created once.
        const QList<SimLedgerEntry> ledger = sim.ledger();
        QCOMPARE(ledger.size(), requests.size());
        for (const SimLedgerEntry &e : ledger) {
            QVERIFY2(e.attempts == 1, qPrintable(e.soId));
            QCOMPARE(e.acceptances, 1);
        }
        // Ours: every job accepted with one attempt, closed with its answer.
        JobStore jobs(*db);
        for (int id = 101; id <= 112; ++id) {
            const auto job = jobs.findForOrder(profile.name, id, &error);
            QVERIFY2(job, qPrintable(error));
            QCOMPARE(jobStateName(job->state), QStringLiteral("accepted"));
            const QList<PushAttemptRecord> attempts = jobs.attempts(job->id);
            QCOMPARE(attempts.size(), 1);
            QVERIFY(attempts.first().finishedAt > 0);
            QCOMPARE(attempts.first().kind, QStringLiteral("ok"));
        }
    }

    // (b) When the database stays away the push gives up cleanly: the order whose answer could not be
    // stored is reported and left `sending` with its attempt open, those not sent are reported "not
    // sent"; `resume` then finishes the first through YLH's duplicate check, creating no second order.
    void pushGivesUpCleanlyWhenTheDatabaseStaysAway()
    {
        if (!PgTestServer::available())
            QSKIP("CONSOLE_TEST_PG_URL is not set (no PostgreSQL for tests)");
        PgTestServer pg(QStringLiteral("tst_reconnect_giveup"));
        const QString url = pg.start();
        QVERIFY(!url.isEmpty());
        QString error;
        auto db = Database::open(url, &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        QVERIFY(db->exec(QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source, price, market_price) "
                                        "VALUES (1, '海尔 冰箱', 'BH0250A2G', 'haier', 3999, 4599)"), &error));
        QList<PushRequest> requests;
        for (int id = 201; id <= 203; ++id) {
            QVERIFY2(db->exec(QString::fromUtf8(orderSql).arg(id), &error), qPrintable(error));
            QVERIFY2(db->exec(QString::fromUtf8(lineSql).arg(id), &error), qPrintable(error));
            requests.append({QStringLiteral("HMM%1").arg(id), false, false});
        }
        SimConfig config;
        config.callbackAfterAccept = QStringLiteral("none");
        config.faults.createAnswerDelayMs = 300;
        YlhSimulator sim(config);
        QVERIFY(sim.listen());
        SystemClock clock;
        QNetworkAccessManager network;
        Profile profile = sim.pointedAt(Profile::preset(ProfileKind::Mock));
        profile.push.concurrency = 1;
        YlhClient client(network, clock);
        client.setProfile(profile);
        client.setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                               QStringLiteral("demo-password")});
        YlhSender sender(client);
        {
            PushEngine engine(*db, profile, sender, clock);
            // Back-offs (and so the reconnect attempts) fire at once: the give-up comes without waiting a minute.
            engine.setScheduler([&engine](qint64, std::function<void()> task) { QTimer::singleShot(0, &engine, std::move(task)); });
            QSignalSpy started(&engine, &PushEngine::attemptStarted);
            QSignalSpy finished(&engine, &PushEngine::finished);
            engine.start(requests);
            // The first order done, the second on the wire (its answer comes 300 ms later): the server stops.
            QTRY_VERIFY_WITH_TIMEOUT(engine.results().size() == 1 && started.size() == 2, 15000);
            pg.pause();
            QVERIFY(finished.wait(30000) || !finished.isEmpty());
            const QList<PushItemResult> results = engine.results();
            QCOMPARE(results.size(), 3);
            QCOMPARE(results.at(0).orderNumber, QStringLiteral("HMM201"));
            QCOMPARE(results.at(0).bucket, PushItemResult::Bucket::Accepted);
            for (const PushItemResult &r : results.mid(1)) {
                QCOMPARE(r.bucket, PushItemResult::Bucket::Failed);
                if (r.orderNumber == QLatin1String("HMM202")) {
                    QCOMPARE(r.state, QStringLiteral("sending"));
                    QVERIFY2(r.message.startsWith(QLatin1String("Sent, but Haier's answer")), qPrintable(r.message));
                } else {
                    QCOMPARE(r.orderNumber, QStringLiteral("HMM203"));
                    QVERIFY2(r.message.startsWith(QLatin1String("Not sent: the database could not be reached")), qPrintable(r.message));
                }
            }
        }
        pg.resume();
        QVERIFY(db->reconnect(&error));
        JobStore jobs(*db);
        const auto second = jobs.findForOrder(profile.name, 202, &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(jobStateName(second->state), QStringLiteral("sending"));
        QCOMPARE(jobs.attempts(second->id).size(), 1);
        QCOMPARE(jobs.attempts(second->id).first().finishedAt, 0);
        QCOMPARE(sim.ledger().size(), 2); // the third never reached YLH
        const auto third = jobs.findForOrder(profile.name, 203, &error);
        QVERIFY(!third || jobs.attempts(third->id).isEmpty());

        // `resume` finishes it: YLH knows the soId, the job is recorded accepted, one order at Haier.
        PushEngine again(*db, profile, sender, clock);
        QSignalSpy finished(&again, &PushEngine::finished);
        again.start({{QStringLiteral("HMM202"), false, true}});
        QVERIFY(finished.wait(30000));
        QCOMPARE(again.results().value(0).state, QStringLiteral("accepted"));
        QCOMPARE(jobStateName(jobs.findForOrder(profile.name, 202, &error)->state), QStringLiteral("accepted"));
        QCOMPARE(sim.ledger().size(), 2);
        for (const SimLedgerEntry &e : sim.ledger())
            QCOMPARE(e.acceptances, 1);
    }
};

QTEST_GUILESS_MAIN(TestReconnect)
#include "tst_reconnect.moc"
