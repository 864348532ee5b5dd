#include "models/database.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "testdb.h"

#include <QProcess>
#include <QSqlQuery>
#include <QSysInfo>
#include <QtTest>

namespace {

std::unique_ptr<Database> openWithOrder(const QString &location)
{
    QString error;
    auto db = Database::open(location, &error);
    if (!db || db->migrate(&error) < 0)
        qFatal("cannot open: %s", qPrintable(error));
    TestDb::bind(*db); // every profile writes the shop's columns
    QString sql = QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at) "
                                 "VALUES (17, 'HMM1', 'paid', 10.00, '2025-11-24 02:30:00')");
    if (!db->exec(sql, &error))
        qFatal("insert: %s", qPrintable(error));
    return db;
}

} // namespace

class TestJobStore : public QObject
{
    Q_OBJECT

private slots:
    void reserveKeepsTheSoId_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void reserveKeepsTheSoId()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        QString error;
        const auto first = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"),
                                        QStringLiteral("alice"), 1000, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->state, QStringLiteral("queued"));
        // A second reservation (another process, another soId proposal) gets the same job and soId.
        auto other = Database::open(location, &error);
        JobStore otherJobs(*other);
        const auto second = otherJobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17-x"),
                                              QStringLiteral("bob"), 2000, &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(second->id, first->id);
        QCOMPARE(second->soId, QStringLiteral("HMM1-17"));
        // Another profile is another job.
        const auto test = jobs.reserve(QStringLiteral("test"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"),
                                       QStringLiteral("alice"), 1000, &error);
        QVERIFY(test && test->id != first->id);
    }

    void claimsExcludeOthersUntilLeaseOrDeath_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void claimsExcludeOthersUntilLeaseOrDeath()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        QString error;
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        const QString a = QStringLiteral("elsewhere:1");
        const QString b = QStringLiteral("elsewhere:2");
        QVERIFY(jobs.claim(job->id, a, 1000, 60000, {}, &error));
        QVERIFY(jobs.claim(job->id, a, 2000, 60000, {}, &error)); // re-claim by the holder
        QVERIFY(!jobs.claim(job->id, b, 3000, 60000, {}, &error));
        QVERIFY(jobs.claim(job->id, b, 3000, 60000, a, &error)); // a was found dead
        QVERIFY(!jobs.claim(job->id, a, 4000, 60000, {}, &error));
        QVERIFY(jobs.claim(job->id, a, 3000 + 60001, 60000, {}, &error)); // lease ran out
        QVERIFY(jobs.release(job->id, a, &error));
        QVERIFY(jobs.claim(job->id, b, 70000, 60000, {}, &error));
    }

    void claimSkipsARowAnotherProcessIsClaiming()
    {
        CONSOLE_FRESH_DB(QStringLiteral("postgres"), dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        QString error;
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        QVERIFY2(job, qPrintable(error));
        // Another desk is in the middle of claiming this job: its transaction holds the row.
        auto other = Database::open(location, &error);
        QVERIFY2(other, qPrintable(error));
        QVERIFY(other->beginWrite(&error));
        QSqlQuery lock(other->sql());
        QVERIFY(lock.exec(QStringLiteral("SELECT id FROM console_push_jobs WHERE id = %1 FOR UPDATE").arg(job->id)) && lock.next());
        QElapsedTimer t;
        t.start();
        QVERIFY(!jobs.claim(job->id, QStringLiteral("desk-a:1"), 1000, 60000, {}, &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(t.elapsed() < 5000, "skipped, not waited for");
        QVERIFY(other->sql().rollback());
        QVERIFY(jobs.claim(job->id, QStringLiteral("desk-a:1"), 1000, 60000, {}, &error));
        QCOMPARE(jobs.get(job->id)->holder, QStringLiteral("desk-a:1"));
    }

    void deadLocalHolder()
    {
        QVERIFY(!isDeadLocalHolder(currentHolder()));
        QVERIFY(!isDeadLocalHolder(QStringLiteral("some-other-host:1")));
        QProcess p;
        p.start(QStringLiteral("true"));
        QVERIFY(p.waitForFinished());
        const QString gone = QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(p.processId() ? p.processId() : 999999);
        QProcess sleeper;
        sleeper.start(QStringLiteral("sleep"), {QStringLiteral("30")});
        QVERIFY(sleeper.waitForStarted());
        const QString alive = QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(sleeper.processId());
        QVERIFY(!isDeadLocalHolder(alive));
        sleeper.kill();
        sleeper.waitForFinished();
        QVERIFY(isDeadLocalHolder(alive));
        Q_UNUSED(gone)
    }

    void attemptsAndOrderUpdateTogether_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void attemptsAndOrderUpdateTogether()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        OrderStore orders(*db);
        QString error;
        const QString me = currentHolder();
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        // Without the claim nothing is sent.
        QCOMPARE(jobs.startAttempt(job->id, me, QStringLiteral("alice"), "{}", 10, &error), 0);
        QVERIFY(jobs.claim(job->id, me, 10, 60000, {}, &error));

        const qint64 a1 = jobs.startAttempt(job->id, me, QStringLiteral("alice"), R"({"soId":"HMM1-17"})", 100, &error);
        QVERIFY2(a1 > 0, qPrintable(error));
        QCOMPARE(jobs.get(job->id)->state, QStringLiteral("sending"));
        AttemptOutcome timeout;
        timeout.newState = JobState::Backoff;
        timeout.kind = ResultKind::Timeout;
        timeout.message = QStringLiteral("timed out");
        timeout.nextAttemptAt = 700;
        QVERIFY2(jobs.finishAttempt(a1, timeout, 200, &error), qPrintable(error));
        QCOMPARE(jobs.get(job->id)->state, QStringLiteral("backoff"));
        QCOMPARE(jobs.get(job->id)->nextAttemptAt, 700);
        QVERIFY(orders.loadById(17)->haierSoId.isEmpty());

        const qint64 a2 = jobs.startAttempt(job->id, me, QStringLiteral("alice"), R"({"soId":"HMM1-17"})", 700, &error);
        AttemptOutcome ok;
        ok.newState = JobState::Accepted;
        ok.kind = ResultKind::Ok;
        ok.httpStatus = 200;
        ok.latencyMs = 42;
        ok.haierOrderNo = QStringLiteral("SO.20251124.000017");
        QVERIFY2(jobs.finishAttempt(a2, ok, 800, &error), qPrintable(error));
        const auto done = jobs.get(job->id);
        QCOMPARE(done->state, QStringLiteral("accepted"));
        QCOMPARE(done->attemptCount, 2);
        QCOMPARE(done->acceptedAt, 800);
        const auto order = orders.loadById(17);
        QCOMPARE(order->haierSoId, QStringLiteral("HMM1-17"));
        QCOMPARE(order->haierStatus, QStringLiteral("push_pending"));
        QCOMPARE(order->haierOrderNo, QStringLiteral("SO.20251124.000017"));
        QCOMPARE(order->status, QStringLiteral("paid")); // the shop's status is never touched

        const auto attempts = jobs.attempts(job->id);
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts.at(0).kind, QStringLiteral("timeout"));
        QCOMPARE(attempts.at(1).kind, QStringLiteral("ok"));
        QCOMPARE(attempts.at(1).latencyMs, 42);
        QCOMPARE(attempts.at(1).soId, QStringLiteral("HMM1-17"));
        QCOMPARE(attempts.at(1).operatorName, QStringLiteral("alice"));
        QVERIFY(jobs.unfinished(QStringLiteral("mock")).isEmpty());
    }

    void callbackOvertakingTheAnswerIsKept_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void callbackOvertakingTheAnswerIsKept()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        QString error;
        const QString me = currentHolder();
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        QVERIFY(jobs.claim(job->id, me, 10, 60000, {}, &error));
        const qint64 a = jobs.startAttempt(job->id, me, {}, "{}", 100, &error);
        // Haier's confirm callback lands before this process records YLH's answer.
        QVERIFY(db->exec(QStringLiteral("UPDATE console_push_jobs SET state = 'confirmed'"), &error));
        QVERIFY(db->exec(QStringLiteral("UPDATE orders_order SET haier_status = 'confirmed', haier_order_no = 'SO.1' WHERE id = 17"), &error));
        AttemptOutcome ok;
        ok.newState = JobState::Accepted;
        ok.kind = ResultKind::Ok;
        QVERIFY2(jobs.finishAttempt(a, ok, 200, &error), qPrintable(error));
        QCOMPARE(jobs.get(job->id)->state, QStringLiteral("confirmed"));
        const auto order = OrderStore(*db).loadById(17);
        QCOMPARE(order->haierStatus, QStringLiteral("confirmed"));
        QCOMPARE(order->haierSoId, QStringLiteral("HMM1-17"));
        QCOMPARE(jobs.get(job->id)->acceptedAt, 200);
    }

    void businessRejectionKeepsHaierMessage_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void businessRejectionKeepsHaierMessage()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        QString error;
        const QString me = currentHolder();
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        QVERIFY(jobs.claim(job->id, me, 10, 60000, {}, &error));
        const qint64 a = jobs.startAttempt(job->id, me, {}, "{}", 100, &error);
        AttemptOutcome rejected;
        rejected.newState = JobState::Rejected;
        rejected.kind = ResultKind::BusinessRejection;
        rejected.message = QStringLiteral("收货地址无法配送");
        QVERIFY2(jobs.finishAttempt(a, rejected, 200, &error), qPrintable(error));
        QCOMPARE(OrderStore(*db).loadById(17)->haierFailMsg, QStringLiteral("收货地址无法配送"));
        QCOMPARE(jobs.get(job->id)->lastKind, QStringLiteral("business_rejection"));
        QCOMPARE(jobs.get(job->id)->acceptedAt, 0);
    }
};

QTEST_GUILESS_MAIN(TestJobStore)
#include "tst_jobstore.moc"
