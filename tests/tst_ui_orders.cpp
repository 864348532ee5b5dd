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
#include <QLocale>
#include <QLabel>
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
        // The count the filter matches is said beside the filters, with the selection when there is one.
        auto *count = page.findChild<QLabel *>(QStringLiteral("orderCount"));
        QVERIFY(count);
        QCOMPARE(count->text(), OrdersPage::tr("%Ln order(s)", nullptr, paid));
        page.table()->selectRow(0);
        page.table()->selectionModel()->select(model->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(count->text(), OrdersPage::tr("%Ln order(s), %1 selected", nullptr, paid).arg(2));

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

        // Every column sorts in the database; fetching to the end gives every paid order once, in order.
        QCOMPARE(model->sortColumn(), int(OrderListModel::CreatedAt));
        QCOMPARE(model->sortOrder(), Qt::DescendingOrder);
        auto fetchAll = [&] {
            for (int r = 0; r < model->rowCount(); ++r)
                model->summaryAt(r);
        };
        page.table()->sortByColumn(OrderListModel::CreatedAt, Qt::AscendingOrder);
        fetchAll();
        QCOMPARE(model->rowCount(), paid);
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->index(r, OrderListModel::CreatedAt).data(OrderListModel::RawValueRole).toDateTime()
                    >= model->index(r - 1, OrderListModel::CreatedAt).data(OrderListModel::RawValueRole).toDateTime());
        page.table()->sortByColumn(OrderListModel::Total, Qt::DescendingOrder);
        QCOMPARE(model->sortColumn(), int(OrderListModel::Total));
        fetchAll();
        QCOMPARE(model->rowCount(), paid);
        QSet<qint64> ids;
        for (int r = 0; r < model->rowCount(); ++r) {
            ids.insert(model->index(r, 0).data(OrderListModel::OrderIdRole).toLongLong());
            if (r > 0)
                QVERIFY(model->index(r, OrderListModel::Total).data(OrderListModel::RawValueRole).toLongLong()
                        <= model->index(r - 1, OrderListModel::Total).data(OrderListModel::RawValueRole).toLongLong());
        }
        QCOMPARE(ids.size(), paid);
        page.table()->sortByColumn(OrderListModel::Consignee, Qt::AscendingOrder);
        QCOMPARE(model->sortColumn(), int(OrderListModel::Consignee));
        QCOMPARE(model->sortOrder(), Qt::AscendingOrder);
        fetchAll();
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->index(r, OrderListModel::Consignee).data().toString().toUtf8()
                    >= model->index(r - 1, OrderListModel::Consignee).data().toString().toUtf8());
        // A filter keeps the chosen order.
        page.pushStateBox()->setCurrentIndex(page.pushStateBox()->findData(QStringLiteral("none")));
        QCOMPARE(model->sortColumn(), int(OrderListModel::Consignee));
        fetchAll();
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->index(r, OrderListModel::Consignee).data().toString().toUtf8()
                    >= model->index(r - 1, OrderListModel::Consignee).data().toString().toUtf8());
        page.pushStateBox()->setCurrentIndex(0);
        page.table()->sortByColumn(OrderListModel::CreatedAt, Qt::DescendingOrder);

        // Ctrl+End in a list read page by page: the last order shows, reviewed, with only a few pages held.
        model->setPageSize(20);
        model->setCachedPages(4);
        model->reload();
        page.table()->setFocus();
        page.table()->setCurrentIndex(model->index(0, 0));
        QTest::keyClick(page.table(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(page.table()->currentIndex().row(), paid - 1);
        QTRY_VERIFY(model->index(paid - 1, OrderListModel::OrderNumber).data().toString().startsWith(QLatin1String("HMM")));
        QVERIFY(model->cachedPages() <= 4);
        QVERIFY2(page.fieldTable()->rowCount() > 0, "the review follows the current row");
        QTest::keyClick(page.table(), Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(page.table()->currentIndex().row(), 0);
        QTRY_VERIFY(model->index(0, OrderListModel::OrderNumber).data().toString().startsWith(QLatin1String("HMM")));
        model->setPageSize(200);
        model->setCachedPages(64);
        model->reload();

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
