// Pushing from the window: selection, confirmation naming the profile, progress, the list updated after.
#include "models/database.h"
#include "models/demodata.h"
#include "models/envbinding.h"
#include "models/jobstore.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "net/ordersender.h"
#include "models/clock.h"
#include "net/orderactions.h"
#include "ui/profilebanner.h"
#include "ui/mainwindow.h"
#include "ui/windowactions.h"
#include "ui/orderspage.h"
#include "ui/pushprogress.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

namespace {
class InstantSender final : public OrderSender
{
public:
    int calls = 0;
    void createOrder(const QJsonObject &, const QString &, std::function<void(const SendResult &)> done) override
    {
        ++calls;
        QMetaObject::invokeMethod(QCoreApplication::instance(), [done] {
            done(SendResult{ResultKind::Ok, 200, QStringLiteral("成功"), {}, {}, 3, -1, QStringLiteral("SO.1")});
        }, Qt::QueuedConnection);
    }
};
} // namespace

class TestUiPush : public QObject
{
    Q_OBJECT

private slots:
    void pushSelectedThroughTheWindow()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("ui.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(200, 5, nullptr, &error));
        QVERIFY2(EnvBinding(*db).bind(DbBinding::Training, &error), qPrintable(error)); // every profile writes
        OrderStore store(*db);
        InstantSender sender;
        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, Profile::preset(ProfileKind::Mock), [&](QString *) { return OrderActions::Services{&sender, nullptr}; });
        MainWindow window(*db, store, windowActions);
        QStringList asked;
        window.actions()->setConfirmer([&](const Profile &p, int count) {
            asked << QStringLiteral("%1:%2").arg(p.name).arg(count);
            return true;
        });
        window.show();
        OrdersPage *page = window.ordersPage();
        // Select three orders that can be pushed (the list shows paid orders newest first).
        QStringList chosen;
        for (int row = 0; row < page->model()->rowCount() && chosen.size() < 3; ++row) {
            if (page->model()->index(row, OrderListModel::HaierStatus).data(OrderListModel::RawValueRole).toString().isEmpty()) {
                page->table()->selectionModel()->select(page->model()->index(row, 0),
                    chosen.isEmpty() ? QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows
                                     : QItemSelectionModel::Select | QItemSelectionModel::Rows);
                chosen << page->model()->index(row, OrderListModel::OrderNumber).data().toString();
            }
        }
        QCOMPARE(page->selectedOrderNumbers().size(), 3);
        QSignalSpy finished(window.actions(), &WindowActions::pushFinished);
        emit page->pushRequested(page->selectedOrderNumbers());
        QVERIFY(finished.wait(10000));
        QCOMPARE(asked, QStringList{QStringLiteral("mock:3")});
        QVERIFY(sender.calls >= 1 && sender.calls <= 3); // refused ones are never sent
        QVERIFY(window.pushProgress()->summary().startsWith(QLatin1String("Done: accepted")));
        // The list shows the result: accepted orders now carry push_pending.
        int pending = 0;
        for (const QString &n : std::as_const(chosen))
            pending += store.loadByNumber(n)->haierStatus == QLatin1String("push_pending");
        QCOMPARE(pending, sender.calls);
    }

    void declinedConfirmationSendsNothing()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("ui2.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(20, 5, nullptr, &error));
        OrderStore store(*db);
        InstantSender sender;
        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, Profile::preset(ProfileKind::Production), [&](QString *) { return OrderActions::Services{&sender, nullptr}; });
        MainWindow window(*db, store, windowActions);
        window.actions()->setConfirmer([](const Profile &, int) { return false; });
        window.actions()->push({QStringLiteral("anything")});
        QTest::qWait(50);
        QCOMPARE(sender.calls, 0);
    }

    // A mock profile on an unbound (production) database: the banner and the review say it is a dry run,
    // and a push keeps its job under the profile without touching the shop's order.
    void mockOnAProductionDatabaseIsADryRun()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("dry.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(60, 5, nullptr, &error));
        OrderStore store(*db);
        InstantSender sender;
        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, Profile::preset(ProfileKind::Mock), [&](QString *) { return OrderActions::Services{&sender, nullptr}; });
        MainWindow window(*db, store, windowActions);
        window.actions()->setConfirmer([](const Profile &, int) { return true; });
        window.show();
        QVERIFY2(window.banner()->label()->text().contains(QLatin1String("Dry run: the shop's order is not changed")), qPrintable(window.banner()->label()->text()));
        QVERIFY(window.banner()->label()->toolTip().contains(QLatin1String("this database serves production")));
        OrdersPage *page = window.ordersPage();
        QStringList chosen;
        for (int row = 0; row < page->model()->rowCount() && chosen.isEmpty(); ++row) {
            if (page->model()->index(row, OrderListModel::HaierStatus).data(OrderListModel::RawValueRole).toString().isEmpty()) {
                page->table()->setCurrentIndex(page->model()->index(row, 0));
                chosen << page->model()->index(row, OrderListModel::OrderNumber).data().toString();
            }
        }
        QCOMPARE(chosen.size(), 1);
        bool reviewSaysSo = false;
        for (const QLabel *label : page->findChildren<QLabel *>())
            reviewSaysSo = reviewSaysSo || label->text().startsWith(QLatin1String("Dry run: the shop's order is not changed"));
        QVERIFY(reviewSaysSo);
        QSignalSpy finished(window.actions(), &WindowActions::pushFinished);
        window.actions()->push(chosen);
        QVERIFY(finished.wait(10000));
        QCOMPARE(sender.calls, 1);
        const auto order = store.loadByNumber(chosen.first());
        QVERIFY(order->haierStatus.isEmpty());
        QVERIFY(order->haierSoId.isEmpty());
        QCOMPARE(JobStore(*db).findForOrder(QStringLiteral("mock"), order->id)->state, JobState::Accepted);

        // Bound to training, the same profile writes.
        QVERIFY(EnvBinding(*db).bind(DbBinding::Training, &error));
        window.setProfile(Profile::preset(ProfileKind::Mock));
        QVERIFY(!window.banner()->label()->text().contains(QLatin1String("Dry run")));
    }

    void productionNeedsTheNameTyped()
    {
        const Profile production = Profile::preset(ProfileKind::Production);
        QVERIFY(!OrderActions::confirmationAccepted(production, QString()));
        QVERIFY(!OrderActions::confirmationAccepted(production, QStringLiteral("yes")));
        QVERIFY(OrderActions::confirmationAccepted(production, QStringLiteral("production")));
        QVERIFY(OrderActions::confirmationAccepted(Profile::preset(ProfileKind::Test), QString()));
    }
};

QTEST_MAIN(TestUiPush)
#include "tst_ui_push.moc"
