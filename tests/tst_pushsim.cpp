// The push engine through the real YLH client against the simulator with each fault switched on:
// every case ends in the right job state, with the right message, the right number of sends, and the
// simulator's ledger showing the order accepted at most once. Back-offs run at once on a manual clock.
#include "models/clock.h"
#include "models/database.h"
#include "models/jobstore.h"
#include "net/pushengine.h"
#include "net/ylhclient.h"
#include "net/ylhsender.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
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

    Profile profile() const
    {
        Profile p = m_sim->pointedAt(Profile::preset(ProfileKind::Mock));
        p.timeoutMs = 300;
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
