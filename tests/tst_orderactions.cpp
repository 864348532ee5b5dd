// OrderActions: every staff action's allowed and refused paths, each decision written with its audit
// in one transaction, and the production-confirm rule. Haier is the simulator, reached by the real client.
#include "models/auditlog.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/demodata.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"
#include "net/openplatclient.h"
#include "net/orderactions.h"
#include "net/pushengine.h"
#include "net/stockchecker.h"
#include "net/ylhclient.h"
#include "net/ylhsender.h"
#include "tools/ylh-sim/ylhsimulator.h"
#include "testdb.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// Answers per order: those in `rejected` get a business rejection, those in `down` a 500, the rest are accepted.
class ScriptedSender final : public OrderSender
{
public:
    QSet<QString> rejected;
    QSet<QString> down;
    QStringList sent;
    void createOrder(const QJsonObject &, const QString &orderNumber, std::function<void(const SendResult &)> done) override
    {
        sent << orderNumber;
        SendResult r{ResultKind::Ok, 200, QStringLiteral("成功"), {}, {}, 4, -1, QStringLiteral("SO.7")};
        if (rejected.contains(orderNumber))
            r = SendResult{ResultKind::BusinessRejection, 200, QStringLiteral("商品编码不存在"), {}, {}, 4, -1, {}};
        else if (down.contains(orderNumber))
            r = SendResult{ResultKind::Server, 500, QStringLiteral("HTTP 500"), {}, {}, 4, -1, {}};
        QMetaObject::invokeMethod(QCoreApplication::instance(), [done, r] { done(r); }, Qt::QueuedConnection);
    }
};

PushJobRecord jobIn(JobState state, bool accepted)
{
    PushJobRecord j;
    j.state = state;
    j.acceptedAt = accepted ? 1 : 0;
    return j;
}

} // namespace

