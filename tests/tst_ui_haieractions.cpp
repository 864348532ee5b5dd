// A push, 改约 and a cancellation from the window, through the real YLH client against the simulator.
#include "models/clock.h"
#include "models/database.h"
#include "models/demodata.h"
#include "models/envbinding.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"
#include "models/regioncodes.h"
#include "net/openplatclient.h"
#include "net/pushengine.h"
#include "net/stockchecker.h"
#include "net/ylhclient.h"
#include "net/ylhsender.h"
#include "tools/ylh-sim/ylhsimulator.h"
#include "models/orderlistmodel.h"
#include "net/orderactions.h"
#include "ui/mainwindow.h"
#include "ui/windowactions.h"
#include "ui/orderspage.h"

#include "ui/dashboardpage.h"

#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QMessageBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {
class FakeNothingSender final : public OrderSender
{
public:
    int calls = 0;
    void createOrder(const QJsonObject &, const QString &, std::function<void(const SendResult &)>) override { ++calls; }
};

// Shows the order on the Orders page with its At Haier tab open, as staff would pick it.
void showAtHaier(MainWindow &window, const QString &number)
{
    window.showPage(MainWindow::Orders);
    window.ordersPage()->showOrder(number);
    window.ordersPage()->reviewTabs()->setCurrentIndex(2);
}

QPushButton *atHaierButton(MainWindow &window, const char *name)
{
    return window.ordersPage()->findChild<QPushButton *>(QString::fromLatin1(name));
}

QStringList auditActions(Database &db, const QString &number)
{
    QSqlQuery q(db.sql());
    q.exec(QStringLiteral("SELECT action FROM console_audit_log WHERE order_number = '%1' ORDER BY id").arg(number));
    QStringList actions;
    while (q.next())
        actions << q.value(0).toString();
    return actions;
}

// Paid orders whose payload is complete under `profile`, at most `count`.
QStringList pushable(Database &db, const Profile &profile, int count)
{
    QString error;
    QStringList numbers;
    OrderStore store(db);
    for (const QString &n : PushEngine::allPaidCandidates(db, profile.name, &error)) {
        if (PayloadMapper::map(*store.loadByNumber(n), profile).ok())
            numbers << n;
        if (numbers.size() == count)
            break;
    }
    return numbers;
}

// The window of a training database with demo orders, pushing through the real YLH client to `sim`.
struct SimWindow
{
    QTemporaryDir dir;
    std::unique_ptr<Database> db;
    std::unique_ptr<OrderStore> store;
    SystemClock clock;
    QNetworkAccessManager network;
    std::unique_ptr<YlhClient> client;
    std::unique_ptr<YlhSender> sender;
    std::unique_ptr<OpenPlatClient> openplat;
    std::unique_ptr<OpenPlatStockChecker> stock;
    std::unique_ptr<OrderActions> actions;
    std::unique_ptr<MainWindow> window;
    Profile profile;

    bool open(YlhSimulator &sim)
    {
        QString error;
        profile = sim.pointedAt(Profile::preset(ProfileKind::Mock));
        db = Database::open(dir.filePath(QStringLiteral("w.sqlite")), &error);
        if (!db || db->migrate(&error) <= 0 || !DemoData(*db).generate(60, 8, nullptr, &error) || !EnvBinding(*db).bind(DbBinding::Training, &error))
            return false;
        store = std::make_unique<OrderStore>(*db);
        client = std::make_unique<YlhClient>(network, clock);
        client->setProfile(profile);
        client->setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                                QStringLiteral("demo-password")});
        sender = std::make_unique<YlhSender>(*client);
        openplat = std::make_unique<OpenPlatClient>(network, clock);
        openplat->setProfile(profile);
        openplat->setCredentials({QStringLiteral("demo-openplat-client"), QStringLiteral("demo-openplat-secret"),
                                  QStringLiteral("demo-account-password")});
        stock = std::make_unique<OpenPlatStockChecker>(*openplat);
        actions = std::make_unique<OrderActions>(*db, clock, profile, [this](QString *) {
            return OrderActions::Services{sender.get(), stock.get(), client.get()};
        });
        actions->setOpenPlatProvider([this](QString *) { return openplat.get(); });
        window = std::make_unique<MainWindow>(*db, *store, *actions);
        window->actions()->setConfirmer([](const Profile &, int) { return true; });
        return true;
    }

    PushJobRecord job(const QString &number) { return *JobStore(*db).findForOrder(profile.name, store->loadByNumber(number)->id); }

    bool push(const QStringList &numbers)
    {
        QSignalSpy pushed(window->actions(), &WindowActions::pushFinished);
        window->actions()->push(numbers);
        return pushed.wait(10000);
    }
};

