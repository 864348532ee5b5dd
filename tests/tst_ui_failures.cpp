// The failures page in the real window: a push with failures shows them grouped with their attempts;
// a bulk retry of one filtered group retries exactly that group; resolve, open order, shortcuts and the
// remembered layout.
#include "models/auditlog.h"
#include "models/database.h"
#include "models/demodata.h"
#include "models/failuremodels.h"
#include "models/jobstore.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"
#include "net/ordersender.h"
#include "net/pushengine.h"
#include "ui/failurespage.h"
#include "ui/logpage.h"
#include "models/clock.h"
#include "net/orderactions.h"
#include "ui/mainwindow.h"
#include "ui/windowactions.h"
#include "ui/orderspage.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// Answers per order: the ones in `rejected` are refused by Haier, those in `down` get a 500, the rest
// are accepted. Records what it was asked to send.
class ScriptedSender final : public OrderSender
{
public:
    QSet<QString> rejected;
    QSet<QString> down;
    QStringList sent;
    void createOrder(const QJsonObject &, const QString &orderNumber, std::function<void(const SendResult &)> done) override
    {
        sent << orderNumber;
        SendResult r{ResultKind::Ok, 200, QStringLiteral("成功"), {}, QByteArrayLiteral("{\"success\":true}"), 4, -1, QStringLiteral("SO.9")};
        if (rejected.contains(orderNumber))
            r = SendResult{ResultKind::BusinessRejection, 200, QStringLiteral("商品编码不存在"), {}, QByteArrayLiteral("{\"success\":false}"), 4, -1, {}};
        else if (down.contains(orderNumber))
            r = SendResult{ResultKind::Server, 500, QStringLiteral("HTTP 500"), {}, QByteArray(), 4, -1, {}};
        QMetaObject::invokeMethod(QCoreApplication::instance(), [done, r] { done(r); }, Qt::QueuedConnection);
    }
};

int rowOfKind(FailureGroupModel *model, const QString &kind)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (!model->groupAt(r)->all && model->groupAt(r)->kind == kind)
            return r;
    }
    return -1;
}

} // namespace

class TestUiFailures : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

