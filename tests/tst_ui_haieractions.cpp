// A push, 改约 and a cancellation from the window, through the real YLH client against the simulator.
#include "models/clock.h"
#include "models/database.h"
#include "models/demodata.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"
#include "net/pushengine.h"
#include "net/ylhclient.h"
#include "net/ylhsender.h"
#include "tools/ylh-sim/ylhsimulator.h"
#include "ui/mainwindow.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

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
        Profile profile = Profile::preset(ProfileKind::Mock);
        const QUrl base = sim.baseUrl();
        auto at = [&](const QString &path) { QUrl u = base; u.setPath(path); return u; };
        profile.ylh.authBaseUrl = at(QStringLiteral("/ylh-cloud-mgt-auth-dev"));
        profile.ylh.orderBaseUrl = at(QStringLiteral("/ylh-cloud-service-jst-order-dev"));
        profile.ylh.orderServiceBaseUrl = at(QStringLiteral("/ylh-cloud-service-order-dev"));
        profile.ylh.stockBaseUrl = at(QStringLiteral("/ylh-cloud-service-stock-dev"));

        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("h.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(40, 8, nullptr, &error));
        OrderStore store(*db);
        SystemClock clock;
        QNetworkAccessManager network;
        YlhClient client(network, clock);
        client.setProfile(profile);
        client.setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                               QStringLiteral("demo-password")});
        YlhSender sender(client);
        MainWindow window(*db, store, profile, [&](QString *) { return MainWindow::PushServices{&sender, nullptr, &client}; });
        window.setConfirmer([](const Profile &, int) { return true; });

        QString number;
        for (const QString &n : PushEngine::allPaidCandidates(*db, profile.name, &error)) {
            if (PayloadMapper::map(*store.loadByNumber(n), profile).ok()) {
                number = n;
                break;
            }
        }
        QVERIFY(!number.isEmpty());
        QSignalSpy pushed(&window, &MainWindow::pushFinished);
        window.push({number});
        QVERIFY(pushed.wait(10000));
        const auto job = JobStore(*db).findForOrder(profile.name, store.loadByNumber(number)->id);
        QCOMPARE(job->state, QStringLiteral("accepted"));
        // As Haier's confirmation would: the Haier order number on the order.
        QVERIFY(db->exec(QStringLiteral("UPDATE orders_order SET haier_order_no = 'SO.20261125.000001', haier_status = 'confirmed' "
                                        "WHERE order_number = '%1'").arg(number), &error));

        QSignalSpy rescheduled(&window, &MainWindow::rescheduleFinished);
        window.reschedule(number, QDate::currentDate().addDays(3), QDate::currentDate().addDays(4));
        QVERIFY(rescheduled.wait(10000));
        QVERIFY2(rescheduled.first().at(0).toBool(), qPrintable(rescheduled.first().at(1).toString()));

        QSignalSpy cancelled(&window, &MainWindow::cancelFinished);
        window.cancelAtHaier({number}, QStringLiteral("客户取消"));
        QVERIFY(cancelled.wait(10000));
        QVERIFY2(cancelled.first().at(0).toStringList().isEmpty(), qPrintable(cancelled.first().at(0).toStringList().join(QLatin1Char('\n'))));
        QCOMPARE(JobStore(*db).get(job->id)->state, QStringLiteral("cancelled"));
        QCOMPARE(store.loadByNumber(number)->haierStatus, QStringLiteral("cancelled"));
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
        window.cancelAtHaier({other}, QStringLiteral("x"));
        QTRY_COMPARE(cancelled.size(), 2);
        QVERIFY(cancelled.at(1).at(0).toStringList().join(QString()).contains(QLatin1String("never accepted")));
    }
};

QTEST_MAIN(TestUiHaierActions)
#include "tst_ui_haieractions.moc"
