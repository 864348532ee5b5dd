// OrderStore, ProfileStore and DemoData against SQLite and PostgreSQL.
#include "models/database.h"
#include "models/demodata.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "models/profilestore.h"
#include "testdb.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTimeZone>
#include <QtTest>

namespace {

std::unique_ptr<Database> openMigrated(const QString &location)
{
    QString error;
    auto db = Database::open(location, &error);
    if (!db || db->migrate(&error) < 0)
        qFatal("cannot open test database: %s", qPrintable(error));
    return db;
}

// One hand-made multi-line order and one legacy single-product order, as the shop would store them.
void insertKnownOrders(Database &db)
{
    QString error;
    const QStringList statements{
        QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source, price, market_price) VALUES "
                       "(901, '海尔 冰箱 BCD-470', 'BH0250A2G', 'haier', 3999.00, 4599.00), "
                       "(902, '海尔 洗衣机 EG100', 'CEAAJ4001', 'haier', 2499.00, 2799.00)"),
        QStringLiteral("INSERT INTO orders_order (id, order_number, status, quantity, total_amount, created_at, "
                       "snapshot_contact_name, snapshot_phone, snapshot_province, snapshot_city, snapshot_district, "
                       "snapshot_town, snapshot_address, note, is_delivery_install, is_government_order, haier_so_id, haier_order_no) VALUES "
                       "(17, 'HMM20251124001', 'paid', 3, 6497.98, '2025-11-24 02:30:00', '张伟', '13912349000', '山东省', "
                       "'青岛市', '崂山区', '中韩街道', '海尔路1号', '请工作日送货', {FALSE}, {TRUE}, NULL, '')"),
        QStringLiteral("INSERT INTO orders_orderitem (order_id, product_id, sku_code, product_name, quantity, unit_price, "
                       "discount_amount, actual_amount) VALUES (17, 901, 'BH0250A2G', '海尔 冰箱 BCD-470', 1, 3999.00, 0, 3999.00), "
                       "(17, 902, '', '海尔 洗衣机 EG100', 2, 2499.00, 249.01, 2249.99)"),
        QStringLiteral("INSERT INTO orders_order (id, order_number, status, quantity, total_amount, discount_amount, actual_amount, "
                       "created_at, snapshot_contact_name, snapshot_phone, product_id, haier_so_id, haier_order_no, haier_status) VALUES "
                       "(18, 'HMM20251124002', 'paid', 2, 8398.00, 800.00, 8398.00, '2025-11-24 03:00:00', '欧阳娜娜', "
                       "'13800001234', 901, 'HMM20251124002-18', 'SO.20251124.000018', 'confirmed')"),
    };
    for (const QString &s : statements) {
        QString sql = s;
        if (db.isPostgres())
            sql.replace(QLatin1String("'2025-11-24 0"), QLatin1String("TIMESTAMPTZ '2025-11-24 0"));
        if (!db.exec(sql, &error))
            qFatal("insert failed: %s", qPrintable(error));
    }
}

} // namespace

class TestStorage : public QObject
{
    Q_OBJECT

private slots:
    void loadsOrderWithLinesAndProducts_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void loadsOrderWithLinesAndProducts()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        insertKnownOrders(*db);
        OrderStore store(*db);
        QString error;
        const auto order = store.loadByNumber(QStringLiteral("HMM20251124001"), &error);
        QVERIFY2(order, qPrintable(error));
        QCOMPARE(order->id, 17);
        QCOMPARE(order->contactName, QStringLiteral("张伟"));
        QCOMPARE(order->town, QStringLiteral("中韩街道"));
        QCOMPARE(order->totalAmount.cents(), 649798);
        QCOMPARE(order->createdAt, QDateTime(QDate(2025, 11, 24), QTime(2, 30), QTimeZone::utc()));
        QVERIFY(!order->deliveryInstall);
        QVERIFY(order->governmentOrder);
        QVERIFY(order->haierSoId.isEmpty());
        QVERIFY(!order->distributionTime.isValid());
        QCOMPARE(order->lines.size(), 2);
        QCOMPARE(order->lines.at(1).quantity, 2);
        QCOMPARE(order->lines.at(1).actualAmount.cents(), 224999);
        QCOMPARE(order->lines.at(1).discountAmount.cents(), 24901);
        QVERIFY(order->lines.at(1).product);
        QCOMPARE(order->lines.at(1).product->productCode, QStringLiteral("CEAAJ4001"));
        QCOMPARE(order->lines.at(1).product->source, QStringLiteral("haier"));

        const auto legacy = store.loadById(18, &error);
        QVERIFY2(legacy, qPrintable(error));
        QVERIFY(legacy->lines.isEmpty());
        QVERIFY(legacy->legacyProduct);
        QCOMPARE(legacy->legacyProduct->marketPrice->cents(), 459900);
        QCOMPARE(legacy->discountAmount->cents(), 80000);
        QCOMPARE(legacy->haierStatus, QStringLiteral("confirmed"));

