// The YLH client against the simulator over real loopback HTTP.
#include "models/clock.h"
#include "net/callbackverifier.h"
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
        p.codes.sourceSystem = QStringLiteral("HMM"); // cancel requires it
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

    // 403: no permission or this address is not whitelisted. Not an expired login: no new token, no retry.
    void forbiddenNeitherRenewsTheTokenNorRetries()
    {
        auto c = client();
        QVERIFY(wait([&](auto d) { c->createOrder(payload(QStringLiteral("P-1")), QString(), d); }).ok());
        SimConfig config;
        config.faults.forbiddenRate = 1.0;
        m_sim->setConfig(config);
        const int createsBefore = m_sim->requestCount(QStringLiteral("ylh.create_order"));
        ApiResult r = wait([&](auto d) { c->createOrder(payload(QStringLiteral("P-2")), QStringLiteral("P"), d); });
        QCOMPARE(r.kind, ResultKind::Forbidden);
        QCOMPARE(r.httpStatus, 403);
        QCOMPARE(r.message, QStringLiteral("No permission for this interface, or this computer's IP address is not on the whitelist; "
                                           "ask the administrator to check the YLH account's permissions and the IP whitelist"));
        QCOMPARE(c->tokenRequests(), 1);
        QCOMPARE(m_sim->tokensIssued(), 1);
        QCOMPARE(m_sim->requestCount(QStringLiteral("fault.403")), 1);
        QCOMPARE(m_sim->requestCount(QStringLiteral("ylh.create_order")), createsBefore); // refused before it was handled
        QCOMPARE(m_recorder.entries.last().kind, ResultKind::Forbidden);
        // Other calls alike (cancel, 改约, logistics).
        r = wait([&](auto d) { c->logistics({QStringLiteral("SO.20251124.000001")}, d); });
        QCOMPARE(r.kind, ResultKind::Forbidden);
        QCOMPARE(c->tokenRequests(), 1);

        // The token request itself answered 403: forbidden too, not an authentication failure.
        config.faults.faultsOnToken = true;
        m_sim->setConfig(config);
        auto fresh = client();
        r = wait([&](auto d) { fresh->createOrder(payload(QStringLiteral("P-3")), QString(), d); });
        QCOMPARE(r.kind, ResultKind::Forbidden);
        QCOMPARE(fresh->tokenRequests(), 1);
    }

    // Every time field follows the profile's timestampUnit; the simulator, like a strict receiver, takes
    // only the unit it is set to.
    void timeFieldsFollowTheProfileUnit_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::newRow("milliseconds") << QStringLiteral("ms");
        QTest::newRow("seconds") << QStringLiteral("s");
    }
    void timeFieldsFollowTheProfileUnit()
    {
        QFETCH(QString, unit);
        const bool seconds = unit == QLatin1String("s");
        SimConfig config;
        config.timestampUnit = unit;
        m_sim->setConfig(config);
        auto c = client();
        Profile p = profile();
        p.timestampUnit = seconds ? TimestampUnit::Seconds : TimestampUnit::Milliseconds;
        c->setProfile(p);
        const qint64 divisor = seconds ? 1000 : 1;

        QJsonObject order = payload(QStringLiteral("U-1"));
        order.insert(QStringLiteral("createTime"), double(1763951400000 / divisor)); // as PayloadMapper writes it
        const ApiResult created = wait([&](auto d) { c->createOrder(order, QStringLiteral("U"), d); });
        QVERIFY2(created.ok(), qPrintable(created.message));

        const QDateTime cancelAt(QDate(2025, 11, 24), QTime(10, 30, 15, 250), QTimeZone(8 * 3600));
        ApiResult r = wait([&](auto d) { c->cancelOrder(QStringLiteral("U-1"), cancelAt.toMSecsSinceEpoch(), QStringLiteral("客户取消"), QStringLiteral("U"), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        const QString cancelTime = m_sim->lastRequest(QStringLiteral("ylh.cancel_order")).toObject().value(QStringLiteral("cancelTime")).toString();
        QCOMPARE(cancelTime, QString::number(cancelAt.toMSecsSinceEpoch() / divisor));
        QCOMPARE(cancelTime.size(), seconds ? 10 : 13);

        const QTimeZone china(8 * 3600);
        const QDateTime distribution(QDate(2025, 12, 1), QTime(23, 59, 59), china);
        const QDateTime install(QDate(2025, 12, 2), QTime(23, 59, 59), china);
        r = wait([&](auto d) { c->updateDistributionTime(created.retailOrderNo, distribution, install, QStringLiteral("U"), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        const QJsonObject sent = m_sim->lastRequest(QStringLiteral("ylh.update_distribution_time")).toObject();
        QCOMPARE(qint64(sent.value(QStringLiteral("distributionTime")).toDouble()), distribution.toMSecsSinceEpoch() / divisor);
        QCOMPARE(qint64(sent.value(QStringLiteral("installTime")).toDouble()), install.toMSecsSinceEpoch() / divisor);

        // The other unit is refused by this receiver: the unit really is what was sent.
        p.timestampUnit = seconds ? TimestampUnit::Milliseconds : TimestampUnit::Seconds;
        c->setProfile(p);
        r = wait([&](auto d) { c->cancelOrder(QStringLiteral("U-1"), cancelAt.toMSecsSinceEpoch(), QStringLiteral("客户取消"), QStringLiteral("U"), d); });
        QCOMPARE(r.kind, ResultKind::BusinessRejection);
        QVERIFY2(r.message.contains(QLatin1String("cancelTime")), qPrintable(r.message));
        r = wait([&](auto d) { c->updateDistributionTime(created.retailOrderNo, distribution, install, QStringLiteral("U"), d); });
        QCOMPARE(r.kind, ResultKind::BusinessRejection);
    }

    // Logistics by Haier SO number: a bare JSON array of at most 100 numbers a request; the answer may be
    // a bare list or the envelope.
    void logisticsAnswersBareOrInTheEnvelope_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::newRow("bare list") << QStringLiteral("bare");
        QTest::newRow("envelope") << QStringLiteral("envelope");
    }
    void logisticsAnswersBareOrInTheEnvelope()
    {
        QFETCH(QString, shape);
        SimConfig config;
        config.answerShape = shape;
        m_sim->setConfig(config);
        auto c = client();
        QStringList codes;
        for (int i = 0; i < 101; ++i)
            codes << QStringLiteral("SO.20250514.%1").arg(14572 + i, 6, 10, QLatin1Char('0'));
        ApiResult r = wait([&](auto d) { c->logistics(codes, d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data.toArray().size(), 101);
        QCOMPARE(r.data.toArray().first().toObject().value(QStringLiteral("orderCode")).toString(), QStringLiteral("SO.20250514.014572"));
        QCOMPARE(m_sim->requestCount(QStringLiteral("ylh.logistics")), 2);
        QCOMPARE(m_sim->lastRequest(QStringLiteral("ylh.logistics")).toArray().size(), 1);
        r = wait([&](auto d) { c->logistics({QStringLiteral("SO.20250514.014572")}, d); });
        QVERIFY(r.ok());
        QCOMPARE(m_sim->lastRequest(QStringLiteral("ylh.logistics")).toArray(), QJsonArray{QStringLiteral("SO.20250514.014572")});
        r = wait([&](auto d) { c->deliveryImages(QStringLiteral("SO.20250514.014572"), QString(), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data.toArray().size(), 2);
    }

    // After a cancel request the simulator sends Haier's signed cancel callback with the State it is set
    // to, and itemList lines as the spec defines them; the receiver's verifier accepts it.
    void cancelCallbacksWithEachState_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("state");
        QTest::newRow("State 1 cancelled") << QStringLiteral("cancelled") << 1;
        QTest::newRow("State 0 refused") << QStringLiteral("refused") << 0;
        QTest::newRow("State 2 partial") << QStringLiteral("partial") << 2;
    }
    void cancelCallbacksWithEachState()
    {
        QFETCH(QString, mode);
        QFETCH(int, state);
        QList<QByteArray> received;
        HttpServer receiver;
        receiver.setHandler([&](const HttpRequest &request, HttpServer::Responder respond) {
            received.append(request.body);
            respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("success"), true}}));
        });
        QVERIFY(receiver.listen());
        SimConfig config;
        config.callbackUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/haier/callback").arg(receiver.port()));
        config.callbackAfterAccept = QStringLiteral("none");
        config.callbackAfterCancel = mode;
        config.callbackDelayMs = 10;
        m_sim->setConfig(config);
        auto c = client();
        QFile f(QStringLiteral(CONSOLE_TEST_DATA_DIR "/payloads/multi_line.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject order = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonArray lines = order.value(QStringLiteral("itemList")).toArray();
        QVERIFY(lines.size() >= 2);
        const ApiResult created = wait([&](auto d) { c->createOrder(order, QString(), d); });
        QVERIFY2(created.ok(), qPrintable(created.message));
        QVERIFY(received.isEmpty());
        const QString soId = order.value(QStringLiteral("soId")).toString();
        const ApiResult r = wait([&](auto d) { c->cancelOrder(soId, m_clock.nowUtc().toMSecsSinceEpoch(), QStringLiteral("客户取消"), QString(), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 5000);
        QTRY_COMPARE(m_sim->pendingCallbacks(), 0);

        Profile p = profile();
        p.callback.appKey = QStringLiteral("demo-appkey");
        const CallbackVerdict v = CallbackVerifier::verify(received.first(), p, QStringLiteral("demo-secret-123"), QDateTime::currentDateTimeUtc());
        QVERIFY2(v.valid, qPrintable(v.refusalReason));
        QCOMPARE(v.method, CallbackVerifier::Cancel);
        QCOMPARE(v.state, state);
        QCOMPARE(v.platformOrderNo, order.value(QStringLiteral("onlineNo")).toString());
        QCOMPARE(v.extOrderNo, created.retailOrderNo);
        QCOMPARE(v.failMsg.isEmpty(), state != 0);
        QCOMPARE(v.items.size(), lines.size());
        int delivered = 0;
        int returned = 0;
        for (int i = 0; i < v.items.size(); ++i) {
            const QJsonObject line = lines.at(i).toObject();
            QCOMPARE(v.items.at(i).productCode, line.value(QStringLiteral("productCode")).toString());
            QCOMPARE(v.items.at(i).totalQty, line.value(QStringLiteral("itemQty")).toInt());
            QCOMPARE(v.items.at(i).receiveQty + v.items.at(i).returnQty + v.items.at(i).rejectQty,
                     state == 0 ? 0 : v.items.at(i).totalQty);
            delivered += v.items.at(i).receiveQty;
            returned += v.items.at(i).returnQty;
        }
        // State 2: some delivered, some cancelled; State 1: everything cancelled.
        QCOMPARE(delivered > 0, state == 2);
        QCOMPARE(returned > 0, state != 0);
        const QJsonObject data = QJsonDocument::fromJson(v.data.toUtf8()).object();
        for (const char *key : {"productCode", "totalQty", "receiveQty", "returnQty", "rejectQty"})
            QVERIFY2(data.value(QStringLiteral("itemList")).toArray().first().toObject().contains(QLatin1String(key)), key);

        // Haier's own cancel callback (the customer refused delivery) on demand; unknown soIds are not invented.
        QVERIFY(m_sim->sendCancelCallback(soId, 1));
        QVERIFY(!m_sim->sendCancelCallback(QStringLiteral("NOT-ACCEPTED-1"), 1));
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, 5000);
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
