// The callbacks and sync log pages on the offscreen platform, over a SQLite database.
#include "models/callbacklogmodel.h"
#include "models/database.h"
#include "models/synclogmodel.h"
#include "models/synclogstore.h"
#include "ui/callbackspage.h"
#include "ui/synclogpage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

namespace {

std::unique_ptr<Database> openMigrated(const QString &path)
{
    QString error;
    auto db = Database::open(path, &error);
    if (!db || db->migrate(&error) < 0)
        qFatal("cannot open test database: %s", qPrintable(error));
    return db;
}

// `count` callbacks P00001… (oldest first); every seventh is refused, every fifth is a cancel.
void insertCallbacks(Database &db, int count, const QString &prefix, qint64 firstAt = 1764000000000)
{
    QVERIFY(db.beginWrite());
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("INSERT INTO console_callbacks (received_at, method, platform_order_no, state, data, dedupe_key, valid, "
                             "outcome, raw_body) VALUES (?, ?, ?, '1', ?, ?, ?, ?, ?)"));
    for (int i = 1; i <= count; ++i) {
        const QString number = QStringLiteral("%1%2").arg(prefix).arg(i, 5, 10, QLatin1Char('0'));
        const bool refused = i % 7 == 0;
        q.addBindValue(firstAt + i * 1000);
        q.addBindValue(i % 5 == 0 ? QStringLiteral("hmm.scm_heorder.cancel") : QStringLiteral("hmm.scm_heorder.confirm"));
        q.addBindValue(number);
        q.addBindValue(QStringLiteral("{\"PlatformOrderNo\":\"%1\",\"State\":1}").arg(number));
        q.addBindValue(QStringLiteral("dk-%1").arg(number));
        q.addBindValue(db.boolToDb(!refused));
        q.addBindValue(refused ? QStringLiteral("refused") : QStringLiteral("orphan"));
        q.addBindValue(QStringLiteral("AppKey=demo&Sign=***&PlatformOrderNo=%1").arg(number));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QVERIFY(db.sql().commit());
}

void appendCalls(Database &db, int count, const QString &prefix, qint64 firstAt = 1764000000000)
{
    QVERIFY(db.beginWrite());
    SyncLogStore store(db);
    for (int i = 1; i <= count; ++i) {
        SyncLogEntry e;
        e.at = QDateTime::fromMSecsSinceEpoch(firstAt + i * 1000, QTimeZone::utc());
        e.operation = i % 4 == 0 ? QStringLiteral("ylh.token") : QStringLiteral("ylh.create_order");
        e.orderNumber = QStringLiteral("%1%2").arg(prefix).arg(i, 5, 10, QLatin1Char('0'));
        e.httpStatus = i % 3 == 0 ? 500 : 200;
        e.kind = i % 3 == 0 ? ResultKind::Server : ResultKind::Ok;
        e.message = i % 3 == 0 ? QStringLiteral("Haier's server failed") : QStringLiteral("accepted");
        e.requestBody = "{\"onlineNo\":\"" + e.orderNumber.toUtf8() + "\"}";
        e.responseBody = "{\"answerFor\":\"" + e.orderNumber.toUtf8() + "\"}";
        QString error;
        QVERIFY2(store.append(e, &error), qPrintable(error));
    }
    QVERIFY(db.sql().commit());
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestUiLogPages : public QObject
{
    Q_OBJECT

private slots:
    void callbacksPage()
    {
        QTemporaryDir dir;
        auto db = openMigrated(dir.filePath(QStringLiteral("cb.sqlite")));
        insertCallbacks(*db, 450, QStringLiteral("P"));
        CallbacksPage page(*db);
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTest::qWait(50);

        // Newest first, one page loaded (not the whole table), the first row selected and its body shown.
        QCOMPARE(page.model()->rowCount(), 200);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(page.model()->index(0, CallbackLogModel::OrderNumber).data().toString(), QStringLiteral("P00450"));
        QVERIFY2(page.detailText()->toPlainText().contains(QStringLiteral("AppKey=demo&Sign=***&PlatformOrderNo=P00450")),
                 qPrintable(page.detailText()->toPlainText()));
        QVERIFY(page.detailText()->isReadOnly());

        // Another row selected: the pane follows it.
        page.table()->selectRow(3);
        QCOMPARE(page.table()->currentIndex().row(), 3);
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("PlatformOrderNo=P00447")));
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("{\"PlatformOrderNo\":\"P00447\",\"State\":1}")));
        QVERIFY(!page.detailText()->toPlainText().contains(QStringLiteral("P00450")));

        // Live: new callbacks appear on top, the selected callback stays selected and shown.
        insertCallbacks(*db, 2, QStringLiteral("LIVE"), 1765000000000);
        QSignalSpy reset(page.model(), &QAbstractItemModel::modelReset);
        page.refresh();
        QCOMPARE(reset.size(), 0);
        QCOMPARE(page.model()->index(0, CallbackLogModel::OrderNumber).data().toString(), QStringLiteral("LIVE00002"));
        QCOMPARE(page.table()->currentIndex().row(), 5);
        QCOMPARE(page.table()->currentIndex().siblingAtColumn(CallbackLogModel::OrderNumber).data().toString(), QStringLiteral("P00447"));
        QCOMPARE(page.table()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(page.table()->selectionModel()->selectedRows().first().row(), 5);
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("PlatformOrderNo=P00447")));

        // Typing searches after a short pause.
        page.searchBox()->setText(QStringLiteral("p0044"));
        QVERIFY(reset.wait(2000));
        QCOMPARE(page.model()->rowCount(), 10); // P00440 … P00449
        QCOMPARE(page.model()->index(0, CallbackLogModel::OrderNumber).data().toString(), QStringLiteral("P00449"));

        // Refused only.
        page.validityBox()->setCurrentIndex(page.validityBox()->findData(int(CallbackLogFilter::Validity::RefusedOnly)));
        QCOMPARE(page.model()->rowCount(), 2); // P00441, P00448
        QCOMPARE(page.model()->index(0, CallbackLogModel::Validity).data().toString(), QStringLiteral("Refused"));
        // Cancels only.
        page.validityBox()->setCurrentIndex(0);
        page.methodBox()->setCurrentIndex(page.methodBox()->findData(QStringLiteral("hmm.scm_heorder.cancel")));
        QCOMPARE(page.model()->rowCount(), 2); // P00440, P00445
        QCOMPARE(page.model()->filter().method, QStringLiteral("hmm.scm_heorder.cancel"));

        // showOrder: that order's callbacks at once, whatever the other filters were.
        page.fromDate()->setDate(QDate(2030, 1, 1));
        QCOMPARE(page.model()->rowCount(), 0);
        page.showOrder(QStringLiteral("P00123"));
        QCOMPARE(page.searchBox()->text(), QStringLiteral("P00123"));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, CallbackLogModel::OrderNumber).data().toString(), QStringLiteral("P00123"));
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("PlatformOrderNo=P00123")));
        QVERIFY(page.model()->filter().method.isEmpty());
        QVERIFY(!page.model()->filter().from.isValid());
        QCOMPARE(page.fromDate()->text(), QStringLiteral("Any date"));

        // A date range of whole local days.
        page.showOrder(QString());
        const QDate day = QDateTime::fromMSecsSinceEpoch(1765000000000 + 1000).date();
        page.fromDate()->setDate(day);
        page.toDate()->setDate(day);
        QCOMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.model()->index(1, CallbackLogModel::OrderNumber).data().toString(), QStringLiteral("LIVE00001"));

        // Export writes every matching callback, not just the loaded page.
        page.showOrder(QString());
        QCOMPARE(page.model()->rowCount(), 200);
        const QString path = dir.filePath(QStringLiteral("callbacks.csv"));
        QString error;
        QVERIFY2(page.exportCsv(path, &error), qPrintable(error));
        const QByteArray csv = readAll(path);
        QVERIFY(csv.startsWith("\xEF\xBB\xBF"));
        QCOMPARE(csv.count("\r\n"), 1 + 452);
        QVERIFY(csv.contains("\r\nP00001,") || csv.contains(",P00001,"));

        // A folder that does not exist: a sentence naming the file, and nothing written.
        const QString bad = dir.filePath(QStringLiteral("missing/callbacks.csv"));
        QVERIFY(!page.exportCsv(bad, &error));
        QVERIFY2(error.contains(bad) && error.startsWith(QStringLiteral("The file")), qPrintable(error));
        QVERIFY(!QFile::exists(bad));
    }

    void syncLogPage()
    {
        QTemporaryDir dir;
        auto db = openMigrated(dir.filePath(QStringLiteral("sync.sqlite")));
        appendCalls(*db, 450, QStringLiteral("N"));
        SyncLogPage page(*db);
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTest::qWait(50);
        QCOMPARE(page.model()->rowCount(), 200);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(page.model()->index(0, SyncLogModel::OrderNumber).data().toString(), QStringLiteral("N00450"));
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("{\"onlineNo\":\"N00450\"}")));
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("{\"answerFor\":\"N00450\"}")));

        page.table()->selectRow(2);
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("{\"onlineNo\":\"N00448\"}")));
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("{\"answerFor\":\"N00448\"}")));

        // Live calls go on top; the selection stays on the same call.
        appendCalls(*db, 3, QStringLiteral("LIVE"), 1765000000000);
        QSignalSpy reset(page.model(), &QAbstractItemModel::modelReset);
        page.refresh();
        QCOMPARE(reset.size(), 0);
        QCOMPARE(page.model()->index(0, SyncLogModel::OrderNumber).data().toString(), QStringLiteral("LIVE00003"));
        QCOMPARE(page.table()->currentIndex().row(), 5);
        QCOMPARE(page.table()->currentIndex().siblingAtColumn(SyncLogModel::OrderNumber).data().toString(), QStringLiteral("N00448"));
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("{\"onlineNo\":\"N00448\"}")));

        // Search after a pause: order number or message.
        page.searchBox()->setText(QStringLiteral("server failed"));
        QVERIFY(reset.wait(2000));
        QVERIFY(page.model()->rowCount() > 0);
        for (int row = 0; row < page.model()->rowCount(); ++row)
            QCOMPARE(page.model()->index(row, SyncLogModel::Kind).data(SyncLogModel::RawValueRole).toString(), QStringLiteral("server"));

        page.showOrder(QStringLiteral("N00012"));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, SyncLogModel::Operation).data().toString(), QStringLiteral("ylh.token"));
        QCOMPARE(page.model()->index(0, SyncLogModel::HttpStatus).data().toString(), QStringLiteral("500"));

        // Operation and result filters.
        page.showOrder(QString());
        page.operationBox()->setCurrentIndex(page.operationBox()->findData(QStringLiteral("ylh.token")));
        page.resultBox()->setCurrentIndex(page.resultBox()->findData(int(SyncLogFilter::Result::ErrorsOnly)));
        const SyncLogFilter f = page.model()->filter();
        QCOMPARE(f.operation, QStringLiteral("ylh.token"));
        QCOMPARE(f.result, SyncLogFilter::Result::ErrorsOnly);
        QCOMPARE(page.model()->rowCount(), 37); // multiples of 12 up to 450
        page.resultBox()->setCurrentIndex(page.resultBox()->findData(int(SyncLogFilter::Result::OkOnly)));
        QCOMPARE(page.model()->rowCount(), 112 - 37);

        // Export follows the filter.
        const QString path = dir.filePath(QStringLiteral("sync.csv"));
        QString error;
        QVERIFY2(page.exportCsv(path, &error), qPrintable(error));
        const QByteArray csv = readAll(path);
        QVERIFY(csv.startsWith("\xEF\xBB\xBF"));
        QCOMPARE(csv.count("\r\n"), 1 + 75);
        QVERIFY(!csv.contains("server"));
    }
};

QTEST_MAIN(TestUiLogPages)
#include "tst_ui_logpages.moc"
