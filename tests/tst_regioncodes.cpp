#include "models/database.h"
#include "models/regioncodes.h"
#include "testdb.h"

#include <QtTest>

class TestRegionCodes : public QObject
{
    Q_OBJECT

private slots:
    void lookupAndImport_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void lookupAndImport()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = Database::open(location, &error);
        QVERIFY2(db && db->migrate(&error) == Database::SchemaVersion, qPrintable(error));
        RegionCodes regions(*db);
        // Shipped rows: exact, then by city + district, then by an unambiguous district.
        QCOMPARE(regions.lookup(QStringLiteral("山东省"), QStringLiteral("青岛市"), QStringLiteral("崂山区")), QStringLiteral("370212"));
        QCOMPARE(regions.lookup(QStringLiteral("山东"), QStringLiteral("青岛市"), QStringLiteral(" 崂山区 ")), QStringLiteral("370212"));
        QCOMPARE(regions.lookup(QString(), QString(), QStringLiteral("浦东新区")), QStringLiteral("310115"));
        QCOMPARE(regions.lookup(QStringLiteral("江苏省"), QStringLiteral("苏州市"), QStringLiteral("工业园区")), QString());
        QCOMPARE(regions.lookup(QStringLiteral("山东省"), QStringLiteral("青岛市"), QString()), QString());
        const int shipped = regions.count();
        QVERIFY(shipped >= 17);

        // A header, a BOM, quoting, CRLF; one new row and one replaced.
        const QByteArray good = "\xEF\xBB\xBFprovince,city,district,code\r\n"
                                "江苏省,苏州市,工业园区,320571\r\n"
                                "\"山东省\",\"青岛市\",\"崂山区\",370212\r\n"
                                "\r\n";
        RegionCodes::ImportResult r = regions.importCsv(good, &error);
        QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.join(QLatin1Char('\n'))));
        QCOMPARE(r.added, 1);
        QCOMPARE(r.replaced, 1);
        QCOMPARE(regions.count(), shipped + 1);
        QCOMPARE(regions.lookup(QStringLiteral("江苏省"), QStringLiteral("苏州市"), QStringLiteral("工业园区")), QStringLiteral("320571"));

        // A district name two cities share is ambiguous without the city.
        r = regions.importCsv("辽宁省,大连市,鼓楼区,999999\n", &error);
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(regions.lookup(QString(), QString(), QStringLiteral("鼓楼区")), QString());
        QCOMPARE(regions.lookup(QStringLiteral("江苏省"), QStringLiteral("南京市"), QStringLiteral("鼓楼区")), QStringLiteral("320106"));
        QCOMPARE(regions.list(QStringLiteral("鼓楼区"), 10).size(), 2);
    }

    // Bad files change nothing and say which line is wrong.
    void badInputChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("problem");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("no rows");
        QTest::newRow("header only") << QByteArray("province,city,district,code\n") << QStringLiteral("no rows");
        QTest::newRow("not utf-8") << QByteArray("\xc9\xbd\xb6\xab,\xc7\xe0,\xc0\xcf,370212\n") << QStringLiteral("not UTF-8");
        QTest::newRow("code letters") << QByteArray("a,b,c,37021X\n浙江省,杭州市,西湖区,330106\n") << QStringLiteral("line 1");
        QTest::newRow("wrong field count") << QByteArray("浙江省,杭州市,330106\n") << QStringLiteral("expected 4 fields");
        QTest::newRow("empty name") << QByteArray("浙江省,,西湖区,330106\n") << QStringLiteral("must not be empty");
        QTest::newRow("sql-looking") << QByteArray("x'); DROP TABLE console_region_codes; --,b,c,12345\n") << QStringLiteral("6-digit");
        QTest::newRow("huge name") << (QByteArray(200, 'a') + ",b,c,123456\n") << QStringLiteral("longer than 50");
        QTest::newRow("binary") << QByteArray("\x00\x01\x02,\x03,\x04,123456\n", 16) << QStringLiteral("not UTF-8");
    }
    void badInputChangesNothing()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("r.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        RegionCodes regions(*db);
        const int before = regions.count();
        const RegionCodes::ImportResult r = regions.importCsv(csv, &error);
        QVERIFY(!r.problems.isEmpty());
        QVERIFY2(r.problems.join(QLatin1Char('\n')).contains(problem), qPrintable(r.problems.join(QLatin1Char('\n'))));
        QCOMPARE(r.added + r.replaced, 0);
        QCOMPARE(regions.count(), before);
    }
};

QTEST_GUILESS_MAIN(TestRegionCodes)
#include "tst_regioncodes.moc"
