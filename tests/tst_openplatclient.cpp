// The open-platform client against the simulator: token, each call, batching, and the failures.
#include "models/clock.h"
#include "net/callrecorder.h"
#include "net/openplatclient.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QtTest>

namespace {
class MemoryRecorder final : public CallRecorder
{
public:
    QList<SyncLogEntry> entries;
    void record(const SyncLogEntry &e) override { entries.append(e); }
};
} // namespace

class TestOpenPlatClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<YlhSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    SystemClock m_clock;
    MemoryRecorder m_recorder;

    std::unique_ptr<OpenPlatClient> client(const QString &password = QStringLiteral("demo-account-password"),
                                           const QString &tokenPath = QStringLiteral("/oauth2/auth"))
    {
        Profile p = Profile::preset(ProfileKind::Test);
        p.openplat.baseUrl = m_sim->baseUrl();
        p.openplat.tokenPath = tokenPath;
        p.codes.customerCode = QStringLiteral("8800633175");
        p.codes.sendToCode = QStringLiteral("8800633175");
        p.timeoutMs = 3000;
        auto c = std::make_unique<OpenPlatClient>(*m_network, m_clock);
        c->setProfile(p);
        c->setCredentials({QStringLiteral("demo-openplat-client"), QStringLiteral("demo-openplat-secret"), password});
        c->setRecorder(&m_recorder);
        return c;
    }

    static ApiResult wait(const std::function<void(OpenPlatClient::Done)> &call)
    {
        std::optional<ApiResult> result;
        call([&](const ApiResult &r) { result = r; });
        QElapsedTimer t;
        t.start();
        while (!result && t.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (!result)
            qFatal("no answer");
        return *result;
    }

    static QStringList codes(int n)
    {
        QStringList list;
        for (int i = 0; i < n; ++i)
            list << QStringLiteral("BH%1").arg(i, 4, 10, QLatin1Char('0'));
        return list;
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

    void productsAndPricesInBatchesOfTwenty()
    {
        auto c = client();
        ApiResult r = wait([&](auto d) { c->products(codes(45), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data.toArray().size(), 45);
        QCOMPARE(m_sim->requestCount(QStringLiteral("openplat.products")), 3);
        const QJsonObject first = r.data.toArray().first().toObject();
        for (const char *key : {"productCode", "productModel", "productGroupName", "productBrandName", "productImageUrl", "isSales", "noSalesReason"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
        r = wait([&](auto d) { c->prices(codes(21), d); });
        QVERIFY(r.ok());
        QCOMPARE(r.data.toArray().size(), 21);
        QCOMPARE(m_sim->requestCount(QStringLiteral("openplat.prices")), 2);
        QCOMPARE(c->tokenRequests(), 1);
    }

    void stockLogisticsBalance()
    {
        auto c = client(QStringLiteral("demo-account-password"), QStringLiteral("/oauth2/token"));
        ApiResult r = wait([&](auto d) { c->stock(QStringLiteral("BH0250A2G"), QStringLiteral("370212"), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(r.data.toObject().contains(QStringLiteral("timelinessData")));
        r = wait([&](auto d) { c->stock(QStringLiteral("BH0250A2G"), QStringLiteral("3702"), d); });
        QCOMPARE(r.kind, ResultKind::BusinessRejection); // not a 6-digit county code
        r = wait([&](auto d) { c->logistics(QStringLiteral("SO.20251124.000001"), QString(), d); });
        QVERIFY(r.ok());
        QVERIFY(r.data.toObject().contains(QStringLiteral("getAllLogisticsInfoByOrderCode")));
        r = wait([&](auto d) { c->balance(d); });
        QVERIFY(r.ok());
        QVERIFY(r.data.toArray().first().toObject().contains(QStringLiteral("payerAccountBalance")));
    }

    void wrongPasswordAndWrongClient()
    {
        auto c = client(QStringLiteral("not-it"));
        ApiResult r = wait([&](auto d) { c->balance(d); });
        QCOMPARE(r.kind, ResultKind::BusinessRejection);
        QCOMPARE(r.message, QStringLiteral("客户密码错误")); // Haier's words, verbatim
        auto wrong = std::make_unique<OpenPlatClient>(*m_network, m_clock);
        Profile p = Profile::preset(ProfileKind::Test);
        p.openplat.baseUrl = m_sim->baseUrl();
        wrong->setProfile(p);
        wrong->setCredentials({QStringLiteral("demo-openplat-client"), QStringLiteral("wrong"), QStringLiteral("x")});
        r = wait([&](auto d) { wrong->balance(d); });
        QCOMPARE(r.kind, ResultKind::Auth);
    }

    void passwordsNeverStored()
    {
        auto c = client();
        wait([&](auto d) { c->balance(d); });
        wait([&](auto d) { c->stock(QStringLiteral("BH0250A2G"), QStringLiteral("370212"), d); });
        QVERIFY(m_recorder.entries.size() >= 3);
        for (const SyncLogEntry &e : std::as_const(m_recorder.entries)) {
            QVERIFY(!e.requestBody.contains("demo-account-password"));
            QVERIFY(!e.requestBody.contains("demo-openplat-secret"));
            QVERIFY(!e.responseBody.contains("access_token\":\"") || e.responseBody.contains("***"));
        }
    }

    // The spec prints the answers bare (List<…>, or an object); some gateways wrap them in the envelope.
    void answersBareOrInTheEnvelope_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::newRow("bare, as the spec prints them") << QStringLiteral("bare");
        QTest::newRow("in the YLH envelope") << QStringLiteral("envelope");
    }
    void answersBareOrInTheEnvelope()
    {
        QFETCH(QString, shape);
        SimConfig config;
        config.answerShape = shape;
        m_sim->setConfig(config);
        auto c = client();
        ApiResult r = wait([&](auto d) { c->products(codes(25), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data.toArray().size(), 25);
        QCOMPARE(r.data.toArray().at(24).toObject().value(QStringLiteral("productCode")).toString(), QStringLiteral("BH0024"));
        r = wait([&](auto d) { c->prices(codes(3), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data.toArray().size(), 3);
        QVERIFY(r.data.toArray().first().toObject().value(QStringLiteral("supplyPrice")).toDouble() >= 1000);
        r = wait([&](auto d) { c->balance(d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data.toArray().first().toObject().value(QStringLiteral("payerAccountBalance")).toDouble(), 125000.5);
        r = wait([&](auto d) { c->stock(QStringLiteral("BH0250A2G"), QStringLiteral("370212"), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(r.data.toObject().value(QStringLiteral("stock")).isDouble());
        r = wait([&](auto d) { c->logistics(QStringLiteral("SO.20251124.000001"), QString(), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(r.data.toObject().value(QStringLiteral("getAllLogisticsInfoByOrderCode")).isArray());
        // The sync log keeps each answer as it came.
        bool sawBare = false;
        for (const SyncLogEntry &e : std::as_const(m_recorder.entries))
            sawBare = sawBare || (e.operation == QLatin1String("openplat.balance") && e.responseBody.startsWith('['));
        QCOMPARE(sawBare, shape == QLatin1String("bare"));
    }

    // 售达方编码: the stock call's salesCode is the profile's customerCode, not the seller code (八码).
    void stockSalesCodeIsTheCustomerCode()
    {
        auto c = client();
        Profile p = Profile::preset(ProfileKind::Test);
        p.openplat.baseUrl = m_sim->baseUrl();
        p.codes.customerCode = QStringLiteral("8800633175");
        p.codes.sendToCode = QStringLiteral("8800633176");
        p.codes.sellerCode = QStringLiteral("8800539012");
        c->setProfile(p);
        const ApiResult r = wait([&](auto d) { c->stock(QStringLiteral("BH0250A2G"), QStringLiteral("370212"), d); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        const QJsonObject sent = m_sim->lastRequest(QStringLiteral("openplat.stock")).toObject();
        QCOMPARE(sent.value(QStringLiteral("salesCode")).toString(), QStringLiteral("8800633175"));
        QCOMPARE(sent.value(QStringLiteral("senderCode")).toString(), QStringLiteral("8800633176"));
        QVERIFY(!QJsonDocument(sent).toJson().contains("8800539012"));
    }

    // 403 (no permission, IP not whitelisted) is not a sign-in problem: no new token, no second try.
    void forbiddenIsNotAnAuthenticationFailure()
    {
        auto c = client();
        QVERIFY(wait([&](auto d) { c->balance(d); }).ok());
        SimConfig config;
        config.faults.forbiddenRate = 1.0;
        m_sim->setConfig(config);
        ApiResult r = wait([&](auto d) { c->products(codes(2), d); });
        QCOMPARE(r.kind, ResultKind::Forbidden);
        QCOMPARE(r.httpStatus, 403);
        QVERIFY2(r.message.contains(QLatin1String("IP whitelist")), qPrintable(r.message));
        QCOMPARE(c->tokenRequests(), 1);
        QCOMPARE(m_sim->requestCount(QStringLiteral("fault.403")), 1);
        QCOMPARE(resultKindName(m_recorder.entries.last().kind), QStringLiteral("forbidden"));

        // A token request answered 403 is the same: forbidden, not auth.
        config.faults.faultsOnToken = true;
        m_sim->setConfig(config);
        auto fresh = client();
        r = wait([&](auto d) { fresh->balance(d); });
        QCOMPARE(r.kind, ResultKind::Forbidden);
        QCOMPARE(fresh->tokenRequests(), 1);
    }

    void serverFaults()
    {
        auto c = client();
        QVERIFY(wait([&](auto d) { c->balance(d); }).ok());
        SimConfig config;
        config.faults.unavailableRate = 1.0;
        m_sim->setConfig(config);
        const ApiResult r = wait([&](auto d) { c->balance(d); });
        QCOMPARE(r.kind, ResultKind::Server);
        QCOMPARE(r.httpStatus, 503);
    }
};

QTEST_GUILESS_MAIN(TestOpenPlatClient)
#include "tst_openplatclient.moc"
