// The one classifier every answer goes through: HTTP 200 alone is never success, Haier's words are
// kept verbatim, duplicates are recognised by the profile's patterns, unknown shapes need review.
#include "net/apiresult.h"

#include <QtTest>

namespace {

const QStringList kPatterns{QStringLiteral("重复"), QStringLiteral("已存在"), QStringLiteral("duplicate")};
constexpr qint64 kNow = 1764000000000; // 2025-11-24T16:00:00Z

} // namespace

class TestApiResult : public QObject
{
    Q_OBJECT

private slots:
    void classify_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("error");
        QTest::addColumn<bool>("timedOut");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("envelope");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message"); // empty: not checked

        const int none = int(QNetworkReply::NoError);
        QTest::newRow("success envelope") << 200 << none << false
                                          << QByteArray(R"({"success":true,"code":"200","message":"ok","data":{"retailOrderNo":"SO.1"}})")
                                          << true << "ok" << "ok";
        QTest::newRow("http 200 with success false is a rejection")
            << 200 << none << false << QByteArray(R"({"success":false,"code":"E1","message":"收货地址无法配送"})") << true
            << "business_rejection" << QStringLiteral("收货地址无法配送");
        QTest::newRow("errorMsg when no message") << 200 << none << false
                                                  << QByteArray(R"({"success":false,"code":"E2","errorMsg":"商品编码不存在"})")
                                                  << true << "business_rejection" << QStringLiteral("商品编码不存在");
        QTest::newRow("rejection without text names the code") << 200 << none << false
                                                               << QByteArray(R"({"success":false,"code":"E9"})") << true
                                                               << "business_rejection" << "Refused by Haier (code E9)";
        QTest::newRow("duplicate by message") << 200 << none << false
                                              << QByteArray(R"({"success":false,"code":"E3","message":"soId已存在"})") << true
                                              << "duplicate" << QStringLiteral("soId已存在");
        QTest::newRow("duplicate by code, any case") << 200 << none << false
                                                     << QByteArray(R"({"success":false,"code":"DUPLICATE_ORDER","message":"x"})")
                                                     << true << "duplicate" << "x";
        QTest::newRow("duplicate by code alone still says something")
            << 200 << none << false << QByteArray(R"({"success":false,"code":"soId已存在"})") << true << "duplicate"
            << QStringLiteral("Already received (code soId已存在)");
        QTest::newRow("duplicate answered as 400") << 400 << none << false
                                                   << QByteArray(R"({"success":false,"code":"400","message":"订单重复推送"})")
                                                   << true << "duplicate" << QStringLiteral("订单重复推送");
        QTest::newRow("400 keeps Haier's text") << 400 << none << false
                                                << QByteArray(R"({"success":false,"message":"参数错误: consigneeMobile"})") << true
                                                << "business_rejection" << QStringLiteral("参数错误: consigneeMobile");
        QTest::newRow("400 without body") << 400 << none << false << QByteArray() << true << "business_rejection"
                                          << "Refused (400)";
        QTest::newRow("404 points at the URL") << 404 << none << false << QByteArray("<html>") << true << "business_rejection"
                                               << "Not found (404): check the profile's URL";
        QTest::newRow("success not a boolean") << 200 << none << false << QByteArray(R"({"success":"true","data":{}})") << true
                                               << "malformed" << "";
        QTest::newRow("envelope missing") << 200 << none << false << QByteArray(R"({"data":{}})") << true << "malformed" << "";
        QTest::newRow("array where an envelope belongs") << 200 << none << false << QByteArray("[1,2]") << true << "malformed"
                                                         << "";
        QTest::newRow("html with 200") << 200 << none << false << QByteArray("<html>gateway</html>") << true << "malformed"
                                       << "The answer is not JSON; it needs review";
        QTest::newRow("empty 200") << 200 << none << false << QByteArray() << true << "malformed" << "";
        QTest::newRow("bare token answer") << 200 << none << false << QByteArray(R"({"access_token":"t","expires_in":3600})")
                                           << false << "ok" << "";
        QTest::newRow("401") << 401 << int(QNetworkReply::AuthenticationRequiredError) << false << QByteArray() << true << "auth"
                             << "";
        QTest::newRow("403") << 403 << int(QNetworkReply::ContentAccessDenied) << false << QByteArray() << true << "forbidden" << "";
        QTest::newRow("429") << 429 << none << false << QByteArray() << true << "rate_limited" << "";
        QTest::newRow("500") << 500 << none << false << QByteArray(R"({"success":true})") << true << "server" << "Server error (500)";
        QTest::newRow("503") << 503 << none << false << QByteArray() << true << "server" << "Service unavailable (503)";
        QTest::newRow("redirect is not followed") << 302 << none << false << QByteArray() << true << "malformed" << "";
        QTest::newRow("our deadline") << 0 << int(QNetworkReply::OperationCanceledError) << true << QByteArray() << true
                                      << "timeout" << "";
        QTest::newRow("deadline wins over a late status") << 200 << none << true << QByteArray(R"({"success":true})") << true
                                                          << "timeout" << "";
        QTest::newRow("reset") << 0 << int(QNetworkReply::RemoteHostClosedError) << false << QByteArray() << true << "connection"
                               << "Could not reach the server";
        QTest::newRow("tls") << 0 << int(QNetworkReply::SslHandshakeFailedError) << false << QByteArray() << true << "connection"
                             << "The TLS certificate could not be verified; nothing was sent";
    }
    void classify()
    {
        QFETCH(int, status);
        QFETCH(int, error);
        QFETCH(bool, timedOut);
        QFETCH(QByteArray, body);
        QFETCH(bool, envelope);
        QFETCH(QString, kind);
        QFETCH(QString, message);
        const ApiResult r = ApiClassifier::classify(status, QNetworkReply::NetworkError(error), timedOut, body, QByteArray(),
                                                    kPatterns, envelope, kNow);
        QCOMPARE(resultKindName(r.kind), kind);
        QCOMPARE(r.httpStatus, status);
        QCOMPARE(r.body, body); // the raw answer is always kept for the operator
        if (!message.isEmpty())
            QCOMPARE(r.message, message);
        if (r.kind != ResultKind::Ok)
            QVERIFY2(!r.message.isEmpty(), "every failure carries a sentence");
    }

    // The open platform's answers as the spec prints them (bare), or in the envelope; other shapes still need review.
    void bareAnswers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("list");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("rows"); // data array size, or -1 for an object
        QTest::newRow("bare list") << 200 << QByteArray(R"([{"productCode":"A"},{"productCode":"B"}])") << true << "ok" << 2;
        QTest::newRow("empty bare list") << 200 << QByteArray("[]") << true << "ok" << 0;
        QTest::newRow("envelope with a list") << 200 << QByteArray(R"({"success":true,"data":[{"productCode":"A"}]})") << true << "ok" << 1;
        QTest::newRow("envelope refusal stays Haier's") << 200 << QByteArray(R"({"success":false,"code":"E1","message":"客户密码错误"})") << true
                                                      << "business_rejection" << 0;
        QTest::newRow("bare object with a documented key") << 200 << QByteArray(R"({"secCode":"WH1","stock":3})") << false << "ok" << -1;
        QTest::newRow("list where an object is documented") << 200 << QByteArray("[1]") << false << "malformed" << 0;
        QTest::newRow("object where a list is documented") << 200 << QByteArray(R"({"stock":3})") << true << "malformed" << 0;
        QTest::newRow("object without a documented key") << 200 << QByteArray(R"({"other":1})") << false << "malformed" << 0;
        QTest::newRow("success not a boolean is no bare answer") << 200 << QByteArray(R"({"success":"yes","stock":1})") << false
                                                                 << "malformed" << 0;
        QTest::newRow("not JSON") << 200 << QByteArray("<html>") << true << "malformed" << 0;
        QTest::newRow("a 403 stays forbidden") << 403 << QByteArray("[]") << true << "forbidden" << 0;
    }
    void bareAnswers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, list);
        QFETCH(QString, kind);
        QFETCH(int, rows);
        const ApiResult classified = ApiClassifier::classify(status, QNetworkReply::NoError, false, body, QByteArray(), kPatterns, true, kNow);
        const ApiResult r = ApiClassifier::acceptBare(classified, {list, {QStringLiteral("stock"), QStringLiteral("secCode")}});
        QCOMPARE(resultKindName(r.kind), kind);
        QCOMPARE(r.body, body);
        if (kind != QLatin1String("ok"))
            return;
        QVERIFY(r.message.isEmpty());
        if (rows < 0)
            QCOMPARE(r.data.toObject().value(QStringLiteral("stock")).toInt(), 3);
        else
            QCOMPARE(r.data.toArray().size(), rows);
    }

    void retailOrderNumberFromData()
    {
        const ApiResult a = ApiClassifier::classify(200, QNetworkReply::NoError, false,
                                                    R"({"success":true,"data":{"retailOrderNo":"SO.20251124.000123"}})",
                                                    {}, kPatterns, true, kNow);
        QCOMPARE(a.retailOrderNo, QStringLiteral("SO.20251124.000123"));
        const ApiResult b = ApiClassifier::classify(200, QNetworkReply::NoError, false,
                                                    R"({"success":true,"data":{"orderNo":"SO.2"}})", {}, kPatterns, true, kNow);
        QCOMPARE(b.retailOrderNo, QStringLiteral("SO.2"));
        const ApiResult c = ApiClassifier::classify(200, QNetworkReply::NoError, false, R"({"success":true,"data":"x"})", {},
                                                    kPatterns, true, kNow);
        QVERIFY(c.ok());
        QVERIFY(c.retailOrderNo.isEmpty());
    }

    void noPatternsNoDuplicate()
    {
        const ApiResult r = ApiClassifier::classify(200, QNetworkReply::NoError, false,
                                                    R"({"success":false,"message":"soId已存在"})", {}, {}, true, kNow);
        QCOMPARE(r.kind, ResultKind::BusinessRejection);
    }

    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("absent") << QByteArray() << qint64(-1);
        QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
        QTest::newRow("spaces") << QByteArray(" 3 ") << qint64(3000);
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
        QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
        QTest::newRow("absurdly large is a day") << QByteArray("3333333333333333333") << qint64(86400000);
        QTest::newRow("http date 30 s ahead") << QByteArray("Mon, 24 Nov 2025 16:00:30 GMT") << qint64(30000);
        QTest::newRow("http date in the past") << QByteArray("Mon, 24 Nov 2025 15:00:00 GMT") << qint64(0);
    }
    void retryAfter()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, expected);
        QCOMPARE(ApiClassifier::parseRetryAfter(header, kNow), expected);
        const ApiResult r = ApiClassifier::classify(503, QNetworkReply::ServiceUnavailableError, false, {}, header, kPatterns,
                                                    true, kNow);
        QCOMPARE(r.retryAfterMs, expected);
    }
};

QTEST_GUILESS_MAIN(TestApiResult)
#include "tst_apiresult.moc"
