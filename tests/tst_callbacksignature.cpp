#include "net/callbacksignature.h"

#include <QCryptographicHash>
#include <QTest>
#include <QUrl>

using Fields = QList<QPair<QString, QString>>;

namespace {

const QString kSecret = QStringLiteral("demo-secret-123");
const QString kData1 = QStringLiteral(R"({"ExtOrderNo":"SO.20251124.000123","PlatformOrderNo":"HMM20251124001-17","State":1})");
const QString kData2 = QStringLiteral(R"({"ExtOrderNo":"","PlatformOrderNo":"HMM20251124002-18","State":0,"FailMsg":"收货地址无法配送"})");
const QString kSign1 = QStringLiteral("B843F88C9214D1078CD4173F51BF63F0");
const QString kSign2 = QStringLiteral("17C875C6DE29857218E12177201B0C0D");

// The fields of the ylh-protocol.md test vectors, in the order Haier happens to send them.
Fields vector(const QString &data, const QString &sign)
{
    Fields f = {{QStringLiteral("AppKey"), QStringLiteral("demo-appkey")},
                {QStringLiteral("TimeStamp"), QStringLiteral("20251124103000")},
                {QStringLiteral("Method"), QStringLiteral("hmm.scm_heorder.confirm")},
                {QStringLiteral("Data"), data}};
    if (!sign.isNull())
        f.append({QStringLiteral("Sign"), sign});
    return f;
}

Fields replaced(Fields f, const QString &key, const QString &value)
{
    for (auto &field : f) {
        if (field.first == key)
            field.second = value;
    }
    return f;
}

QString md5Upper(const QString &plain)
{
    return QString::fromLatin1(QCryptographicHash::hash(plain.toUtf8(), QCryptographicHash::Md5).toHex().toUpper());
}

} // namespace

class tst_CallbackSignature : public QObject
{
    Q_OBJECT
private slots:
    void specVectors_data();
    void specVectors();
    void verifyRows_data();
    void verifyRows();
    void emptyValuesIgnored();
    void fieldOrderIrrelevant();
    void keysSortedByUtf8Bytes();
    void wholeStringLowerCased();
    void parseForm_data();
    void parseForm();
    void formRoundTrip_data();
    void formRoundTrip();
};

void tst_CallbackSignature::specVectors_data()
{
    QTest::addColumn<QString>("data");
    QTest::addColumn<QString>("sign");
    QTest::addRow("confirm accepted") << kData1 << kSign1;
    QTest::addRow("confirm refused, Chinese FailMsg") << kData2 << kSign2;
}

void tst_CallbackSignature::specVectors()
{
    QFETCH(QString, data);
    QFETCH(QString, sign);
    QCOMPARE(CallbackSignature::sign(vector(data, QString()), kSecret), sign);
    // A Sign already among the fields must not feed into its own computation.
    QCOMPARE(CallbackSignature::sign(vector(data, QStringLiteral("whatever")), kSecret), sign);
    QVERIFY(CallbackSignature::verify(vector(data, sign), kSecret));
}

