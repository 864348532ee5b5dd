#include "net/redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

QJsonValue parse(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

} // namespace

class tst_Redaction : public QObject
{
    Q_OBJECT
private slots:
    void maskPhone_data();
    void maskPhone();
    void maskAddress_data();
    void maskAddress();
    void text_data();
    void text();
    void bytes();
    void json_data();
    void json();
    void jsonScalarsAndStrings();
    void nothingSecretLeaks_data();
    void nothingSecretLeaks();
};

void tst_Redaction::maskPhone_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("mobile") << QStringLiteral("13912349000") << QStringLiteral("139****9000");
    QTest::newRow("surrounding blanks") << QStringLiteral(" 13912349000 ") << QStringLiteral("139****9000");
    QTest::newRow("+86 prefix") << QStringLiteral("+8613912349000") << QStringLiteral("+86139****9000");
    QTest::newRow("dashed") << QStringLiteral("139-1234-9000") << QStringLiteral("139****9000");
    QTest::newRow("landline") << QStringLiteral("0532-88889999") << QStringLiteral("053****9999");
    QTest::newRow("short number") << QStringLiteral("88889999") << QStringLiteral("88****99");
    QTest::newRow("tiny") << QStringLiteral("110") << QStringLiteral("****");
    QTest::newRow("empty") << QString() << QString();
}

void tst_Redaction::maskPhone()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Redaction::maskPhone(input), expected);
}

void tst_Redaction::maskAddress_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("chinese address") << QStringLiteral("山东省青岛市崂山区海尔路1号") << QStringLiteral("山东省青岛市****");
    QTest::newRow("latin address") << QStringLiteral("12 Harbour Road, Flat 3") << QStringLiteral("12 Har****");
    QTest::newRow("exactly six") << QStringLiteral("海尔路一号楼") << QStringLiteral("海尔路****");
    QTest::newRow("short keeps half") << QStringLiteral("海尔路1号") << QStringLiteral("海尔****");
    QTest::newRow("surrogate pair not split") << QStringLiteral("ab𝟘𝟙𝟚𝟛") << QStringLiteral("ab𝟘𝟙****");
    QTest::newRow("empty") << QString() << QString();
}

void tst_Redaction::maskAddress()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Redaction::maskAddress(input), expected);
}

