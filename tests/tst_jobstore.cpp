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

QString optionalStateText(const std::optional<JobState> &state)
{
    return state ? jobStateName(*state) : QStringLiteral("-");
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
        QCOMPARE(first->state, JobState::Queued);
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
        const QString me = currentHolder();
        QVERIFY(!isDeadLocalHolder(me));
        // host:pid:token, the token unique to this process and the same on every call.
        QCOMPARE(me.split(QLatin1Char(':')).size(), 3);
        QVERIFY(me.startsWith(QSysInfo::machineHostName() + QLatin1Char(':')));
        QCOMPARE(currentHolder(), me);
        QVERIFY(!isDeadLocalHolder(QStringLiteral("some-other-host:1:abc")));
        QProcess sleeper;
        sleeper.start(QStringLiteral("sleep"), {QStringLiteral("30")});
        QVERIFY(sleeper.waitForStarted());
        const QString alive = QStringLiteral("%1:%2:tok").arg(QSysInfo::machineHostName()).arg(sleeper.processId());
        const QString older = QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(sleeper.processId());
        QVERIFY(!isDeadLocalHolder(alive));
        QVERIFY(!isDeadLocalHolder(older));
        sleeper.kill();
        sleeper.waitForFinished();
        QVERIFY(isDeadLocalHolder(alive));
        QVERIFY(isDeadLocalHolder(older));
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
        auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        // Without the claim nothing is sent.
        JobApply r;
        QCOMPARE(jobs.startAttempt(*job, me, QStringLiteral("alice"), "{}", 10, &r), 0);
        QCOMPARE(r.status, ApplyStatus::Lost);
        QCOMPARE(jobs.get(job->id)->state, JobState::Queued);
        QVERIFY(jobs.claim(job->id, me, 10, 60000, {}, &error));
        job = jobs.get(job->id);

        const qint64 a1 = jobs.startAttempt(*job, me, QStringLiteral("alice"), R"({"soId":"HMM1-17"})", 100, &r);
        QVERIFY2(a1 > 0, qPrintable(r.message));
        QCOMPARE(r.job.state, JobState::Sending);
        QCOMPARE(jobs.get(job->id)->state, JobState::Sending);
        AttemptOutcome timeout;
        timeout.kind = ResultKind::Timeout;
        timeout.willRetry = true;
        timeout.message = QStringLiteral("timed out");
        timeout.nextAttemptAt = 700;
        r = jobs.finishAttempt(r.job, a1, timeout, me, 200);
        QVERIFY2(r.applied(), qPrintable(r.message));
        QCOMPARE(jobs.get(job->id)->state, JobState::Backoff);
        QCOMPARE(jobs.get(job->id)->nextAttemptAt, 700);
        QCOMPARE(jobs.get(job->id)->lastKind, QStringLiteral("timeout"));
        QCOMPARE(jobs.get(job->id)->lastChange, QStringLiteral("answer"));
        QVERIFY(orders.loadById(17)->haierSoId.isEmpty());

        const qint64 a2 = jobs.startAttempt(r.job, me, QStringLiteral("alice"), R"({"soId":"HMM1-17"})", 700, &r);
        QVERIFY(a2 > 0);
        AttemptOutcome ok;
        ok.kind = ResultKind::Ok;
        ok.httpStatus = 200;
        ok.latencyMs = 42;
        ok.haierOrderNo = QStringLiteral("SO.20251124.000017");
        r = jobs.finishAttempt(r.job, a2, ok, me, 800);
        QVERIFY2(r.applied(), qPrintable(r.message));
        const auto done = jobs.get(job->id);
        QCOMPARE(done->state, JobState::Accepted);
        QCOMPARE(done->attemptCount, 2);
        QCOMPARE(done->pushAttempts, 2);
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
        QCOMPARE(attempts.at(1).outcome, QStringLiteral("answer"));
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
        auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        QVERIFY(jobs.claim(job->id, me, 10, 60000, {}, &error));
        JobApply r;
        const qint64 a = jobs.startAttempt(*jobs.get(job->id), me, {}, "{}", 100, &r);
        QVERIFY(a > 0);
        // Haier's confirm callback lands before this process records YLH's answer.
        JobWrite cb;
        cb.change = QStringLiteral("callback");
        cb.haierOrderNo = QStringLiteral("SO.1");
        QVERIFY(jobs.apply(*jobs.get(job->id), JobEvent::callback(CallbackMethod::Confirm, 1), cb, 150).applied());
        AttemptOutcome ok;
        ok.kind = ResultKind::Ok;
        r = jobs.finishAttempt(r.job, a, ok, me, 200);
        QCOMPARE(r.status, ApplyStatus::Refused); // the answer is kept on the attempt and changes nothing
        const auto now = jobs.get(job->id);
        QCOMPARE(now->state, JobState::Confirmed);
        QCOMPARE(now->acceptedAt, 150);
        QCOMPARE(now->haierOrderNo, QStringLiteral("SO.1"));
        QCOMPARE(jobs.attempts(job->id).at(0).kind, QStringLiteral("ok"));
        QCOMPARE(jobs.attempts(job->id).at(0).outcome, QStringLiteral("stale"));
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
        JobApply r;
        const qint64 a = jobs.startAttempt(*jobs.get(job->id), me, {}, "{}", 100, &r);
        AttemptOutcome rejected;
        rejected.kind = ResultKind::BusinessRejection;
        rejected.message = QStringLiteral("收货地址无法配送");
        r = jobs.finishAttempt(r.job, a, rejected, me, 200);
        QVERIFY2(r.applied(), qPrintable(r.message));
        QCOMPARE(OrderStore(*db).loadById(17)->haierFailMsg, QStringLiteral("收货地址无法配送"));
        QCOMPARE(jobs.get(job->id)->state, JobState::Rejected);
        QCOMPARE(jobs.get(job->id)->lastKind, QStringLiteral("business_rejection"));
        QCOMPARE(jobs.get(job->id)->acceptedAt, 0);
    }

    // A writer whose lease ran out and was taken over records its attempt as such and changes nothing else.
    void lostLeaseChangesNothingButItsAttempt_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void lostLeaseChangesNothingButItsAttempt()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        QString error;
        const QString slow = QStringLiteral("desk-1:100:aaa");
        const QString other = QStringLiteral("desk-2:100:bbb");
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        QVERIFY(jobs.claim(job->id, slow, 10, 1000, {}, &error));
        JobApply r;
        const qint64 a = jobs.startAttempt(*jobs.get(job->id), slow, {}, "{}", 100, &r);
        QVERIFY(a > 0);
        const PushJobRecord slowRead = r.job;
        // The lease runs out; another desk takes the job over and re-sends it (same soId).
        QVERIFY(jobs.claim(job->id, other, 5000, 60000, {}, &error));
        JobApply o;
        const qint64 b = jobs.startAttempt(*jobs.get(job->id), other, {}, "{}", 5100, &o);
        QVERIFY(b > 0);
        AttemptOutcome timeout;
        timeout.kind = ResultKind::Timeout;
        timeout.message = QStringLiteral("timed out");
        r = jobs.finishAttempt(slowRead, a, timeout, slow, 6000);
        QCOMPARE(r.status, ApplyStatus::Lost);
        QVERIFY(!r.message.isEmpty());
        QCOMPARE(jobs.get(job->id)->state, JobState::Sending);
        QCOMPARE(jobs.get(job->id)->holder, other);
        QCOMPARE(jobs.get(job->id)->lastKind, QString());
        auto attempts = jobs.attempts(job->id);
        QCOMPARE(attempts.at(0).kind, QStringLiteral("timeout"));
        QCOMPARE(attempts.at(0).outcome, QStringLiteral("lease_lost"));
        // The holder's own answer counts.
        AttemptOutcome ok;
        ok.kind = ResultKind::Duplicate;
        r = jobs.finishAttempt(o.job, b, ok, other, 6100);
        QVERIFY2(r.applied(), qPrintable(r.message));
        QCOMPARE(jobs.get(job->id)->state, JobState::Accepted);
        QCOMPARE(jobs.attempts(job->id).at(1).outcome, QStringLiteral("answer"));
    }

    // apply(): the transition decides; the write is conditional on what was read.
    void applyIsCompareAndSet_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void applyIsCompareAndSet()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        QString error;
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM1"), QStringLiteral("HMM1-17"), {}, 0, &error);
        QVERIFY(db->exec(QStringLiteral("UPDATE console_push_jobs SET state = 'rejected', accepted_at = 50, last_kind = 'ok'"), &error));
        const PushJobRecord read = *jobs.get(job->id);
        // A plain retry of a job refused after acceptance is refused, with its sentence; nothing is written.
        JobWrite retry;
        retry.change = QStringLiteral("staff:retry");
        JobApply r = jobs.apply(read, JobEvent::of(JobEvent::Type::Retry), retry, 100);
        QCOMPARE(r.status, ApplyStatus::Refused);
        QVERIFY(!r.message.isEmpty());
        QCOMPARE(jobs.get(job->id)->updatedAt, read.updatedAt);

        // Two desks both read it and ask for a new soId: exactly one wins, the other is told it lost.
        JobWrite first;
        first.change = QStringLiteral("staff:new_so_id");
        first.soId = QStringLiteral("HMM1-17-2");
        first.soSeq = 2;
        JobWrite second = first;
        second.soId = QStringLiteral("HMM1-17-3");
        second.soSeq = 3;
        r = jobs.apply(read, JobEvent::of(JobEvent::Type::NewSoId), first, 200);
        QVERIFY2(r.applied(), qPrintable(r.message));
        QCOMPARE(r.job.soId, QStringLiteral("HMM1-17-2"));
        QCOMPARE(r.job.state, JobState::Queued);
        QCOMPARE(r.job.acceptedAt, 0);
        QCOMPARE(r.job.pushNo, 2);
        QCOMPARE(r.job.lastChange, QStringLiteral("staff:new_so_id"));
        QCOMPARE(r.job.lastKind, QStringLiteral("ok")); // kind stays the last attempt's result kind
        r = jobs.apply(read, JobEvent::of(JobEvent::Type::NewSoId), second, 201);
        QCOMPARE(r.status, ApplyStatus::Lost);
        QCOMPARE(r.job.soId, QStringLiteral("HMM1-17-2"));
        QCOMPARE(jobs.get(job->id)->soId, QStringLiteral("HMM1-17-2"));
        // A new soId from the job as it is now (queued: outcome unknown) is refused with the retry-first sentence.
        r = jobs.apply(r.job, JobEvent::of(JobEvent::Type::NewSoId), second, 202);
        QCOMPARE(r.status, ApplyStatus::Refused);
        QVERIFY(r.message.contains(QLatin1String("retry first")));

        // With a holder, the write needs that holder's claim.
        QVERIFY(jobs.claim(job->id, QStringLiteral("desk-1:1:a"), 300, 60000, {}, &error));
        JobWrite resolve;
        resolve.change = QStringLiteral("staff:resolve");
        resolve.holder = QStringLiteral("desk-2:1:b");
        const PushJobRecord now = *jobs.get(job->id);
        r = jobs.apply(now, JobEvent::of(JobEvent::Type::Resolve), resolve, 400);
        QCOMPARE(r.status, ApplyStatus::Lost);
        resolve.holder = QStringLiteral("desk-1:1:a");
        r = jobs.apply(now, JobEvent::of(JobEvent::Type::Resolve), resolve, 400);
        QVERIFY(r.applied());
        QCOMPARE(r.job.state, JobState::Resolved);
        QCOMPARE(r.job.stateBeforeResolved, std::optional<JobState>(JobState::Queued));
        JobWrite reopen;
        reopen.change = QStringLiteral("staff:reopen");
        r = jobs.apply(r.job, JobEvent::of(JobEvent::Type::Reopen), reopen, 500);
        QVERIFY(r.applied());
        QCOMPARE(jobs.get(job->id)->state, JobState::Queued);
        QCOMPARE(jobs.get(job->id)->stateBeforeResolved, std::nullopt);
    }

    // Several jobs' events at once write exactly what apply() writes one by one (the same columns, the
    // same compare-and-set): a job changed since it was read loses, a refused event writes nothing, and a
    // job named twice is written in turn.
    void applyManyWritesAsApplyWould_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void applyManyWritesAsApplyWould()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        QString error;
        for (int id : {18, 19, 20, 27, 28}) {
            QVERIFY2(db->exec(QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at) "
                                             "VALUES (%1, 'HMM%1', 'paid', 10.00, '2025-11-24 02:30:00')").arg(id), &error),
                     qPrintable(error));
        }
        JobStore jobs(*db);
        QHash<int, PushJobRecord> read;
        for (int id : {17, 18, 19, 20, 27, 28}) {
            const auto job = jobs.reserve(QStringLiteral("mock"), id, QStringLiteral("HMM%1").arg(id), QStringLiteral("HMM%1-1").arg(id), {}, 0, &error);
            QVERIFY2(job, qPrintable(error));
        }
        QVERIFY(db->exec(QStringLiteral("UPDATE console_push_jobs SET state = 'accepted', accepted_at = 50"), &error));
        for (int id : {17, 18, 19, 20, 27, 28})
            read.insert(id, *jobs.findForOrder(QStringLiteral("mock"), id));
        // Another writer moves job 19 on after it was read.
        QVERIFY(db->exec(QStringLiteral("UPDATE console_push_jobs SET state = 'confirmed' WHERE order_id = 19"), &error));

        const JobEvent confirm = JobEvent::callback(CallbackMethod::Confirm, 1);
        JobWrite withNumber;
        withNumber.change = QStringLiteral("callback");
        withNumber.message = QStringLiteral("hmm.scm_heorder.confirm");
        withNumber.haierOrderNo = QStringLiteral("SO.1");
        JobWrite without = withNumber;
        without.haierOrderNo.clear();
        const QList<JobApply> results = jobs.applyMany({{read.value(17), confirm, withNumber},
                                                        {read.value(18), confirm, without},
                                                        {read.value(19), confirm, without},
                                                        {read.value(20), JobEvent::of(JobEvent::Type::Retry), without}},
                                                       1000);
        QCOMPARE(results.size(), 4);
        QVERIFY2(results.at(0).applied(), qPrintable(results.at(0).message));
        QCOMPARE(results.at(0).job.state, JobState::Confirmed);
        QCOMPARE(results.at(0).job.haierOrderNo, QStringLiteral("SO.1"));
        QVERIFY(results.at(1).applied());
        QCOMPARE(results.at(1).job.haierOrderNo, QString());
        QCOMPARE(results.at(2).status, ApplyStatus::Lost);
        QCOMPARE(results.at(2).job.state, JobState::Confirmed);
        QCOMPARE(results.at(3).status, ApplyStatus::Refused);
        QCOMPARE(jobs.findForOrder(QStringLiteral("mock"), 20)->updatedAt, read.value(20).updatedAt);

        // The same two writes through apply(): the rows are alike, column by column.
        QVERIFY(jobs.apply(read.value(27), confirm, withNumber, 1000).applied());
        QVERIFY(jobs.apply(read.value(28), confirm, without, 1000).applied());
        auto described = [&](int id) {
            const PushJobRecord j = *jobs.findForOrder(QStringLiteral("mock"), id);
            return QStringList{j.stateName(), optionalStateText(j.stateBeforeCancel), optionalStateText(j.stateBeforeResolved),
                               QString::number(j.acceptedAt), j.lastChange, j.lastMessage, j.lastKind, QString::number(j.lastHttpStatus),
                               QString::number(j.nextAttemptAt), j.haierOrderNo, QString::number(j.updatedAt), QString::number(j.pushNo),
                               QString::number(j.attemptCount)};
        };
        QCOMPARE(described(17), described(27));
        QCOMPARE(described(18), described(28));

        // One job twice: the second was read before the first was written, so it loses, as apply() twice would.
        const PushJobRecord now = *jobs.findForOrder(QStringLiteral("mock"), 18);
        const QList<JobApply> twice = jobs.applyMany({{now, JobEvent::callback(CallbackMethod::OutOfStock, 1), without},
                                                      {now, JobEvent::callback(CallbackMethod::Cancel, 1), without}},
                                                     2000);
        QVERIFY(twice.at(0).applied());
        QCOMPARE(twice.at(0).job.state, JobState::OutOfStock);
        QCOMPARE(twice.at(1).status, ApplyStatus::Lost);
    }
};

QTEST_GUILESS_MAIN(TestJobStore)
#include "tst_jobstore.moc"
