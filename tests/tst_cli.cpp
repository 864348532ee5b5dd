// haierctl as a user runs it: a real process, real exit codes, stdout and stderr.
#include "testdb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

QByteArray acceptanceProfile()
{
    QFile f(QStringLiteral(CONSOLE_TEST_DATA_DIR "/profiles/acceptance.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing tests/data/profiles/acceptance.json");
    return f.readAll();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QString m_location;
    QString m_lang = QStringLiteral("en_US.UTF-8");

    Run ctl(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANG"), m_lang);
        env.insert(QStringLiteral("LC_ALL"), m_lang);
        env.remove(QStringLiteral("CONSOLE_LANG"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl"), QStringList{QStringLiteral("--db"), m_location} + args);
        if (!stdinData.isEmpty())
            p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(300000))
            qFatal("haierctl did not finish");
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
    {
        QFile f(dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return f.fileName();
    }

    // The first order of the demo data that matches `where` (a predicate on the mapped orders list).
    QString firstOrder(const QString &status = QStringLiteral("paid"))
    {
        const Run r = ctl({QStringLiteral("orders"), QStringLiteral("--status"), status, QStringLiteral("--limit"),
                           QStringLiteral("500"), QStringLiteral("--json")});
        const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
        return rows.isEmpty() ? QString() : rows.first().toObject().value(QStringLiteral("orderNumber")).toString();
    }

private slots:
    void endToEnd_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void endToEnd()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        m_location = location;

        Run r = ctl({QStringLiteral("db"), QStringLiteral("migrate")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("Schema version [1-9]"))), qPrintable(r.out)); // any migrated version

        r = ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("400"), QStringLiteral("--seed"), QStringLiteral("5")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("Added 400 orders")), qPrintable(r.out));

        // orders --json: the contract's fields, newest first.
        r = ctl({QStringLiteral("orders"), QStringLiteral("--limit"), QStringLiteral("30"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(rows.size(), 30);
        const QJsonObject first = rows.first().toObject();
        for (const char *key : {"orderNumber", "status", "haierStatus", "consigneeName", "totalAmount", "createdAt"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
        QVERIFY(first.value(QStringLiteral("totalAmount")).isDouble());
        QVERIFY(QDateTime::fromString(first.value(QStringLiteral("createdAt")).toString(), Qt::ISODate).isValid());

        r = ctl({QStringLiteral("orders"), QStringLiteral("--status"), QStringLiteral("pending"), QStringLiteral("--json")});
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).array())
            QCOMPARE(v.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));

        // payload: every paid demo order is either a payload with the contract's fields or refused with reasons.
        r = ctl({QStringLiteral("orders"), QStringLiteral("--status"), QStringLiteral("paid"), QStringLiteral("--limit"),
                 QStringLiteral("60"), QStringLiteral("--json")});
        int accepted = 0;
        int refused = 0;
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).array()) {
            const QString number = v.toObject().value(QStringLiteral("orderNumber")).toString();
            const Run p = ctl({QStringLiteral("payload"), number, QStringLiteral("--json")});
            if (p.code == 0) {
                ++accepted;
                const QJsonObject payload = QJsonDocument::fromJson(p.out.toUtf8()).object();
                QCOMPARE(payload.value(QStringLiteral("onlineNo")).toString(), number);
                QVERIFY(payload.value(QStringLiteral("soId")).toString().startsWith(number + QLatin1Char('-')));
                QVERIFY(payload.value(QStringLiteral("deliveryInstall")).isString());
                QVERIFY(payload.value(QStringLiteral("createTime")).toDouble() > 1.7e12);
                QCOMPARE(payload.value(QStringLiteral("sourceSystem")).toString(), QStringLiteral("DEMOSHOP"));
                QVERIFY(!payload.value(QStringLiteral("itemList")).toArray().isEmpty());
                QVERIFY(p.err.isEmpty());
            } else {
                ++refused;
                QCOMPARE(p.code, 2);
                QVERIFY(p.out.isEmpty());
                QVERIFY2(!p.err.trimmed().isEmpty(), qPrintable(number));
            }
        }
        QVERIFY(accepted > 20);
        QVERIFY(refused > 0);

        // Readable table: local field → Haier field → value.
        const QString good = firstOrder();
        const Run table = ctl({QStringLiteral("payload"), good});
        if (table.code == 0) {
            QVERIFY(table.out.contains(QLatin1String("snapshot_contact_name")));
            QVERIFY(table.out.contains(QLatin1String("consigneeName")));
        }

        // Unknown order is bad input; unknown profile is configuration.
        r = ctl({QStringLiteral("payload"), QStringLiteral("NO-SUCH-ORDER")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QLatin1String("NO-SUCH-ORDER")));
        r = ctl({QStringLiteral("--profile"), QStringLiteral("nowhere"), QStringLiteral("payload"), good});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains(QLatin1String("nowhere")));
        r = ctl({QStringLiteral("orders"), QStringLiteral("--limit"), QStringLiteral("zero")});
        QCOMPARE(r.code, 2);
        r = ctl({QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 2);
    }

    void refusedOrderNamesEveryReason()
    {
        QTemporaryDir dir;
        m_location = dir.filePath(QStringLiteral("refuse.sqlite"));
        QCOMPARE(ctl({QStringLiteral("db"), QStringLiteral("migrate")}).code, 0);
        // An unpaid order with a bad mobile and a flag that disagrees with the times: three reasons.
        QProcess sqlite;
        QString error;
        {
            const QString sql = QStringLiteral(
                "INSERT INTO catalog_product (id, name, product_code, source, price, market_price) VALUES (1, '海尔 冰箱', 'BH0250A2G', 'haier', 3999, 4599);"
                "INSERT INTO orders_order (id, order_number, status, total_amount, created_at, snapshot_contact_name, snapshot_phone, "
                "snapshot_province, snapshot_city, snapshot_district, snapshot_address, is_delivery_install) VALUES "
                "(5, 'BAD-1', 'pending', 3999, '2025-11-24 02:30:00', '李雷', '1391234-12', '山东省', '青岛市', '崂山区', '海尔路1号', 1);"
                "INSERT INTO orders_orderitem (order_id, product_id, sku_code, quantity, unit_price, discount_amount, actual_amount) "
                "VALUES (5, 1, 'BH0250A2G', 1, 3999, 0, 3999);");
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("direct"));
            db.setDatabaseName(m_location);
            QVERIFY(db.open());
            for (const QString &s : sql.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                QSqlQuery q(db);
                QVERIFY2(q.exec(s), qPrintable(q.lastError().text()));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("direct"));
        for (const bool json : {false, true}) {
            const Run r = json ? ctl({QStringLiteral("payload"), QStringLiteral("BAD-1"), QStringLiteral("--json")})
                               : ctl({QStringLiteral("payload"), QStringLiteral("BAD-1")});
            QCOMPARE(r.code, 2);
            QVERIFY(r.out.isEmpty());
            const QStringList lines = r.err.trimmed().split(QLatin1Char('\n'));
            QVERIFY2(lines.size() >= 3, qPrintable(r.err));
            QVERIFY(r.err.contains(QLatin1String("not paid")));
            QVERIFY(r.err.contains(QLatin1String("consigneeMobile")));
            QVERIFY(r.err.contains(QLatin1String("deliveryInstall")));
        }
        // The same refusal in Chinese on a Chinese system.
        m_lang = QStringLiteral("zh_CN.UTF-8");
        const Run zh = ctl({QStringLiteral("payload"), QStringLiteral("BAD-1")});
        m_lang = QStringLiteral("en_US.UTF-8");
        QCOMPARE(zh.code, 2);
        QVERIFY2(zh.err.contains(QStringLiteral("订单状态不是已支付，不能推送")), qPrintable(zh.err));
        QVERIFY2(zh.err.contains(QStringLiteral("订单数据验证失败")), qPrintable(zh.err));
    }

    void profiles()
    {
        QTemporaryDir dir;
        m_location = dir.filePath(QStringLiteral("profiles.sqlite"));
        Run r = ctl({QStringLiteral("profile"), QStringLiteral("list")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("^\\* mock"), QRegularExpression::MultilineOption)), qPrintable(r.out));
        for (const char *name : {"test", "pre", "production"})
            QVERIFY(r.out.contains(QLatin1String(name)));
        QVERIFY(r.out.contains(QLatin1String("http://www.yilihuo.com/ylh-cloud-service-jst-order")));
        QVERIFY(r.out.contains(QLatin1String("!"))); // production on http is flagged

        const QString file = writeFile(dir, QStringLiteral("acceptance.json"), acceptanceProfile());
        r = ctl({QStringLiteral("profile"), QStringLiteral("import"), file});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ctl({QStringLiteral("profile"), QStringLiteral("export"), QStringLiteral("acceptance")});
        QCOMPARE(r.code, 0);
        const QJsonObject exported = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject original = QJsonDocument::fromJson(acceptanceProfile()).object();
        for (const QString &key : original.keys())
            QCOMPARE(exported.value(key), original.value(key));
        QVERIFY(!r.out.contains(QLatin1String("password"), Qt::CaseInsensitive));
        QVERIFY(!r.out.contains(QLatin1String("secret"), Qt::CaseInsensitive));

        r = ctl({QStringLiteral("profile"), QStringLiteral("use"), QStringLiteral("acceptance")});
        QCOMPARE(r.code, 0);
        r = ctl({QStringLiteral("profile"), QStringLiteral("list")});
        QVERIFY(r.out.contains(QLatin1String("* acceptance")));

        // Refused imports name the key, exit 2, and change nothing.
        struct Bad { const char *json; const char *key; };
        const Bad bad[] = {
            {"{\"name\":\"acceptance\",\"kind\":\"staging\"}", "kind"},
            {"{\"name\":\"acceptance\",\"kind\":\"test\",\"ylh\":{\"authBaseUrl\":\"not a url\"}}", "ylh.authBaseUrl"},
            {"{\"name\":\"acceptance\",\"kind\":\"test\",\"timeoutMs\":\"30000\"}", "timeoutMs"},
            {"{\"name\":\"acceptance\",\"kind\":\"test\",\"retry\":{\"jitter\":\"yes\"}}", "retry.jitter"},
            {"{\"name\":\"acceptance\",\"kind\":\"test\",\"codes\":{\"sellerCode\":8800}}", "codes.sellerCode"},
            {"{\"kind\":\"test\"}", "name"},
            {"{\"name\": \"acceptance\", ", "JSON"},
        };
        for (const Bad &b : bad) {
            const QString badFile = writeFile(dir, QStringLiteral("bad.json"), b.json);
            r = ctl({QStringLiteral("profile"), QStringLiteral("import"), badFile});
            QCOMPARE(r.code, 2);
            if (qstrcmp(b.key, "JSON") != 0)
                QVERIFY2(r.err.contains(QLatin1String(b.key)), qPrintable(r.err));
        }
        r = ctl({QStringLiteral("profile"), QStringLiteral("export"), QStringLiteral("acceptance")});
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("codes")),
                 original.value(QStringLiteral("codes")));

        r = ctl({QStringLiteral("profile"), QStringLiteral("use"), QStringLiteral("nowhere")});
        QCOMPARE(r.code, 3);
        r = ctl({QStringLiteral("profile"), QStringLiteral("show")});
        QCOMPARE(r.code, 2);
    }

    void unreachableDatabaseIsConfiguration()
    {
        m_location = QStringLiteral("postgresql://nobody:pw@127.0.0.1:1/none");
        const Run r = ctl({QStringLiteral("orders")});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains(QLatin1String("127.0.0.1")));
        QVERIFY(!r.err.contains(QLatin1String(":pw@")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
