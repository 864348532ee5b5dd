// The console across PostgreSQL outages, composed as app/console_main.cpp composes it: it opens while its
// server is down with "database unreachable, retrying" in the banner, loads once the server is there,
// and when the server goes away under it says so again, refuses actions with a sentence, and recovers.
#include "app/composition/appcontext.h"
#include "models/databasewatcher.h"
#include "models/demodata.h"
#include "models/jobstore.h"
#include "models/orderlistmodel.h"
#include "net/orderactions.h"
#include "pgserver.h"
#include "ui/mainwindow.h"
#include "ui/orderspage.h"
#include "ui/profilebanner.h"
#include "ui/traynotifier.h"

#include <QLabel>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

class TestUiReconnect : public QObject
{
    Q_OBJECT

private slots:
    void backoffIsCappedAtAFewSeconds()
    {
        ReconnectBackoff backoff;
        QCOMPARE(backoff.nextMs(), ReconnectBackoff::FirstMs);
        int last = 0;
        for (int i = 0; i < 20; ++i)
            last = backoff.nextMs();
        QCOMPARE(last, ReconnectBackoff::MaxMs);
        QVERIFY(ReconnectBackoff::MaxMs <= 5000);
        backoff.reset();
        QCOMPARE(backoff.nextMs(), ReconnectBackoff::FirstMs);
    }

    void consoleAcrossPostgresOutages()
    {
        if (!PgTestServer::available())
            QSKIP("CONSOLE_TEST_PG_URL is not set (no PostgreSQL for tests)");
        PgTestServer pg(QStringLiteral("tst_ui_reconnect"));
        const QString url = pg.start();
        QVERIFY(!url.isEmpty());
        QString orderNumber;
        {
            // The shop's database with orders, as it was before the server went down.
            QString error;
            auto context = AppContext::open(url, &error);
            QVERIFY2(context, qPrintable(error));
            QVERIFY2(DemoData(context->db()).generate(20, 5, nullptr, &error), qPrintable(error));
            orderNumber = context->orders().page(OrderQuery(), qint64(0), 1, &error).value(0).orderNumber;
            QVERIFY2(!orderNumber.isEmpty(), qPrintable(error));
        }
        pg.pause();

        // Opened while the server is down: a window, with the banner saying so.
        QString error;
        std::unique_ptr<AppContext> context = AppContext::openWaiting(url, &error);
        QVERIFY2(context, qPrintable(error));
        QVERIFY(!context->isLoaded());
        QVERIFY(!context->db().isReachable());
        SystemClock clock;
        Profile waiting;
        OrderActions actions(context->db(), clock, waiting, {});
        MainWindow window(context->db(), context->orders(), actions);
        DatabaseWatcher watcher(context->db());
        bool unknown = false;
        watcher.setPreparation(context->consolePreparation(actions, QString(), [&](const QString &) { unknown = true; }));
        window.setDatabaseWatcher(&watcher);
        window.show();
        watcher.start(error);
        QLabel *state = window.banner()->databaseLabel();
        QCOMPARE(state->textFormat(), Qt::PlainText);
        QVERIFY(state->isVisible());
        QVERIFY2(state->text().contains(QLatin1String("database unreachable, retrying"), Qt::CaseInsensitive), qPrintable(state->text()));
        QVERIFY(!state->toolTip().isEmpty());
        // No profile is named before it could be read.
        QVERIFY2(!window.banner()->label()->text().contains(QLatin1String("(mock)")), qPrintable(window.banner()->label()->text()));
        QVERIFY(!watcher.isReachable());
        QCOMPARE(window.ordersPage()->model()->rowCount(), 0);
        // Actions refuse with a sentence, and write nothing.
        QString why;
        OrderActions::PushPlan plan;
        plan.orderNumbers = {orderNumber};
        QVERIFY(!actions.startPush(plan, &why));
        QCOMPARE(why, Database::unreachableMessage());

        // The server comes back: the window loads as it would have at start.
        pg.resume();
        QTRY_VERIFY_WITH_TIMEOUT(watcher.isReachable(), 20000);
        QVERIFY(!state->isVisible());
        QVERIFY(context->isLoaded());
        QVERIFY(!unknown);
        QCOMPARE(actions.profile().name, context->resolveProfile(QString(), &error)->name);
        QCOMPARE(window.profile().name, actions.profile().name);
        QVERIFY(window.banner()->label()->text().startsWith(actions.profile().name));
        QTRY_VERIFY_WITH_TIMEOUT(window.ordersPage()->model()->rowCount() > 0, 5000);

        // Gone while running: noticed by the watcher's next look, said in the banner, actions refused.
        pg.pause();
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.isReachable(), 20000);
        QVERIFY(state->isVisible());
        QVERIFY(state->text().contains(QLatin1String("database unreachable, retrying"), Qt::CaseInsensitive));
        const QList<ActionResult> refused = actions.resolve({orderNumber}, QStringLiteral("dealt with by phone"));
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.first().outcome, ActionResult::Outcome::Failed);
        QCOMPARE(refused.first().message, Database::unreachableMessage());
        // Also a decision about jobs as the Failures page showed them (no order looked up first).
        PushJobRecord shown;
        shown.orderNumber = orderNumber;
        shown.state = JobState::Failed;
        const QList<ActionResult> refusedJobs = actions.resolveJobs({shown}, QStringLiteral("dealt with by phone"));
        QCOMPARE(refusedJobs.size(), 1);
        QCOMPARE(refusedJobs.first().message, Database::unreachableMessage());

        // Back again: the same connection object works, the banner clears, nothing was written meanwhile.
        pg.resume();
        QTRY_VERIFY_WITH_TIMEOUT(watcher.isReachable(), 20000);
        QVERIFY(!state->isVisible());
        QVERIFY(window.ordersPage()->model()->rowCount() > 0);
        error.clear();
        const auto order = context->orders().loadByNumber(orderNumber, &error);
        QVERIFY2(order, qPrintable(error));
        QVERIFY(!context->jobs().findForOrder(actions.profile().name, order->id, &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // And actions work again.
        const QList<ActionResult> done = actions.resolve({orderNumber}, QStringLiteral("dealt with by phone"));
        QCOMPARE(done.size(), 1);
        QVERIFY2(done.first().outcome != ActionResult::Outcome::Failed, qPrintable(done.first().message));
    }

    // Where the desktop has no system tray (here: offscreen) the notifier shows nothing at all.
    void trayNotifierStaysSilentWithoutATray()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("tray.sqlite")), &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        QWidget window;
        ManualClock clock;
        TrayNotifier tray(window, *db, clock, [] { return QStringLiteral("mock"); }, [] { return 120; });
        QCOMPARE(tray.isActive(), QSystemTrayIcon::isSystemTrayAvailable());
        const QString text = TrayNotifier::message({2, 1, 3});
        QVERIFY2(text.contains(QLatin1Char('2')) && text.contains(QLatin1Char('1')) && text.contains(QLatin1Char('3')), qPrintable(text));
    }
};

QTEST_MAIN(TestUiReconnect)
#include "tst_ui_reconnect.moc"