void tst_Redaction::text_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    // Header lines
    QTest::newRow("header bearer") << QStringLiteral("Authorization: Bearer eyJhbGciOi.abc-123_x") << QStringLiteral("Authorization: ***");
    QTest::newRow("header basic") << QStringLiteral("Authorization: Basic Y2xpZW50OnNlY3JldA==") << QStringLiteral("Authorization: ***");
    QTest::newRow("header lower-case, more lines")
        << QStringLiteral("content-type: application/json\r\nauthorization: Bearer abc\r\nsystem-name: ylh-open-api\r\n")
        << QStringLiteral("content-type: application/json\r\nauthorization: ***\r\nsystem-name: ylh-open-api\r\n");
    QTest::newRow("proxy authorization") << QStringLiteral("Proxy-Authorization: Basic dXNlcjpwYXNz") << QStringLiteral("Proxy-Authorization: ***");
    QTest::newRow("token header") << QStringLiteral("X-Access-Token: abcdef") << QStringLiteral("X-Access-Token: ***");

    // Form bodies and URLs
    QTest::newRow("password grant form") << QStringLiteral("grant_type=password&username=shop01&password=hunter2")
                                         << QStringLiteral("grant_type=password&username=shop01&password=***");
    QTest::newRow("form key case") << QStringLiteral("PassWord=x&Client_Secret=y&sellerPassword=z")
                                   << QStringLiteral("PassWord=***&Client_Secret=***&sellerPassword=***");
    QTest::newRow("callback form sign")
        << QStringLiteral("AppKey=demo-appkey&TimeStamp=20251124103000&Sign=B843F88C9214D1078CD4173F51BF63F0")
        << QStringLiteral("AppKey=demo-appkey&TimeStamp=20251124103000&Sign=***");
    QTest::newRow("form encoded Data with phone")
        << QStringLiteral("Method=m&Data=%7B%22mobile%22%3A%2213912349000%22%2C%22note%22%3A%22%E5%88%B0+%E8%B4%A7%22%7D")
        << QStringLiteral(R"(Method=m&Data={"mobile":"139****9000","note":"到+货"})");
    QTest::newRow("form phone and address") << QStringLiteral("mobile=13912349000&detailAddress=%E5%B1%B1%E4%B8%9C%E7%9C%81%E9%9D%92%E5%B2%9B%E5%B8%82%E5%B4%82%E5%B1%B1")
                                            << QStringLiteral("mobile=139****9000&detailAddress=山东省青岛市****");
    QTest::newRow("empty secret stays empty") << QStringLiteral("username=a&password=") << QStringLiteral("username=a&password=");
    QTest::newRow("url query") << QStringLiteral("GET https://h/x?access_token=abc.def&page=2 -> 200")
                               << QStringLiteral("GET https://h/x?access_token=***&page=2 -> 200");
    QTest::newRow("token_type is not token") << QStringLiteral("token_type=bearer&expires_in=3600")
                                             << QStringLiteral("token_type=bearer&expires_in=3600");

    // JSON text
    QTest::newRow("token answer") << QStringLiteral(R"({"access_token":"eyJ.x.y","token_type":"bearer","refresh_token":"r1","expires_in":3599})")
                                  << QStringLiteral(R"({"access_token":"***","token_type":"bearer","refresh_token":"***","expires_in":3599})");
    QTest::newRow("json key case and spaces") << QStringLiteral(R"({ "PASSWORD" : "p", "Secret": "s", "passWord":"q" })")
                                              << QStringLiteral(R"({ "PASSWORD" : "***", "Secret": "***", "passWord":"***" })");
    QTest::newRow("json numeric secret") << QStringLiteral(R"({"sign":12345,"n":1})") << QStringLiteral(R"({"sign":***,"n":1})");
    QTest::newRow("json escaped quote in secret") << QStringLiteral(R"({"password":"a\"b","x":1})")
                                                  << QStringLiteral(R"({"password":"***","x":1})");
    QTest::newRow("json phone and address")
        << QStringLiteral(R"({"consigneeMobile":"13912349000","detailAddress":"山东省青岛市崂山区海尔路1号","snapshot_phone":"0532-88889999","snapshot_address":"北京市朝阳区建国路88号"})")
        << QStringLiteral(R"({"consigneeMobile":"139****9000","detailAddress":"山东省青岛市****","snapshot_phone":"053****9999","snapshot_address":"北京市朝阳区****"})");
    QTest::newRow("json nested in json string")
        << QStringLiteral(R"({"Data":"{\"Sign\":\"ABC\",\"phone\":\"13800001111\",\"State\":1}"})")
        << QStringLiteral(R"({"Data":"{\"Sign\":\"***\",\"phone\":\"138****1111\",\"State\":1}"})");
    QTest::newRow("sign prefix of other key") << QStringLiteral(R"({"signature_ok":true,"design":"x"})")
                                              << QStringLiteral(R"({"signature_ok":true,"design":"x"})");

    // Free text
    QTest::newRow("bare bearer") << QStringLiteral(R"(headers: QList(std::pair("Authorization","Bearer abc.def")))")
                                 << QStringLiteral(R"(headers: QList(std::pair("Authorization","Bearer ***")))");
    QTest::newRow("bare basic") << QStringLiteral(R"(("Authorization","Basic Y2xpZW50OnNlY3JldA=="))")
                                << QStringLiteral(R"(("Authorization","Basic ***"))");
    QTest::newRow("sentence with password") << QStringLiteral("login failed, password: hunter2; retrying")
                                            << QStringLiteral("login failed, password: ***; retrying");
    QTest::newRow("phone in sentence") << QStringLiteral("客户电话13912349000无人接听") << QStringLiteral("客户电话139****9000无人接听");
    QTest::newRow("phone with +86 and spaces") << QStringLiteral("call +86 139 1234 9000 now") << QStringLiteral("call +86 139****9000 now");
    QTest::newRow("two phones") << QStringLiteral("13912349000/15800001234") << QStringLiteral("139****9000/158****1234");
    QTest::newRow("13-digit ms timestamp untouched") << QStringLiteral("createTime 1763951400000") << QStringLiteral("createTime 1763951400000");
    QTest::newRow("12-digit number untouched") << QStringLiteral("id 139123490001") << QStringLiteral("id 139123490001");
    QTest::newRow("order numbers untouched") << QStringLiteral("SO.20251124.000123 HMM20251124001-17")
                                             << QStringLiteral("SO.20251124.000123 HMM20251124001-17");
    QTest::newRow("plain text untouched") << QStringLiteral("token expired, refreshing") << QStringLiteral("token expired, refreshing");
    QTest::newRow("empty") << QString() << QString();
}

void tst_Redaction::text()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Redaction::text(input), expected);
}

void tst_Redaction::bytes()
{
    const QByteArray body = QByteArrayLiteral(R"({"password":"p","consigneeName":"张三","consigneeMobile":"13912349000"})");
    QCOMPARE(Redaction::bytes(body), QByteArrayLiteral(R"({"password":"***","consigneeName":"张三","consigneeMobile":"139****9000"})"));
    QCOMPARE(Redaction::bytes(QByteArrayLiteral("client_id=c&client_secret=s")), QByteArrayLiteral("client_id=c&client_secret=***"));
}