private slots:
    void initTestCase()
    {
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("haier-console-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_failures"));
    }

    void failuresGroupedRetriedAndResolved()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("f.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(200, 5, nullptr, &error));
        OrderStore store(*db);
        Profile profile = Profile::preset(ProfileKind::Mock);
        profile.retry.maxRetries = 0; // a 500 fails at once: no waiting in a widget test
        ScriptedSender sender;
        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, profile, [&](QString *) { return OrderActions::Services{&sender, nullptr, nullptr}; });
        MainWindow window(*db, store, windowActions);
        window.actions()->setConfirmer([](const Profile &, int) { return true; });
        window.show();

        // Nine orders that pass the checks: three refused by Haier, three with a server error.
        QStringList good;
        for (const QString &n : PushEngine::allPaidCandidates(*db, profile.name, &error)) {
            if (PayloadMapper::map(*store.loadByNumber(n), profile).ok())
                good << n;
            if (good.size() == 9)
                break;
        }
        QCOMPARE(good.size(), 9);
        sender.rejected = {good[0], good[1], good[2]};
        sender.down = {good[3], good[4], good[5]};
        QSignalSpy pushed(window.actions(), &WindowActions::pushFinished);
        window.actions()->push(good);
        QVERIFY(pushed.wait(10000));

        FailuresPage *page = window.failuresPage();
        QAbstractItemModelTester groupsTester(page->groupModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester jobsTester(page->jobModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester attemptsTester(page->attemptModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier); // Ctrl+2: the failures page
        QCOMPARE(window.tabs()->currentWidget(), page);
        page->refresh();
        QCOMPARE(page->groupModel()->rowCount(), 3); // all, rejected, server
        QVERIFY(page->groupModel()->groupAt(0)->all);
        QCOMPARE(page->groupModel()->groupAt(0)->count, 6);
        const int rejectedRow = rowOfKind(page->groupModel(), QStringLiteral("business_rejection"));
        const int serverRow = rowOfKind(page->groupModel(), QStringLiteral("server"));
        QVERIFY(rejectedRow > 0 && serverRow > 0);
        QCOMPARE(page->groupModel()->groupAt(rejectedRow)->message, QStringLiteral("商品编码不存在"));
        QCOMPARE(page->groupModel()->groupAt(rejectedRow)->count, 3);

        // A job's attempt history with the redacted request and Haier's answer.
        page->groupTable()->setCurrentIndex(page->groupModel()->index(rejectedRow, 0));
        QCOMPARE(page->jobModel()->rowCount(), 3);
        page->jobTable()->setCurrentIndex(page->jobModel()->index(0, 0));
        QCOMPARE(page->attemptModel()->rowCount(), 1);
        QCOMPARE(page->attemptModel()->index(0, AttemptModel::Message).data().toString(), QStringLiteral("商品编码不存在"));
        QVERIFY2(page->detailText()->toPlainText().contains(QLatin1String("soId")), qPrintable(page->detailText()->toPlainText()));
        QVERIFY(page->detailText()->toPlainText().contains(QLatin1String("{\"success\":false}")));

        // Bulk retry of the server-error group, nothing selected: exactly those three, after a question naming the count.
        page->groupTable()->setCurrentIndex(page->groupModel()->index(serverRow, 0));
        page->jobTable()->clearSelection();
        QStringList questions;
        page->setConfirmer([&](const QString &q) {
            questions << q;
            return true;
        });
        sender.sent.clear();
        sender.down.clear();
        page->retry();
        QVERIFY(pushed.wait(10000));
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions[0].contains(QLatin1String("3")), qPrintable(questions[0]));
        QStringList expected{good[3], good[4], good[5]};
        QStringList actual = sender.sent;
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
        QCOMPARE(actual, expected);
        JobStore jobs(*db);
        for (const QString &n : std::as_const(expected))
            QCOMPARE(jobs.findForOrder(profile.name, store.loadByNumber(n)->id)->state, JobState::Accepted);
        page->refresh();
        QCOMPARE(page->groupModel()->groupAt(0)->count, 3); // only the rejected ones are left

        // Declining the question does nothing.
        page->setConfirmer([](const QString &) { return false; });
        sender.sent.clear();
        page->retry();
        QTest::qWait(50);
        QVERIFY(sender.sent.isEmpty());

        // Mark the rejected ones resolved, with a note that goes to the audit log.
        page->setConfirmer([](const QString &) { return true; });
        page->setTextAsker([](const QString &, const QString &) { return std::optional<QString>(QStringLiteral("客户改买别的型号")); });
        page->markResolved();
        QCOMPARE(page->groupModel()->groupAt(0)->count, 0);
        QCOMPARE(jobs.findForOrder(profile.name, store.loadByNumber(good[0])->id)->state, JobState::Resolved);
        QSqlQuery q(db->sql());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM console_audit_log WHERE action = 'resolve' AND detail = '客户改买别的型号'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 3);
    }

    void openOrderJumpsToTheOrderAndLayoutIsRemembered()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("g.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(50, 7, nullptr, &error));
        OrderStore store(*db);
        Profile profile = Profile::preset(ProfileKind::Mock);
        profile.retry.maxRetries = 0;
        ScriptedSender sender;
        QString number;
        for (const QString &n : PushEngine::allPaidCandidates(*db, profile.name, &error)) {
            if (PayloadMapper::map(*store.loadByNumber(n), profile).ok()) {
                number = n;
                break;
            }
        }
        sender.rejected = {number};
        {
            SystemClock windowClock;
            OrderActions windowActions(*db, windowClock, profile, [&](QString *) { return OrderActions::Services{&sender, nullptr, nullptr}; });
            MainWindow window(*db, store, windowActions);
            window.actions()->setConfirmer([](const Profile &, int) { return true; });
            window.show();
            QSignalSpy pushed(window.actions(), &WindowActions::pushFinished);
            window.actions()->push({number});
            QVERIFY(pushed.wait(10000));
            window.showPage(MainWindow::Failures);
            window.failuresPage()->refresh();
            window.failuresPage()->jobTable()->setCurrentIndex(window.failuresPage()->jobModel()->index(0, 0));
            window.failuresPage()->openOrder();
            QCOMPARE(window.tabs()->currentWidget(), window.ordersPage());
            QCOMPARE(window.ordersPage()->searchBox()->text(), number);
            QTRY_COMPARE(window.ordersPage()->model()->rowCount(), 1);
            // Keyboard: Ctrl+F puts the cursor in the search box.
            window.ordersPage()->table()->setFocus();
            QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
            QVERIFY(window.ordersPage()->searchBox()->hasFocus());
            window.resize(1401, 877);
            window.ordersPage()->table()->setColumnWidth(1, 233);
            window.showPage(MainWindow::SyncLog);
            window.close();
        }
        SystemClock againClock;
        OrderActions againActions(*db, againClock, profile, [&](QString *) { return OrderActions::Services{&sender, nullptr, nullptr}; });
        MainWindow again(*db, store, againActions);
        QCOMPARE(again.size(), QSize(1401, 877));
        QCOMPARE(again.ordersPage()->table()->columnWidth(1), 233);
        QCOMPARE(again.tabs()->currentWidget(), static_cast<QWidget *>(again.syncLogPage()));
    }
    // The attempt list says which push each attempt belonged to: a staff retry starts the next push.
    void attemptsNameTheirPush()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("p.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(50, 9, nullptr, &error));
        OrderStore store(*db);
        Profile profile = Profile::preset(ProfileKind::Mock);
        profile.retry.maxRetries = 0; // one attempt per push
        ScriptedSender sender;
        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, profile, [&](QString *) { return OrderActions::Services{&sender, nullptr, nullptr}; });
        MainWindow window(*db, store, windowActions);
        window.actions()->setConfirmer([](const Profile &, int) { return true; });
        window.show();
        QString number;
        for (const QString &n : PushEngine::allPaidCandidates(*db, profile.name, &error)) {
            if (PayloadMapper::map(*store.loadByNumber(n), profile).ok()) {
                number = n;
                break;
            }
        }
        QVERIFY(!number.isEmpty());
        sender.down = {number};
        QSignalSpy pushed(window.actions(), &WindowActions::pushFinished);
        window.actions()->push({number});
        QVERIFY(pushed.wait(10000));
        window.actions()->retry({number});
        QVERIFY(pushed.wait(10000));
        QCOMPARE(JobStore(*db).findForOrder(profile.name, store.loadByNumber(number)->id)->pushNo, 2);

        FailuresPage *page = window.failuresPage();
        window.showPage(MainWindow::Failures);
        page->refresh();
        page->jobTable()->setCurrentIndex(page->jobModel()->index(0, 0));
        QCOMPARE(page->attemptModel()->rowCount(), 2);
        QCOMPARE(page->attemptModel()->headerData(AttemptModel::Push, Qt::Horizontal).toString(), QStringLiteral("Push"));
        QCOMPARE(page->attemptTable()->model()->index(0, AttemptModel::Push).data().toInt(), 1);
        QCOMPARE(page->attemptTable()->model()->index(1, AttemptModel::Push).data().toInt(), 2);
    }
};

QTEST_MAIN(TestUiFailures)
#include "tst_ui_failures.moc"
