// The one LogPage as the callbacks, sync log and audit pages on the offscreen platform, over a SQLite
// database.
#include "models/auditlog.h"
#include "models/database.h"
#include "models/logtables.h"
#include "models/orderstore.h"
#include "models/synclogstore.h"
#include "models/clock.h"
#include "net/orderactions.h"
#include "ui/logpage.h"
#include "ui/mainwindow.h"

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
#include <QTabWidget>
#include <QTextDocument>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

namespace {

namespace Cb = LogTables::CallbackColumn;
namespace Sl = LogTables::SyncColumn;
namespace Au = LogTables::AuditColumn;

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

// An audited action as the actions layer records it.
void audit(Database &db, qint64 atMs, const QString &who, const QString &action, const QString &profile, const QString &order,
           const QString &detail)
{
    AuditEntry e;
    e.at = QDateTime::fromMSecsSinceEpoch(atMs, QTimeZone::utc());
    e.operatorName = who;
    e.action = action;
    e.profile = profile;
    e.orderNumber = order;
    e.detail = detail;
    QString error;
    QVERIFY2(AuditLog(db).record(e, &error), qPrintable(error));
}

QStringList comboValues(const QComboBox *box)
{
    QStringList values;
    for (int i = 1; i < box->count(); ++i)
        values << box->itemData(i).toString();
    return values;
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
        LogPage page(*db, LogTables::callbacks());
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTest::qWait(50);

        // Newest first, one page loaded (not the whole table), the first row selected and its body shown.
        QCOMPARE(page.model()->rowCount(), 200);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(page.model()->index(0, Cb::OrderNumber).data().toString(), QStringLiteral("P00450"));
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
        QCOMPARE(page.model()->index(0, Cb::OrderNumber).data().toString(), QStringLiteral("LIVE00002"));
        QCOMPARE(page.table()->currentIndex().row(), 5);
        QCOMPARE(page.table()->currentIndex().siblingAtColumn(Cb::OrderNumber).data().toString(), QStringLiteral("P00447"));
        QCOMPARE(page.table()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(page.table()->selectionModel()->selectedRows().first().row(), 5);
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("PlatformOrderNo=P00447")));

        // Typing searches after a short pause.
        page.searchBox()->setText(QStringLiteral("p0044"));
        QVERIFY(reset.wait(2000));
        QCOMPARE(page.model()->rowCount(), 10); // P00440 … P00449
        QCOMPARE(page.model()->index(0, Cb::OrderNumber).data().toString(), QStringLiteral("P00449"));

        // Refused only.
        page.choiceBox(QStringLiteral("validity"))->setCurrentIndex(page.choiceBox(QStringLiteral("validity"))->findData(QStringLiteral("refused")));
        QCOMPARE(page.model()->rowCount(), 2); // P00441, P00448
        QCOMPARE(page.model()->index(0, Cb::Validity).data().toString(), QStringLiteral("Refused"));
        // Cancels only.
        page.choiceBox(QStringLiteral("validity"))->setCurrentIndex(0);
        page.choiceBox(QStringLiteral("method"))->setCurrentIndex(page.choiceBox(QStringLiteral("method"))->findData(QStringLiteral("hmm.scm_heorder.cancel")));
        QCOMPARE(page.model()->rowCount(), 2); // P00440, P00445
        QCOMPARE(page.model()->filter().choice(QStringLiteral("method")), QStringLiteral("hmm.scm_heorder.cancel"));

