#include "models/clock.h"
#include "models/database.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "net/pushengine.h"
#include "testdb.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>
#include <QtTest>

namespace {

// Answers from a script; keeps answers back when asked, to observe concurrency.
class FakeSender final : public OrderSender
{
public:
    QList<SendResult> script;          // consumed in order; then `fallback`
    SendResult fallback{ResultKind::Ok, 200, QStringLiteral("成功"), {}, {}, 5, -1, QString()};
    QList<QJsonObject> sent;
    bool holdAnswers = false;
    QList<std::function<void()>> held;
    int inFlight = 0;
    int maxInFlight = 0;

    void createOrder(const QJsonObject &payload, const QString &, std::function<void(const SendResult &)> done) override
    {
        sent.append(payload);
        const SendResult r = script.isEmpty() ? fallback : script.takeFirst();
        ++inFlight;
        maxInFlight = qMax(maxInFlight, inFlight);
        auto answer = [this, r, done] { --inFlight; done(r); };
        if (holdAnswers)
            held.append(answer);
        else
            QMetaObject::invokeMethod(QCoreApplication::instance(), answer, Qt::QueuedConnection);
    }
    void releaseAll()
    {
        const auto answers = held;
        held.clear();
        for (const auto &a : answers)
            a();
    }
};

// Answers a stock check with a fixed verdict, after the event loop turns (as the network would).
class FakeStockChecker final : public StockChecker
{
public:
    StockVerdict verdict{StockVerdict::Outcome::Enough, QString()};
    QList<QString> counties;
    QList<QList<StockNeed>> asked;
    void check(const QString &countyCode, const QList<StockNeed> &needs, std::function<void(const StockVerdict &)> done) override
    {
        counties << countyCode;
        asked << needs;
        const StockVerdict v = verdict;
        QMetaObject::invokeMethod(QCoreApplication::instance(), [done, v] { done(v); }, Qt::QueuedConnection);
    }
};

SendResult result(ResultKind kind, int status, const QString &message = QString(), qint64 retryAfter = -1)
{
    return SendResult{kind, status, message, {}, {}, 10, retryAfter, QString()};
}

const char goodOrderSql[] =
    "INSERT INTO orders_order (id, order_number, status, quantity, total_amount, created_at, snapshot_contact_name, "
    "snapshot_phone, snapshot_province, snapshot_city, snapshot_district, snapshot_address, is_delivery_install) VALUES "
    "(%1, 'HMM%1', '%2', 1, 3999.00, '2025-11-24 02:30:00', '张伟', '13912349000', '山东省', '青岛市', '崂山区', '海尔路1号', {FALSE})";
const char goodLineSql[] =
    "INSERT INTO orders_orderitem (order_id, product_id, sku_code, product_name, quantity, unit_price, discount_amount, actual_amount) "
    "VALUES (%1, 1, 'BH0250A2G', '海尔 冰箱', 1, 3999.00, 0, 3999.00)";

} // namespace

class TestPushEngine : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    ManualClock m_clock;
    QList<qint64> m_delays;
    QList<std::function<void()>> m_waiting;

    void addOrder(int id, const char *status = "paid")
    {
        QString error;
        QVERIFY2(m_db->exec(QString::fromUtf8(goodOrderSql).arg(id).arg(QLatin1String(status)), &error), qPrintable(error));
        QVERIFY2(m_db->exec(QString::fromUtf8(goodLineSql).arg(id), &error), qPrintable(error));
    }

    std::unique_ptr<PushEngine> engine(FakeSender &sender, const Profile &profile = Profile::preset(ProfileKind::Mock))
    {
        auto e = std::make_unique<PushEngine>(*m_db, profile, sender, m_clock);
        e->setRandomSeed(1);
        e->setScheduler([this](qint64 delay, std::function<void()> task) {
            m_delays.append(delay);
            m_waiting.append(std::move(task));
        });
        return e;
    }

    // Runs the engine to the end, firing scheduled back-offs at once (advancing the clock instead of sleeping).
    QList<PushItemResult> run(PushEngine &e, const QStringList &numbers, bool newSoId = false, bool resume = false)
    {
        QList<PushRequest> requests;
        for (const QString &n : numbers)
            requests.append({n, newSoId, resume});
        QSignalSpy done(&e, &PushEngine::finished);
        e.start(requests);
        for (int guard = 0; done.isEmpty() && guard < 1000; ++guard) {
            if (!m_waiting.isEmpty()) {
                m_clock.advanceMs(m_delays.last());
                m_waiting.takeFirst()();
            } else {
                QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            }
        }
        return e.results();
    }