        QVERIFY(!store.loadByNumber(QStringLiteral("NO-SUCH"), &error));
        QVERIFY(error.isEmpty());
    }

    void searchFindsByEveryKey_data()
    {
        TestDb::addBackendColumn();
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("expected");
        for (const char *backend : {"sqlite", "postgres"}) {
            const QString b = QString::fromLatin1(backend);
            auto row = [&](const char *name, const QString &search, const QStringList &expected) {
                QTest::newRow(qPrintable(b + QLatin1Char(' ') + QLatin1String(name))) << b << search << expected;
            };
            row("order number", QStringLiteral("HMM20251124001"), {QStringLiteral("HMM20251124001")});
            row("soId", QStringLiteral("HMM20251124002-18"), {QStringLiteral("HMM20251124002")});
            row("haier order no", QStringLiteral("SO.20251124.000018"), {QStringLiteral("HMM20251124002")});
            row("full phone", QStringLiteral("13912349000"), {QStringLiteral("HMM20251124001")});
            row("last 4 digits", QStringLiteral("1234"), {QStringLiteral("HMM20251124002")});
            row("name prefix", QStringLiteral("欧阳"), {QStringLiteral("HMM20251124002")});
            row("full name", QStringLiteral("张伟"), {QStringLiteral("HMM20251124001")});
            row("wildcards are literal", QStringLiteral("%"), {});
            row("nothing", QStringLiteral("李"), {});
        }
    }
    void searchFindsByEveryKey()
    {
        QFETCH(QString, backend);
        QFETCH(QString, search);
        QFETCH(QStringList, expected);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        insertKnownOrders(*db);
        OrderStore store(*db);
        QString error;
        OrderQuery query;
        query.search = search;
        QStringList found;
        for (const OrderSummary &s : store.page(query, 0, 10, &error))
            found << s.orderNumber;
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(found, expected);
        QCOMPARE(store.count(query), expected.size());
    }

    void everySortKeyPagesWithoutLossOrRepeat_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("key");
        QTest::addColumn<bool>("ascending");
        QTest::addColumn<QString>("status");
        const QList<QPair<const char *, OrderSortKey>> keys{
            {"id", OrderSortKey::Id}, {"number", OrderSortKey::OrderNumber}, {"status", OrderSortKey::Status},
            {"haier", OrderSortKey::HaierStatus}, {"name", OrderSortKey::Consignee}, {"total", OrderSortKey::Total},
            {"created", OrderSortKey::CreatedAt}, {"soid", OrderSortKey::SoId}};
        for (const char *backend : {"sqlite", "postgres"}) {
            for (const auto &[name, key] : keys) {
                for (bool up : {true, false}) {
                    for (const char *status : {"", "paid"}) {
                        QTest::addRow("%s %s %s%s%s", backend, name, up ? "up" : "down", *status ? " " : "", status)
                            << QString::fromLatin1(backend) << int(key) << up << QString::fromLatin1(status);
                    }
                }
            }
        }
    }
    void everySortKeyPagesWithoutLossOrRepeat()
    {
        QFETCH(QString, backend);
        QFETCH(int, key);
        QFETCH(bool, ascending);
        QFETCH(QString, status);
        static QHash<QString, std::shared_ptr<Database>> shared; // one database per backend for all rows
        std::shared_ptr<Database> &db = shared[backend];
        static QTemporaryDir dir;
        if (!db) {
            const QString location = TestDb::freshLocation(backend, dir);
            if (location.isEmpty())
                QSKIP("no PostgreSQL server configured (CONSOLE_TEST_PG_URL)");
            db = openMigrated(location);
            QString error;
            QVERIFY2(DemoData(*db).generate(700, 11, nullptr, &error), qPrintable(error));
            // NULLs and ties in every sortable column, as a shop's own rows may have them.
            QVERIFY2(db->exec(QStringLiteral("UPDATE orders_order SET haier_status = '', haier_so_id = NULL WHERE id % 3 = 0"), &error),
                     qPrintable(error));
            QVERIFY2(db->exec(QStringLiteral("UPDATE orders_order SET snapshot_contact_name = '王伟', total_amount = 1999.00 "
                                             "WHERE id % 7 = 0"), &error), qPrintable(error));
            QVERIFY2(db->exec(QStringLiteral("UPDATE orders_order SET created_at = (SELECT created_at FROM orders_order WHERE id = 5) "
                                             "WHERE id % 11 = 0"), &error), qPrintable(error));
        }
        OrderStore store(*db);
        OrderQuery query;
        query.sortKey = OrderSortKey(key);
        query.ascending = ascending;
        query.status = status;
        QString error;

        // One unpaged read is the truth; pages of 37 must give exactly the same rows in the same order.
        const QList<OrderSummary> all = store.page(query, OrderCursor(), 100000, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(all.size(), store.count(query));
        QList<qint64> paged;
        OrderCursor cursor;
        for (int guard = 0; guard < 1000; ++guard) {
            const QList<OrderSummary> page = store.page(query, cursor, 37, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            for (const OrderSummary &r : page)
                paged << r.id;
            if (page.size() < 37)
                break;
            cursor = OrderCursor::after(page.constLast());
        }
        QList<qint64> expected;
        for (const OrderSummary &r : all)
            expected << r.id;
        QCOMPARE(paged, expected);

        // And the order is the column's: compare neighbours by the shown value (NULLs at one end).
        auto value = [&](const OrderSummary &r) -> QVariant {
            switch (OrderSortKey(key)) {
            case OrderSortKey::Id: return r.id;
            case OrderSortKey::Total: return r.totalAmount.cents();
            case OrderSortKey::CreatedAt: return r.createdAt;
            default: return r.sortValue;
            }
        };
        int nullRuns = 0;
        for (int i = 1; i < all.size(); ++i) {
            const QVariant a = value(all[i - 1]), b = value(all[i]);
            if (a.isNull() != b.isNull()) {
                ++nullRuns;
                continue;
            }
            if (a.isNull())
                QVERIFY(ascending ? all[i - 1].id < all[i].id : all[i - 1].id > all[i].id);
            else if (a == b)
                QVERIFY2(ascending ? all[i - 1].id < all[i].id : all[i - 1].id > all[i].id, "ties go by id");
            else if (OrderSortKey(key) == OrderSortKey::Total || OrderSortKey(key) == OrderSortKey::Id)
                QVERIFY(ascending ? a.toLongLong() < b.toLongLong() : a.toLongLong() > b.toLongLong());
            else if (OrderSortKey(key) == OrderSortKey::CreatedAt)
                QVERIFY(ascending ? a.toDateTime() < b.toDateTime() : a.toDateTime() > b.toDateTime());
        }
        QVERIFY2(nullRuns <= 1, "NULL values stay together at one end");
    }

    void demoDataPagesByKeyset_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void demoDataPagesByKeyset()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        DemoData demo(*db);
        DemoData::Stats stats;
        QString error;
        QVERIFY2(demo.generate(1500, 7, &stats, &error), qPrintable(error));
        QCOMPARE(stats.orders, 1500);
        QVERIFY(stats.lines >= 1200);
        OrderStore store(*db);
        QCOMPARE(store.count({}), 1500);

        // Walking pages of 100 visits every order once, newest first.
        QSet<qint64> seen;
        qint64 before = 0;
        qint64 previous = std::numeric_limits<qint64>::max();
        for (;;) {
            const auto page = store.page({}, before, 100, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            if (page.isEmpty())
                break;
            for (const OrderSummary &s : page) {
                QVERIFY(s.id < previous);
                previous = s.id;
                seen.insert(s.id);
            }
            before = page.constLast().id;
        }
        QCOMPARE(seen.size(), 1500);

        // The awkward orders an operator meets are all there.
        QSqlQuery q(db->sql());
        auto countWhere = [&](const QString &where) {
            q.exec(QStringLiteral("SELECT COUNT(*) FROM orders_order WHERE ") + where);
            q.next();
            return q.value(0).toInt();
        };
        QVERIFY(countWhere(QStringLiteral("status = 'pending'")) > 0);
        QVERIFY(countWhere(QStringLiteral("snapshot_phone = ''")) > 0);
        QVERIFY(countWhere(QStringLiteral("snapshot_phone LIKE '%-%'")) > 0);
        QVERIFY(countWhere(QStringLiteral("haier_so_id IS NOT NULL")) > 0);
        QVERIFY(countWhere(QStringLiteral("product_id IS NOT NULL")) > 0); // legacy single-product
        QVERIFY(countWhere(QStringLiteral("id IN (SELECT order_id FROM orders_orderitem i JOIN catalog_product p "
                                          "ON p.id = i.product_id WHERE p.source <> 'haier')")) > 0);
        QVERIFY(countWhere(QStringLiteral("id IN (SELECT order_id FROM orders_orderitem GROUP BY order_id HAVING COUNT(*) > 1)")) > 0);

        // A second run appends, and the same seed gives the same orders.
        QVERIFY2(demo.generate(10, 7, &stats, &error), qPrintable(error));
        QCOMPARE(store.count({}), 1510);
    }

    void orderListModelReadsOnlyWhatIsShown_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("column");
        for (const char *backend : {"sqlite", "postgres"}) {
            QTest::addRow("%s by date", backend) << QString::fromLatin1(backend) << int(OrderListModel::CreatedAt);
            QTest::addRow("%s by soId (NULLs)", backend) << QString::fromLatin1(backend) << int(OrderListModel::SoId);
            QTest::addRow("%s by total", backend) << QString::fromLatin1(backend) << int(OrderListModel::Total);
        }
    }
    void orderListModelReadsOnlyWhatIsShown()
    {
        QFETCH(QString, backend);
        QFETCH(int, column);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        QString error;
        QVERIFY2(DemoData(*db).generate(1450, 3, nullptr, &error), qPrintable(error));
        QVERIFY(db->exec(QStringLiteral("UPDATE orders_order SET haier_so_id = NULL WHERE id % 4 = 0"), &error));
        OrderStore store(*db);
        OrderListModel model(store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(50);
        model.setCachedPages(4);
        model.sort(column, Qt::AscendingOrder);
        // The whole count at once, the rows only as they are shown.
        QCOMPARE(model.rowCount(), 1450);
        QVERIFY(model.cachedPages() <= 4);

        OrderQuery truthQuery = model.query();
        const QList<OrderSummary> truth = store.page(truthQuery, OrderCursor(), 100000, &error);
        QCOMPARE(truth.size(), 1450);
        // Jumps in any order (the end, the middle, back near the start) give the rows at those places.
        for (int row : {1449, 725, 3, 1400, 49, 50, 999, 1000, 0, 1448, 777, 776}) {
            const OrderSummary *s = model.summaryAt(row);
            QVERIFY2(s && s->id == truth[row].id, qPrintable(QStringLiteral("row %1").arg(row)));
            QVERIFY(model.cachedPages() <= 4);
        }
        // Walking down the whole list, as scrolling does, shows every order once and in order.
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.summaryAt(row)->id, truth[row].id);
        QVERIFY(model.cachedPages() <= 4);
        // And upwards from the end.
        for (int row = model.rowCount() - 1; row >= 0; --row)
            QCOMPARE(model.summaryAt(row)->id, truth[row].id);

        // A view asking for a row it has not got gets a placeholder, then the row once the loop turns.
        model.setCachedPages(2);
        model.reload();
        const QModelIndex far = model.index(1300, OrderListModel::OrderNumber);
        QCOMPARE(far.data().toString(), QStringLiteral("…"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QTRY_VERIFY(!changed.isEmpty());
        QCOMPARE(far.data().toString(), truth[1300].orderNumber);

        // Filtered: only paid rows, all of them.
        OrderQuery paid = model.query();
        paid.status = QStringLiteral("paid");
        model.setQuery(paid);
        QCOMPARE(model.rowCount(), store.count(paid));
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.summaryAt(r)->status, QStringLiteral("paid"));

        // A refresh with the same count keeps the rows (no reset) and reads them again.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(db->exec(QStringLiteral("UPDATE orders_order SET haier_fail_msg = 'changed elsewhere' WHERE id = %1")
                             .arg(model.summaryAt(0)->id), &error));
        model.refresh();
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.summaryAt(0)->haierFailMsg, QStringLiteral("changed elsewhere"));
    }

    void profilesPresetsAndReplace_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void profilesPresetsAndReplace()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        ProfileStore profiles(*db);
        QString error;
        QVERIFY2(profiles.ensurePresets(&error), qPrintable(error));
        QVERIFY(profiles.ensurePresets(&error)); // idempotent
        QCOMPARE(profiles.list().size(), 4);
        QCOMPARE(profiles.activeName(), QStringLiteral("mock"));
        const auto production = profiles.get(QStringLiteral("production"));
        QVERIFY(production);
        QCOMPARE(production->ylh.orderBaseUrl.toString(), QStringLiteral("http://www.yilihuo.com/ylh-cloud-service-jst-order"));
        QVERIFY(!production->warnings().isEmpty()); // plain http in production is flagged

        Profile custom = Profile::preset(ProfileKind::Test);
        custom.name = QStringLiteral("acceptance");
        custom.codes.sellerCode = QStringLiteral("8800539012");
        QVERIFY2(profiles.save(custom, &error), qPrintable(error));
        custom.codes.sellerCode = QStringLiteral("8800000002");
        QVERIFY2(profiles.save(custom, &error), qPrintable(error));
        QCOMPARE(profiles.list().size(), 5);
        QCOMPARE(profiles.get(QStringLiteral("acceptance"))->codes.sellerCode, QStringLiteral("8800000002"));
        QVERIFY(profiles.setActive(QStringLiteral("acceptance"), &error));
        QCOMPARE(profiles.active()->name, QStringLiteral("acceptance"));
        QVERIFY(!profiles.setActive(QStringLiteral("missing"), &error));
        QCOMPARE(profiles.activeName(), QStringLiteral("acceptance"));
    }
};

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
