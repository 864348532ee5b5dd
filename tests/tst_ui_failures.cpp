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
#include "models/callbackstore.h"
#include "models/envbinding.h"
#include "net/callbackserver.h"
#include "net/callbacksignature.h"
#include "net/ylhclient.h"
#include "net/ylhsender.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QNetworkAccessManager>
#include <QPushButton>

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimeZone>
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

int overdueRow(FailureGroupModel *model)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->groupAt(r)->overdue)
            return r;
    }
    return -1;
}

// The window's actions on the real YLH client against the in-process simulator (which accepts and then
// sends no confirmation), with orders pushed and accepted.
struct SimulatedDesk
{
    YlhSimulator sim;
    Profile profile;
    QTemporaryDir dir;
    std::unique_ptr<Database> db;
    SystemClock clock;
    QNetworkAccessManager network;
    std::unique_ptr<YlhClient> client;
    std::unique_ptr<YlhSender> sender;

    explicit SimulatedDesk(const SimConfig &config) : sim(config) {}
    bool open(QString *error)
    {
        if (!sim.listen())
            return false;
        profile = sim.pointedAt(Profile::preset(ProfileKind::Mock));
        db = Database::open(dir.filePath(QStringLiteral("o.sqlite")), error);
        if (!db || db->migrate(error) <= 0 || !DemoData(*db).generate(40, 9, nullptr, error) || !EnvBinding(*db).bind(DbBinding::Training, error))
            return false;
        client = std::make_unique<YlhClient>(network, clock);
        client->setProfile(profile);
        client->setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                                QStringLiteral("demo-password")});
        sender = std::make_unique<YlhSender>(*client);
        return true;
    }
    OrderActions::Services services() { return {sender.get(), nullptr, client.get()}; }
    QStringList pushable(int count)
    {
        QString error;
        OrderStore store(*db);
        QStringList numbers;
        for (const QString &n : PushEngine::allPaidCandidates(*db, profile.name, &error)) {
            if (numbers.size() < count && PayloadMapper::map(*store.loadByNumber(n), profile).ok())
                numbers << n;
        }
        return numbers;
    }
    std::optional<PushJobRecord> job(const QString &number)
    {
        return JobStore(*db).findForOrder(profile.name, OrderStore(*db).loadByNumber(number)->id);
    }
    int audits(const QString &action)
    {
        QSqlQuery q(db->sql());
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM console_audit_log WHERE action = ?"));
        q.addBindValue(action);
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    }
};

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

    // The group "No confirmation from Haier": accepted orders past the profile's 120 minutes, reconciled
    // with Haier's logistics (the shipped one confirmed, the other left) and confirmed by phone.
    void overdueGroupReconcilesAndConfirmsByPhone()
    {
        SimConfig config;
        config.acceptUnknownOrders = true;
        config.callbackAfterAccept = QStringLiteral("none");
        SimulatedDesk desk(config);
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        OrderStore store(*desk.db);
        OrderActions windowActions(*desk.db, desk.clock, desk.profile, [&](QString *) { return desk.services(); });
        MainWindow window(*desk.db, store, windowActions);
        window.actions()->setConfirmer([](const Profile &, int) { return true; });
        window.show();
        const QStringList numbers = desk.pushable(2);
        QCOMPARE(numbers.size(), 2);
        QSignalSpy pushed(window.actions(), &WindowActions::pushFinished);
        window.actions()->push(numbers);
        QVERIFY(pushed.wait(10000));
        FailuresPage *page = window.failuresPage();
        QAbstractItemModelTester groupsTester(page->groupModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page->refresh();
        QCOMPARE(overdueRow(page->groupModel()), -1); // just accepted: not overdue yet

        // Three hours without Haier's confirmation; logistics shows a shipment of the first only.
        QSqlQuery q(desk.db->sql());
        QVERIFY(q.exec(QStringLiteral("UPDATE console_push_jobs SET accepted_at = accepted_at - %1").arg(3 * 3600 * 1000)));
        const QString shipped = numbers[0], waiting = numbers[1];
        config.unshippedOrderCodes = {desk.job(waiting)->haierOrderNo};
        desk.sim.setConfig(config);
        window.showPage(MainWindow::Failures);
        page->refresh();
        const int row = overdueRow(page->groupModel());
        QVERIFY(row > 0);
        QCOMPARE(page->groupModel()->groupAt(row)->count, 2);
        QCOMPARE(page->groupModel()->index(row, FailureGroupModel::Message).data().toString(), QStringLiteral("No confirmation from Haier"));
        QVERIFY(!page->reconcileButton()->isVisibleTo(page)); // only with the group
        page->groupTable()->setCurrentIndex(page->groupModel()->index(row, 0));
        QCOMPARE(page->jobModel()->rowCount(), 2);
        QVERIFY(page->showingOverdue());
        QVERIFY(page->reconcileButton()->isVisibleTo(page) && page->reconcileButton()->isEnabled());

        QStringList questions;
        page->setConfirmer([&](const QString &question) {
            questions << question;
            return true;
        });
        QSignalSpy reconciled(window.actions(), &WindowActions::reconcileFinished);
        page->jobTable()->clearSelection();
        page->reconcile();
        QVERIFY(reconciled.wait(10000));
        QVERIFY2(reconciled.first().at(0).toBool(), qPrintable(reconciled.first().at(1).toString()));
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions[0].contains(QLatin1String("2")), qPrintable(questions[0]));
        QCOMPARE(desk.job(shipped)->state, JobState::Confirmed);
        QVERIFY(desk.job(shipped)->lastMessage.startsWith(QLatin1String("logistics shows shipped")));
        QCOMPARE(store.loadByNumber(shipped)->haierStatus, QStringLiteral("confirmed"));
        QCOMPARE(desk.job(waiting)->state, JobState::Accepted);
        QCOMPARE(desk.audits(QStringLiteral("reconcile")), 1);

        // The one left: confirmed by phone, with Haier's order number and who said so.
        page->refresh();
        QCOMPARE(page->groupModel()->groupAt(overdueRow(page->groupModel()))->count, 1);
        page->groupTable()->setCurrentIndex(page->groupModel()->index(overdueRow(page->groupModel()), 0));
        page->jobTable()->setCurrentIndex(page->jobModel()->index(0, 0));
        QCOMPARE(page->jobModel()->jobAt(0)->orderNumber, waiting);
        QVERIFY(page->confirmByPhoneButton()->isEnabled());
        QStringList answers{QStringLiteral("SO.20261202.000777"), QStringLiteral("海尔客服王女士 10:05")};
        page->setTextAsker([&](const QString &, const QString &) { return std::optional<QString>(answers.takeFirst()); });
        QSignalSpy confirmed(window.actions(), &WindowActions::confirmFinished);
        page->confirmByPhone();
        QCOMPARE(confirmed.size(), 1);
        QVERIFY2(confirmed.first().at(0).toBool(), qPrintable(confirmed.first().at(1).toString()));
        QCOMPARE(desk.job(waiting)->state, JobState::Confirmed);
        QCOMPARE(store.loadByNumber(waiting)->haierOrderNo, QStringLiteral("SO.20261202.000777"));
        QCOMPARE(desk.audits(QStringLiteral("confirm_phone")), 1);
        page->refresh();
        QCOMPARE(overdueRow(page->groupModel()), -1);
    }

    // The Callbacks page's Replay: a confirmation refused under a wrong AppKey is applied once the profile
    // is right; the row then says so and cannot be replayed again.
    void replayButtonAppliesARefusedCallback()
    {
        SimConfig config;
        config.acceptUnknownOrders = true;
        config.callbackAfterAccept = QStringLiteral("none");
        SimulatedDesk desk(config);
        QString error;
        QVERIFY2(desk.open(&error), qPrintable(error));
        OrderStore store(*desk.db);
        OrderActions windowActions(*desk.db, desk.clock, desk.profile, [&](QString *) { return desk.services(); });
        windowActions.setCallbackSecret([](const Profile &, QString *) { return std::optional<QString>(QStringLiteral("demo-secret-123")); });
        MainWindow window(*desk.db, store, windowActions);
        window.actions()->setConfirmer([](const Profile &, int) { return true; });
        window.show();
        const QString number = desk.pushable(1).value(0);
        QSignalSpy pushed(window.actions(), &WindowActions::pushFinished);
        window.actions()->push({number});
        QVERIFY(pushed.wait(10000));
        QCOMPARE(desk.job(number)->state, JobState::Accepted);

        // Haier's confirmation reaches a receiver whose profile has the wrong AppKey.
        Profile wrong = desk.profile;
        wrong.callback.appKey = QStringLiteral("not-the-appkey");
        CallbackStore callbacks(*desk.db);
        CallbackServer receiver(callbacks, wrong, [](const QString &) { return std::optional<QString>(QStringLiteral("demo-secret-123")); }, desk.clock);
        const QString stamp = desk.clock.nowUtc().toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"));
        QList<QPair<QString, QString>> fields{{QStringLiteral("AppKey"), desk.profile.callback.appKey},
                                              {QStringLiteral("TimeStamp"), stamp},
                                              {QStringLiteral("Method"), QStringLiteral("hmm.scm_heorder.confirm")},
                                              {QStringLiteral("Data"), QStringLiteral("{\"ExtOrderNo\":\"%1\",\"PlatformOrderNo\":\"%2\",\"State\":1}")
                                                                           .arg(desk.job(number)->haierOrderNo, number)}};
        fields.append({QStringLiteral("Sign"), CallbackSignature::sign(fields, QStringLiteral("demo-secret-123"))});
        HttpRequest request;
        request.method = "POST";
        request.path = "/haier/callback";
        request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
        for (const auto &[key, value] : fields)
            request.body += (request.body.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        request.peer = QHostAddress::LocalHost;
        QVERIFY(receiver.handle(request).body.contains("bad_app_key"));
        QCOMPARE(desk.job(number)->state, JobState::Accepted);

        window.showPage(MainWindow::Callbacks);
        LogPage *page = window.callbacksPage();
        page->refresh();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->table()->selectRow(0);
        QPushButton *replay = page->rowActionButton();
        QVERIFY(replay);
        QCOMPARE(replay->text(), QStringLiteral("&Replay"));
        QVERIFY(replay->isVisibleTo(page) && replay->isEnabled());
        QSignalSpy replayed(window.actions(), &WindowActions::replayFinished);
        replay->click();
        QCOMPARE(replayed.size(), 1);
        QVERIFY2(replayed.first().at(0).toBool(), qPrintable(replayed.first().at(1).toString()));
        QCOMPARE(desk.job(number)->state, JobState::Confirmed);
        QCOMPARE(store.loadByNumber(number)->haierStatus, QStringLiteral("confirmed"));
        QCOMPARE(desk.audits(QStringLiteral("callback_replay")), 1);
        // The refused row now says it was replayed; the applied copy is a row of its own. Neither can be replayed.
        QTRY_COMPARE(page->model()->rowCount(), 2);
        for (int r = 0; r < 2; ++r) {
            page->table()->selectRow(r);
            QVERIFY(!replay->isEnabled());
        }
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
