// LogModel over each log table (callbacks, sync log, audit log) and the CSV writer, against SQLite and
// PostgreSQL.
#include "models/auditlog.h"
#include "models/callbackstore.h"
#include "models/csvexport.h"
#include "models/database.h"
#include "models/logmodel.h"
#include "models/logtables.h"
#include "models/privatefile.h"
#include "models/synclogstore.h"
#include "testdb.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

namespace Cb = LogTables::CallbackColumn;
namespace Sl = LogTables::SyncColumn;
namespace Au = LogTables::AuditColumn;

std::unique_ptr<Database> openMigrated(const QString &location)
{
    QString error;
    auto db = Database::open(location, &error);
    if (!db || db->migrate(&error) < 0)
        qFatal("cannot open test database: %s", qPrintable(error));
    return db;
}

qint64 insertOrder(Database &db, const QString &number)
{
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("INSERT INTO orders_order (order_number, created_at) VALUES (?, ?)"));
    q.addBindValue(number);
    q.addBindValue(db.timeToDb(QDateTime::currentDateTimeUtc()));
    if (!q.exec())
        qFatal("insert order failed: %s", qPrintable(q.lastError().text()));
    QSqlQuery id(db.sql());
    id.prepare(QStringLiteral("SELECT id FROM orders_order WHERE order_number = ?"));
    id.addBindValue(number);
    if (!id.exec() || !id.next())
        qFatal("order id not found");
    return id.value(0).toLongLong();
}

struct Seed
{
    qint64 receivedAt = 1764000000000; // 2025-11-24
    QString method = QStringLiteral("hmm.scm_heorder.confirm");
    QString platformOrderNo;
    QString extOrderNo;
    QString state = QStringLiteral("1");
    bool valid = true;
    QString outcome = QStringLiteral("orphan");
    QString failMsg;
    QString refusalReason;
    qint64 orderId = 0;
    QString rawBody;
    QString data;
};

// Straight into console_callbacks, as many rows as a test needs, in one transaction.
void insertCallbacks(Database &db, const QList<Seed> &seeds)
{
    QVERIFY(db.beginWrite());
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("INSERT INTO console_callbacks (received_at, method, platform_order_no, ext_order_no, state, fail_msg, data, "
                             "dedupe_key, valid, outcome, refusal_reason, order_id, raw_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    int n = 0;
    for (const Seed &s : seeds) {
        q.addBindValue(s.receivedAt);
        q.addBindValue(s.method);
        q.addBindValue(s.platformOrderNo.isNull() ? QStringLiteral("") : s.platformOrderNo);
        q.addBindValue(s.extOrderNo.isNull() ? QStringLiteral("") : s.extOrderNo);
        q.addBindValue(s.state);
        q.addBindValue(s.failMsg.isNull() ? QStringLiteral("") : s.failMsg);
        q.addBindValue(s.data.isNull() ? QStringLiteral("") : s.data);
        q.addBindValue(QStringLiteral("k%1").arg(n++));
        q.addBindValue(db.boolToDb(s.valid));
        q.addBindValue(s.outcome);
        q.addBindValue(s.refusalReason.isNull() ? QStringLiteral("") : s.refusalReason);
        q.addBindValue(s.orderId > 0 ? QVariant(s.orderId) : QVariant(QMetaType::fromType<qint64>()));
        q.addBindValue(s.rawBody.isNull() ? QStringLiteral("") : s.rawBody);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QVERIFY(db.sql().commit());
}

QList<Seed> numberedCallbacks(int count, const QString &prefix = QStringLiteral("P"))
{
    QList<Seed> seeds;
    for (int i = 1; i <= count; ++i) {
        Seed s;
        s.platformOrderNo = QStringLiteral("%1%2").arg(prefix).arg(i, 5, 10, QLatin1Char('0'));
        s.receivedAt += i * 1000;
        s.rawBody = QStringLiteral("Method=x&Data=%1").arg(i);
        seeds << s;
    }
    return seeds;
}

SyncLogEntry entry(const QString &operation, const QString &orderNumber, ResultKind kind, const QString &message,
                   qint64 atMs = 1764000000000)
{
    SyncLogEntry e;
    e.at = QDateTime::fromMSecsSinceEpoch(atMs, QTimeZone::utc());
    e.profile = QStringLiteral("mock");
    e.operation = operation;
    e.orderNumber = orderNumber;
    e.httpStatus = kind == ResultKind::Timeout ? 0 : 200;
    e.latencyMs = 42;
    e.kind = kind;
    e.message = message;
    e.requestBody = QByteArrayLiteral("{\"onlineNo\":\"") + orderNumber.toUtf8() + "\"}";
    e.responseBody = QByteArrayLiteral("{\"success\":true}");
    return e;
}

void appendMany(Database &db, int count, const QString &prefix = QStringLiteral("N"))
{
    QVERIFY(db.beginWrite());
    SyncLogStore store(db);
    QString error;
    for (int i = 1; i <= count; ++i)
        QVERIFY2(store.append(entry(QStringLiteral("ylh.create_order"), QStringLiteral("%1%2").arg(prefix).arg(i, 5, 10, QLatin1Char('0')),
                                    ResultKind::Ok, QStringLiteral("accepted"), 1764000000000 + i * 1000), &error),
                 qPrintable(error));
    QVERIFY(db.sql().commit());
}

QStringList column(const QAbstractItemModel &model, int col, int role = Qt::DisplayRole)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, col).data(role).toString();
    return values;
}

