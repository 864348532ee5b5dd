#include "models/money.h"

#include <QJsonDocument>
#include <QJsonArray>
#include <QTest>

class tst_Money : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void json();
    void fromVariantRoundsReal();
    void divideExactly();
};

void tst_Money::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("cents");
    QTest::newRow("two decimals") << "1999.98" << true << qint64(199998);
    QTest::newRow("one decimal") << "12.5" << true << qint64(1250);
    QTest::newRow("integer") << "3" << true << qint64(300);
    QTest::newRow("negative") << "-5.00" << true << qint64(-500);
    QTest::newRow("spaces") << " 7.01 " << true << qint64(701);
    QTest::newRow("trailing zeros") << "1.2300" << true << qint64(123);
    QTest::newRow("three decimals refused") << "1.234" << false << qint64(0);
    QTest::newRow("empty") << "" << false << qint64(0);
    QTest::newRow("letters") << "12a" << false << qint64(0);
    QTest::newRow("dot only") << "." << false << qint64(0);
}

void tst_Money::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, cents);
    const auto m = Money::parse(text);
    QCOMPARE(m.has_value(), valid);
    if (valid)
        QCOMPARE(m->cents(), cents);
}

void tst_Money::json()
{
    const QJsonArray a{Money::fromCents(199998).toJson(), Money::fromCents(1250).toJson(), Money::fromCents(300).toJson(),
                       Money::fromCents(1).toJson()};
    QCOMPARE(QJsonDocument(a).toJson(QJsonDocument::Compact), QByteArray("[1999.98,12.5,3,0.01]"));
    QCOMPARE(Money::fromCents(-1234).toString(), QStringLiteral("-12.34"));
}

void tst_Money::fromVariantRoundsReal()
{
    QCOMPARE(Money::fromVariant(QVariant(1999.98))->cents(), 199998);
    QCOMPARE(Money::fromVariant(QVariant(0.1 + 0.2))->cents(), 30);
    QCOMPARE(Money::fromVariant(QVariant(QStringLiteral("12.345")))->cents(), 1235);
    // The largest amount, and rounding that would carry past it (found by fuzz_money).
    QCOMPARE(Money::parse(QStringLiteral("999999999999999.994"), true)->toString(), QStringLiteral("999999999999999.99"));
    QVERIFY(!Money::parse(QStringLiteral("999999999999999.995"), true).has_value());
    QVERIFY(!Money::parse(QStringLiteral("-999999999999999.995"), true).has_value());
    QVERIFY(!Money::fromVariant(QVariant()).has_value());
}

void tst_Money::divideExactly()
{
    QCOMPARE(Money::fromCents(1000).dividedExactly(4)->cents(), 250);
    QVERIFY(!Money::fromCents(1000).dividedExactly(3).has_value());
    QVERIFY(!Money::fromCents(1000).dividedExactly(0).has_value());
}

QTEST_GUILESS_MAIN(tst_Money)
#include "tst_money.moc"
