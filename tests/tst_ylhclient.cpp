// The YLH client against the simulator over real loopback HTTP.
#include "models/clock.h"
#include "net/callrecorder.h"
#include "net/ylhclient.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTimeZone>
#include <QtTest>

namespace {

class MemoryRecorder final : public CallRecorder
{
public:
    QList<SyncLogEntry> entries;
    void record(const SyncLogEntry &e) override { entries.append(e); }
};

QJsonObject payload(const QString &soId)
{
    QFile f(QStringLiteral(CONSOLE_TEST_DATA_DIR "/payloads/single_line_fridge.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing golden payload");
    QJsonObject p = QJsonDocument::fromJson(f.readAll()).object();
    p.insert(QStringLiteral("soId"), soId);
    return p;
}

} // namespace

class TestYlhClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<YlhSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    ManualClock m_clock{QDateTime::currentDateTimeUtc()};
    MemoryRecorder m_recorder;

    Profile profile() const
    {
        Profile p = m_sim->pointedAt(Profile::preset(ProfileKind::Test));
        p.timeoutMs = 2000;
        return p;
    }

    std::unique_ptr<YlhClient> client(const YlhCredentials &credentials = {QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"),
                                                                           QStringLiteral("demo-user"), QStringLiteral("demo-password")})
    {
        auto c = std::make_unique<YlhClient>(*m_network, m_clock);
        c->setProfile(profile());
        c->setCredentials(credentials);
        c->setRecorder(&m_recorder);
        return c;
    }

