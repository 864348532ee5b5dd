// Bad input through the real haierctl: empty, huge, non-UTF-8, SQL-looking and wrong-typed files and
// arguments are answered with exit 2 and a sentence on stderr, and change nothing in the database
// (every table's row count, the table list and `profile list` / `regions list` are compared).
// Every case runs against SQLite and against the test PostgreSQL server.
#include "testdb.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

// Table name → row count, for every table of the database (a dropped table shows as missing).
using Snapshot = QMap<QString, qint64>;

const QByteArray sqlText = "'; DROP TABLE orders_order; --";

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QHash<QString, QString> m_locations; // backend → its database
    QString m_location;                   // the current case's

    Run ctl(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("en_US.UTF-8"));
        env.remove(QStringLiteral("CONSOLE_LANG"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl"), QStringList{QStringLiteral("--db"), m_location} + args);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            return {-2, QString(), QStringLiteral("haierctl did not finish within 120 s")};
        }
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(f.fileName()));
        return f.fileName();
    }

    // A 50 MB file that starts like the real thing, so only its size gives it away.
    QString writeHuge(const QString &name, const QByteArray &head, char fill, const QByteArray &tail)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(head);
        const QByteArray block(1024 * 1024, fill);
        for (int i = 0; i < 50; ++i)
            f.write(block);
        f.write(tail);
        return f.fileName();
    }

    Snapshot snapshot()
    {
        Snapshot counts;
        const QString name = QStringLiteral("snapshot");
        {
            QSqlDatabase db;
            QString tables;
            if (m_location.startsWith(QLatin1String("postgresql://"))) {
                const QUrl url(m_location);
                db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
                db.setHostName(url.host());
                db.setPort(url.port());
                db.setUserName(url.userName());
                db.setPassword(url.password());
                db.setDatabaseName(url.path().mid(1));
                tables = QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
            } else {
                db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(m_location);
                tables = QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1");
            }
            if (!db.open())
                qFatal("snapshot: %s", qPrintable(db.lastError().text()));
            QStringList names;
            QSqlQuery q(db);
            if (!q.exec(tables))
                qFatal("snapshot: %s", qPrintable(q.lastError().text()));
            while (q.next())
                names << q.value(0).toString();
            for (const QString &t : std::as_const(names)) {
                if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(t)) || !q.next())
                    qFatal("snapshot %s: %s", qPrintable(t), qPrintable(q.lastError().text()));
                counts.insert(t, q.value(0).toLongLong());
            }
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return counts;
    }

    // Runs `args`, expects exit 2 with a sentence naming `word` on stderr, nothing on stdout, and the
    // database, `profile list` and `regions list` exactly as before.
    void expectRefusedAndNothingChanged(const QStringList &args, const QString &word)
    {
        const Snapshot before = snapshot();
        const Run profilesBefore = ctl({QStringLiteral("profile"), QStringLiteral("list")});
        const Run regionsBefore = ctl({QStringLiteral("regions"), QStringLiteral("list")});
        const Run r = ctl(args);
        const QString what = QStringLiteral("haierctl %1 → exit %2, stderr: %3").arg(args.join(QLatin1Char(' ')).left(200)).arg(r.code).arg(r.err.left(500));
        QVERIFY2(r.code == 2, qPrintable(what));
        QVERIFY2(r.out.isEmpty(), qPrintable(what));
        const QString firstLine = r.err.section(QLatin1Char('\n'), 0, 0).trimmed();
        QVERIFY2(firstLine.size() > 10 && firstLine.size() < 400, qPrintable(what)); // one readable sentence, not a dump
        QVERIFY2(r.err.contains(word, Qt::CaseInsensitive), qPrintable(what));
        QCOMPARE(snapshot(), before);
        QCOMPARE(ctl({QStringLiteral("profile"), QStringLiteral("list")}).out, profilesBefore.out);
        QCOMPARE(ctl({QStringLiteral("regions"), QStringLiteral("list")}).out, regionsBefore.out);
    }

    QString firstPaidOrder()
    {
        const Run r = ctl({QStringLiteral("orders"), QStringLiteral("--status"), QStringLiteral("paid"), QStringLiteral("--limit"),
                           QStringLiteral("1"), QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject().value(QStringLiteral("orderNumber")).toString();
    }

private slots:
    void initTestCase_data()
    {
        TestDb::addBackendColumn();
        TestDb::addBackendRows();
    }

    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // One database per backend, made on first use: 200 demo orders, an imported profile and a region.
    // The cases share it because each one checks that it changed nothing.
    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        m_location = m_locations.value(backend);
        if (!m_location.isEmpty())
            return;
        m_location = TestDb::freshLocation(backend, m_dir);
        if (m_location.isEmpty())
            QSKIP("CONSOLE_TEST_PG_URL is not set; scripts/test.sh starts a server and sets it");
        Run r = ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("200"), QStringLiteral("--seed"), QStringLiteral("9")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile acceptance(QStringLiteral(CONSOLE_TEST_DATA_DIR "/profiles/acceptance.json"));
        QVERIFY(acceptance.open(QIODevice::ReadOnly));
        r = ctl({QStringLiteral("profile"), QStringLiteral("import"), writeFile(QStringLiteral("acceptance.json"), acceptance.readAll())});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ctl({QStringLiteral("regions"), QStringLiteral("import"),
                 writeFile(QStringLiteral("regions.csv"), QByteArray("province,city,district,code\n山东省,青岛市,崂山区,370212\n"))});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        m_locations.insert(backend, m_location);
    }

    void profileImportRefusesBadFiles_data()
    {
        QTest::addColumn<QString>("kind"); // "bytes", "huge", "path"
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("word");
        auto bytes = [](const char *name, const QByteArray &content, const char *word) {
            QTest::newRow(name) << QStringLiteral("bytes") << content << QString::fromUtf8(word);
        };
        bytes("empty", QByteArray(), "empty");
        bytes("only whitespace", "  \n\t\n", "empty");
        bytes("non-UTF-8 in a string", "{\"name\":\"acceptance\xff\xfe\",\"kind\":\"test\"}", "UTF8");
        bytes("binary", QByteArray("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", 12), "JSON");
        bytes("UTF-16 JSON", QByteArray::fromHex("fffe7b0022006e0061006d00650022003a0022004b6dd58b22002c0022006b0069006e00640022003a002200740065007300740022007d00"),
              "JSON");
        bytes("SQL text", sqlText, "JSON");
        bytes("SQL after valid JSON", "{\"name\":\"acceptance\",\"kind\":\"test\"}; DROP TABLE console_profiles; --", "JSON");
        bytes("JSON array", "[{\"name\":\"acceptance\",\"kind\":\"test\"}]", "not an object");
        bytes("JSON string", "\"acceptance\"", "object");
        bytes("name is a number", "{\"name\":42,\"kind\":\"test\"}", "name");
        bytes("name is empty", "{\"name\":\"  \",\"kind\":\"test\"}", "name");
        bytes("name too long", "{\"name\":\"" + QByteArray(65, 'a') + "\",\"kind\":\"test\"}", "name");
        bytes("kind is a number", "{\"name\":\"acceptance\",\"kind\":1}", "kind");
        bytes("timeoutMs is text", "{\"name\":\"acceptance\",\"kind\":\"test\",\"timeoutMs\":\"30000\"}", "timeoutMs");
        bytes("timeoutMs is negative", "{\"name\":\"acceptance\",\"kind\":\"test\",\"timeoutMs\":-5}", "timeoutMs");
        bytes("maxRetries is text", "{\"name\":\"acceptance\",\"kind\":\"test\",\"retry\":{\"maxRetries\":\"3\"}}", "retry.maxRetries");
        bytes("ylh is an array", "{\"name\":\"acceptance\",\"kind\":\"test\",\"ylh\":[]}", "ylh");
        bytes("URL with SQL", "{\"name\":\"acceptance\",\"kind\":\"test\",\"ylh\":{\"authBaseUrl\":\"" + sqlText + "\"}}", "ylh.authBaseUrl");
        QTest::newRow("huge valid JSON (50 MB)") << QStringLiteral("huge") << QByteArray("{\"name\":\"acceptance\",\"kind\":\"test\",\"notes\":\"")
                                                 << QStringLiteral("larger than 1 MB");
        QTest::newRow("endless device") << QStringLiteral("path") << QByteArray("/dev/zero") << QStringLiteral("larger than 1 MB");
        QTest::newRow("missing file") << QStringLiteral("path") << QByteArray("/nonexistent/profile.json") << QStringLiteral("Cannot read");
        QTest::newRow("a directory") << QStringLiteral("path") << QByteArray("/tmp") << QStringLiteral("Cannot read");
    }

    void profileImportRefusesBadFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, content);
        QFETCH(QString, word);
        QString path;
        if (kind == QLatin1String("bytes"))
            path = writeFile(QStringLiteral("bad.json"), content);
        else if (kind == QLatin1String("huge"))
            path = writeHuge(QStringLiteral("huge.json"), content, 'x', "\"}");
        else
            path = QString::fromUtf8(content);
        expectRefusedAndNothingChanged({QStringLiteral("profile"), QStringLiteral("import"), path}, word);
        QFile::remove(m_dir.filePath(QStringLiteral("huge.json")));
    }

    // A profile name that looks like SQL is only text: stored and read back as typed, tables intact.
    void sqlLookingProfileNameIsJustText()
    {
        const Snapshot before = snapshot();
        const QByteArray json = "{\"name\":\"" + sqlText + "\",\"kind\":\"test\"}";
        const Run r = ctl({QStringLiteral("profile"), QStringLiteral("import"), writeFile(QStringLiteral("sqlname.json"), json)});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Run shown = ctl({QStringLiteral("profile"), QStringLiteral("export"), QString::fromUtf8(sqlText)});
        QCOMPARE(shown.code, 0);
        QCOMPARE(QJsonDocument::fromJson(shown.out.toUtf8()).object().value(QStringLiteral("name")).toString(), QString::fromUtf8(sqlText));
        Snapshot expected = before;
        expected[QStringLiteral("console_profiles")] += 1;
        expected[QStringLiteral("console_audit_log")] += 1; // the import is audited
        QCOMPARE(snapshot(), expected);
    }

    void regionsImportRefusesBadFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("word");
        auto bytes = [](const char *name, const QByteArray &content, const char *word) {
            QTest::newRow(name) << QStringLiteral("bytes") << content << QString::fromUtf8(word);
        };
        bytes("empty", QByteArray(), "no rows");
        bytes("header only", "province,city,district,code\n", "no rows");
        // What Excel on a Chinese Windows saves: GBK, not UTF-8.
        bytes("GBK", "\xca\xa1,\xca\xd0,\xc7\xf8,\xb4\xfa\xc2\xeb\n\xc9\xbd\xb6\xab\xca\xa1,\xc7\xe0\xb5\xba\xca\xd0,\xe1\xc0\xc9\xbd\xc7\xf8,370212\n",
              "UTF-8");
        bytes("binary with NUL", QByteArray("PK\x03\x04\x00\x00\x08\x00", 8), "UTF-8");
        bytes("SQL text", sqlText + "\n", "4 fields");
        // After a header: a first line whose code has no digit is taken for the header itself.
        bytes("SQL in the code field", "province,city,district,code\n山东省,青岛市,崂山区," + sqlText + "\n", "6-digit");
        bytes("code is letters", "province,city,district,code\n山东省,青岛市,崂山区,abcdef\n", "6-digit");
        bytes("code has 7 digits", "山东省,青岛市,崂山区,3702120\n", "6-digit");
        bytes("five fields", "山东省,青岛市,崂山区,370212,extra\n", "4 fields");
        bytes("empty district", "山东省,青岛市,,370212\n", "must not be empty");
        bytes("good line then bad line", "山东省,青岛市,市南区,370202\n山东省,青岛市,黄岛区,37021x\n", "line 2");
        QTest::newRow("huge (50 MB)") << QStringLiteral("huge") << QByteArray("province,city,district,code\n") << QStringLiteral("larger than 16 MB");
        QTest::newRow("endless device") << QStringLiteral("path") << QByteArray("/dev/zero") << QStringLiteral("larger than 16 MB");
        QTest::newRow("missing file") << QStringLiteral("path") << QByteArray("/nonexistent/regions.csv") << QStringLiteral("Cannot read");
    }

    void regionsImportRefusesBadFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, content);
        QFETCH(QString, word);
        QString path;
        if (kind == QLatin1String("bytes"))
            path = writeFile(QStringLiteral("bad.csv"), content);
        else if (kind == QLatin1String("huge"))
            path = writeHuge(QStringLiteral("huge.csv"), content, '1', "\n");
        else
            path = QString::fromUtf8(content);
        expectRefusedAndNothingChanged({QStringLiteral("regions"), QStringLiteral("import"), path}, word);
        QFile::remove(m_dir.filePath(QStringLiteral("huge.csv")));
    }

    // Search text is data: SQL, wildcards and 100,000 characters find nothing and break nothing.
    void ordersSearchFindsNothingAndKeepsTables_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("drop table") << QString::fromUtf8(sqlText);
        QTest::newRow("or 1=1") << QStringLiteral("' OR '1'='1");
        QTest::newRow("double quote") << QStringLiteral("\" OR \"\"=\"");
        QTest::newRow("delete in LIKE") << QStringLiteral("%'); DELETE FROM orders_order; --");
        QTest::newRow("percent") << QStringLiteral("%");
        QTest::newRow("underscore") << QStringLiteral("_");
        QTest::newRow("backslash") << QStringLiteral("\\");
        QTest::newRow("phone wildcard") << QStringLiteral("139%");
        QTest::newRow("replacement character") << QString(QChar::ReplacementCharacter);
        QTest::newRow("100,000 letters") << QString(100000, QLatin1Char('x'));
        QTest::newRow("100,000 digits") << QString(100000, QLatin1Char('1'));
        QTest::newRow("100,000 percent signs") << QString(100000, QLatin1Char('%'));
    }

    void ordersSearchFindsNothingAndKeepsTables()
    {
        QFETCH(QString, text);
        const Snapshot before = snapshot();
        for (const bool json : {true, false}) {
            QStringList args{QStringLiteral("orders"), QStringLiteral("--search"), text};
            if (json)
                args << QStringLiteral("--json");
            const Run r = ctl(args);
            QVERIFY2(r.code == 0, qPrintable(r.err.left(500)));
            if (json)
                QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 0);
            else
                QVERIFY2(r.out.isEmpty() && r.err.contains(QLatin1String("No orders match")), qPrintable(r.err.left(500)));
        }
        QCOMPARE(snapshot(), before);
        const Run all = ctl({QStringLiteral("orders"), QStringLiteral("--limit"), QStringLiteral("1000"), QStringLiteral("--json")});
        QCOMPARE(all.code, 0);
        QCOMPARE(QJsonDocument::fromJson(all.out.toUtf8()).array().size(), 200);
    }

    void pushRefusesUnknownOrders_data()
    {
        QTest::addColumn<QStringList>("orders");
        QTest::addColumn<QString>("word");
        QTest::newRow("unknown") << QStringList{QStringLiteral("NO-SUCH-ORDER")} << QStringLiteral("NO-SUCH-ORDER");
        QTest::newRow("SQL-looking") << QStringList{QString::fromUtf8(sqlText)} << QString::fromUtf8(sqlText);
        QTest::newRow("wildcard") << QStringList{QStringLiteral("%")} << QStringLiteral("No order numbered \"%\"");
        QTest::newRow("empty") << QStringList{QString()} << QStringLiteral("No order numbered \"\"");
        // One real order with one unknown: nothing is sent, not even the real one.
        QTest::newRow("known and unknown") << QStringList{QStringLiteral("<first paid>"), QStringLiteral("NO-SUCH-ORDER")}
                                           << QStringLiteral("NO-SUCH-ORDER");
    }

    void pushRefusesUnknownOrders()
    {
        QFETCH(QStringList, orders);
        QFETCH(QString, word);
        orders.replaceInStrings(QStringLiteral("<first paid>"), firstPaidOrder());
        for (const char *verb : {"push", "retry"}) {
            expectRefusedAndNothingChanged(QStringList{QStringLiteral("--profile"), QStringLiteral("mock"), QString::fromLatin1(verb)}
                                               + orders + QStringList{QStringLiteral("--yes")},
                                           word);
        }
    }

    void badOptionValues_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("word");
        auto row = [](const char *name, const QString &line, const char *word) {
            QTest::newRow(name) << line.split(QLatin1Char(' ')) << QString::fromLatin1(word);
        };
        row("limit letters", QStringLiteral("orders --limit abc"), "--limit");
        row("limit negative", QStringLiteral("orders --limit -3"), "--limit");
        row("limit zero", QStringLiteral("orders --limit 0"), "--limit");
        row("limit exponent", QStringLiteral("orders --limit 1e3"), "--limit");
        row("limit overflow", QStringLiteral("orders --limit 99999999999999999999"), "--limit");
        row("limit missing", QStringLiteral("orders --limit"), "limit");
        row("status SQL", QStringLiteral("orders --status paid';--"), "--status");
        row("concurrency negative", QStringLiteral("--profile mock push --all-paid --yes --concurrency -3"), "--concurrency");
        row("concurrency letters", QStringLiteral("--profile mock push --all-paid --yes --concurrency abc"), "--concurrency");
        row("concurrency zero", QStringLiteral("--profile mock push --all-paid --yes --concurrency 0"), "--concurrency");
        row("concurrency too many", QStringLiteral("--profile mock push --all-paid --yes --concurrency 65"), "--concurrency");
        row("retry concurrency letters", QStringLiteral("--profile mock retry --failed --yes --concurrency x"), "--concurrency");
        row("orders letters", QStringLiteral("demo-data --orders x"), "--orders");
        row("orders negative", QStringLiteral("demo-data --orders -5"), "--orders");
        row("orders zero", QStringLiteral("demo-data --orders 0"), "--orders");
        row("orders too many", QStringLiteral("demo-data --orders 99999999999"), "--orders");
        row("orders missing", QStringLiteral("demo-data"), "--orders");
        row("seed negative", QStringLiteral("demo-data --orders 5 --seed -1"), "--seed");
        row("seed letters", QStringLiteral("demo-data --orders 5 --seed abc"), "--seed");
        row("since garbage", QStringLiteral("sync-log --since garbage"), "--since");
        row("since month 13", QStringLiteral("sync-log --since 2025-13-01"), "--since");
        row("since hour 25", QStringLiteral("sync-log --since 2025-01-01T25:00"), "--since");
        row("since wrong separator", QStringLiteral("sync-log --since 2025-01-01X12:00"), "--since");
        row("since trailing text", QStringLiteral("sync-log --since 2025-01-01T12:00junk"), "--since");
        row("since empty time", QStringLiteral("sync-log --since 2025-01-01T"), "--since");
        row("since SQL", QStringLiteral("sync-log --since 2025-01-01';DROP"), "--since");
        row("job state unknown", QStringLiteral("--profile mock jobs --state sent"), "sent");
        row("profile import without file", QStringLiteral("profile import"), "FILE.json");
        row("regions import without file", QStringLiteral("regions import"), "FILE.csv");
    }

    void badOptionValues()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, word);
        expectRefusedAndNothingChanged(args, word);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
