// The push engine through the real YLH client against the simulator with each fault switched on:
// every case ends in the right job state, with the right message, the right number of sends, and the
// simulator's ledger showing the order accepted at most once. Back-offs run at once on a manual clock.
#include "models/clock.h"
#include "models/database.h"
#include "models/callbackstore.h"
#include "models/jobstore.h"
#include "net/callbackserver.h"
#include "net/logging.h"
#include "net/pushengine.h"
#include "net/ylhclient.h"
#include "net/ylhsender.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

namespace {

const char orderSql[] =
    "INSERT INTO orders_order (id, order_number, status, quantity, total_amount, created_at, snapshot_contact_name, "
    "snapshot_phone, snapshot_province, snapshot_city, snapshot_district, snapshot_address, is_delivery_install) VALUES "
    "(%1, 'HMM%1', 'paid', 1, 3999.00, '2025-11-24 02:30:00', '张伟', '13912349000', '山东省', '青岛市', '崂山区', "
    "'海尔路1号', FALSE)";
const char lineSql[] =
    "INSERT INTO orders_orderitem (order_id, product_id, sku_code, product_name, quantity, unit_price, discount_amount, "
    "actual_amount) VALUES (%1, 1, 'BH0250A2G', '海尔 冰箱', 1, 3999.00, 0, 3999.00)";

} // namespace

class TestPushSim : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<YlhSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    ManualClock m_clock{QDateTime::currentDateTimeUtc()};
    QList<qint64> m_delays;
    QList<std::function<void()>> m_waiting;
    int m_dbCounter = 0;
    TimestampUnit m_unit = TimestampUnit::Milliseconds;

    Profile profile() const
    {
        Profile p = m_sim->pointedAt(Profile::preset(ProfileKind::Mock));
        p.timeoutMs = 300;
        p.timestampUnit = m_unit;
        return p;
    }

    void setFaults(const QJsonObject &config)
    {
        QString error;
        const auto c = SimConfig::fromJson(config, &error);
        QVERIFY2(c, qPrintable(error));
        m_sim->setConfig(*c);
    }

    struct Outcome
    {
        PushItemResult result;
        QList<PushAttemptRecord> attempts;
    };

    // Pushes HMM<id> once through a fresh engine and client; scheduled back-offs fire at once.
    Outcome push(int id, YlhClient &client)
    {
        YlhSender sender(client);
        const Profile p = profile();
        PushEngine engine(*m_db, p, sender, m_clock);
        engine.setRandomSeed(7);
        engine.setScheduler([this](qint64 delay, std::function<void()> task) {
            m_delays.append(delay);
            m_waiting.append(std::move(task));
        });
        QSignalSpy done(&engine, &PushEngine::finished);
        engine.start({{QStringLiteral("HMM%1").arg(id), false, false}});
        QElapsedTimer t;
        t.start();
        while (done.isEmpty() && t.elapsed() < 20000) {
            if (!m_waiting.isEmpty()) {
                m_clock.advanceMs(m_delays.last());
                m_waiting.takeFirst()();
            } else {
                QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            }
        }
        if (done.isEmpty())
            qFatal("the push did not finish within 20 s");
        const auto job = JobStore(*m_db).findForOrder(p.name, id);
        return {engine.results().value(0), job ? JobStore(*m_db).attempts(job->id) : QList<PushAttemptRecord>()};
    }

    std::unique_ptr<YlhClient> client()
    {
        auto c = std::make_unique<YlhClient>(*m_network, m_clock);
        c->setProfile(profile());
        c->setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                           QStringLiteral("demo-password")});
        return c;
    }

    int acceptances(const QString &soId) const
    {
        for (const auto &e : m_sim->ledger()) {
            if (e.soId == soId)
                return e.acceptances;
        }
        return 0;
    }