        // showOrder: that order's callbacks at once, whatever the other filters were.
        page.fromDate()->setDate(QDate(2030, 1, 1));
        QCOMPARE(page.model()->rowCount(), 0);
        page.showOrder(QStringLiteral("P00123"));
        QCOMPARE(page.searchBox()->text(), QStringLiteral("P00123"));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, Cb::OrderNumber).data().toString(), QStringLiteral("P00123"));
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("PlatformOrderNo=P00123")));
        QVERIFY(page.model()->filter().choices.isEmpty());
        QVERIFY(!page.model()->filter().from.isValid());
        QCOMPARE(page.fromDate()->text(), QStringLiteral("Any date"));

        // A date range of whole local days.
        page.showOrder(QString());
        const QDate day = QDateTime::fromMSecsSinceEpoch(1765000000000 + 1000).date();
        page.fromDate()->setDate(day);
        page.toDate()->setDate(day);
        QCOMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.model()->index(1, Cb::OrderNumber).data().toString(), QStringLiteral("LIVE00001"));

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
        LogPage page(*db, LogTables::syncLog());
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTest::qWait(50);
        QCOMPARE(page.model()->rowCount(), 200);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(page.model()->index(0, Sl::OrderNumber).data().toString(), QStringLiteral("N00450"));
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
        QCOMPARE(page.model()->index(0, Sl::OrderNumber).data().toString(), QStringLiteral("LIVE00003"));
        QCOMPARE(page.table()->currentIndex().row(), 5);
        QCOMPARE(page.table()->currentIndex().siblingAtColumn(Sl::OrderNumber).data().toString(), QStringLiteral("N00448"));
        QVERIFY(page.detailText()->toPlainText().contains(QStringLiteral("{\"onlineNo\":\"N00448\"}")));

        // Search after a pause: order number or message.
        page.searchBox()->setText(QStringLiteral("server failed"));
        QVERIFY(reset.wait(2000));
        QVERIFY(page.model()->rowCount() > 0);
        for (int row = 0; row < page.model()->rowCount(); ++row)
            QCOMPARE(page.model()->index(row, Sl::Kind).data(LogModel::RawValueRole).toString(), QStringLiteral("server"));

        page.showOrder(QStringLiteral("N00012"));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, Sl::Operation).data().toString(), QStringLiteral("ylh.token"));
        QCOMPARE(page.model()->index(0, Sl::HttpStatus).data().toString(), QStringLiteral("500"));

        // Operation and result filters.
        page.showOrder(QString());
        QComboBox *operation = page.choiceBox(QStringLiteral("operation"));
        QComboBox *result = page.choiceBox(QStringLiteral("result"));
        operation->setCurrentIndex(operation->findData(QStringLiteral("ylh.token")));
        result->setCurrentIndex(result->findData(QStringLiteral("errors")));
        const LogFilter f = page.model()->filter();
        QCOMPARE(f.choice(QStringLiteral("operation")), QStringLiteral("ylh.token"));
        QCOMPARE(f.choice(QStringLiteral("result")), QStringLiteral("errors"));
        QCOMPARE(page.model()->rowCount(), 37); // multiples of 12 up to 450
        result->setCurrentIndex(result->findData(QStringLiteral("ok")));
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
    void auditPage()
    {
        QTemporaryDir dir;
        auto db = openMigrated(dir.filePath(QStringLiteral("audit.sqlite")));
        const qint64 nov20 = QDate(2025, 11, 20).startOfDay().toMSecsSinceEpoch() + 9 * 3600 * 1000; // local 09:00
        const qint64 day = 24 * 3600 * 1000;
        audit(*db, nov20, QStringLiteral("alice"), QStringLiteral("push"), QStringLiteral("mock"), QStringLiteral("HMM-1"), QStringLiteral("soId HMM-1-1-1"));
        audit(*db, nov20 + day, QStringLiteral("bob"), QStringLiteral("cancel"), QStringLiteral("production"), QStringLiteral("HMM-2"),
              QStringLiteral("reason: 客户取消\nsecond line"));
        audit(*db, nov20 + 2 * day, QStringLiteral("alice"), QStringLiteral("profile_use"), QStringLiteral("production"), QString(), QString());
        audit(*db, nov20 + 3 * day, QStringLiteral("carol"), QStringLiteral("resolve"), QStringLiteral("mock"), QStringLiteral("HMM-12"),
              QStringLiteral("note: called the customer"));
        LogPage page(*db, LogTables::audit());
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Who did what, when, on which profile: newest first, the first selected and its detail shown.
        QCOMPARE(page.model()->rowCount(), 4);
        QCOMPARE(page.model()->columnCount(), int(Au::Count));
        auto text = [&](int row, int column) { return page.model()->index(row, column).data().toString(); };
        QCOMPARE(text(0, Au::Operator), QStringLiteral("carol"));
        QCOMPARE(text(0, Au::Action), QStringLiteral("resolve"));
        QCOMPARE(text(0, Au::Profile), QStringLiteral("mock"));
        QCOMPARE(text(0, Au::OrderNumber), QStringLiteral("HMM-12"));
        QCOMPARE(text(0, Au::At), QDateTime::fromMSecsSinceEpoch(nov20 + 3 * day).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(page.model()->index(0, Au::At).data(LogModel::RawValueRole).toLongLong(), nov20 + 3 * day);
        QCOMPARE(page.model()->headerData(Au::Operator, Qt::Horizontal).toString(), QStringLiteral("Operator"));
        QCOMPARE(page.detailText()->toPlainText(), QStringLiteral("note: called the customer"));
        QVERIFY2(page.detailTitle()->text().contains(QStringLiteral("resolve by carol")), qPrintable(page.detailTitle()->text()));
        QVERIFY(page.detailTitle()->text().contains(QStringLiteral("HMM-12")));
        // A detail of several lines is one line in the table and all of its lines in the pane.
        page.table()->selectRow(2);
        QCOMPARE(text(2, Au::Detail), QStringLiteral("reason: 客户取消\\nsecond line"));
        QCOMPARE(page.detailText()->toPlainText(), QStringLiteral("reason: 客户取消\nsecond line"));
        // An entry without detail says so.
        page.table()->selectRow(1);
        QCOMPARE(page.detailText()->toPlainText(), QStringLiteral("(no detail was recorded)"));

        // The operator, action and profile filters offer what is stored.
        QComboBox *who = page.choiceBox(QStringLiteral("operator"));
        QComboBox *action = page.choiceBox(QStringLiteral("action"));
        QComboBox *profile = page.choiceBox(QStringLiteral("profile"));
        QVERIFY(who && action && profile);
        QCOMPARE(comboValues(who), (QStringList{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")}));
        QCOMPARE(comboValues(action), (QStringList{QStringLiteral("cancel"), QStringLiteral("profile_use"), QStringLiteral("push"),
                                                   QStringLiteral("resolve")}));
        QCOMPARE(comboValues(profile), (QStringList{QStringLiteral("mock"), QStringLiteral("production")}));
        QCOMPARE(who->itemText(0), QStringLiteral("All operators"));

        who->setCurrentIndex(who->findData(QStringLiteral("alice")));
        QCOMPARE(page.model()->rowCount(), 2);
        profile->setCurrentIndex(profile->findData(QStringLiteral("production")));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(text(0, Au::Action), QStringLiteral("profile_use"));
        who->setCurrentIndex(0);
        QCOMPARE(page.model()->rowCount(), 2);
        action->setCurrentIndex(action->findData(QStringLiteral("cancel")));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(text(0, Au::Operator), QStringLiteral("bob"));
        const LogFilter f = page.currentFilter();
        QCOMPARE(f.choice(QStringLiteral("action")), QStringLiteral("cancel"));
        QCOMPARE(f.choice(QStringLiteral("profile")), QStringLiteral("production"));

        // The order number: showOrder clears the other filters; the search box finds part of a number.
        page.showOrder(QStringLiteral("HMM-1"));
        QCOMPARE(action->currentIndex(), 0);
        QCOMPARE(profile->currentIndex(), 0);
        QCOMPARE(page.model()->rowCount(), 2); // HMM-1 and HMM-12
        QSignalSpy reset(page.model(), &QAbstractItemModel::modelReset);
        page.searchBox()->setText(QStringLiteral("hmm-12"));
        QVERIFY(reset.wait(2000));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(text(0, Au::Operator), QStringLiteral("carol"));

        // A date range of whole local days.
        page.showOrder(QString());
        page.fromDate()->setDate(QDate(2025, 11, 21));
        page.toDate()->setDate(QDate(2025, 11, 22));
        QCOMPARE(page.model()->rowCount(), 2);
        QCOMPARE(text(0, Au::Action), QStringLiteral("profile_use"));
        QCOMPARE(text(1, Au::Action), QStringLiteral("cancel"));

        // Live: a new action appears on top, and a new operator in the filter.
        page.showOrder(QString());
        page.table()->selectRow(1);
        audit(*db, nov20 + 4 * day, QStringLiteral("dave"), QStringLiteral("retry"), QStringLiteral("mock"), QStringLiteral("HMM-3"), QString());
        QSignalSpy resetLive(page.model(), &QAbstractItemModel::modelReset);
        page.refresh();
        QCOMPARE(resetLive.size(), 0);
        QCOMPARE(text(0, Au::Operator), QStringLiteral("dave"));
        QCOMPARE(page.table()->currentIndex().row(), 2);
        QVERIFY(comboValues(who).contains(QStringLiteral("dave")));

        // CSV export of everything the filter matches, with the time in UTC too.
        who->setCurrentIndex(who->findData(QStringLiteral("alice")));
        const QString path = dir.filePath(QStringLiteral("audit.csv"));
        QString error;
        QVERIFY2(page.exportCsv(path, &error), qPrintable(error));
        const QByteArray bytes = readAll(path);
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QStringList lines = QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), QStringLiteral("Time,Operator,Action,Profile,Order number,Detail,Time (UTC)"));
        QVERIFY2(lines.at(1).contains(QStringLiteral(",alice,profile_use,production,,,")), qPrintable(lines.at(1)));
        QVERIFY2(lines.at(2).endsWith(QDateTime::fromMSecsSinceEpoch(nov20, QTimeZone::utc()).toString(Qt::ISODateWithMs)), qPrintable(lines.at(2)));
    }

    void refusedCallbackShownAsPlainText()
    {
        QTemporaryDir dir;
        auto db = openMigrated(dir.filePath(QStringLiteral("evil.sqlite")));
        // A refused callback whose Method is markup with terminal escapes, and whose Data holds CR, NUL and BEL.
        const QString method = QStringLiteral("<b>hmm</b><img src=x>\x1b[2J\x1b]0;owned\x07");
        QString data = QStringLiteral("{\"PlatformOrderNo\":\"EVIL-1\"}\rforged line\x07");
        data += QChar(0);
        data += QStringLiteral("tail\u202eecilA");
        QVERIFY(db->beginWrite());
        QSqlQuery q(db->sql());
        q.prepare(QStringLiteral("INSERT INTO console_callbacks (received_at, method, platform_order_no, state, data, dedupe_key, valid, "
                                 "outcome, refusal_code, refusal_reason, raw_body) VALUES (?, ?, 'EVIL-1', '', ?, 'dk-evil', ?, 'refused', "
                                 "'unknown_method', ?, 'Method=x')"));
        q.addBindValue(qint64(1764000000000));
        q.addBindValue(method);
        q.addBindValue(data);
        q.addBindValue(db->boolToDb(false));
        q.addBindValue(QStringLiteral("Unknown Method ") + method);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QVERIFY(db->sql().commit());

        LogPage page(*db, LogTables::callbacks());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.model()->rowCount(), 1);
        // Every label that can show received text is plain text.
        QCOMPARE(page.detailTitle()->textFormat(), Qt::PlainText);
        QCOMPARE(page.statusLabel()->textFormat(), Qt::PlainText);
        const QString title = page.detailTitle()->text();
        QVERIFY2(title.contains(QStringLiteral("<b>hmm</b><img src=x>\\x1b[2J\\x1b]0;owned\\x07")), qPrintable(title));
        const QString shownMethod = page.model()->index(0, Cb::Method).data().toString();
        QCOMPARE(shownMethod, QStringLiteral("<b>hmm</b><img src=x>\\x1b[2J\\x1b]0;owned\\x07"));
        // The tool tip would pass for rich text: it comes as rich text that shows the characters received.
        const QString tip = page.model()->index(0, Cb::Method).data(Qt::ToolTipRole).toString();
        QCOMPARE(tip, Qt::convertFromPlainText(shownMethod, Qt::WhiteSpaceNoWrap));
        QTextDocument rendered;
        rendered.setHtml(tip);
        QCOMPARE(rendered.toPlainText(), shownMethod);
        QVERIFY(page.model()->index(0, Cb::Reason).data().toString().endsWith(shownMethod));
        QCOMPARE(page.model()->index(0, Cb::Method).data(LogModel::RawValueRole).toString(), method); // sorting and filters see it as stored
        const QString detail = page.detailText()->toPlainText();
        QVERIFY2(detail.contains(QStringLiteral("\\rforged line\\x07\\x00tail\\u202eecilA")), qPrintable(detail));
        for (const QString &shown : {title, shownMethod, detail}) {
            for (const QChar c : shown)
                QVERIFY2(c == QLatin1Char('\n') || (c.unicode() >= 0x20 && c.unicode() != 0x7f && c.unicode() != 0x202e), qPrintable(shown));
        }
    }

    void auditPageInTheWindow()
    {
        QTemporaryDir dir;
        auto db = openMigrated(dir.filePath(QStringLiteral("window.sqlite")));
        audit(*db, 1764000000000, QStringLiteral("alice"), QStringLiteral("push"), QStringLiteral("mock"), QStringLiteral("HMM-1"), QString());
        OrderStore store(*db);
        SystemClock actionsClock;
        OrderActions actions(*db, actionsClock, Profile::preset(ProfileKind::Mock), [](QString *) { return OrderActions::Services(); });
        MainWindow window(*db, store, actions);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.auditPage());
        QCOMPARE(window.tabs()->count(), 6);
        QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget *>(window.auditPage()));
        QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), QStringLiteral("Aud&it"));
        QCOMPARE(window.auditPage()->model()->rowCount(), 1);
        // Ctrl+F finds on the audit page too; the window's refresh brings in what another desk did.
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(window.auditPage()->searchBox()));
        audit(*db, 1764000001000, QStringLiteral("bob"), QStringLiteral("cancel"), QStringLiteral("mock"), QStringLiteral("HMM-2"), QString());
        QTRY_COMPARE_WITH_TIMEOUT(window.auditPage()->model()->rowCount(), 2, 5000);
        QCOMPARE(window.auditPage()->model()->index(0, Au::Operator).data().toString(), QStringLiteral("bob"));
    }
};

QTEST_MAIN(TestUiLogPages)
#include "tst_ui_logpages.moc"