class TestOrderActions : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<YlhSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<YlhClient> m_client;
    std::unique_ptr<YlhSender> m_ylhSender;
    ManualClock m_clock{QDateTime::currentDateTimeUtc()};
    ScriptedSender m_scripted;
    OrderSender *m_sender = nullptr;
    Profile m_profile;
    QStringList m_orders; // paid orders that pass the checks, not pushed yet
    int m_dbNo = 0;

    std::unique_ptr<OrderActions> actions()
    {
        auto a = std::make_unique<OrderActions>(*m_db, m_clock, m_profile, [this](QString *) {
            return OrderActions::Services{m_sender, nullptr, m_client.get()};
        });
        a->setOperator(QStringLiteral("tester"));
        return a;
    }

    QList<PushItemResult> push(OrderActions &a, OrderActions::PushPlan plan)
    {
        plan.confirmed = true;
        QSignalSpy finished(&a, &OrderActions::pushFinished);
        QString why;
        if (!a.startPush(plan, &why)) {
            qWarning() << why;
            return {};
        }
        if (!finished.wait(10000))
            return {};
        return finished.first().at(0).value<QList<PushItemResult>>();
    }

    PushJobRecord job(const QString &number)
    {
        return *JobStore(*m_db).findForOrder(m_profile.name, OrderStore(*m_db).loadByNumber(number)->id);
    }

    QStringList audit(const QString &number)
    {
        QSqlQuery q(m_db->sql());
        q.exec(QStringLiteral("SELECT action FROM console_audit_log WHERE order_number = '%1' ORDER BY id").arg(number));
        QStringList actions;
        while (q.next())
            actions << q.value(0).toString();
        return actions;
    }

    // As Haier's callback would move the job (through the one writer).
    void callback(const QString &number, CallbackMethod method, int state)
    {
        JobWrite w;
        w.change = QStringLiteral("callback");
        const JobApply r = JobStore(*m_db).apply(job(number), JobEvent::callback(method, state), w, m_clock.nowUtc().toMSecsSinceEpoch());
        QVERIFY2(r.applied(), qPrintable(r.message));
    }

    // A fresh database at `location` with demo orders, and four that pass the checks.
    void prepare(const QString &location)
    {
        QString error;
        m_client->abortAll();
        m_db.reset();
        m_db = Database::open(location, &error);
        QVERIFY2(m_db && m_db->migrate(&error) > 0, qPrintable(error));
        TestDb::bind(*m_db); // every profile writes the shop's columns
        QVERIFY(DemoData(*m_db).generate(80, 3, nullptr, &error));
        m_orders.clear();
        OrderStore store(*m_db);
        for (const QString &n : PushEngine::allPaidCandidates(*m_db, m_profile.name, &error)) {
            if (PayloadMapper::map(*store.loadByNumber(n), m_profile).ok())
                m_orders << n;
            if (m_orders.size() == 4)
                break;
        }
        QCOMPARE(m_orders.size(), 4);
        m_scripted = ScriptedSender();
        m_sender = &m_scripted;
        m_profile.kind = ProfileKind::Mock;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<QList<PushItemResult>>();
        SimConfig config;
        config.acceptUnknownOrders = true;
        config.callbackAfterAccept = QStringLiteral("none");
        m_sim = std::make_unique<YlhSimulator>(config);
        QVERIFY(m_sim->listen());
        m_profile = m_sim->pointedAt(Profile::preset(ProfileKind::Mock));
        m_profile.retry.maxRetries = 0; // a 500 fails at once
        m_network = std::make_unique<QNetworkAccessManager>();
        m_client = std::make_unique<YlhClient>(*m_network, m_clock);
        m_client->setProfile(m_profile);
        m_client->setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                                  QStringLiteral("demo-password")});
        m_ylhSender = std::make_unique<YlhSender>(*m_client);
    }

    void init()
    {
        prepare(m_dir.filePath(QStringLiteral("a%1.sqlite").arg(m_dbNo++)));
    }
    // The window's questions are the transition function's answers for the job as read.
    void questions_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<bool>("retry");
        QTest::addColumn<bool>("repush");
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<bool>("resolve");
        QTest::addColumn<bool>("reopen");
        QTest::newRow("failed") << int(JobState::Failed) << false << true << false << false << true << false;
        QTest::newRow("rejected by the create call") << int(JobState::Rejected) << false << true << false << false << true << false;
        QTest::newRow("rejected after acceptance") << int(JobState::Rejected) << true << false << true << false << true << false;
        QTest::newRow("accepted") << int(JobState::Accepted) << true << false << false << true << true << false;
        QTest::newRow("cancel requested") << int(JobState::CancelRequested) << true << false << false << false << false << false;
        QTest::newRow("cancelled") << int(JobState::Cancelled) << true << false << true << false << true << false;
        QTest::newRow("partially cancelled") << int(JobState::PartiallyCancelled) << true << false << false << false << true << false;
        QTest::newRow("out of stock") << int(JobState::OutOfStock) << true << false << false << true << true << false;
        QTest::newRow("sending") << int(JobState::Sending) << false << false << false << false << false << false;
        QTest::newRow("resolved") << int(JobState::Resolved) << false << false << false << false << false << true;
    }

    void questions()
    {
        QFETCH(int, state);
        QFETCH(bool, accepted);
        const PushJobRecord j = jobIn(JobState(state), accepted);
        QFETCH(bool, retry);
        QFETCH(bool, repush);
        QFETCH(bool, cancel);
        QFETCH(bool, resolve);
        QFETCH(bool, reopen);
        QCOMPARE(OrderActions::canRetry(j), retry);
        QCOMPARE(OrderActions::canRepush(j), repush);
        QCOMPARE(OrderActions::canCancel(j), cancel);
        QCOMPARE(OrderActions::canResolve(j), resolve);
        QCOMPARE(OrderActions::canReopen(j), reopen);
        // A refused question says why, in the transition function's words.
        QCOMPARE(OrderActions::whyNot(j, JobEvent::Type::Retry).isEmpty(), retry);
        QCOMPARE(OrderActions::whyNot(j, JobEvent::Type::NewSoId), transition(j.facts(), JobEvent::of(JobEvent::Type::NewSoId)).refusal);
    }

    void productionNeedsTheNameTyped()
    {
        Profile production = Profile::preset(ProfileKind::Production);
        QVERIFY(OrderActions::needsConfirmation(production, 1));
        QVERIFY(!OrderActions::needsConfirmation(production, 0));
        QVERIFY(!OrderActions::needsConfirmation(Profile::preset(ProfileKind::Test), 3));
        QVERIFY(!OrderActions::confirmationAccepted(production, QString()));
        QVERIFY(!OrderActions::confirmationAccepted(production, QStringLiteral("yes")));
        QVERIFY(OrderActions::confirmationAccepted(production, QStringLiteral(" production ")));

        // A production push asks; declined, nothing is sent and nothing is written.
        m_profile.kind = ProfileKind::Production;
        auto a = actions();
        int asked = 0;
        a->setConfirmer([&](const Profile &p, int count) {
            ++asked;
            return OrderActions::confirmationAccepted(p, QStringLiteral("not-the-name")) && count == 1;
        });
        OrderActions::PushPlan plan;
        plan.orderNumbers = {m_orders[0]};
        QString why;
        int code = 0;
        QVERIFY(!a->startPush(plan, &why, &code));
        QCOMPARE(asked, 1);
        QCOMPARE(code, 2);
        QVERIFY(m_scripted.sent.isEmpty());
        QVERIFY(!JobStore(*m_db).findForOrder(m_profile.name, OrderStore(*m_db).loadByNumber(m_orders[0])->id));
        // `--yes` is the deliberate step taken already: not asked again.
        plan.confirmed = true;
        QSignalSpy finished(a.get(), &OrderActions::pushFinished);
        QVERIFY(a->startPush(plan, &why, &code));
        QVERIFY(finished.wait(10000));
        QCOMPARE(asked, 1);
        QCOMPARE(m_scripted.sent, QStringList{m_orders[0]});
    }

    void pushRetryAndNewSoId()
    {
        auto a = actions();
        m_scripted.rejected = {m_orders[0]};
        m_scripted.down = {m_orders[1]};
        OrderActions::PushPlan plan;
        plan.orderNumbers = {m_orders[0], m_orders[1], m_orders[2]};
        QList<PushItemResult> results = push(*a, plan);
        QCOMPARE(results.size(), 3);
        QCOMPARE(job(m_orders[0]).state, JobState::Rejected);
        QCOMPARE(job(m_orders[1]).state, JobState::Failed);
        QCOMPARE(job(m_orders[2]).state, JobState::Accepted);

        // A new soId while the outcome is unknown, or while Haier holds the soId, is refused before anything is sent.
        m_scripted.sent.clear();
        plan.mode = OrderActions::PushPlan::Mode::NewSoId;
        plan.orderNumbers = {m_orders[1], m_orders[2]};
        results = push(*a, plan);
        QCOMPARE(results.size(), 2);
        for (const PushItemResult &r : results) {
            QCOMPARE(r.bucket, PushItemResult::Bucket::Refused);
            QCOMPARE(r.message, OrderActions::whyNot(job(r.orderNumber), JobEvent::Type::NewSoId));
        }
        QVERIFY(m_scripted.sent.isEmpty());

        // A retry of the failed job: the same soId, a new push with a fresh retry budget, audited.
        m_scripted.down.clear();
        plan.mode = OrderActions::PushPlan::Mode::Retry;
        plan.orderNumbers = {m_orders[1], m_orders[2]};
        const QString soId = job(m_orders[1]).soId;
        results = push(*a, plan);
        QCOMPARE(m_scripted.sent, QStringList{m_orders[1]}); // the accepted one is refused: already pushed
        QCOMPARE(job(m_orders[1]).state, JobState::Accepted);
        QCOMPARE(job(m_orders[1]).soId, soId);
        QCOMPARE(job(m_orders[1]).pushNo, 2);
        QVERIFY(audit(m_orders[1]).contains(QStringLiteral("retry")));
        for (const PushItemResult &r : results) {
            if (r.orderNumber == m_orders[2])
                QCOMPARE(r.bucket, PushItemResult::Bucket::Refused);
        }

        // Haier refuses what YLH took (confirm State 0): the soId is dead; a retry is refused, a new soId goes.
        callback(m_orders[2], CallbackMethod::Confirm, 0);
        m_scripted.sent.clear();
        results = push(*a, plan);
        QVERIFY(!m_scripted.sent.contains(m_orders[2]));
        plan.mode = OrderActions::PushPlan::Mode::NewSoId;
        plan.orderNumbers = {m_orders[2]};
        results = push(*a, plan);
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().bucket, PushItemResult::Bucket::Accepted);
        QVERIFY(job(m_orders[2]).soId.endsWith(QLatin1String("-2")));
        QVERIFY(audit(m_orders[2]).contains(QStringLiteral("repush")));
    }

    void cancelResolveAndReopen()
    {
        auto a = actions();
        m_sender = m_ylhSender.get(); // the real client against the simulator
        OrderActions::PushPlan plan;
        plan.orderNumbers = {m_orders[0], m_orders[1]};
        push(*a, plan);
        QCOMPARE(job(m_orders[0]).state, JobState::Accepted);
        const QString status = OrderStore(*m_db).loadByNumber(m_orders[0])->haierStatus;

        // Cancel: YLH takes it, the job waits for Haier's callback, the shop's row is left as it was.
        auto cancel = [&](const QStringList &numbers) {
            QList<ActionResult> got;
            bool done = false;
            a->cancel(numbers, QStringLiteral("客户取消"), [&](const QList<ActionResult> &r) { got = r; done = true; });
            if (!QTest::qWaitFor([&] { return done; }, 10000))
                qWarning("cancel did not finish");
            return got;
        };
        QList<ActionResult> r = cancel({m_orders[0]});
        QCOMPARE(r.size(), 1);
        QVERIFY2(r.first().ok(), qPrintable(r.first().message));
        QCOMPARE(job(m_orders[0]).state, JobState::CancelRequested);
        QCOMPARE(job(m_orders[0]).lastChange, QStringLiteral("staff:cancel"));
        QCOMPARE(OrderStore(*m_db).loadByNumber(m_orders[0])->haierStatus, status);
        QCOMPARE(audit(m_orders[0]).last(), QStringLiteral("cancel"));
        // Again while pending: refused with the sentence, nothing sent to YLH.
        const int calls = m_sim->requestCount(QStringLiteral("ylh.cancel_order"));
        r = cancel({m_orders[0], QStringLiteral("NO-SUCH-ORDER")});
        QCOMPARE(r.size(), 2);
        QCOMPARE(r[0].outcome, ActionResult::Outcome::Refused);
        QCOMPARE(r[0].message, OrderActions::whyNot(job(m_orders[0]), JobEvent::Type::StaffCancel));
        QCOMPARE(r[1].outcome, ActionResult::Outcome::NotFound);
        QCOMPARE(m_sim->requestCount(QStringLiteral("ylh.cancel_order")), calls);

        // Resolve waits for the cancel's answer; Haier refuses the cancel (State 0): back to accepted.
        QList<ActionResult> d = a->resolve({m_orders[0]}, QStringLiteral("客户改主意"));
        QCOMPARE(d.first().outcome, ActionResult::Outcome::Refused);
        callback(m_orders[0], CallbackMethod::Cancel, 0);
        QCOMPARE(job(m_orders[0]).state, JobState::Accepted);
        d = a->resolve({m_orders[0]}, QStringLiteral("客户改主意"));
        QVERIFY2(d.first().ok(), qPrintable(d.first().message));
        QCOMPARE(d.first().state, QStringLiteral("resolved"));
        QCOMPARE(job(m_orders[0]).state, JobState::Resolved);
        QCOMPARE(audit(m_orders[0]).last(), QStringLiteral("resolve"));
        // Reopen returns the job to the state it had before; a second reopen is refused.
        d = a->reopen({m_orders[0]}, QStringLiteral("客户又要了"));
        QVERIFY2(d.first().ok(), qPrintable(d.first().message));
        QCOMPARE(job(m_orders[0]).state, JobState::Accepted);
        QCOMPARE(audit(m_orders[0]).last(), QStringLiteral("reopen"));
        d = a->reopen({m_orders[0]}, QStringLiteral("again"));
        QCOMPARE(d.first().outcome, ActionResult::Outcome::Refused);
        QCOMPARE(d.first().message, transition(job(m_orders[0]).facts(), JobEvent::of(JobEvent::Type::Reopen)).refusal);
        // An order never pushed can be resolved (push --all-paid leaves it), and reopened.
        d = a->resolve({m_orders[3]}, QStringLiteral("门店自提"));
        QVERIFY2(d.first().ok(), qPrintable(d.first().message));
        QVERIFY(!PushEngine::allPaidCandidates(*m_db, m_profile.name, nullptr).contains(m_orders[3]));

        // 改约, photos and logistics need what Haier gave (its order number); refused with a reason before.
        ActionResult got;
        bool done = false;
        a->reschedule(m_orders[3], m_clock.nowUtc().date().addDays(3), m_clock.nowUtc().date().addDays(4), [&](const ActionResult &x) { got = x; done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 10000));
        QCOMPARE(got.outcome, ActionResult::Outcome::Refused);
        done = false;
        a->reschedule(m_orders[1], m_clock.nowUtc().date().addDays(3), m_clock.nowUtc().date().addDays(4), [&](const ActionResult &x) { got = x; done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 10000));
        QVERIFY2(got.ok(), qPrintable(got.message));
        QCOMPARE(audit(m_orders[1]).last(), QStringLiteral("reschedule"));
        done = false;
        a->photos(m_orders[1], [&](const ActionResult &x) { got = x; done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 10000));
        QVERIFY2(got.ok() && !got.lines.isEmpty(), qPrintable(got.message));
        done = false;
        a->refreshLogistics({m_orders[1]}, [&](const ActionResult &x) { got = x; done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 10000));
        QVERIFY2(got.ok(), qPrintable(got.message));
        QCOMPARE(got.lines, QStringList{m_orders[1]});
        QVERIFY(!OrderStore(*m_db).loadByNumber(m_orders[1])->logisticsNo.isEmpty());
        QCOMPARE(audit(m_orders[1]).last(), QStringLiteral("logistics"));
    }

    // What the stores stamp comes from the clock the composition root gives the connection.
    void storesStampWithTheInjectedClock()
    {
        m_db->setClock(m_clock);
        m_clock.advanceMs(123456);
        QVERIFY(AuditLog(*m_db).record({0, {}, QStringLiteral("tester"), QStringLiteral("probe"), m_profile.name, QString(), QString()}));
        QCOMPARE(AuditLog(*m_db).recent(1).first().at, m_clock.nowUtc());
        // And what OrderActions records carries the same time.
        auto a = actions();
        QVERIFY(a->resolve({m_orders[0]}, QStringLiteral("x")).first().ok());
        QCOMPARE(AuditLog(*m_db).recent(1).first().at, m_clock.nowUtc());
        QCOMPARE(job(m_orders[0]).updatedAt, m_clock.nowUtc().toMSecsSinceEpoch());
    }

    // The job, the shop's row and the audit are one transaction: an audit that cannot be written leaves
    // the job as it was; a job another process moved since it was read is left to that process.
    void oneTransaction_data()
    {
        TestDb::addBackendColumn();
        TestDb::addBackendRows();
    }

    void oneTransaction()
    {
        QFETCH(QString, backend);
        if (backend == QLatin1String("postgres")) {
            const QString location = TestDb::freshLocation(backend, m_dir);
            if (location.isEmpty())
                QSKIP("CONSOLE_TEST_PG_URL is not set");
            prepare(location);
        }
        auto a = actions();
        m_scripted.down = {m_orders[0]};
        OrderActions::PushPlan plan;
        plan.orderNumbers = {m_orders[0]};
        push(*a, plan);
        const PushJobRecord before = job(m_orders[0]);
        QCOMPARE(before.state, JobState::Failed);
        QString error;
        if (m_db->isPostgres()) {
            QVERIFY2(m_db->exec(QStringLiteral("CREATE FUNCTION no_audit() RETURNS trigger AS $$ BEGIN "
                                               "RAISE EXCEPTION 'audit log is read-only'; END $$ LANGUAGE plpgsql"), &error), qPrintable(error));
            QVERIFY2(m_db->exec(QStringLiteral("CREATE TRIGGER no_audit BEFORE INSERT ON console_audit_log "
                                               "FOR EACH ROW EXECUTE FUNCTION no_audit()"), &error), qPrintable(error));
        } else {
            QVERIFY(m_db->exec(QStringLiteral("CREATE TRIGGER no_audit BEFORE INSERT ON console_audit_log "
                                              "BEGIN SELECT RAISE(ABORT, 'audit log is read-only'); END"), &error));
        }
        QList<ActionResult> r = a->resolve({m_orders[0]}, QStringLiteral("x"));
        QCOMPARE(r.first().outcome, ActionResult::Outcome::Failed);
        QVERIFY2(r.first().message.contains(QLatin1String("read-only")), qPrintable(r.first().message));
        QCOMPARE(job(m_orders[0]).state, JobState::Failed);
        QCOMPARE(job(m_orders[0]).updatedAt, before.updatedAt);
        QVERIFY(m_db->exec(m_db->isPostgres() ? QStringLiteral("DROP TRIGGER no_audit ON console_audit_log")
                                              : QStringLiteral("DROP TRIGGER no_audit"), &error));

        // Read, then another process moves the job (Haier's answer to a retry): the stale decision is not written.
        callback(m_orders[0], CallbackMethod::Confirm, 1);
        r = a->resolveJobs({before}, QStringLiteral("stale"));
        QCOMPARE(r.first().outcome, ActionResult::Outcome::Failed);
        QCOMPARE(job(m_orders[0]).state, JobState::Confirmed);
        QVERIFY(!audit(m_orders[0]).contains(QStringLiteral("resolve")));
        r = a->resolve({m_orders[0]}, QStringLiteral("fresh"));
        QVERIFY2(r.first().ok(), qPrintable(r.first().message));
    }

    // The open platform's questions (products, prices, balance, the order's lines) go through the actions
    // layer for the window and haierctl alike; they store nothing and need the open platform's connection.
    void openPlatformQuestions()
    {
        auto a = actions();
        // The answer, once the event loop brought it (Failed with no message if it never came).
        auto ask = [](const std::function<void(OrderActions::Done)> &call) -> ActionResult {
            std::optional<ActionResult> got;
            QEventLoop loop;
            call([&](const ActionResult &r) {
                got = r;
                loop.quit();
            });
            if (!got) {
                QTimer::singleShot(10000, &loop, &QEventLoop::quit);
                loop.exec();
            }
            if (got)
                return *got;
            ActionResult none;
            none.outcome = ActionResult::Outcome::Failed;
            return none;
        };
        // No open-platform connection: said, nothing asked.
        const int asked = m_sim->requestCount(QStringLiteral("openplat.prices"));
        ActionResult r = ask([&](OrderActions::Done done) { a->prices({QStringLiteral("BH0250A2G")}, done); });
        QCOMPARE(r.outcome, ActionResult::Outcome::Unavailable);
        QVERIFY(!r.message.isEmpty());
        QCOMPARE(m_sim->requestCount(QStringLiteral("openplat.prices")), asked);

        OpenPlatClient openplat(*m_network, m_clock);
        openplat.setProfile(m_profile);
        openplat.setCredentials({QStringLiteral("demo-openplat-client"), QStringLiteral("demo-openplat-secret"),
                                 QStringLiteral("demo-account-password")});
        a->setOpenPlatProvider([&](QString *) { return &openplat; });
        r = ask([&](OrderActions::Done done) { a->prices({QStringLiteral("BH0250A2G"), QStringLiteral("BH0250A2H")}, done); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data.toArray().size(), 2);
        QCOMPARE(r.data.toArray().first().toObject().value(QStringLiteral("productCode")).toString(), QStringLiteral("BH0250A2G"));
        r = ask([&](OrderActions::Done done) { a->products({QStringLiteral("BH0250A2G")}, done); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data.toArray().first().toObject().value(QStringLiteral("productModel")).toString(), QStringLiteral("MODEL-BH0250A2G"));
        r = ask([&](OrderActions::Done done) { a->balance(done); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.lines.size(), 1);
        QVERIFY2(r.lines.first().contains(QLocale().toString(125000.5, 'f', 2)), qPrintable(r.lines.first()));

        // The order's lines: each product code its payload sends, with Haier's availability and price.
        const QList<StockNeed> needs = StockNeed::fromPayload(PayloadMapper::map(*OrderStore(*m_db).loadByNumber(m_orders[0]), m_profile).payload);
        r = ask([&](OrderActions::Done done) { a->linesAtHaier(m_orders[0], done); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        const QJsonArray rows = r.data.toArray();
        QCOMPARE(rows.size(), needs.size());
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows.at(i).toObject().value(QStringLiteral("productCode")).toString(), needs.at(i).productCode);
            QCOMPARE(rows.at(i).toObject().value(QStringLiteral("quantity")).toInt(), needs.at(i).quantity);
            QVERIFY(!rows.at(i).toObject().value(QStringLiteral("supplyPrice")).toString().isEmpty());
            QVERIFY(rows.at(i).toObject().value(QStringLiteral("isSales")).isBool());
        }
        QVERIFY(audit(m_orders[0]).isEmpty()); // a question, not a decision
        r = ask([&](OrderActions::Done done) { a->linesAtHaier(QStringLiteral("NO-SUCH-ORDER"), done); });
        QCOMPARE(r.outcome, ActionResult::Outcome::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestOrderActions)
#include "tst_orderactions.moc"