SimConfig acceptingSim()
{
    SimConfig config;
    config.acceptUnknownOrders = true;
    config.callbackAfterAccept = QStringLiteral("none");
    return config;
}
} // namespace

class TestUiHaierActions : public QObject
{
    Q_OBJECT

private slots:
    void pushRescheduleAndCancel()
    {
        SimConfig config;
        config.acceptUnknownOrders = true;
        config.callbackAfterAccept = QStringLiteral("none");
        YlhSimulator sim(config);
        QVERIFY(sim.listen());
        const Profile profile = sim.pointedAt(Profile::preset(ProfileKind::Mock));

        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("h.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(40, 8, nullptr, &error));
        QVERIFY2(EnvBinding(*db).bind(DbBinding::Training, &error), qPrintable(error)); // every profile writes
        OrderStore store(*db);
        SystemClock clock;
        QNetworkAccessManager network;
        YlhClient client(network, clock);
        client.setProfile(profile);
        client.setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                               QStringLiteral("demo-password")});
        YlhSender sender(client);
        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, profile, [&](QString *) { return OrderActions::Services{&sender, nullptr, &client}; });
        MainWindow window(*db, store, windowActions);
        window.actions()->setConfirmer([](const Profile &, int) { return true; });

        QString number;
        for (const QString &n : PushEngine::allPaidCandidates(*db, profile.name, &error)) {
            if (PayloadMapper::map(*store.loadByNumber(n), profile).ok()) {
                number = n;
                break;
            }
        }
        QVERIFY(!number.isEmpty());
        QSignalSpy pushed(window.actions(), &WindowActions::pushFinished);
        window.actions()->push({number});
        QVERIFY(pushed.wait(10000));
        const auto job = JobStore(*db).findForOrder(profile.name, store.loadByNumber(number)->id);
        QCOMPARE(job->state, JobState::Accepted);
        // The list shows it with the "pending at Haier" badge.
        window.ordersPage()->showOrder(number);
        QTRY_COMPARE(window.ordersPage()->model()->rowCount(), 1);
        const QModelIndex badge = window.ordersPage()->model()->index(0, OrderListModel::HaierStatus);
        QCOMPARE(badge.data(OrderListModel::RawValueRole).toString(), QStringLiteral("push_pending"));
        QCOMPARE(badge.data(Qt::BackgroundRole).value<QColor>(), QColor(0x15, 0x65, 0xc0));
        // As Haier's confirmation would: the Haier order number on the order.
        QVERIFY(db->exec(QStringLiteral("UPDATE orders_order SET haier_order_no = 'SO.20261125.000001', haier_status = 'confirmed' "
                                        "WHERE order_number = '%1'").arg(number), &error));

        QSignalSpy rescheduled(window.actions(), &WindowActions::rescheduleFinished);
        window.actions()->reschedule(number, QDate::currentDate().addDays(3), QDate::currentDate().addDays(4));
        QVERIFY(rescheduled.wait(10000));
        QVERIFY2(rescheduled.first().at(0).toBool(), qPrintable(rescheduled.first().at(1).toString()));

        QSignalSpy photos(window.actions(), &WindowActions::photosShown);
        window.actions()->showPhotos(number);
        QVERIFY(photos.wait(10000));
        const QStringList urls = photos.first().at(1).toStringList();
        QCOMPARE(urls.size(), 2);
        QVERIFY(urls[0].contains(QLatin1String("SO.20261125.000001")));

        QSignalSpy cancelled(window.actions(), &WindowActions::cancelFinished);
        window.actions()->cancelAtHaier({number}, QStringLiteral("客户取消"));
        QVERIFY(cancelled.wait(10000));
        QVERIFY2(cancelled.first().at(0).toStringList().isEmpty(), qPrintable(cancelled.first().at(0).toStringList().join(QLatin1Char('\n'))));
        // YLH took the request; Haier's cancel callback decides, and the shop's status waits for it.
        QCOMPARE(JobStore(*db).get(job->id)->state, JobState::CancelRequested);
        QCOMPARE(JobStore(*db).get(job->id)->lastChange, QStringLiteral("staff:cancel"));
        QCOMPARE(store.loadByNumber(number)->haierStatus, QStringLiteral("confirmed"));
        QSqlQuery q(db->sql());
        QVERIFY(q.exec(QStringLiteral("SELECT action FROM console_audit_log WHERE order_number = '%1' ORDER BY id").arg(number)));
        QStringList actions;
        while (q.next())
            actions << q.value(0).toString();
        QCOMPARE(actions, (QStringList{QStringLiteral("push"), QStringLiteral("reschedule"), QStringLiteral("cancel")}));

        // An order Haier never accepted cannot be cancelled; the reason is given.
        QString other;
        for (const QString &n : PushEngine::allPaidCandidates(*db, profile.name, &error)) {
            if (n != number) {
                other = n;
                break;
            }
        }
        window.actions()->cancelAtHaier({other}, QStringLiteral("x"));
        QTRY_COMPARE(cancelled.size(), 2);
        QVERIFY(cancelled.at(1).at(0).toStringList().join(QString()).contains(QLatin1String("has not been pushed")));
        // A second cancel of the first order is refused with the transition function's sentence, nothing sent.
        const int cancelCalls = sim.requestCount(QStringLiteral("ylh.cancel_order"));
        window.actions()->cancelAtHaier({number}, QStringLiteral("again"));
        QTRY_COMPARE(cancelled.size(), 3);
        const QString refusal = transition({JobState::CancelRequested, true, JobState::Confirmed, std::nullopt},
                                           JobEvent::of(JobEvent::Type::StaffCancel)).refusal;
        QVERIFY(cancelled.at(2).at(0).toStringList().join(QString()).contains(refusal));
        QCOMPARE(sim.requestCount(QStringLiteral("ylh.cancel_order")), cancelCalls);
    }

    // The review's stock check asks the open platform for the order's products in its county and says
    // the verdict; nothing is pushed.
    void stockCheckFromTheReview()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("s.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(60, 8, nullptr, &error));
        OrderStore store(*db);
        RegionCodes regions(*db);
        Profile profile = Profile::preset(ProfileKind::Mock);
        // Two orders with a known county: one whose products Haier has none of, one it has plenty of.
        QStringList picked;
        SimConfig config;
        for (const QString &n : PushEngine::allPaidCandidates(*db, profile.name, &error)) {
            const Order o = *store.loadByNumber(n);
            const MappingResult m = PayloadMapper::map(o, profile);
            if (!m.ok() || regions.lookup(o.province, o.city, o.district).isEmpty())
                continue;
            const int stock = picked.isEmpty() ? 0 : 999;
            bool clash = false;
            for (const QJsonValue &line : m.payload.value(QStringLiteral("itemList")).toArray()) {
                const QString code = line.toObject().value(QStringLiteral("productCode")).toString();
                clash = clash || (config.stock.contains(code) && config.stock.value(code) != stock);
            }
            if (clash)
                continue;
            for (const QJsonValue &line : m.payload.value(QStringLiteral("itemList")).toArray())
                config.stock.insert(line.toObject().value(QStringLiteral("productCode")).toString(), stock);
            picked << n;
            if (picked.size() == 2)
                break;
        }
        QCOMPARE(picked.size(), 2);
        YlhSimulator sim(config);
        QVERIFY(sim.listen());
        profile.openplat.baseUrl = sim.baseUrl();
        SystemClock clock;
        QNetworkAccessManager network;
        OpenPlatClient openplat(network, clock);
        openplat.setProfile(profile);
        openplat.setCredentials({QStringLiteral("demo-openplat-client"), QStringLiteral("demo-openplat-secret"),
                                 QStringLiteral("demo-account-password")});
        OpenPlatStockChecker checker(openplat);
        FakeNothingSender sender;
        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, profile, [&](QString *) { return OrderActions::Services{&sender, &checker, nullptr}; });
        MainWindow window(*db, store, windowActions);
        QSignalSpy checked(window.actions(), &WindowActions::stockChecked);
        window.actions()->checkStock(picked[0]);
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.last().at(1).toInt(), int(StockVerdict::Outcome::NotEnough));
        QVERIFY2(checked.last().at(2).toString().contains(QLatin1String("0 available")), qPrintable(checked.last().at(2).toString()));
        window.actions()->checkStock(picked[1]);
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.last().at(1).toInt(), int(StockVerdict::Outcome::Enough));
        QCOMPARE(sender.calls, 0);
        QVERIFY(sim.requestCount(QStringLiteral("openplat.stock")) >= 2);
    }

    // Refresh logistics from the At Haier tab (one order) and from the Actions menu (the selection, every
    // accepted order): the numbers Haier gives are stored with their audit; an order without a Haier order
    // number is named with why.
    void logisticsFromTheAtHaierTabAndTheMenu()
    {
        YlhSimulator sim(acceptingSim());
        QVERIFY(sim.listen());
        SimWindow w;
        QVERIFY(w.open(sim));
        const QStringList numbers = pushable(*w.db, w.profile, 2);
        QCOMPARE(numbers.size(), 2);
        QVERIFY(w.push(numbers));
        QString error;
        // YLH's answer gave each its Haier order number; the second's is not known (yet).
        const QString soNumber = w.job(numbers[0]).haierOrderNo;
        QVERIFY2(soNumber.startsWith(QLatin1String("SO.")), qPrintable(soNumber));
        QVERIFY(w.db->exec(QStringLiteral("UPDATE console_push_jobs SET haier_order_no = '' WHERE order_number = '%1'").arg(numbers[1]), &error));
        QVERIFY(w.db->exec(QStringLiteral("UPDATE orders_order SET haier_order_no = '' WHERE order_number = '%1'").arg(numbers[1]), &error));
        const QString logisticsNo = QStringLiteral("WL") + soNumber.right(6);
        MainWindow &window = *w.window;
        window.show();
        QSignalSpy refreshed(window.actions(), &WindowActions::logisticsRefreshed);

        showAtHaier(window, numbers[0]);
        QPushButton *button = atHaierButton(window, "refreshLogistics");
        QVERIFY(button);
        QTRY_VERIFY(button->isEnabled());
        QVERIFY(button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(refreshed.wait(10000));
        QVERIFY2(refreshed.last().at(0).toBool(), qPrintable(refreshed.last().at(1).toString()));
        QCOMPARE(refreshed.last().at(2).toStringList(), QStringList{numbers[0]});
        QCOMPARE(w.store->loadByNumber(numbers[0])->logisticsNo, logisticsNo);
        QCOMPARE(auditActions(*w.db, numbers[0]).last(), QStringLiteral("logistics"));
        // The tab shows the stored numbers once the page has read them again.
        QTRY_VERIFY2(window.ordersPage()->haierText()->toPlainText().contains(logisticsNo),
                     qPrintable(window.ordersPage()->haierText()->toPlainText()));

        // Actions → the selected orders: the one without a Haier order number is named with why, the other stored.
        window.ordersPage()->searchBox()->clear();
        window.ordersPage()->showOrder(QString());
        QTableView *table = window.ordersPage()->table();
        table->clearSelection();
        for (int row = 0; row < window.ordersPage()->model()->rowCount(); ++row) {
            const OrderSummary *s = window.ordersPage()->model()->summaryAt(row);
            if (s && numbers.contains(s->orderNumber))
                table->selectionModel()->select(window.ordersPage()->model()->index(row, 0),
                                                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QCOMPARE(window.ordersPage()->selectedOrderNumbers().size(), 2);
        QAction *selected = window.findChild<QAction *>(QStringLiteral("logisticsSelectedAction"));
        QVERIFY(selected);
        selected->trigger();
        QVERIFY(refreshed.wait(10000));
        QVERIFY(refreshed.last().at(0).toBool());
        QCOMPARE(refreshed.last().at(2).toStringList(), QStringList{numbers[0]});
        const QStringList skipped = refreshed.last().at(3).toStringList();
        QCOMPARE(skipped.size(), 1);
        QVERIFY2(skipped[0].contains(numbers[1]), qPrintable(skipped[0]));
        // Staff read it: a message box names the order left out and why.
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>()) != nullptr);
        QVERIFY2(box->text().contains(skipped[0]), qPrintable(box->text()));
        box->close();

        // Actions → every accepted order: the one without a Haier order number is counted as not asked.
        const int asked = sim.requestCount(QStringLiteral("ylh.logistics"));
        window.findChild<QAction *>(QStringLiteral("logisticsAllAction"))->trigger();
        QVERIFY(refreshed.wait(10000));
        QVERIFY(refreshed.last().at(0).toBool());
        QVERIFY2(refreshed.last().at(1).toString().contains(QLatin1String("no Haier order number yet")), qPrintable(refreshed.last().at(1).toString()));
        QCOMPARE(sim.requestCount(QStringLiteral("ylh.logistics")), asked + 1);
    }

    // Delivery photos and the stock check are reachable from the At Haier tab's buttons.
    void photosAndStockFromTheAtHaierTab()
    {
        YlhSimulator sim(acceptingSim());
        QVERIFY(sim.listen());
        SimWindow w;
        QVERIFY(w.open(sim));
        const QStringList numbers = pushable(*w.db, w.profile, 1);
        QVERIFY(w.push(numbers));
        QString error;
        QVERIFY(w.db->exec(QStringLiteral("UPDATE orders_order SET haier_order_no = 'SO.20261125.000008', haier_status = 'confirmed' "
                                          "WHERE order_number = '%1'").arg(numbers[0]), &error));
        MainWindow &window = *w.window;
        window.show();
        showAtHaier(window, numbers[0]);
        QPushButton *photos = atHaierButton(window, "deliveryPhotos");
        QVERIFY(photos);
        QTRY_VERIFY(photos->isEnabled());
        QSignalSpy shown(window.actions(), &WindowActions::photosShown);
        QTest::mouseClick(photos, Qt::LeftButton);
        QVERIFY(shown.wait(10000));
        QCOMPARE(shown.last().at(0).toString(), numbers[0]);
        QVERIFY(shown.last().at(1).toStringList().join(QString()).contains(QLatin1String("SO.20261125.000008")));

        QPushButton *stock = atHaierButton(window, "checkStock");
        QVERIFY(stock && stock->isEnabled());
        QSignalSpy checked(window.actions(), &WindowActions::stockChecked);
        QTest::mouseClick(stock, Qt::LeftButton);
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.last().at(0).toString(), numbers[0]);
        // Asked of the open platform when the order's county is known, else the sentence says what is missing.
        QVERIFY2(sim.requestCount(QStringLiteral("openplat.stock")) >= 1 || checked.last().at(2).toString().contains(QLatin1String("county")),
                 qPrintable(checked.last().at(2).toString()));
    }

    // Availability and price of the order's lines, from the open platform, in a table; and the account
    // balance on the dashboard, on demand, with when it was fetched.
    void linesAtHaierAndBalance()
    {
        YlhSimulator sim(acceptingSim());
        QVERIFY(sim.listen());
        SimWindow w;
        QVERIFY(w.open(sim));
        const QString number = pushable(*w.db, w.profile, 1).value(0);
        QVERIFY(!number.isEmpty());
        const QList<StockNeed> needs = StockNeed::fromPayload(PayloadMapper::map(*w.store->loadByNumber(number), w.profile).payload);
        QVERIFY(!needs.isEmpty());
        // What Haier's open platform says of the first product's price, asked directly.
        QJsonValue expectedPrice;
        {
            QEventLoop loop;
            w.openplat->prices({needs[0].productCode}, [&](const ApiResult &r) {
                expectedPrice = r.data.toArray().first().toObject().value(QStringLiteral("supplyPrice"));
                loop.quit();
            });
            loop.exec();
        }
        QVERIFY(expectedPrice.isDouble());
        MainWindow &window = *w.window;
        window.show();
        showAtHaier(window, number);
        QPushButton *lines = atHaierButton(window, "linesAtHaier");
        QVERIFY(lines);
        QTRY_VERIFY(lines->isEnabled());
        QSignalSpy shown(window.actions(), &WindowActions::linesShown);
        QTest::mouseClick(lines, Qt::LeftButton);
        QVERIFY(shown.wait(10000));
        QVERIFY2(shown.last().at(1).toString().isEmpty(), qPrintable(shown.last().at(1).toString()));
        auto *dialog = window.findChild<QDialog *>(QStringLiteral("linesAtHaierDialog"));
        QVERIFY(dialog && dialog->isVisible());
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("linesAtHaierTable"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), int(needs.size()));
        QCOMPARE(table->item(0, 0)->text(), needs[0].productCode);
        QCOMPARE(table->item(0, 1)->text(), QString::number(needs[0].quantity));
        QCOMPARE(table->item(0, 5)->text(), QLocale().toString(expectedPrice.toDouble(), 'f', 2));
        QVERIFY(sim.requestCount(QStringLiteral("openplat.products")) >= 1);
        QCOMPARE(sim.requestCount(QStringLiteral("ylh.create_order")), 0); // nothing was pushed
        dialog->close();

        // The balance: not asked until the button is pressed; then the figure and when it was fetched.
        DashboardPage *dashboard = window.dashboardPage();
        window.showPage(MainWindow::Dashboard);
        QCOMPARE(sim.requestCount(QStringLiteral("openplat.balance")), 0);
        QVERIFY(!dashboard->balanceText().contains(QLatin1String("125")));
        QSignalSpy fetched(window.actions(), &WindowActions::balanceFetched);
        QTest::mouseClick(dashboard->balanceButton(), Qt::LeftButton);
        QVERIFY(fetched.wait(10000));
        const QString text = dashboard->balanceText();
        QVERIFY2(text.contains(QLocale().toString(125000.5, 'f', 2)), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("fetched")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("simulator")), qPrintable(text)); // the mock profile's figures say so
        QCOMPARE(sim.requestCount(QStringLiteral("openplat.balance")), 1);
        QCOMPARE(dashboard->findChild<QLabel *>(QStringLiteral("haierBalance"))->textFormat(), Qt::PlainText);

        // Without an open-platform connection the page says why.
        w.actions->setOpenPlatProvider([](QString *why) -> OpenPlatClient * {
            *why = QStringLiteral("No credential openplat.client_id is stored for profile mock.");
            return nullptr;
        });
        QTest::mouseClick(dashboard->balanceButton(), Qt::LeftButton);
        QVERIFY(fetched.wait(10000));
        QVERIFY2(dashboard->balanceText().contains(QLatin1String("not available")), qPrintable(dashboard->balanceText()));
        QVERIFY2(dashboard->balanceText().contains(QLatin1String("openplat.client_id")), qPrintable(dashboard->balanceText()));
        QCOMPARE(sim.requestCount(QStringLiteral("openplat.balance")), 1);
    }

    // Re-push after Haier cancelled, and reopen of a resolved job, from the At Haier tab: each button is
    // enabled exactly when the transition function allows it; reopen asks for a note.
    void repushAndReopenFromTheAtHaierTab()
    {
        YlhSimulator sim(acceptingSim());
        QVERIFY(sim.listen());
        SimWindow w;
        QVERIFY(w.open(sim));
        const QString number = pushable(*w.db, w.profile, 1).value(0);
        QVERIFY(w.push({number}));
        QString error;
        QVERIFY(w.db->exec(QStringLiteral("UPDATE orders_order SET haier_order_no = 'SO.20261125.000009', haier_status = 'confirmed' "
                                          "WHERE order_number = '%1'").arg(number), &error));
        MainWindow &window = *w.window;
        window.show();
        showAtHaier(window, number);
        QPushButton *repush = atHaierButton(window, "repushAfterCancel");
        QPushButton *reopen = atHaierButton(window, "reopenJob");
        QVERIFY(repush && reopen);
        // Accepted: neither applies.
        QCOMPARE(w.job(number).state, JobState::Accepted);
        QVERIFY(!repush->isEnabled());
        QVERIFY(!reopen->isEnabled());

        // Cancelled at Haier (the cancel taken, then Haier's callback State 1).
        QSignalSpy cancelled(window.actions(), &WindowActions::cancelFinished);
        window.actions()->cancelAtHaier({number}, QStringLiteral("客户取消"));
        QVERIFY(cancelled.wait(10000));
        JobWrite callback;
        callback.change = QStringLiteral("callback");
        QVERIFY(JobStore(*w.db).apply(w.job(number), JobEvent::callback(CallbackMethod::Cancel, 1), callback,
                                      w.clock.nowUtc().toMSecsSinceEpoch()).applied());
        QCOMPARE(w.job(number).state, JobState::Cancelled);
        QTRY_VERIFY(repush->isEnabled());
        QCOMPARE(repush->isEnabled(), OrderActions::canRepush(w.job(number)));
        QVERIFY(!reopen->isEnabled());

        // Declining the question sends nothing.
        QStringList questions;
        window.actions()->setQuestioner([&](const QString &, const QString &q) {
            questions << q;
            return false;
        });
        const int created = sim.requestCount(QStringLiteral("ylh.create_order"));
        QTest::mouseClick(repush, Qt::LeftButton);
        QCOMPARE(questions.size(), 1);
        QCOMPARE(sim.requestCount(QStringLiteral("ylh.create_order")), created);
        QCOMPARE(w.job(number).state, JobState::Cancelled);
        // Yes: a new soId goes to Haier, audited.
        window.actions()->setQuestioner([](const QString &, const QString &) { return true; });
        const QString oldSoId = w.job(number).soId;
        QSignalSpy pushed(window.actions(), &WindowActions::pushFinished);
        QTest::mouseClick(repush, Qt::LeftButton);
        QVERIFY(pushed.wait(10000));
        QCOMPARE(w.job(number).state, JobState::Accepted);
        QVERIFY(w.job(number).soId != oldSoId);
        QVERIFY(w.job(number).soId.endsWith(QLatin1String("-2")));
        QVERIFY(auditActions(*w.db, number).contains(QStringLiteral("repush")));
        QTRY_VERIFY(!repush->isEnabled());

        // Resolved: reopen is offered; a cancelled note changes nothing; with a note the job returns.
        QCOMPARE(w.actions->resolve({number}, QStringLiteral("客户改天再买")).first().outcome, ActionResult::Outcome::Done);
        QTRY_VERIFY(reopen->isEnabled());
        QVERIFY(!repush->isEnabled());
        window.actions()->setNoteAsker([](const QString &, const QString &) { return std::optional<QString>(); });
        QTest::mouseClick(reopen, Qt::LeftButton);
        QCOMPARE(w.job(number).state, JobState::Resolved);
        window.actions()->setNoteAsker([](const QString &, const QString &) { return std::optional<QString>(QStringLiteral("客户又要了")); });
        QSignalSpy reopened(window.actions(), &WindowActions::reopenFinished);
        QTest::mouseClick(reopen, Qt::LeftButton);
        QCOMPARE(reopened.size(), 1);
        QVERIFY(reopened.first().at(0).toStringList().isEmpty());
        QCOMPARE(w.job(number).state, JobState::Accepted);
        QSqlQuery q(w.db->sql());
        QVERIFY(q.exec(QStringLiteral("SELECT action, detail FROM console_audit_log WHERE order_number = '%1' ORDER BY id DESC LIMIT 1").arg(number)) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("reopen"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("客户又要了"));
        QTRY_VERIFY(!reopen->isEnabled());
    }
};

QTEST_MAIN(TestUiHaierActions)
#include "tst_ui_haieractions.moc"