void tst_CallbackSignature::verifyRows_data()
{
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<bool>("valid");
    QTest::addRow("genuine") << vector(kData1, kSign1) << kSecret << true;
    QTest::addRow("lower-case hex") << vector(kData1, kSign1.toLower()) << kSecret << true;
    QTest::addRow("mixed-case hex") << vector(kData2, QStringLiteral("17c875c6de29857218E12177201B0C0D")) << kSecret << true;
    QTest::addRow("wrong secret") << vector(kData1, kSign1) << QStringLiteral("demo-secret-124") << false;
    QTest::addRow("empty secret") << vector(kData1, kSign1) << QString() << false;
    QTest::addRow("tampered Data state") << vector(QString(kData1).replace(QStringLiteral("\"State\":1"), QStringLiteral("\"State\":0")), kSign1)
                                         << kSecret << false;
    QTest::addRow("re-serialised Data (space added)")
        << vector(QString(kData1).replace(QStringLiteral("\":"), QStringLiteral("\": ")), kSign1) << kSecret << false;
    QTest::addRow("tampered AppKey") << replaced(vector(kData1, kSign1), QStringLiteral("AppKey"), QStringLiteral("other")) << kSecret
                                     << false;
    QTest::addRow("tampered TimeStamp") << replaced(vector(kData1, kSign1), QStringLiteral("TimeStamp"), QStringLiteral("20251124103001"))
                                        << kSecret << false;
    QTest::addRow("sign of the other message") << vector(kData1, kSign2) << kSecret << false;
    QTest::addRow("missing Sign") << vector(kData1, QString()) << kSecret << false;
    QTest::addRow("empty Sign") << vector(kData1, QStringLiteral("")) << kSecret << false;
    QTest::addRow("truncated Sign") << vector(kData1, kSign1.left(31)) << kSecret << false;
    QTest::addRow("Sign with extra char") << vector(kData1, kSign1 + QLatin1Char('0')) << kSecret << false;
    QTest::addRow("non-hex Sign") << vector(kData1, QStringLiteral("ZZ43F88C9214D1078CD4173F51BF63F0")) << kSecret << false;
    Fields duplicated = vector(kData1, kSign1);
    duplicated.prepend({QStringLiteral("Data"), QStringLiteral(R"({"State":0})")});
    QTest::addRow("duplicated field") << duplicated << kSecret << false;
    Fields extra = vector(kData1, kSign1);
    extra.append({QStringLiteral("Extra"), QStringLiteral("x")});
    QTest::addRow("unsigned extra field") << extra << kSecret << false;
}

void tst_CallbackSignature::verifyRows()
{
    QFETCH(Fields, fields);
    QFETCH(QString, secret);
    QFETCH(bool, valid);
    QCOMPARE(CallbackSignature::verify(fields, secret), valid);
}

void tst_CallbackSignature::emptyValuesIgnored()
{
    Fields withEmpty = vector(kData1, QString());
    withEmpty.append({QStringLiteral("Extra"), QString()});
    withEmpty.insert(1, {QStringLiteral("Version"), QStringLiteral("")});
    QCOMPARE(CallbackSignature::sign(withEmpty, kSecret), kSign1);
    withEmpty.append({QStringLiteral("Sign"), kSign1});
    QVERIFY(CallbackSignature::verify(withEmpty, kSecret));
}

void tst_CallbackSignature::fieldOrderIrrelevant()
{
    Fields f = vector(kData2, kSign2);
    std::reverse(f.begin(), f.end());
    QVERIFY(CallbackSignature::verify(f, kSecret));
    QCOMPARE(CallbackSignature::sign(f, kSecret), kSign2);
}

void tst_CallbackSignature::keysSortedByUtf8Bytes()
{
    // U+FF21 is EF BC A1 in UTF-8 but U+1F600 is F0 9F 98 80: byte order puts U+FF21 first, while
    // UTF-16 order (FF21 vs surrogate D83D) would put the emoji first. The spec says bytes.
    const QString fullwidth(QChar(0xff21));
    const QString emoji = QString::fromUtf8("\xf0\x9f\x98\x80");
    const Fields f = {{emoji, QStringLiteral("2")}, {fullwidth, QStringLiteral("1")}, {QStringLiteral("Z"), QStringLiteral("0")}};
    const QString expected = md5Upper((QStringLiteral("k") + QStringLiteral("Z0") + fullwidth + QStringLiteral("1") + emoji
                                       + QStringLiteral("2") + QStringLiteral("k"))
                                          .toLower());
    QCOMPARE(CallbackSignature::sign(f, QStringLiteral("k")), expected);
}

void tst_CallbackSignature::wholeStringLowerCased()
{
    // Secret, keys and values are all lower-cased, so case differences anywhere do not change the sign.
    const Fields upper = {{QStringLiteral("AppKey"), QStringLiteral("ABC")}};
    const Fields lower = {{QStringLiteral("AppKey"), QStringLiteral("abc")}};
    QCOMPARE(CallbackSignature::sign(upper, QStringLiteral("SeCrEt")), CallbackSignature::sign(lower, QStringLiteral("secret")));
    QCOMPARE(CallbackSignature::sign(lower, QStringLiteral("secret")), md5Upper(QStringLiteral("secretappkeyabcsecret")));
}