void tst_Redaction::json_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("secret keys any case")
        << QByteArrayLiteral(R"({"Access_Token":"a","TOKEN":"t","client_secret":"c","customerPassword":"p","Sign":"S","n":1})")
        << QByteArrayLiteral(R"({"Access_Token":"***","TOKEN":"***","client_secret":"***","customerPassword":"***","Sign":"***","n":1})");
    QTest::newRow("non-string secret values")
        << QByteArrayLiteral(R"({"secret":{"inner":"x"},"password":123,"token":null})")
        << QByteArrayLiteral(R"({"secret":"***","password":"***","token":null})");
    QTest::newRow("recurse objects and arrays")
        << QByteArrayLiteral(R"({"list":[{"passWord":"p","productCode":"GA0SZC00A"},[{"sellerPassword":"s"}]],"o":{"o":{"refresh_token":"r"}}})")
        << QByteArrayLiteral(R"({"list":[{"passWord":"***","productCode":"GA0SZC00A"},[{"sellerPassword":"***"}]],"o":{"o":{"refresh_token":"***"}}})");
    QTest::newRow("order payload")
        << QByteArrayLiteral(R"({"soId":"HMM1","consigneeName":"张三","consigneeMobile":"13912349000","detailAddress":"山东省青岛市崂山区海尔路1号","totalAmt":1999.98})")
        << QByteArrayLiteral(R"({"soId":"HMM1","consigneeName":"张三","consigneeMobile":"139****9000","detailAddress":"山东省青岛市****","totalAmt":1999.98})");
    QTest::newRow("numeric mobile") << QByteArrayLiteral(R"({"mobile":13912349000,"phone":""})")
                                    << QByteArrayLiteral(R"({"mobile":"139****9000","phone":""})");
    QTest::newRow("free text in values")
        << QByteArrayLiteral(R"({"message":"用户13912349000下单","header":"Authorization: Bearer abc","Data":"{\"Sign\":\"X\",\"State\":1}"})")
        << QByteArrayLiteral(R"({"message":"用户139****9000下单","header":"Authorization: ***","Data":"{\"Sign\":\"***\",\"State\":1}"})");
    QTest::newRow("top-level array") << QByteArrayLiteral(R"([{"token":"t"},"13912349000"])") << QByteArrayLiteral(R"([{"token":"***"},"139****9000"])");
}

void tst_Redaction::json()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const QJsonValue in = parse(input);
    QVERIFY(!in.isNull());
    QCOMPARE(Redaction::json(in), parse(expected));
}

void tst_Redaction::jsonScalarsAndStrings()
{
    QCOMPARE(Redaction::json(QJsonValue(42)), QJsonValue(42));
    QCOMPARE(Redaction::json(QJsonValue(true)), QJsonValue(true));
    QCOMPARE(Redaction::json(QJsonValue()), QJsonValue());
    QCOMPARE(Redaction::json(QJsonValue(QStringLiteral("password=x"))), QJsonValue(QStringLiteral("password=***")));
}

// Whatever the wrapping, the secret string itself must never survive.
void tst_Redaction::nothingSecretLeaks_data()
{
    QTest::addColumn<QString>("input");
    const QString secret = QStringLiteral("S3cr3tValue");
    const QStringList keys = {QStringLiteral("access_token"), QStringLiteral("refresh_token"), QStringLiteral("token"),
                              QStringLiteral("password"), QStringLiteral("passWord"), QStringLiteral("sellerPassword"),
                              QStringLiteral("customerPassword"), QStringLiteral("client_secret"), QStringLiteral("secret"),
                              QStringLiteral("Sign"), QStringLiteral("Authorization")};
    for (const QString &key : keys) {
        QTest::addRow("%s json", qPrintable(key)) << QStringLiteral(R"({"a":1,"%1":"%2"})").arg(key, secret);
        QTest::addRow("%s form", qPrintable(key)) << QStringLiteral("a=1&%1=%2&b=2").arg(key, secret);
        QTest::addRow("%s header", qPrintable(key)) << QStringLiteral("%1: %2\r\n").arg(key, secret);
        QTest::addRow("%s text", qPrintable(key)) << QStringLiteral("sending %1=%2 to server").arg(key, secret);
        QTest::addRow("%s escaped json", qPrintable(key)) << QStringLiteral(R"({"Data":"{\"%1\":\"%2\"}"})").arg(key, secret);
    }
}

void tst_Redaction::nothingSecretLeaks()
{
    QFETCH(QString, input);
    const QString out = Redaction::text(input);
    QVERIFY2(!out.contains(QStringLiteral("S3cr3tValue")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("***")), qPrintable(out));
}

QTEST_GUILESS_MAIN(tst_Redaction)
#include "tst_redaction.moc"