private slots:
    void init()
    {
        QString error;
        m_db = Database::open(m_dir.filePath(QStringLiteral("sim%1.sqlite").arg(++m_dbCounter)), &error);
        QVERIFY2(m_db && m_db->migrate(&error) > 0, qPrintable(error));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source, price, market_price) "
                                          "VALUES (1, '海尔 冰箱', 'BH0250A2G', 'haier', 3999, 4599)"), &error));
        for (int id : {17, 18, 19}) {
            QVERIFY2(m_db->exec(QString::fromUtf8(orderSql).arg(id), &error), qPrintable(error));
            QVERIFY2(m_db->exec(QString::fromUtf8(lineSql).arg(id), &error), qPrintable(error));
        }
        SimConfig config;
        config.callbackAfterAccept = QStringLiteral("none");
        m_sim = std::make_unique<YlhSimulator>(config);
        QVERIFY(m_sim->listen());
        m_network = std::make_unique<QNetworkAccessManager>();
        m_delays.clear();
        m_waiting.clear();
        m_unit = TimestampUnit::Milliseconds;
    }
    void cleanup()
    {
        m_network.reset();
        m_sim.reset();
        m_db.reset();
    }

    void faultsEndInTheRightState_data()
    {
        QTest::addColumn<QJsonObject>("faults");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<QString>("message");
        QTest::addColumn<qint64>("delay"); // every back-off's delay when fixed by the server, else -1
        const QString network = QStringLiteral("Network connection timed out; please try again later");
        const QString unavailable = QStringLiteral("The Haier system is temporarily unavailable; please try again later");
        QTest::newRow("5xx every time") << QJsonObject{{QStringLiteral("serverErrorRate"), 1.0}} << "failed" << "server" << 4
                                        << unavailable << qint64(-1);
        QTest::newRow("503 with Retry-After") << QJsonObject{{QStringLiteral("unavailableRate"), 1.0},
                                                             {QStringLiteral("retryAfterSeconds"), 4}}
                                              << "failed" << "server" << 4 << unavailable << qint64(4000);
        QTest::newRow("timeouts") << QJsonObject{{QStringLiteral("timeoutRate"), 1.0}} << "failed" << "timeout" << 4 << network
                                  << qint64(-1);
        QTest::newRow("resets") << QJsonObject{{QStringLiteral("resetRate"), 1.0}} << "failed" << "connection" << 4 << network
                                << qint64(-1);
        QTest::newRow("malformed answer needs review") << QJsonObject{{QStringLiteral("malformedRate"), 1.0}} << "failed"
                                                       << "malformed" << 1 << "Haier's answer could not be understood" << qint64(-1);
        QTest::newRow("half of the requests fail, then accepted")
            << QJsonObject{{QStringLiteral("serverErrorRate"), 0.5}} << "accepted" << "ok" << -1 << "" << qint64(-1);
    }
    void faultsEndInTheRightState()
    {
        QFETCH(QJsonObject, faults);
        QFETCH(QString, state);
        QFETCH(QString, kind);
        QFETCH(int, attempts);
        QFETCH(QString, message);
        QFETCH(qint64, delay);
        auto c = client();
        // One accepted order first, so the token is in hand and revocation has something to revoke.
        QCOMPARE(push(18, *c).result.state, QStringLiteral("accepted"));
        setFaults(QJsonObject{{QStringLiteral("callbackAfterAccept"), QStringLiteral("none")}, {QStringLiteral("faults"), faults},
                              {QStringLiteral("seed"), 3}});
        m_delays.clear();

        const Outcome o = push(17, *c);
        QCOMPARE(o.result.state, state);
        QCOMPARE(o.result.kind, kind);
        QVERIFY2(o.result.message.startsWith(message), qPrintable(o.result.message));
        const auto job = JobStore(*m_db).findForOrder(QStringLiteral("mock"), 17);
        QVERIFY(job);
        QCOMPARE(jobStateName(job->state), state);
        QCOMPARE(job->soId, QStringLiteral("HMM17-17"));
        if (attempts > 0)
            QCOMPARE(o.attempts.size(), attempts);
        QVERIFY(o.attempts.size() <= 4); // the first attempt and at most 3 retries
        for (const auto &a : o.attempts)
            QVERIFY2(a.finishedAt > 0 && !a.kind.isEmpty(), "every attempt is closed with its kind");
        if (delay >= 0) {
            QCOMPARE(m_delays.size(), attempts - 1);
            for (qint64 d : std::as_const(m_delays))
                QCOMPARE(d, delay);
        }
        QCOMPARE(acceptances(QStringLiteral("HMM17-17")), state == QLatin1String("accepted") ? 1 : 0);
        if (state == QLatin1String("accepted"))
            QCOMPARE(o.attempts.last().kind, QStringLiteral("ok"));
    }

    void revokedTokenIsReplacedOnce()
    {
        auto c = client();
        QCOMPARE(push(18, *c).result.state, QStringLiteral("accepted"));
        setFaults(QJsonObject{{QStringLiteral("callbackAfterAccept"), QStringLiteral("none")},
                              {QStringLiteral("faults"), QJsonObject{{QStringLiteral("revokeTokenEvery"), 1}}}});
        const int tokensBefore = m_sim->tokensIssued();
        // Each request passes and revokes the token behind it, so every later push meets a 401 first.
        QCOMPARE(push(17, *c).result.state, QStringLiteral("accepted"));
        const Outcome o = push(19, *c);
        QCOMPARE(o.result.state, QStringLiteral("accepted"));
        QCOMPARE(o.attempts.size(), 1); // the client's one retry after a new token is not a second attempt
        QCOMPARE(m_sim->tokensIssued(), tokensBefore + 1);
        QCOMPARE(acceptances(QStringLiteral("HMM17-17")), 1);
        QCOMPARE(acceptances(QStringLiteral("HMM19-19")), 1);
    }

    void wrongPasswordFailsWithTheAuthMessage()
    {
        auto c = client();
        c->setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                           QStringLiteral("not-the-password")});
        const Outcome o = push(17, *c);
        QCOMPARE(o.result.state, QStringLiteral("failed"));
        QCOMPARE(o.result.kind, QStringLiteral("auth"));
        QCOMPARE(o.result.message, QStringLiteral("Authentication expired; please sign in again"));
        QCOMPARE(m_sim->requestCount(QStringLiteral("ylh.create_order")), 0); // nothing sent without a token
    }

    // 403: failed at once with the administrator's sentence; no new token, no retry, and errors.log has it.
    void forbiddenFailsAtOnceWithoutANewToken()
    {
        QTemporaryDir logs;
        Logging::Options options;
        options.directory = logs.path();
        Logging::install(QStringLiteral("tst_pushsim"), options);
        auto c = client();
        QCOMPARE(push(18, *c).result.state, QStringLiteral("accepted"));
        setFaults(QJsonObject{{QStringLiteral("callbackAfterAccept"), QStringLiteral("none")},
                              {QStringLiteral("faults"), QJsonObject{{QStringLiteral("forbiddenRate"), 1.0}}}});
        const int tokensBefore = m_sim->tokensIssued();
        m_delays.clear();
        const Outcome o = push(17, *c);
        Logging::uninstall();

        QCOMPARE(o.result.state, QStringLiteral("failed"));
        QCOMPARE(o.result.kind, QStringLiteral("forbidden"));
        QCOMPARE(o.result.message, QStringLiteral("No permission for this interface, or this computer's IP address is not on the whitelist; "
                                                  "ask the administrator to check the YLH account's permissions and the IP whitelist"));
        QCOMPARE(o.attempts.size(), 1);
        QCOMPARE(o.attempts.first().kind, QStringLiteral("forbidden"));
        QCOMPARE(o.attempts.first().httpStatus, 403);
        QVERIFY(m_delays.isEmpty());
        QCOMPARE(m_sim->tokensIssued(), tokensBefore);
        QCOMPARE(m_sim->requestCount(QStringLiteral("fault.403")), 1);
        QCOMPARE(acceptances(QStringLiteral("HMM17-17")), 0);
        const auto job = JobStore(*m_db).findForOrder(QStringLiteral("mock"), 17);
        QCOMPARE(job->lastKind, QStringLiteral("forbidden"));

        // errors.log: the 403 answer and the failed push, at warning; the accepted push stays out of it.
        QFile errors(QDir(logs.path()).filePath(QStringLiteral("errors.log")));
        QVERIFY(errors.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(errors.readAll());
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("warning +console\\.net\\.api: ylh\\.create_order HMM17 403 forbidden"))),
                 qPrintable(text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("warning +console\\.net\\.push: HMM17 soId HMM17-17 → failed forbidden"))),
                 qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("HMM18")), qPrintable(text));
        QFile all(QDir(logs.path()).filePath(QStringLiteral("all.log")));
        QVERIFY(all.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(all.readAll()).contains(QRegularExpression(QStringLiteral("info +console\\.net\\.push: HMM18 soId HMM18-18 → accepted"))));
    }

    // A wrong password is logged as an authentication failure in errors.log.
    void authenticationFailureReachesErrorsLog()
    {
        QTemporaryDir logs;
        Logging::Options options;
        options.directory = logs.path();
        Logging::install(QStringLiteral("tst_pushsim"), options);
        auto c = client();
        c->setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                           QStringLiteral("not-the-password")});
        QCOMPARE(push(17, *c).result.kind, QStringLiteral("auth"));
        Logging::uninstall();
        QFile errors(QDir(logs.path()).filePath(QStringLiteral("errors.log")));
        QVERIFY(errors.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(errors.readAll());
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("warning +console\\.net\\.api: ylh\\.token +400 auth"))), qPrintable(text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("warning +console\\.net\\.push: HMM17 .* failed auth"))), qPrintable(text));
        QVERIFY(!text.contains(QLatin1String("not-the-password")));
    }

    // The simulator's cancel callbacks (State 1 / 0 / 2 with itemList) reach the real receiver, signed,
    // and are stored valid with their State, lines and Haier's message.
    void cancelCallbacksReachTheReceiver_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("state");
        QTest::newRow("State 1") << QStringLiteral("cancelled") << 1;
        QTest::newRow("State 0: already shipped") << QStringLiteral("refused") << 0;
        QTest::newRow("State 2: partial") << QStringLiteral("partial") << 2;
    }
    void cancelCallbacksReachTheReceiver()
    {
        QFETCH(QString, mode);
        QFETCH(int, state);
        auto c = client();
        QCOMPARE(push(17, *c).result.state, QStringLiteral("accepted"));
        SystemClock clock;
        CallbackStore store(*m_db);
        CallbackServer receiver(store, profile(), [](const QString &) { return std::optional<QString>(QStringLiteral("demo-secret-123")); },
                                clock);
        QVERIFY(receiver.listen(QHostAddress::LocalHost));
        SimConfig config;
        config.callbackAfterAccept = QStringLiteral("none");
        config.callbackAfterCancel = mode;
        config.callbackDelayMs = 10;
        config.callbackUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/haier/callback").arg(receiver.port()));
        m_sim->setConfig(config);
        QSignalSpy sent(m_sim.get(), &YlhSimulator::callbackSent);
        std::optional<ApiResult> cancelled;
        c->cancelOrder(QStringLiteral("HMM17-17"), m_clock.nowUtc().toMSecsSinceEpoch(), QStringLiteral("客户取消"), QStringLiteral("HMM17"),
                       [&](const ApiResult &r) { cancelled = r; });
        QTRY_VERIFY(cancelled.has_value());
        QVERIFY2(cancelled->ok(), qPrintable(cancelled->message));
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 5000);
        QCOMPARE(sent.first().at(0).toString(), QStringLiteral("hmm.scm_heorder.cancel"));
        QCOMPARE(sent.first().at(2).toInt(), 200);
        const QList<CallbackRecord> records = store.list(QStringLiteral("HMM17"), 10);
        QCOMPARE(records.size(), 1);
        const CallbackRecord &r = records.first();
        QVERIFY2(r.valid, qPrintable(r.refusalReason));
        QCOMPARE(r.method, QStringLiteral("hmm.scm_heorder.cancel"));
        QCOMPARE(r.state, state);
        const QJsonArray items = QJsonDocument::fromJson(r.data.toUtf8()).object().value(QStringLiteral("itemList")).toArray();
        QCOMPARE(items.size(), 1);
        const QJsonObject line = items.first().toObject();
        QCOMPARE(line.value(QStringLiteral("productCode")).toString(), QStringLiteral("BH0250A2G"));
        QCOMPARE(line.value(QStringLiteral("totalQty")).toInt(), 1);
        // One unit: cancelled (State 1), delivered (State 2: the part Haier could not stop), untouched (State 0).
        QCOMPARE(line.value(QStringLiteral("returnQty")).toInt(), state == 1 ? 1 : 0);
        QCOMPARE(line.value(QStringLiteral("receiveQty")).toInt(), state == 2 ? 1 : 0);
        QCOMPARE(line.value(QStringLiteral("rejectQty")).toInt(), 0);
        QCOMPARE(r.failMsg, state == 0 ? QStringLiteral("订单已发货，无法取消") : QString());
    }

    // The order's times (createTime, distributionTime, installTime) in the profile's unit, through the mapper
    // and the engine, to a receiver that takes only that unit.
    void pushSendsTimesInTheProfileUnit_data()
    {
        QTest::addColumn<QString>("profileUnit");
        QTest::addColumn<QString>("receiverUnit");
        QTest::addColumn<QString>("state");
        QTest::newRow("ms to a ms receiver") << "ms" << "ms" << "accepted";
        QTest::newRow("s to an s receiver") << "s" << "s" << "accepted";
        QTest::newRow("ms to an s receiver") << "ms" << "s" << "rejected";
        QTest::newRow("s to a ms receiver") << "s" << "ms" << "rejected";
    }
    void pushSendsTimesInTheProfileUnit()
    {
        QFETCH(QString, profileUnit);
        QFETCH(QString, receiverUnit);
        QFETCH(QString, state);
        QString error;
        QVERIFY2(m_db->exec(QStringLiteral("UPDATE orders_order SET distribution_time = '2025-12-01 15:59:59', install_time = '2025-12-01 15:59:59', "
                                           "is_delivery_install = TRUE WHERE id = 17"), &error), qPrintable(error));
        setFaults(QJsonObject{{QStringLiteral("callbackAfterAccept"), QStringLiteral("none")}, {QStringLiteral("timestampUnit"), receiverUnit}});
        m_unit = profileUnit == QLatin1String("s") ? TimestampUnit::Seconds : TimestampUnit::Milliseconds;
        auto c = client();
        const Outcome o = push(17, *c);
        QCOMPARE(o.result.state, state);
        const QJsonObject sent = m_sim->lastRequest(QStringLiteral("ylh.create_order")).toObject();
        const qint64 divisor = profileUnit == QLatin1String("s") ? 1000 : 1;
        QCOMPARE(qint64(sent.value(QStringLiteral("createTime")).toDouble()), qint64(1763951400000) / divisor); // 2025-11-24 02:30:00 UTC
        const qint64 endOfDay = QDateTime(QDate(2025, 12, 1), QTime(15, 59, 59), QTimeZone::utc()).toMSecsSinceEpoch() / divisor;
        QCOMPARE(qint64(sent.value(QStringLiteral("distributionTime")).toDouble()), endOfDay);
        QCOMPARE(qint64(sent.value(QStringLiteral("installTime")).toDouble()), endOfDay);
        if (state == QLatin1String("rejected"))
            QVERIFY2(o.result.message.contains(QLatin1String("createTime")), qPrintable(o.result.message));
    }

    void businessRejectionKeepsHaierWordsAndIsNotRetried()
    {
        setFaults(QJsonObject{{QStringLiteral("callbackAfterAccept"), QStringLiteral("none")},
                              {QStringLiteral("rejectOnlineNoPatterns"), QJsonArray{QStringLiteral("^HMM17$")}}});
        auto c = client();
        const Outcome o = push(17, *c);
        QCOMPARE(o.result.state, QStringLiteral("rejected"));
        QCOMPARE(o.result.kind, QStringLiteral("business_rejection"));
        QCOMPARE(o.result.message, QStringLiteral("订单信息校验失败：收货地址超出配送范围"));
        QCOMPARE(o.attempts.size(), 1);
        QVERIFY(m_delays.isEmpty());
    }

    void duplicateSoIdIsReconciledAsAccepted()
    {
        auto c = client();
        // An earlier request with this soId reached YLH, but its answer never reached us (a timeout).
        QFile f(QStringLiteral(CONSOLE_TEST_DATA_DIR "/payloads/single_line_fridge.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject earlier = QJsonDocument::fromJson(f.readAll()).object();
        earlier.insert(QStringLiteral("soId"), QStringLiteral("HMM17-17"));
        std::optional<ApiResult> direct;
        c->createOrder(earlier, QStringLiteral("HMM17"), [&](const ApiResult &r) { direct = r; });
        QTRY_VERIFY(direct.has_value());
        QVERIFY(direct->ok());

        const Outcome o = push(17, *c);
        QCOMPARE(o.result.state, QStringLiteral("accepted"));
        QCOMPARE(o.result.kind, QStringLiteral("duplicate"));
        QVERIFY2(o.result.message.startsWith(QLatin1String("YLH already holds soId HMM17-17")), qPrintable(o.result.message));
        QCOMPARE(o.attempts.size(), 1);
        QCOMPARE(acceptances(QStringLiteral("HMM17-17")), 1);
        QCOMPARE(m_sim->ledger().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPushSim)
#include "tst_pushsim.moc"