void tst_CallbackSignature::parseForm_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Fields>("fields");
    const auto f = [](const char *k, const QString &v) { return QPair<QString, QString>(QString::fromUtf8(k), v); };
    QTest::addRow("simple") << QByteArrayLiteral("a=1&b=2") << Fields{f("a", QStringLiteral("1")), f("b", QStringLiteral("2"))};
    QTest::addRow("plus is space") << QByteArrayLiteral("a=x+y") << Fields{f("a", QStringLiteral("x y"))};
    QTest::addRow("encoded plus stays plus") << QByteArrayLiteral("a=%2B1+%2B") << Fields{f("a", QStringLiteral("+1 +"))};
    QTest::addRow("percent-encoded Chinese") << QByteArrayLiteral("m=%E6%94%B6%E8%B4%A7") << Fields{f("m", QStringLiteral("收货"))};
    QTest::addRow("lower-case escapes") << QByteArrayLiteral("m=%e6%94%b6") << Fields{f("m", QStringLiteral("收"))};
    QTest::addRow("raw UTF-8") << QByteArray("m=\xe6\x94\xb6") << Fields{f("m", QStringLiteral("收"))};
    QTest::addRow("unencoded JSON kept") << QByteArrayLiteral(R"(Data={"a":"b c","n":1})") << Fields{f("Data", QStringLiteral(R"({"a":"b c","n":1})"))};
    QTest::addRow("equals in value") << QByteArrayLiteral("a=1=2") << Fields{f("a", QStringLiteral("1=2"))};
    QTest::addRow("key without value") << QByteArrayLiteral("a&b=") << Fields{f("a", QString()), f("b", QString())};
    QTest::addRow("stray ampersands") << QByteArrayLiteral("&&a=1&") << Fields{f("a", QStringLiteral("1"))};
    QTest::addRow("encoded key") << QByteArrayLiteral("App%4Bey=k") << Fields{f("AppKey", QStringLiteral("k"))};
    QTest::addRow("encoded ampersand in value") << QByteArrayLiteral("a=x%26b%3Dy") << Fields{f("a", QStringLiteral("x&b=y"))};
    QTest::addRow("empty body") << QByteArray() << Fields{};
}

void tst_CallbackSignature::parseForm()
{
    QFETCH(QByteArray, body);
    QFETCH(Fields, fields);
    QCOMPARE(CallbackSignature::parseForm(body), fields);
}

void tst_CallbackSignature::formRoundTrip_data()
{
    QTest::addColumn<QString>("data");
    QTest::addColumn<bool>("plusForSpace");
    QTest::newRow("vector 2, %20 spaces") << kData2 << false;
    QTest::addRow("spaces and plus signs, + for space")
        << QStringLiteral(R"({"PlatformOrderNo":"HMM 2025+01","State":"0","FailMsg":"地址 无法配送 + 拒收 100%"})") << true;
}

void tst_CallbackSignature::formRoundTrip()
{
    QFETCH(QString, data);
    QFETCH(bool, plusForSpace);
    Fields fields = vector(data, QString());
    fields.append({QStringLiteral("Sign"), CallbackSignature::sign(fields, kSecret)});

    // Encode the way a form-posting client does: every reserved byte escaped, spaces as '+' when asked.
    QByteArray body;
    for (const auto &[key, value] : std::as_const(fields)) {
        if (!body.isEmpty())
            body += '&';
        QByteArray encoded = QUrl::toPercentEncoding(value);
        if (plusForSpace)
            encoded.replace("%20", "+");
        body += QUrl::toPercentEncoding(key) + '=' + encoded;
    }
    QVERIFY(body.contains("%E6%94%B6") || body.contains("%E5%9C%B0"));
    QCOMPARE(body.contains('+'), plusForSpace);

    const Fields parsed = CallbackSignature::parseForm(body);
    QCOMPARE(parsed, fields);
    QCOMPARE(parsed.at(3).second, data); // Data exactly as signed
    QVERIFY(CallbackSignature::verify(parsed, kSecret));

    QByteArray tampered = body;
    tampered.replace("%E6%97%A0", "%E6%9C%89"); // 无 → 有 inside FailMsg
    QVERIFY(tampered != body);
    QVERIFY(!CallbackSignature::verify(CallbackSignature::parseForm(tampered), kSecret));
}

QTEST_GUILESS_MAIN(tst_CallbackSignature)
#include "tst_callbacksignature.moc"
