#include "models/database.h"
#include "models/demodata.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "models/clock.h"
#include "net/orderactions.h"
#include "ui/mainwindow.h"
#include "ui/windowactions.h"
#include "ui/orderspage.h"

#include <QApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

class TestUiMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void showsOrdersSearchesAndReviews()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("ui.sqlite")), &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        QVERIFY2(DemoData(*db).generate(300, 11, nullptr, &error), qPrintable(error));
        OrderStore store(*db);

        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, Profile::preset(ProfileKind::Mock), {});
        MainWindow window(*db, store, windowActions);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        OrdersPage *page = window.ordersPage();
        // Paid orders by default, newest first, the first one selected and reviewed.
        QVERIFY(page->model()->rowCount() > 100);
        QCOMPARE(page->model()->index(0, OrderListModel::Status).data(OrderListModel::RawValueRole).toString(), QStringLiteral("paid"));
        QVERIFY(!page->reviewText()->toPlainText().isEmpty());

        // Search by an exact order number narrows the list to that order.
        const QString number = page->model()->index(5, OrderListModel::OrderNumber).data().toString();
        QSignalSpy reset(page->model(), &QAbstractItemModel::modelReset);
        page->searchBox()->setText(number);
        QVERIFY(reset.wait(2000));
        QCOMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->index(0, OrderListModel::OrderNumber).data().toString(), number);
        const QString review = page->reviewText()->toPlainText();
        // Either the payload that would be sent, or every reason it would be refused.
        QVERIFY2(review.contains(number) || review.contains(QStringLiteral("•")), qPrintable(review));
    }

    void refreshesWhenAnotherProcessChangesAnOrder()
    {
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath(QStringLiteral("live.sqlite"));
        auto db = Database::open(path, &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(50, 4, nullptr, &error));
        OrderStore store(*db);
        SystemClock windowClock;
        OrderActions windowActions(*db, windowClock, Profile::preset(ProfileKind::Mock), {});
        MainWindow window(*db, store, windowActions);
        window.show();
        OrdersPage *page = window.ordersPage();
        int row = 0;
        while (!page->model()->index(row, OrderListModel::HaierStatus).data(OrderListModel::RawValueRole).toString().isEmpty())
            ++row;
        const QString number = page->model()->index(row, OrderListModel::OrderNumber).data().toString();
        // Another process (here: another connection) records Haier's confirmation.
        auto other = Database::open(path, &error);
        QVERIFY(other->exec(QStringLiteral("UPDATE orders_order SET haier_status = 'confirmed' WHERE order_number = '%1'").arg(number), &error));
        QVERIFY(other->exec(QStringLiteral("INSERT INTO console_callbacks (received_at, dedupe_key) VALUES (1, 'x')"), &error));
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->index(row, OrderListModel::HaierStatus).data(OrderListModel::RawValueRole).toString(),
                                  QStringLiteral("confirmed"), 5000);
    }
};

QTEST_MAIN(TestUiMainWindow)
#include "tst_ui_mainwindow.moc"
