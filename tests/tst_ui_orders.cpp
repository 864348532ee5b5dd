// The orders page's filters, keyset sorting, push-state badge and the review's field table.
#include "models/database.h"
#include "models/demodata.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "ui/orderspage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateEdit>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

class TestUiOrders : public QObject
{
    Q_OBJECT

private slots:
    void filtersSortingBadgesAndFields()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("o.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        QVERIFY(DemoData(*db).generate(400, 3, nullptr, &error));
        // One pushed and refused by Haier, with its reason.
        QVERIFY(db->exec(QStringLiteral("UPDATE orders_order SET haier_status = 'rejected', haier_so_id = 'X-1', "
                                        "haier_fail_msg = '地址不详' WHERE id = (SELECT MIN(id) FROM orders_order WHERE status = 'paid')"), &error));
        OrderStore store(*db);
        OrdersPage page(store, Profile::preset(ProfileKind::Mock));
        page.setDatabase(db.get());
        page.show();
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        OrderListModel *model = page.model();
        const int paid = model->rowCount();
        QVERIFY(paid > 0);

        // Push state: only the refused one; its badge is red with Haier's reason on hover.
        page.pushStateBox()->setCurrentIndex(page.pushStateBox()->findData(QStringLiteral("rejected")));
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex badge = model->index(0, OrderListModel::HaierStatus);
        QCOMPARE(badge.data(Qt::BackgroundRole).value<QColor>(), QColor(0xc6, 0x28, 0x28));
        QVERIFY2(badge.data(Qt::ToolTipRole).toString().contains(QStringLiteral("地址不详")), qPrintable(badge.data(Qt::ToolTipRole).toString()));
        page.pushStateBox()->setCurrentIndex(page.pushStateBox()->findData(QStringLiteral("none")));
        for (int r = 0; r < model->rowCount(); ++r)
            QVERIFY(model->index(r, OrderListModel::HaierStatus).data(OrderListModel::RawValueRole).toString().isEmpty());
        page.pushStateBox()->setCurrentIndex(0);

        // Date range (the shop's days): one day shows only that day's orders.
        const QDateTime newest = model->index(0, OrderListModel::CreatedAt).data(OrderListModel::RawValueRole).toDateTime();
        const QDate day = newest.toTimeZone(QTimeZone(8 * 3600)).date();
        page.fromDate()->setDate(day);
        page.toDate()->setDate(day);
        QVERIFY(model->rowCount() > 0 && model->rowCount() < paid);
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->index(r, OrderListModel::CreatedAt).data(OrderListModel::RawValueRole).toDateTime().toTimeZone(QTimeZone(8 * 3600)).date(), day);
        page.fromDate()->setDate(page.fromDate()->minimumDate());
        page.toDate()->setDate(page.toDate()->minimumDate());
        QCOMPARE(model->rowCount() >= qMin(paid, 200), true);

        // Sorting by date: oldest first through the keyset; other columns do not sort.
        const qint64 newestId = model->index(0, 0).data(OrderListModel::OrderIdRole).toLongLong();
        page.table()->sortByColumn(OrderListModel::CreatedAt, Qt::AscendingOrder);
        QVERIFY(model->isOldestFirst());
        const qint64 oldestId = model->index(0, 0).data(OrderListModel::OrderIdRole).toLongLong();
        QVERIFY(oldestId < newestId);
        while (model->canFetchMore(QModelIndex()))
            model->fetchMore(QModelIndex());
        QCOMPARE(model->rowCount(), paid);
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->index(r, 0).data(OrderListModel::OrderIdRole).toLongLong() > model->index(r - 1, 0).data(OrderListModel::OrderIdRole).toLongLong());
        page.table()->sortByColumn(OrderListModel::Consignee, Qt::DescendingOrder);
        QVERIFY(model->isOldestFirst());
        QCOMPARE(model->index(0, 0).data(OrderListModel::OrderIdRole).toLongLong(), oldestId);
        page.table()->sortByColumn(OrderListModel::OrderNumber, Qt::DescendingOrder);
        QVERIFY(!model->isOldestFirst());

        // Review: local field → Haier field → value; a bad phone is marked on its field.
        page.statusBox()->setCurrentIndex(0);
        bool sawProblem = false, sawGood = false;
        for (int r = 0; r < model->rowCount() && !(sawProblem && sawGood); ++r) {
            page.table()->selectRow(r);
            QTableWidget *fields = page.fieldTable();
            if (fields->rowCount() == 0)
                continue;
            for (int f = 0; f < fields->rowCount(); ++f) {
                if (fields->item(f, 1)->text() == QLatin1String("consigneeMobile")) {
                    QCOMPARE(fields->item(f, 0)->text().isEmpty(), false);
                    if (!fields->item(f, 2)->toolTip().isEmpty()) {
                        sawProblem = true;
                        QVERIFY(fields->item(f, 2)->text().startsWith(QStringLiteral("⚠")));
                    } else {
                        sawGood = true;
                        QCOMPARE(fields->item(f, 2)->text().size(), 11);
                    }
                }
            }
        }
        QVERIFY(sawGood);
        QVERIFY(sawProblem);
        // The pushed one shows its Haier side.
        page.searchBox()->setText(QStringLiteral("X-1"));
        QTRY_COMPARE(model->rowCount(), 1);
        page.table()->selectRow(0);
        QVERIFY2(page.haierText()->toPlainText().contains(QStringLiteral("地址不详")), qPrintable(page.haierText()->toPlainText()));
    }
};

QTEST_MAIN(TestUiOrders)
#include "tst_ui_orders.moc"