bool strictlyDescendingIds(const QAbstractItemModel &model, int idRole)
{
    for (int row = 1; row < model.rowCount(); ++row) {
        if (model.index(row - 1, 0).data(idRole).toLongLong() <= model.index(row, 0).data(idRole).toLongLong())
            return false;
    }
    return true;
}

// RFC 4180 reader for checking exports: records of fields, quotes undone.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString fieldText;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                fieldText += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                fieldText += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record << fieldText;
            fieldText.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
            record << fieldText;
            fieldText.clear();
            records << record;
            record.clear();
            ++i;
        } else {
            fieldText += c;
        }
    }
    if (!fieldText.isEmpty() || !record.isEmpty())
        records << (record << fieldText);
    return records;
}

} // namespace

class TestLogModels : public QObject
{
    Q_OBJECT

private slots:
    void csvField_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QStringLiteral("HMM001") << QByteArrayLiteral("HMM001");
        QTest::newRow("empty") << QString() << QByteArray();
        QTest::newRow("comma") << QStringLiteral("a,b") << QByteArrayLiteral("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArrayLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("one\ntwo") << QByteArrayLiteral("\"one\ntwo\"");
        QTest::newRow("carriage return") << QStringLiteral("one\rtwo") << QByteArrayLiteral("\"one\rtwo\"");
        QTest::newRow("chinese") << QStringLiteral("收货地址无法配送") << QStringLiteral("收货地址无法配送").toUtf8();
        QTest::newRow("formula") << QStringLiteral("=HYPERLINK(\"x\")") << QByteArrayLiteral("\"'=HYPERLINK(\"\"x\"\")\"");
        QTest::newRow("at sign") << QStringLiteral("@SUM(A1)") << QByteArrayLiteral("'@SUM(A1)");
        QTest::newRow("negative number") << QStringLiteral("-12.5") << QByteArrayLiteral("-12.5");
    }

    void csvField()
    {
        QFETCH(QString, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(Csv::field(value), expected);
    }

    void csvRecordAndFile()
    {
        QCOMPARE(Csv::record({QStringLiteral("a"), QStringLiteral("b,c"), QString()}), QByteArrayLiteral("a,\"b,c\",\r\n"));
        QTemporaryDir dir;
        QString error;
        const QString missing = dir.filePath(QStringLiteral("no/such/folder/x.csv"));
        QVERIFY(!Csv::writeFile(missing, [](QIODevice &out, QString *) { return out.write("x") == 1; }, &error));
        QVERIFY2(error.contains(missing), qPrintable(error));
        // A failed export never leaves a half-written file behind.
        const QString path = dir.filePath(QStringLiteral("x.csv"));
        QVERIFY(!Csv::writeFile(path, [](QIODevice &out, QString *e) { out.write("partial"); *e = QStringLiteral("boom"); return false; },
                                &error));
        QCOMPARE(error, QStringLiteral("boom"));
        QVERIFY(!QFile::exists(path));
    }

    void callbacksPageThrough_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void callbacksPageThrough()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        insertCallbacks(*db, numberedCallbacks(450));
        LogModel model(*db, LogTables::callbacks());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.pageSize(), 200);
        model.reload();
        QCOMPARE(model.rowCount(), 200);
        QCOMPARE(model.index(0, Cb::OrderNumber).data().toString(), QStringLiteral("P00450"));
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 400);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 450);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.index(449, Cb::OrderNumber).data().toString(), QStringLiteral("P00001"));
        QVERIFY(strictlyDescendingIds(model, LogModel::IdRole));
        // The stored body and Data come with the row asked for.
        QCOMPARE(model.index(10, 0).data(LogModel::DetailRole).toString(), QStringLiteral("Method=x&Data=440"));
        QCOMPARE(model.details(449)->value(0), QStringLiteral("Method=x&Data=1"));
        QVERIFY(!model.details(450));
    }

    void callbacksColumns_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void callbacksColumns()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        const qint64 orderId = insertOrder(*db, QStringLiteral("HMM20251124001"));
        // Through the real store: an applied confirmation, then the same callback again, and one for an unknown order.
        CallbackStore store(*db);
        QString error;
        CallbackRecord r;
        r.receivedAt = 1764000000000;
        r.method = QStringLiteral("hmm.scm_heorder.confirm");
        r.platformOrderNo = QStringLiteral("HMM20251124001");
        r.extOrderNo = QStringLiteral("SO.20251124.000123");
        r.state = 1;
        r.data = QStringLiteral("{\"ExtOrderNo\":\"SO.20251124.000123\",\"PlatformOrderNo\":\"HMM20251124001\",\"State\":1}");
        r.dedupeKey = QStringLiteral("dk1");
        r.valid = true;
        r.rawBody = QStringLiteral("AppKey=demo&Sign=***&Data=%7B%7D");
        CallbackRecord again = r;
        QVERIFY2(store.store(r, &error), qPrintable(error));
        QCOMPARE(r.orderId, orderId);
        QVERIFY2(store.store(again, &error), qPrintable(error));
        QCOMPARE(again.outcome, QStringLiteral("duplicate"));
        CallbackRecord refused;
        refused.receivedAt = 1764000001000;
        refused.method = QStringLiteral("hmm.scm_heorder.cancel");
        refused.platformOrderNo = QStringLiteral("UNKNOWN-9");
        refused.state = 0;
        refused.valid = false;
        refused.refusalCode = QStringLiteral("bad_sign");
        refused.refusalReason = QStringLiteral("The signature does not match");
        QVERIFY2(store.store(refused, &error), qPrintable(error));

        LogModel model(*db, LogTables::callbacks());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QCOMPARE(model.rowCount(), 2);
        auto text = [&](int row, int col) { return model.index(row, col).data().toString(); };
        // Newest first: the refused cancel, shown under the PlatformOrderNo it named.
        QCOMPARE(text(0, Cb::OrderNumber), QStringLiteral("UNKNOWN-9"));
        QCOMPARE(text(0, Cb::Validity), QStringLiteral("Refused"));
        QCOMPARE(text(0, Cb::Reason), QStringLiteral("The signature does not match"));
        QCOMPARE(text(0, Cb::Method), QStringLiteral("Cancellation"));
        QCOMPARE(text(0, Cb::State), QStringLiteral("Not cancelled"));
        QCOMPARE(model.index(0, Cb::Validity).data(LogModel::RawValueRole).toBool(), false);
        QCOMPARE(text(1, Cb::OrderNumber), QStringLiteral("HMM20251124001"));
        QCOMPARE(text(1, Cb::Validity), QStringLiteral("Valid"));
        QCOMPARE(text(1, Cb::State), QStringLiteral("Accepted"));
        QCOMPARE(model.index(1, Cb::Outcome).data(LogModel::RawValueRole).toString(), QStringLiteral("applied"));
        QCOMPARE(text(1, Cb::Duplicates), QStringLiteral("1"));
        QCOMPARE(text(1, Cb::ReceivedAt),
                 QDateTime::fromMSecsSinceEpoch(1764000000000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(model.index(1, 0).data(LogModel::DetailRole).toString(), r.rawBody);
        QCOMPARE(model.index(1, 0).data(LogModel::DetailRole + 1).toString(), r.data);

        // A third copy arriving later raises the count on screen without a reset.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        CallbackRecord third = r;
        QVERIFY2(store.store(third, &error), qPrintable(error));
        QCOMPARE(model.refreshNewRows(), 0);
        QCOMPARE(text(1, Cb::Duplicates), QStringLiteral("2"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
    }

    void callbacksFilter_data()
    {
        TestDb::addBackendColumn();
        TestDb::addBackendRows();
    }
    void callbacksFilter()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        const qint64 orderId = insertOrder(*db, QStringLiteral("SHOP-777"));
        const qint64 day = 24 * 3600 * 1000;
        const qint64 base = QDate(2025, 11, 20).startOfDay().toMSecsSinceEpoch() + 12 * 3600 * 1000; // local noon
        QList<Seed> seeds;
        Seed a; // matched order, Nov 20
        a.receivedAt = base;
        a.platformOrderNo = QStringLiteral("SHOP-777-SO1");
        a.orderId = orderId;
        a.outcome = QStringLiteral("applied");
        seeds << a;
        Seed b; // refused oostock, Nov 21, first minute of the day
        b.receivedAt = QDate(2025, 11, 21).startOfDay().toMSecsSinceEpoch();
        b.method = QStringLiteral("hmm.scm_heorder.oostock");
        b.platformOrderNo = QStringLiteral("ABC_1%");
        b.valid = false;
        b.outcome = QStringLiteral("refused");
        seeds << b;
        Seed c; // cancel, Nov 22, last second of the day; Haier's number is searchable
        c.receivedAt = QDate(2025, 11, 23).startOfDay().toMSecsSinceEpoch() - 1000;
        c.method = QStringLiteral("hmm.scm_heorder.cancel");
        c.platformOrderNo = QStringLiteral("ABC_12");
        c.extOrderNo = QStringLiteral("SO.20251122.999");
        seeds << c;
        Seed d; // confirm, Nov 25
        d.receivedAt = base + 5 * day;
        d.platformOrderNo = QStringLiteral("XYZ-1");
        seeds << d;
        insertCallbacks(*db, seeds);

        LogModel model(*db, LogTables::callbacks());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto shown = [&](const LogFilter &f) {
            model.setFilter(f);
            return column(model, Cb::OrderNumber);
        };
        LogFilter f;
        QCOMPARE(shown(f), (QStringList{QStringLiteral("XYZ-1"), QStringLiteral("ABC_12"), QStringLiteral("ABC_1%"), QStringLiteral("SHOP-777")}));
        f.text = QStringLiteral("shop-777");            // the matched order's own number, any case
        QCOMPARE(shown(f), QStringList{QStringLiteral("SHOP-777")});
        f.text = QStringLiteral("SO.20251122");         // Haier's order number
        QCOMPARE(shown(f), QStringList{QStringLiteral("ABC_12")});
        f.text = QStringLiteral("_1%");                 // LIKE's wildcards are taken literally
        QCOMPARE(shown(f), QStringList{QStringLiteral("ABC_1%")});
        f.text = QStringLiteral("777-so");              // the PlatformOrderNo sent, even for a matched order
        QCOMPARE(shown(f), QStringList{QStringLiteral("SHOP-777")});
        f.text.clear();
        f.choices[QStringLiteral("method")] = QStringLiteral("hmm.scm_heorder.cancel");
        QCOMPARE(shown(f), QStringList{QStringLiteral("ABC_12")});
        f.choices.remove(QStringLiteral("method"));
        f.choices[QStringLiteral("validity")] = QStringLiteral("refused");
        QCOMPARE(shown(f), QStringList{QStringLiteral("ABC_1%")});
        f.choices[QStringLiteral("validity")] = QStringLiteral("valid");
        QCOMPARE(shown(f), (QStringList{QStringLiteral("XYZ-1"), QStringLiteral("ABC_12"), QStringLiteral("SHOP-777")}));
        f.choices.remove(QStringLiteral("validity"));
        f.from = QDate(2025, 11, 21);                   // both ends are whole local days
        f.to = QDate(2025, 11, 22);
        QCOMPARE(shown(f), (QStringList{QStringLiteral("ABC_12"), QStringLiteral("ABC_1%")}));
        f.to = QDate();
        QCOMPARE(shown(f), (QStringList{QStringLiteral("XYZ-1"), QStringLiteral("ABC_12"), QStringLiteral("ABC_1%")}));
        f.from = QDate();
        f.to = QDate(2025, 11, 20);
        QCOMPARE(shown(f), QStringList{QStringLiteral("SHOP-777")});
    }

    void callbacksRefreshAddsOnTop_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void callbacksRefreshAddsOnTop()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        insertCallbacks(*db, numberedCallbacks(250));
        LogModel model(*db, LogTables::callbacks());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        LogFilter refusedHidden;
        refusedHidden.choices[QStringLiteral("validity")] = QStringLiteral("valid");
        model.setFilter(refusedHidden);
        QCOMPARE(model.rowCount(), 200);
        QCOMPARE(model.refreshNewRows(), 0);
        const QPersistentModelIndex watched = model.index(5, Cb::OrderNumber);
        QCOMPARE(watched.data().toString(), QStringLiteral("P00245"));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        QList<Seed> later = numberedCallbacks(3, QStringLiteral("NEW"));
        Seed refused = later.first();
        refused.platformOrderNo = QStringLiteral("REFUSED");
        refused.valid = false;
        later.insert(1, refused);
        insertCallbacks(*db, later);
        QCOMPARE(model.refreshNewRows(), 3);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 2);
        QCOMPARE(model.rowCount(), 203);
        QCOMPARE(column(model, Cb::OrderNumber).mid(0, 4),
                 (QStringList{QStringLiteral("NEW00003"), QStringLiteral("NEW00002"), QStringLiteral("NEW00001"), QStringLiteral("P00250")}));
        QCOMPARE(watched.row(), 8);
        QCOMPARE(watched.data().toString(), QStringLiteral("P00245"));
        QVERIFY(strictlyDescendingIds(model, LogModel::IdRole));
        // Nothing new: nothing moves. Paging down still continues below the old rows.
        QCOMPARE(model.refreshNewRows(), 0);
        QCOMPARE(model.rowCount(), 203);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 253);
        QVERIFY(strictlyDescendingIds(model, LogModel::IdRole));
        // A flood since the last look reloads instead of inserting thousands of rows one refresh at a time.
        model.setPageSize(2);
        insertCallbacks(*db, numberedCallbacks(11, QStringLiteral("FLOOD")));
        QCOMPARE(model.refreshNewRows(), 11);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, Cb::OrderNumber).data().toString(), QStringLiteral("FLOOD00011"));
    }

    void callbacksExportEveryMatchingRow_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void callbacksExportEveryMatchingRow()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        QList<Seed> seeds = numberedCallbacks(1205);
        seeds[0].failMsg = QStringLiteral("收货地址无法配送, \"地址\"\n第二行");
        seeds[0].state = QStringLiteral("0");
        seeds[1].method = QStringLiteral("hmm.scm_heorder.cancel"); // filtered out
        insertCallbacks(*db, seeds);
        LogModel model(*db, LogTables::callbacks());
        LogFilter f;
        f.choices[QStringLiteral("method")] = QStringLiteral("hmm.scm_heorder.confirm");
        model.setFilter(f);
        QCOMPARE(model.rowCount(), 200);

        const QString path = dir.filePath(QStringLiteral("callbacks.csv"));
        QString error;
        QVERIFY2(model.exportCsv(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QList<QStringList> records = parseCsv(QString::fromUtf8(bytes.mid(3)));
        QCOMPARE(records.size(), 1 + 1204); // header + every confirm, across export pages, not only the 200 loaded
        QCOMPARE(records.first().first(), QStringLiteral("Received"));
        QCOMPARE(records.first().size(), Cb::Count + 3);
        QCOMPARE(records.at(1).at(Cb::OrderNumber), QStringLiteral("P01205"));
        const QStringList oldest = records.last();
        QCOMPARE(oldest.at(Cb::OrderNumber), QStringLiteral("P00001"));
        QCOMPARE(oldest.at(Cb::Reason), QStringLiteral("收货地址无法配送, \"地址\"\n第二行"));
        QCOMPARE(oldest.at(Cb::State), QStringLiteral("Refused"));
        QVERIFY(bytes.endsWith("\r\n"));
        QVERIFY(QString::fromUtf8(bytes).contains(QStringLiteral("\"收货地址无法配送, \"\"地址\"\"\n第二行\""))); // quoted, quotes doubled
        for (const QStringList &r : records)
            QCOMPARE(r.size(), records.first().size());
    }

    void syncLogPagesAndBodies_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void syncLogPagesAndBodies()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        appendMany(*db, 450);
        LogModel model(*db, LogTables::syncLog());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QCOMPARE(model.rowCount(), 200);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 400);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 450);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(strictlyDescendingIds(model, LogModel::IdRole));
        QCOMPARE(model.index(0, Sl::OrderNumber).data().toString(), QStringLiteral("N00450"));
        QCOMPARE(model.index(0, Sl::HttpStatus).data().toString(), QStringLiteral("200"));
        QCOMPARE(model.index(0, Sl::Latency).data().toString(), QStringLiteral("42"));
        QCOMPARE(model.index(0, Sl::Kind).data(LogModel::RawValueRole).toString(), QStringLiteral("ok"));
        QCOMPARE(model.index(0, Sl::Operation).data().toString(), QStringLiteral("ylh.create_order"));
        QCOMPARE(model.index(0, Sl::At).data().toString(),
                 QDateTime::fromMSecsSinceEpoch(1764000000000 + 450 * 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(model.index(449, 0).data(LogModel::DetailRole).toString(), QStringLiteral("{\"onlineNo\":\"N00001\"}"));
        QCOMPARE(model.index(449, 0).data(LogModel::DetailRole + 1).toString(), QStringLiteral("{\"success\":true}"));
        QCOMPARE(model.details(3)->value(0), QStringLiteral("{\"onlineNo\":\"N00447\"}"));
    }

    void syncLogFilter_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void syncLogFilter()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        SyncLogStore store(*db);
        const qint64 nov21 = QDate(2025, 11, 21).startOfDay().toMSecsSinceEpoch();
        const qint64 nov22 = QDate(2025, 11, 22).startOfDay().toMSecsSinceEpoch();
        const qint64 nov23 = QDate(2025, 11, 23).startOfDay().toMSecsSinceEpoch();
        QVERIFY(store.append(entry(QStringLiteral("ylh.token"), QString(), ResultKind::Auth, QStringLiteral("401 Unauthorized"), nov21 - 1)));
        QVERIFY(store.append(entry(QStringLiteral("ylh.create_order"), QStringLiteral("HMM-A"), ResultKind::Ok, QStringLiteral("accepted"), nov21)));
        QVERIFY(store.append(entry(QStringLiteral("ylh.create_order"), QStringLiteral("HMM-B"), ResultKind::Duplicate,
                                   QStringLiteral("soId 已存在"), nov22 + 5000)));
        QVERIFY(store.append(entry(QStringLiteral("ylh.cancel_order"), QStringLiteral("HMM-A"), ResultKind::Timeout,
                                   QStringLiteral("No answer within 30 s"), nov23 - 1)));
        QVERIFY(store.append(entry(QStringLiteral("openplat.stock"), QString(), ResultKind::BusinessRejection,
                                   QStringLiteral("库存不足 for hmm-b"), nov23)));

        LogModel model(*db, LogTables::syncLog());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto kinds = [&](const LogFilter &f) {
            model.setFilter(f);
            return column(model, Sl::Kind, LogModel::RawValueRole);
        };
        LogFilter f;
        QCOMPARE(kinds(f), (QStringList{QStringLiteral("business_rejection"), QStringLiteral("timeout"), QStringLiteral("duplicate"),
                                        QStringLiteral("ok"), QStringLiteral("auth")}));
        f.text = QStringLiteral("hmm-a");                 // order number, any case
        QCOMPARE(kinds(f), (QStringList{QStringLiteral("timeout"), QStringLiteral("ok")}));
        f.text = QStringLiteral("HMM-B");                 // the order number, or the words of a message
        QCOMPARE(kinds(f), (QStringList{QStringLiteral("business_rejection"), QStringLiteral("duplicate")}));
        f.text = QStringLiteral("已存在");
        QCOMPARE(kinds(f), QStringList{QStringLiteral("duplicate")});
        f.text.clear();
        f.choices[QStringLiteral("operation")] = QStringLiteral("ylh.create_order");
        QCOMPARE(kinds(f), (QStringList{QStringLiteral("duplicate"), QStringLiteral("ok")}));
        f.choices.remove(QStringLiteral("operation"));
        f.choices[QStringLiteral("result")] = QStringLiteral("ok");         // YLH already holding the soId is not an error
        QCOMPARE(kinds(f), (QStringList{QStringLiteral("duplicate"), QStringLiteral("ok")}));
        f.choices[QStringLiteral("result")] = QStringLiteral("errors");
        QCOMPARE(kinds(f), (QStringList{QStringLiteral("business_rejection"), QStringLiteral("timeout"), QStringLiteral("auth")}));
        f.choices.remove(QStringLiteral("result"));
        f.from = QDate(2025, 11, 21);
        f.to = QDate(2025, 11, 22);
        QCOMPARE(kinds(f), (QStringList{QStringLiteral("timeout"), QStringLiteral("duplicate"), QStringLiteral("ok")}));
        f.from = QDate(2025, 11, 23);
        f.to = QDate();
        QCOMPARE(kinds(f), QStringList{QStringLiteral("business_rejection")});
        QCOMPARE(model.index(0, Sl::Kind).data().toString(), QStringLiteral("Refused by Haier"));
    }

    void syncLogRefreshAndExport_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void syncLogRefreshAndExport()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        appendMany(*db, 1010);
        LogModel model(*db, LogTables::syncLog());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        LogFilter errors;
        errors.choices[QStringLiteral("result")] = QStringLiteral("errors");
        model.setFilter(errors);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        SyncLogStore store(*db);
        QVERIFY(store.append(entry(QStringLiteral("ylh.create_order"), QStringLiteral("LATE-1"), ResultKind::Ok, QStringLiteral("fine"))));
        QVERIFY(store.append(entry(QStringLiteral("ylh.create_order"), QStringLiteral("LATE-2"), ResultKind::Server,
                                   QStringLiteral("HTTP 500, \"upstream\" failed\r\nretrying"))));
        QCOMPARE(model.refreshNewRows(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, Sl::OrderNumber).data().toString(), QStringLiteral("LATE-2"));

        // Every row of the current filter, whatever was loaded.
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(model.exportCsv(buffer, &error), qPrintable(error));
        QByteArray bytes = buffer.data();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        QList<QStringList> records = parseCsv(QString::fromUtf8(bytes.mid(3)));
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(0).at(Sl::Message), QStringLiteral("Message"));
        QCOMPARE(records.at(1).at(Sl::Message), QStringLiteral("HTTP 500, \"upstream\" failed\r\nretrying"));
        QCOMPARE(records.at(1).at(Sl::Count), QStringLiteral("server"));
        QVERIFY(bytes.contains("\"HTTP 500, \"\"upstream\"\" failed\r\nretrying\""));

        model.setFilter(LogFilter());
        QCOMPARE(model.rowCount(), 200);
        const QString path = dir.filePath(QStringLiteral("sync.csv"));
        QVERIFY2(model.exportCsv(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        bytes = file.readAll();
        records = parseCsv(QString::fromUtf8(bytes.mid(3)));
        QCOMPARE(records.size(), 1 + 1012);
        QCOMPARE(records.at(1).at(Sl::OrderNumber), QStringLiteral("LATE-2"));
        QCOMPARE(records.last().at(Sl::OrderNumber), QStringLiteral("N00001"));
    }
    void auditLogModel_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void auditLogModel()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        const qint64 nov20 = QDate(2025, 11, 20).startOfDay().toMSecsSinceEpoch() + 12 * 3600 * 1000; // local noon
        const qint64 day = 24 * 3600 * 1000;
        AuditLog log(*db);
        auto record = [&](qint64 at, const char *who, const char *action, const char *profile, const QString &order, const QString &detail) {
            AuditEntry e;
            e.at = QDateTime::fromMSecsSinceEpoch(at, QTimeZone::utc());
            e.operatorName = QString::fromLatin1(who);
            e.action = QString::fromLatin1(action);
            e.profile = QString::fromLatin1(profile);
            e.orderNumber = order;
            e.detail = detail;
            QString error;
            QVERIFY2(log.record(e, &error), qPrintable(error));
        };
        for (int i = 0; i < 5; ++i) // older entries to page through
            record(nov20 - day - (5 - i) * 1000, "robot", "push", "test", QStringLiteral("OLD-%1").arg(i), QString());
        record(nov20, "alice", "push", "mock", QStringLiteral("HMM-1"), QStringLiteral("soId HMM-1-1-1"));
        record(nov20 + day, "bob", "repush", "production", QStringLiteral("HMM-2"), QStringLiteral("new soId HMM-2-7-2, \"confirmed\""));
        record(nov20 + 2 * day, "alice", "profile_use", "production", QString(), QString());
        record(nov20 + 3 * day, "bob", "cancel", "mock", QStringLiteral("HMM_1%"), QStringLiteral("客户取消"));

        LogModel model(*db, LogTables::audit());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(4);
        model.reload();
        QCOMPARE(model.rowCount(), 4);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 8);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 9);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(strictlyDescendingIds(model, LogModel::IdRole));
        model.setPageSize(200);
        QCOMPARE(model.index(0, Au::Operator).data().toString(), QStringLiteral("bob"));
        QCOMPARE(model.index(0, Au::Detail).data().toString(), QStringLiteral("客户取消"));
        QCOMPARE(model.index(1, 0).data(LogModel::DetailRole).toString(), QStringLiteral(""));
        QCOMPARE(model.details(2)->value(0), QStringLiteral("new soId HMM-2-7-2, \"confirmed\""));

        QCOMPARE(model.distinctValues(QStringLiteral("operator")), (QStringList{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("robot")}));
        QCOMPARE(model.distinctValues(QStringLiteral("profile")),
                 (QStringList{QStringLiteral("mock"), QStringLiteral("production"), QStringLiteral("test")}));
        QVERIFY(model.distinctValues(QStringLiteral("nonsense")).isEmpty());

        auto actions = [&](const LogFilter &f) {
            model.setFilter(f);
            return column(model, Au::Action);
        };
        LogFilter f;
        f.choices[QStringLiteral("operator")] = QStringLiteral("alice");
        QCOMPARE(actions(f), (QStringList{QStringLiteral("profile_use"), QStringLiteral("push")}));
        f.choices[QStringLiteral("profile")] = QStringLiteral("production");
        QCOMPARE(actions(f), QStringList{QStringLiteral("profile_use")});
        f.choices.clear();
        f.choices[QStringLiteral("action")] = QStringLiteral("cancel");
        QCOMPARE(actions(f), QStringList{QStringLiteral("cancel")});
        f.choices.clear();
        f.text = QStringLiteral("hmm-2");                // the order number, any case
        QCOMPARE(actions(f), QStringList{QStringLiteral("repush")});
        f.text = QStringLiteral("_1%");                  // LIKE's wildcards taken literally
        QCOMPARE(actions(f), QStringList{QStringLiteral("cancel")});
        f.text = QStringLiteral("HMM-1-1");              // words of the detail
        QCOMPARE(actions(f), QStringList{QStringLiteral("push")});
        f.text.clear();
        f.from = QDate(2025, 11, 21);
        f.to = QDate(2025, 11, 22);
        QCOMPARE(actions(f), (QStringList{QStringLiteral("profile_use"), QStringLiteral("repush")}));

        // Export: every row the filter matches, whatever was loaded, with UTC time.
        f = LogFilter();
        f.choices[QStringLiteral("operator")] = QStringLiteral("bob");
        model.setFilter(f);
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(model.exportCsv(buffer, &error), qPrintable(error));
        const QList<QStringList> records = parseCsv(QString::fromUtf8(buffer.data().mid(3)));
        QCOMPARE(records.size(), 3);
        QCOMPARE(records.at(0).size(), Au::Count + 1);
        QCOMPARE(records.at(0).at(Au::Profile), QStringLiteral("Profile"));
        QCOMPARE(records.at(2).at(Au::Detail), QStringLiteral("new soId HMM-2-7-2, \"confirmed\""));
        QCOMPARE(records.at(2).at(Au::Count), QDateTime::fromMSecsSinceEpoch(nov20 + day, QTimeZone::utc()).toString(Qt::ISODateWithMs));

        // Refresh: new entries of the filter come on top without a reset.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        record(nov20 + 4 * day, "bob", "resolve", "mock", QStringLiteral("HMM-3"), QString());
        record(nov20 + 4 * day, "alice", "retry", "mock", QStringLiteral("HMM-4"), QString());
        QCOMPARE(model.refreshNewRows(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(column(model, Au::Action), (QStringList{QStringLiteral("resolve"), QStringLiteral("cancel"), QStringLiteral("repush")}));
    }

    void shownTextIsEscapedExportedAsStored_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void shownTextIsEscapedExportedAsStored()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        Seed s;
        s.method = QStringLiteral("hmm.\x1b[31mconfirm\x1b[0m");
        s.platformOrderNo = QStringLiteral("EVIL\r\x07-1");
        s.valid = false;
        s.outcome = QStringLiteral("refused");
        s.refusalReason = QStringLiteral("Unknown Method\nforged");
        insertCallbacks(*db, {s});
        LogModel model(*db, LogTables::callbacks());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, Cb::Method).data().toString(), QStringLiteral("hmm.\\x1b[31mconfirm\\x1b[0m"));
        QCOMPARE(model.index(0, Cb::Method).data(Qt::ToolTipRole).toString(), QStringLiteral("hmm.\\x1b[31mconfirm\\x1b[0m"));
        QCOMPARE(model.index(0, Cb::OrderNumber).data().toString(), QStringLiteral("EVIL\\r\\x07-1"));
        QCOMPARE(model.index(0, Cb::Reason).data().toString(), QStringLiteral("Unknown Method\\nforged"));
        QCOMPARE(model.index(0, Cb::Method).data(LogModel::RawValueRole).toString(), s.method);
        // The export is data for a spreadsheet: what was stored, quoted.
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(model.exportCsv(buffer, &error), qPrintable(error));
        const QList<QStringList> records = parseCsv(QString::fromUtf8(buffer.data().mid(3)));
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(1).at(Cb::Reason), QStringLiteral("Unknown Method\nforged"));
        QCOMPARE(records.at(1).at(Cb::Count), s.platformOrderNo);
    }

    void exportsAreOwnerOnly()
    {
        QTemporaryDir dir;
        auto db = openMigrated(dir.filePath(QStringLiteral("private.sqlite")));
        insertCallbacks(*db, numberedCallbacks(3));
        LogModel model(*db, LogTables::callbacks());
        model.reload();
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
            | QFileDevice::WriteOther | QFileDevice::ExeGroup | QFileDevice::ExeOther | QFileDevice::ExeOwner;
        QString error;
        const QString fresh = dir.filePath(QStringLiteral("fresh.csv"));
        QVERIFY2(model.exportCsv(fresh, &error), qPrintable(error));
        QCOMPARE(QFile::permissions(fresh) & (others | PrivateFile::OwnerOnly), PrivateFile::OwnerOnly);
        // Exporting over a file anyone could read leaves a file only its owner can.
        const QString shared = dir.filePath(QStringLiteral("shared.csv"));
        {
            QFile f(shared);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("old");
        }
        QVERIFY(QFile::setPermissions(shared, PrivateFile::OwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QVERIFY2(model.exportCsv(shared, &error), qPrintable(error));
        QCOMPARE(QFile::permissions(shared) & (others | PrivateFile::OwnerOnly), PrivateFile::OwnerOnly);
        QVERIFY(QFileInfo(shared).size() > 3);
    }
};

QTEST_GUILESS_MAIN(TestLogModels)
#include "tst_logmodels.moc"