private slots:
    void init()
    {
        QString error;
        m_db = Database::open(m_dir.filePath(QStringLiteral("engine%1.sqlite").arg(QRandomGenerator::global()->generate())), &error);
        QVERIFY2(m_db && m_db->migrate(&error) > 0, qPrintable(error));
        TestDb::bind(*m_db); // every profile writes the shop's columns
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source, price, market_price) "
                                          "VALUES (1, '海尔 冰箱', 'BH0250A2G', 'haier', 3999, 4599)"), &error));
        m_delays.clear();
        m_waiting.clear();
    }
    void cleanup() { m_db.reset(); }

    void acceptedOnceAndNeverAgain()
    {
        addOrder(17);
        FakeSender sender;
        sender.fallback.retailOrderNo = QStringLiteral("SO.20251124.000017");
        auto e = engine(sender);
        auto results = run(*e, {QStringLiteral("HMM17")});
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].bucket, PushItemResult::Bucket::Accepted);
        QCOMPARE(results[0].soId, QStringLiteral("HMM17-17"));
        QCOMPARE(results[0].state, QStringLiteral("accepted"));
        QCOMPARE(sender.sent.size(), 1);
        QCOMPARE(sender.sent[0].value(QStringLiteral("soId")).toString(), QStringLiteral("HMM17-17"));
        const auto order = OrderStore(*m_db).loadById(17);
        QCOMPARE(order->haierSoId, QStringLiteral("HMM17-17"));
        QCOMPARE(order->haierStatus, QStringLiteral("push_pending"));
        QCOMPARE(order->haierOrderNo, QStringLiteral("SO.20251124.000017"));

        auto again = engine(sender);
        results = run(*again, {QStringLiteral("HMM17")});
        QCOMPARE(results[0].bucket, PushItemResult::Bucket::Refused);
        QCOMPARE(sender.sent.size(), 1);
        QVERIFY(PushEngine::allPaidCandidates(*m_db, QStringLiteral("mock"), nullptr).isEmpty());
    }

    void transientFailuresBackOffThenSucceedWithTheSameSoId()
    {
        addOrder(17);
        FakeSender sender;
        sender.script = {result(ResultKind::Timeout, 0, QStringLiteral("timed out")),
                         result(ResultKind::Server, 503, QStringLiteral("unavailable"), 7000),
                         result(ResultKind::Server, 500)};
        auto e = engine(sender);
        const auto results = run(*e, {QStringLiteral("HMM17")});
        QCOMPARE(results[0].bucket, PushItemResult::Bucket::Accepted);
        QCOMPARE(sender.sent.size(), 4);
        for (const QJsonObject &p : sender.sent)
            QCOMPARE(p.value(QStringLiteral("soId")).toString(), QStringLiteral("HMM17-17"));
        QCOMPARE(m_delays.size(), 3);
        QVERIFY(m_delays[0] <= 500);
        QCOMPARE(m_delays[1], 7000); // Retry-After wins
        QVERIFY(m_delays[2] <= 2000);
        JobStore jobs(*m_db);
        const auto job = jobs.findForOrder(QStringLiteral("mock"), 17);
        const auto attempts = jobs.attempts(job->id);
        QCOMPARE(attempts.size(), 4);
        QCOMPARE(attempts[0].kind, QStringLiteral("timeout"));
        QCOMPARE(attempts[1].httpStatus, 503);
        QCOMPARE(attempts[3].kind, QStringLiteral("ok"));
        QVERIFY(!attempts[0].requestBody.contains("13912349000")); // redacted
    }

    void outcomes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("expectedSends");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("message");
        QTest::newRow("retries exhausted") << int(ResultKind::Timeout) << 0 << 4 << QStringLiteral("failed")
                                           << QStringLiteral("Network connection timed out; please try again later");
        QTest::newRow("5xx exhausted") << int(ResultKind::Server) << 500 << 4 << QStringLiteral("failed")
                                       << QStringLiteral("The Haier system is temporarily unavailable; please try again later");
        QTest::newRow("business rejection") << int(ResultKind::BusinessRejection) << 200 << 1 << QStringLiteral("rejected")
                                            << QStringLiteral("收货地址无法配送");
        QTest::newRow("auth") << int(ResultKind::Auth) << 401 << 1 << QStringLiteral("failed")
                              << QStringLiteral("Authentication expired; please sign in again");
        QTest::newRow("duplicate soId") << int(ResultKind::Duplicate) << 200 << 1 << QStringLiteral("accepted")
                                        << QStringLiteral("YLH already holds soId HMM17-17");
    }
    void outcomes()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(int, expectedSends);
        QFETCH(QString, state);
        QFETCH(QString, message);
        addOrder(17);
        FakeSender sender;
        sender.fallback = result(ResultKind(kind), status, QStringLiteral("收货地址无法配送"));
        auto e = engine(sender);
        const auto results = run(*e, {QStringLiteral("HMM17")});
        QCOMPARE(sender.sent.size(), expectedSends);
        QCOMPARE(results[0].state, state);
        QVERIFY2(results[0].message.startsWith(message), qPrintable(results[0].message));
        QCOMPARE(jobStateName(JobStore(*m_db).findForOrder(QStringLiteral("mock"), 17)->state), state);
    }

    void rejectedCreateIsRetriedWithTheSameSoId()
    {
        addOrder(17);
        FakeSender sender;
        sender.script = {result(ResultKind::BusinessRejection, 200, QStringLiteral("库存不足"))};
        auto e = engine(sender);
        QCOMPARE(run(*e, {QStringLiteral("HMM17")})[0].state, QStringLiteral("rejected"));
        auto retry = engine(sender);
        QCOMPARE(run(*retry, {QStringLiteral("HMM17")})[0].state, QStringLiteral("accepted"));
        QCOMPARE(sender.sent[1].value(QStringLiteral("soId")), sender.sent[0].value(QStringLiteral("soId")));
    }

    // A 403 is final: no retry. A staff retry of a failed job starts a new push with a fresh retry budget,
    // and every attempt names the push it was in.
    void forbiddenIsFinalAndAStaffRetryGetsAFreshBudget()
    {
        addOrder(17);
        FakeSender sender;
        sender.fallback = result(ResultKind::Forbidden, 403, QStringLiteral("IP不在白名单"));
        auto e = engine(sender);
        auto r = run(*e, {QStringLiteral("HMM17")});
        QCOMPARE(r[0].state, QStringLiteral("failed"));
        QCOMPARE(r[0].kind, QStringLiteral("forbidden"));
        QCOMPARE(sender.sent.size(), 1);

        Profile profile = Profile::preset(ProfileKind::Mock);
        const int budget = 1 + profile.retry.maxRetries;
        sender.fallback = result(ResultKind::Timeout, 0, QStringLiteral("timed out"));
        auto again = engine(sender, profile);
        r = run(*again, {QStringLiteral("HMM17")});
        QCOMPARE(r[0].state, QStringLiteral("failed"));
        QCOMPARE(sender.sent.size(), 1 + budget); // the whole budget again, not what the first push left
        auto third = engine(sender, profile);
        r = run(*third, {QStringLiteral("HMM17")});
        QCOMPARE(sender.sent.size(), 1 + 2 * budget);
        JobStore jobs(*m_db);
        const auto job = jobs.findForOrder(QStringLiteral("mock"), 17);
        QCOMPARE(job->pushNo, 3);
        QCOMPARE(job->pushAttempts, budget);
        QCOMPARE(job->lastKind, QStringLiteral("timeout"));
        QCOMPARE(job->lastChange, QStringLiteral("answer"));
        const auto attempts = jobs.attempts(job->id);
        QCOMPARE(attempts.size(), 1 + 2 * budget);
        QCOMPARE(attempts.first().pushNo, 1);
        QCOMPARE(attempts.at(1).pushNo, 2);
        QCOMPARE(attempts.last().pushNo, 3);
    }

    void refusedOrdersGetNoJobAndNoSoId()
    {
        addOrder(17, "pending");
        FakeSender sender;
        auto e = engine(sender);
        const auto results = run(*e, {QStringLiteral("HMM17"), QStringLiteral("NOPE")});
        QCOMPARE(results.size(), 2);
        for (const auto &r : results) {
            QCOMPARE(r.bucket, PushItemResult::Bucket::Refused);
            QVERIFY(r.soId.isEmpty());
            QCOMPARE(r.kind, QStringLiteral("refused"));
        }
        QVERIFY(results[0].message.contains(QLatin1String("not paid")));
        QVERIFY(sender.sent.isEmpty());
        QVERIFY(!JobStore(*m_db).findForOrder(QStringLiteral("mock"), 17));
    }

    void liveHolderElsewhereIsLeftAlone()
    {
        addOrder(17);
        JobStore jobs(*m_db);
        QString error;
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM17"), QStringLiteral("HMM17-17"), {}, 0, &error);
        QVERIFY(jobs.claim(job->id, QStringLiteral("other-desk:4242"), m_clock.nowUtc().toMSecsSinceEpoch(), 60000, {}, &error));
        FakeSender sender;
        auto e = engine(sender);
        const auto results = run(*e, {QStringLiteral("HMM17")});
        QCOMPARE(results[0].bucket, PushItemResult::Bucket::Refused);
        QVERIFY(results[0].message.contains(QLatin1String("other-desk:4242")));
        QVERIFY(sender.sent.isEmpty());
        // Once the lease runs out the job is taken over and sent with the reserved soId.
        m_clock.advanceMs(61000);
        QCOMPARE(PushEngine::resumeCandidates(*m_db, QStringLiteral("mock"), m_clock.nowUtc().toMSecsSinceEpoch(), nullptr),
                 QStringList{QStringLiteral("HMM17")});
        auto later = engine(sender);
        QCOMPARE(run(*later, {QStringLiteral("HMM17")}, false, true)[0].state, QStringLiteral("accepted"));
        QCOMPARE(sender.sent[0].value(QStringLiteral("soId")).toString(), QStringLiteral("HMM17-17"));
    }

    void deadProcessMidSendIsResumedWithTheSameSoId()
    {
        addOrder(17);
        JobStore jobs(*m_db);
        QString error;
        QProcess gone;
        gone.start(QStringLiteral("true"));
        QVERIFY(gone.waitForFinished());
        const QString deadHolder = QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(gone.processId() + 0 == 0 ? 999999 : 999999);
        const auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM17"), QStringLiteral("HMM17-17"), {}, 0, &error);
        const qint64 now = m_clock.nowUtc().toMSecsSinceEpoch();
        QVERIFY(jobs.claim(job->id, deadHolder, now, 600000, {}, &error));
        JobApply started;
        QVERIFY(jobs.startAttempt(*jobs.get(job->id), deadHolder, {}, "{}", now, &started) > 0); // died after this
        QCOMPARE(PushEngine::resumeCandidates(*m_db, QStringLiteral("mock"), now, nullptr), QStringList{QStringLiteral("HMM17")});
        FakeSender sender;
        sender.fallback = result(ResultKind::Duplicate, 200, QStringLiteral("订单号重复，soId已存在"));
        auto e = engine(sender);
        const auto results = run(*e, {QStringLiteral("HMM17")}, false, true);
        QCOMPARE(results[0].state, QStringLiteral("accepted"));
        QCOMPARE(sender.sent[0].value(QStringLiteral("soId")).toString(), QStringLiteral("HMM17-17"));
        QCOMPARE(jobs.attempts(job->id).size(), 2);
    }

    void newSoIdOnlyAfterRefusalOfAnAcceptedPush()
    {
        addOrder(17);
        FakeSender sender;
        auto e = engine(sender);
        run(*e, {QStringLiteral("HMM17")});
        auto early = engine(sender);
        QCOMPARE(run(*early, {QStringLiteral("HMM17")}, true)[0].bucket, PushItemResult::Bucket::Refused);
        // Haier refuses it after acceptance (confirm State 0).
        JobStore jobs(*m_db);
        QString error;
        const auto job = jobs.findForOrder(QStringLiteral("mock"), 17);
        JobWrite refused;
        refused.change = QStringLiteral("callback");
        refused.message = QStringLiteral("收货地址无法配送");
        QVERIFY(jobs.apply(*job, JobEvent::callback(CallbackMethod::Confirm, 0), refused, 0).applied());
        QVERIFY(m_db->exec(QStringLiteral("UPDATE orders_order SET haier_status = 'rejected' WHERE id = 17"), &error));
        auto plain = engine(sender);
        QCOMPARE(run(*plain, {QStringLiteral("HMM17")})[0].bucket, PushItemResult::Bucket::Refused);
        auto repush = engine(sender);
        const auto results = run(*repush, {QStringLiteral("HMM17")}, true);
        QCOMPARE(results[0].state, QStringLiteral("accepted"));
        QCOMPARE(results[0].soId, QStringLiteral("HMM17-17-2"));
        QCOMPARE(sender.sent.last().value(QStringLiteral("soId")).toString(), QStringLiteral("HMM17-17-2"));
        QCOMPARE(OrderStore(*m_db).loadById(17)->haierSoId, QStringLiteral("HMM17-17-2"));
    }

    void concurrencyIsBounded()
    {
        for (int id = 1; id <= 20; ++id)
            addOrder(100 + id);
        FakeSender sender;
        sender.holdAnswers = true;
        auto e = engine(sender);
        e->setConcurrency(4);
        QSignalSpy done(e.get(), &PushEngine::finished);
        QList<PushRequest> requests;
        for (const QString &n : PushEngine::allPaidCandidates(*m_db, QStringLiteral("mock"), nullptr))
            requests.append({n, false, false});
        QCOMPARE(requests.size(), 20);
        e->start(requests);
        for (int guard = 0; done.isEmpty() && guard < 200; ++guard) {
            QCoreApplication::processEvents();
            sender.releaseAll();
            m_clock.advanceMs(100); // refill the rate limiter's bucket
            while (!m_waiting.isEmpty())
                m_waiting.takeFirst()();
        }
        QCOMPARE(done.size(), 1);
        QCOMPARE(sender.sent.size(), 20);
        QVERIFY(sender.maxInFlight <= 4);
        QVERIFY(sender.maxInFlight >= 2);
    }

    // Cancel while orders are on the wire and the next ones are already checked and claimed: those on the
    // wire finish, the claimed ones are let go (queued, no holder) and nothing is half-written.
    void cancelLetsGoOfOrdersClaimedAhead()
    {
        for (int id = 1; id <= 12; ++id)
            addOrder(200 + id);
        FakeSender sender;
        sender.holdAnswers = true;
        auto e = engine(sender);
        e->setConcurrency(3);
        QSignalSpy done(e.get(), &PushEngine::finished);
        QList<PushRequest> requests;
        for (const QString &n : PushEngine::allPaidCandidates(*m_db, QStringLiteral("mock"), nullptr))
            requests.append({n, false, false});
        e->start(requests);
        // Let the engine claim ahead while the first three wait for their answers.
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(sender.held.size(), 3);
        JobStore jobs(*m_db);
        const auto claimedAhead = [&] {
            int n = 0;
            for (const PushJobRecord &job : jobs.unfinished(QStringLiteral("mock"), nullptr))
                n += !job.holder.isEmpty() && job.attemptCount == 0;
            return n;
        };
        QVERIFY2(claimedAhead() > 0, "the next orders are checked and claimed while the first are on the wire");
        e->cancel();
        sender.releaseAll();
        for (int guard = 0; done.isEmpty() && guard < 200; ++guard)
            QCoreApplication::processEvents();
        QCOMPARE(done.size(), 1);
        QCOMPARE(sender.sent.size(), 3);
        QCOMPARE(e->results().size(), 3);
        for (const PushItemResult &r : e->results())
            QCOMPARE(r.state, QStringLiteral("accepted"));
        QCOMPARE(claimedAhead(), 0);
        for (const PushJobRecord &job : jobs.unfinished(QStringLiteral("mock"), nullptr)) {
            QCOMPARE(job.state, JobState::Queued);
            QVERIFY(job.holder.isEmpty());
        }
        // A later run sends the rest, each once.
        auto again = engine(sender);
        sender.holdAnswers = false;
        QStringList rest = PushEngine::allPaidCandidates(*m_db, QStringLiteral("mock"), nullptr);
        QCOMPARE(rest.size(), 9);
        const auto results = run(*again, rest);
        QCOMPARE(sender.sent.size(), 12);
        for (const PushItemResult &r : results)
            QCOMPARE(r.state, QStringLiteral("accepted"));
    }

    // The optional stock check: county code from the address, quantities summed per product, and a
    // refusal with the reason — nothing reserved, nothing sent — when Haier has too few or cannot say.
    void stockCheck_data()
    {
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("district");
        QTest::addColumn<bool>("withChecker");
        QTest::addColumn<QString>("expectState");
        QTest::addColumn<QString>("expectMessage");
        QTest::newRow("enough") << int(StockVerdict::Outcome::Enough) << QStringLiteral("崂山区") << true << QStringLiteral("accepted") << QString();
        QTest::newRow("not enough") << int(StockVerdict::Outcome::NotEnough) << QStringLiteral("崂山区") << true << QString()
                                    << QStringLiteral("Not enough Haier stock: BH0250A2G: 3 needed, 1 available");
        QTest::newRow("could not check") << int(StockVerdict::Outcome::CouldNotCheck) << QStringLiteral("崂山区") << true << QString()
                                         << QStringLiteral("The stock check could not be done");
        QTest::newRow("unknown county") << int(StockVerdict::Outcome::Enough) << QStringLiteral("不存在区") << true << QString()
                                        << QStringLiteral("No county code is known for 山东省 青岛市 不存在区");
        QTest::newRow("no open platform") << int(StockVerdict::Outcome::Enough) << QStringLiteral("崂山区") << false << QString()
                                          << QStringLiteral("no open-platform connection");
    }
    void stockCheck()
    {
        QFETCH(int, outcome);
        QFETCH(QString, district);
        QFETCH(bool, withChecker);
        QFETCH(QString, expectState);
        QFETCH(QString, expectMessage);
        QString error;
        addOrder(31);
        // A second line of the same product: the check asks for the sum (1 + 2).
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO orders_orderitem (order_id, product_id, sku_code, product_name, quantity, unit_price, "
                                          "discount_amount, actual_amount) VALUES (31, 1, 'BH0250A2G', '海尔 冰箱', 2, 100.00, 0, 100.00)"), &error));
        QVERIFY(m_db->exec(QStringLiteral("UPDATE orders_order SET total_amount = 4199.00, snapshot_district = '%1' WHERE id = 31").arg(district), &error));
        Profile profile = Profile::preset(ProfileKind::Mock);
        profile.push.stockCheck = true;
        FakeSender sender;
        FakeStockChecker stock;
        stock.verdict = {StockVerdict::Outcome(outcome), QStringLiteral("BH0250A2G: 3 needed, 1 available")};
        auto e = engine(sender, profile);
        if (withChecker)
            e->setStockChecker(&stock);
        const auto results = run(*e, {QStringLiteral("HMM31")});
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].message.contains(expectMessage), qPrintable(results[0].message));
        QCOMPARE(results[0].state, expectState);
        if (withChecker && district == QStringLiteral("崂山区")) {
            QCOMPARE(stock.counties, QList<QString>{QStringLiteral("370212")});
            QCOMPARE(stock.asked.size(), 1);
            QCOMPARE(stock.asked[0].size(), 1);
            QCOMPARE(stock.asked[0][0].productCode, QStringLiteral("BH0250A2G"));
            QCOMPARE(stock.asked[0][0].quantity, 3);
        } else {
            QVERIFY(stock.asked.isEmpty());
        }
        if (expectState.isEmpty()) {
            QCOMPARE(results[0].bucket, PushItemResult::Bucket::Refused);
            QVERIFY(sender.sent.isEmpty());
            QVERIFY(!JobStore(*m_db).findForOrder(QStringLiteral("mock"), 31)); // no soId reserved
        } else {
            QCOMPARE(sender.sent.size(), 1);
        }
    }

    // `push --all-paid` listed an order whose job another process then marked failed: it is left alone.
    void allPaidLeavesAJobEndedMeanwhile()
    {
        addOrder(41);
        QString error;
        JobStore jobs(*m_db);
        auto job = jobs.reserve(QStringLiteral("mock"), 41, QStringLiteral("HMM41"), QStringLiteral("HMM41-41"), QStringLiteral("t"), 1, &error);
        QVERIFY(job);
        JobWrite gaveUp;
        gaveUp.change = QStringLiteral("answer");
        gaveUp.kind = ResultKind::Timeout;
        gaveUp.message = QStringLiteral("gave up");
        QVERIFY(jobs.apply(*job, JobEvent::of(JobEvent::Type::Refuse), gaveUp, 2).applied());
        FakeSender sender;
        auto e = engine(sender);
        QSignalSpy done(e.get(), &PushEngine::finished);
        e->start({PushRequest{QStringLiteral("HMM41"), false, false, true}});
        QTRY_COMPARE(done.size(), 1);
        QCOMPARE(e->results().size(), 1);
        QCOMPARE(e->results()[0].bucket, PushItemResult::Bucket::Refused);
        QVERIFY2(e->results()[0].message.contains(QLatin1String("use retry")), qPrintable(e->results()[0].message));
        QVERIFY(sender.sent.isEmpty());
        QCOMPARE(jobs.get(job->id)->state, JobState::Failed);
        // A deliberate retry still sends it, with its soId.
        auto again = engine(sender);
        QCOMPARE(run(*again, {QStringLiteral("HMM41")})[0].state, QStringLiteral("accepted"));
        QCOMPARE(sender.sent.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPushEngine)
#include "tst_pushengine.moc"