    static ApiResult wait(const std::function<void(YlhClient::Done)> &call)
    {
        std::optional<ApiResult> result;
        call([&](const ApiResult &r) { result = r; });
        QElapsedTimer t;
        t.start();
        while (!result && t.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (!result)
            qFatal("no answer within 10 s");
        return *result;
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<YlhSimulator>();
        QVERIFY(m_sim->listen());
        m_network = std::make_unique<QNetworkAccessManager>();
        m_recorder.entries.clear();
    }
    void cleanup()
    {
        m_network.reset();
        m_sim.reset();
    }

    void createOrderAcceptedThenDuplicate()
    {
        auto c = client();
        ApiResult r = wait([&](auto done) { c->createOrder(payload(QStringLiteral("HMM1-17")), QStringLiteral("HMM1"), done); });
        QCOMPARE(r.kind, ResultKind::Ok);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(r.retailOrderNo.startsWith(QLatin1String("SO.")));
        r = wait([&](auto done) { c->createOrder(payload(QStringLiteral("HMM1-17")), QStringLiteral("HMM1"), done); });
        QCOMPARE(r.kind, ResultKind::Duplicate);
        QCOMPARE(m_sim->ledger().size(), 1);
        QCOMPARE(m_sim->ledger().first().acceptances, 1);
        QCOMPARE(m_sim->ledger().first().attempts, 2);
        QCOMPARE(c->tokenRequests(), 1);
        // Every call is in the sync log, without a secret.
        QVERIFY(m_recorder.entries.size() >= 3);
        for (const SyncLogEntry &e : std::as_const(m_recorder.entries)) {
            for (const QByteArray &body : {e.requestBody, e.responseBody}) {
                QVERIFY(!body.contains("demo-password"));
                QVERIFY(!body.contains("access_token\":\"") || body.contains("***"));
                QVERIFY(!body.contains("13912349000"));
            }
        }
    }

    void businessRejectionKeepsHaierWords()
    {
        auto c = client();
        QJsonObject p = payload(QStringLiteral("HMM2-18"));
        p.insert(QStringLiteral("deliveryInstall"), true); // a bool, not the string the spec demands
        const ApiResult r = wait([&](auto done) { c->createOrder(p, QStringLiteral("HMM2"), done); });
        QCOMPARE(r.kind, ResultKind::BusinessRejection);
        QVERIFY2(r.message.startsWith(QStringLiteral("参数校验失败：deliveryInstall")), qPrintable(r.message));
    }

    void wrongCredentialsAreAuth()
    {
        auto c = client({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"), QStringLiteral("wrong")});
        const ApiResult r = wait([&](auto done) { c->createOrder(payload(QStringLiteral("X-1")), QStringLiteral("X"), done); });
        QCOMPARE(r.kind, ResultKind::Auth);
        QVERIFY(m_sim->ledger().isEmpty());
    }

    void concurrentCallsShareOneTokenRequest()
    {
        auto c = client();
        int done = 0;
        for (int i = 0; i < 10; ++i)
            c->createOrder(payload(QStringLiteral("C-%1").arg(i)), QString(), [&](const ApiResult &r) { done += r.ok(); });
        QTRY_COMPARE_WITH_TIMEOUT(done, 10, 10000);
        QCOMPARE(c->tokenRequests(), 1);
        QCOMPARE(m_sim->tokensIssued(), 1);
    }

    void tokenRefreshedTenMinutesBeforeExpiry()
    {
        auto c = client();
        QVERIFY(wait([&](auto d) { c->createOrder(payload(QStringLiteral("R-1")), QString(), d); }).ok());
        m_clock.advanceMs(49 * 60 * 1000);
        QVERIFY(wait([&](auto d) { c->createOrder(payload(QStringLiteral("R-2")), QString(), d); }).ok());
        QCOMPARE(c->tokenRequests(), 1);
        m_clock.advanceMs(2 * 60 * 1000); // 51 minutes: inside the last 10 minutes of 60
        QVERIFY(wait([&](auto d) { c->createOrder(payload(QStringLiteral("R-3")), QString(), d); }).ok());
        QCOMPARE(c->tokenRequests(), 2);
    }

    void revokedTokenGetsOneNewTokenAndOneRetry()
    {
        SimConfig config;
        config.faults.revokeTokenEvery = 1;
        m_sim->setConfig(config);
        auto c = client();
        for (int i = 0; i < 3; ++i)
            QVERIFY(wait([&](auto d) { c->createOrder(payload(QStringLiteral("V-%1").arg(i)), QString(), d); }).ok());
        QCOMPARE(c->tokenRequests(), 3);
        QCOMPARE(m_sim->ledger().size(), 3);
    }

    void faults_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("500") << QStringLiteral("serverErrorRate") << int(ResultKind::Server) << 500;
        QTest::newRow("503 + Retry-After") << QStringLiteral("unavailableRate") << int(ResultKind::Server) << 503;
        QTest::newRow("timeout") << QStringLiteral("timeoutRate") << int(ResultKind::Timeout) << 0;
        QTest::newRow("reset") << QStringLiteral("resetRate") << int(ResultKind::Connection) << 0;
        QTest::newRow("malformed") << QStringLiteral("malformedRate") << int(ResultKind::Malformed) << 200;
    }
    void faults()
    {
        QFETCH(QString, fault);
        QFETCH(int, kind);
        QFETCH(int, status);
        auto c = client();
        Profile p = profile();
        p.timeoutMs = 500;
        c->setProfile(p);
        QVERIFY(wait([&](auto d) { c->createOrder(payload(QStringLiteral("F-0")), QString(), d); }).ok()); // token first
        QString error;
        auto config = SimConfig::fromJson(QJsonObject{{QStringLiteral("faults"), QJsonObject{{fault, 1.0}, {QStringLiteral("retryAfterSeconds"), 7}}}}, &error);
        QVERIFY2(config, qPrintable(error));
        m_sim->setConfig(*config);
        const ApiResult r = wait([&](auto d) { c->createOrder(payload(QStringLiteral("F-1")), QString(), d); });
        QCOMPARE(int(r.kind), kind);
        QCOMPARE(r.httpStatus, status);
        if (status == 503)
            QCOMPARE(r.retryAfterMs, 7000);
    }

    void logisticsInBatchesOfAHundred()
    {
        auto c = client();
        QStringList codes;
        for (int i = 0; i < 250; ++i)
            codes << QStringLiteral("SO.20251124.%1").arg(i, 6, 10, QLatin1Char('0'));
        const ApiResult r = wait([&](auto d) { c->logistics(codes, d); });
        QVERIFY(r.ok());
        QCOMPARE(r.data.toArray().size(), 250);
        QCOMPARE(m_sim->requestCount(QStringLiteral("ylh.logistics")), 3);
    }

    void rescheduleNeedsEndOfDay()
    {
        auto c = client();
        const QTimeZone china(8 * 3600);
        const QDateTime good(QDate(2025, 11, 30), QTime(23, 59, 59), china);
        const QDateTime noon(QDate(2025, 11, 30), QTime(12, 0), china);
        ApiResult r = wait([&](auto d) { c->updateDistributionTime(QStringLiteral("SO.1"), noon, good, QString(), d); });
        QCOMPARE(r.kind, ResultKind::Malformed);
        QCOMPARE(m_sim->requestCount(QStringLiteral("ylh.update_distribution_time")), 0);
        const ApiResult created = wait([&](auto d) { c->createOrder(payload(QStringLiteral("G-1")), QString(), d); });
        r = wait([&](auto d) { c->updateDistributionTime(created.retailOrderNo, good, good, QString(), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
    }

    void redirectsAreNotFollowed()
    {
        HttpServer server;
        server.setHandler([](const HttpRequest &, HttpServer::Responder respond) {
            HttpResponse r = HttpResponse::text(302, QByteArrayLiteral("moved"));
            r.headers.append({QByteArrayLiteral("Location"), QByteArrayLiteral("http://127.0.0.1:1/elsewhere")});
            respond(r);
        });
        QVERIFY(server.listen());
        auto c = client();
        Profile p = profile();
        QUrl base;
        base.setScheme(QStringLiteral("http"));
        base.setHost(QStringLiteral("127.0.0.1"));
        base.setPort(server.port());
        p.ylh.authBaseUrl = base;
        c->setProfile(p);
        const ApiResult r = wait([&](auto d) { c->createOrder(payload(QStringLiteral("D-1")), QString(), d); });
        QCOMPARE(r.kind, ResultKind::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestYlhClient)
#include "tst_ylhclient.moc"
