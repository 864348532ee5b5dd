// The open-platform client against the simulator: token, each call, batching, and the failures.
#include "models/clock.h"
#include "net/callrecorder.h"
#include "net/openplatclient.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QJsonArray>
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
