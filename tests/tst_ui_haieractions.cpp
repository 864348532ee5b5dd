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

#include <QNetworkAccessManager>
#include <QSignalSpy>
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
};

QTEST_MAIN(TestUiHaierActions)
#include "tst_ui_haieractions.moc"
