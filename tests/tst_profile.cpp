#include "models/profile.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

class TestProfile : public QObject
{
    Q_OBJECT

    static QJsonObject acceptance()
    {
        QFile f(QStringLiteral(CONSOLE_TEST_DATA_DIR "/profiles/acceptance.json"));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing acceptance.json");
        return QJsonDocument::fromJson(f.readAll()).object();
    }

private slots:
    void acceptanceFormatAsWritten()
    {
        QString error;
        const auto p = Profile::fromJson(acceptance(), &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->name, QStringLiteral("acceptance"));
        QCOMPARE(p->kind, ProfileKind::Test);
        QCOMPARE(p->ylh.authBaseUrl.toString(), QStringLiteral("http://127.0.0.1:8080/ylh-cloud-mgt-auth-dev"));
        QCOMPARE(p->ylh.stockBaseUrl.toString(), QStringLiteral("http://127.0.0.1:8080/ylh-cloud-service-stock-dev"));
        QCOMPARE(p->openplat.tokenPath, QStringLiteral("/oauth2/auth"));
        QCOMPARE(p->codes.shopName, QStringLiteral("海尔智家旗舰店"));
        QCOMPARE(p->codes.sellerCode, QStringLiteral("8800539012"));
        QCOMPARE(p->callback.appKey, QStringLiteral("demo-appkey"));
        QCOMPARE(p->callback.windowSeconds, 600);
        QCOMPARE(p->callback.confirmWithinMinutes, 120);
        QCOMPARE(p->timeoutMs, 30000);
        QCOMPARE(p->timestampUnit, TimestampUnit::Milliseconds);
        QCOMPARE(p->retry.maxRetries, 3);
        QVERIFY(p->retry.jitter);
        // Export then import gives the same profile, and never a secret.
        const QJsonObject exported = p->toJson();
        QCOMPARE(*Profile::fromJson(exported, &error), *p);
        const QByteArray text = QJsonDocument(exported).toJson();
        QVERIFY(!text.contains("password") && !text.contains("secret"));
    }

    void missingKeysTakeThePreset()
    {
        QString error;
        const auto p = Profile::fromJson(QJsonObject{{QStringLiteral("name"), QStringLiteral("x")},
                                                     {QStringLiteral("kind"), QStringLiteral("production")}}, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->ylh.orderBaseUrl, Profile::preset(ProfileKind::Production).ylh.orderBaseUrl);
        QCOMPARE(p->openplat.baseUrl.toString(), QStringLiteral("https://openplat-bj-aliyun.haier.net"));
        QVERIFY(!p->warnings().isEmpty()); // production on plain http is flagged
        QVERIFY(Profile::preset(ProfileKind::Test).warnings().isEmpty());
    }

    void confirmWithinMinutesIsReadAndKept()
    {
        QString error;
        const auto p = Profile::fromJson(QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("kind"), QStringLiteral("test")},
                                                     {QStringLiteral("callback"), QJsonObject{{QStringLiteral("confirmWithinMinutes"), 45}}}}, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->callback.confirmWithinMinutes, 45);
        QCOMPARE(p->toJson().value(QStringLiteral("callback")).toObject().value(QStringLiteral("confirmWithinMinutes")).toInt(), 45);
        QCOMPARE(Profile::preset(ProfileKind::Production).callback.confirmWithinMinutes, 120);
    }

    void refusalsNameTheKey_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::newRow("unknown kind") << QByteArray("{\"name\":\"a\",\"kind\":\"staging\"}") << QStringLiteral("kind");
        QTest::newRow("no kind") << QByteArray("{\"name\":\"a\"}") << QStringLiteral("kind");
        QTest::newRow("no name") << QByteArray("{\"kind\":\"test\"}") << QStringLiteral("name");
        QTest::newRow("empty name") << QByteArray("{\"name\":\" \",\"kind\":\"test\"}") << QStringLiteral("name");
        QTest::newRow("malformed url") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"ylh\":{\"orderBaseUrl\":\"ftp://x\"}}") << QStringLiteral("ylh.orderBaseUrl");
        QTest::newRow("url not a string") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"openplat\":{\"baseUrl\":5}}") << QStringLiteral("openplat.baseUrl");
        QTest::newRow("section not an object") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"codes\":[]}") << QStringLiteral("codes");
        QTest::newRow("code not a string") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"codes\":{\"shopName\":1}}") << QStringLiteral("codes.shopName");
        QTest::newRow("timeout as string") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"timeoutMs\":\"30000\"}") << QStringLiteral("timeoutMs");
        QTest::newRow("timeout fractional") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"timeoutMs\":1.5}") << QStringLiteral("timeoutMs");
        QTest::newRow("timeout astronomically large") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"timeoutMs\":1e300}") << QStringLiteral("timeoutMs");
        QTest::newRow("timeout out of range") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"timeoutMs\":-1}") << QStringLiteral("timeoutMs");
        QTest::newRow("unit") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"timestampUnit\":\"us\"}") << QStringLiteral("timestampUnit");
        QTest::newRow("jitter") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"retry\":{\"jitter\":\"yes\"}}") << QStringLiteral("retry.jitter");
        QTest::newRow("retries") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"retry\":{\"maxRetries\":99}}") << QStringLiteral("retry.maxRetries");
        QTest::newRow("zone") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"callback\":{\"timestampZone\":\"Mars/Base\"}}") << QStringLiteral("callback.timestampZone");
        QTest::newRow("confirm within zero") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"callback\":{\"confirmWithinMinutes\":0}}") << QStringLiteral("callback.confirmWithinMinutes");
        QTest::newRow("token path") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"openplat\":{\"tokenPath\":\"oauth2/auth\"}}") << QStringLiteral("openplat.tokenPath");
        QTest::newRow("patterns") << QByteArray("{\"name\":\"a\",\"kind\":\"test\",\"duplicatePatterns\":[\"\", \"x\"]}") << QStringLiteral("duplicatePatterns");
    }
    void refusalsNameTheKey()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        QString error;
        QVERIFY(!Profile::fromJson(QJsonDocument::fromJson(json).object(), &error));
        QVERIFY2(error.startsWith(key + QLatin1Char(':')), qPrintable(error));
    }

    void extraKeysAreAllowed()
    {
        QJsonObject o = acceptance();
        o.insert(QStringLiteral("comment"), QStringLiteral("for the acceptance run"));
        QString error;
        QVERIFY2(Profile::fromJson(o, &error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
