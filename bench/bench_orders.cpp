// The order list on a large database: first page, searches, deep scrolling, memory.
// Usage: bench_orders [DB_PATH] [ORDERS] — creates the demo database when it has fewer orders.
#include "benchutil.h"

#include "models/database.h"
#include "models/demodata.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlQuery>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const QString path = args.value(1, QDir::temp().filePath(QStringLiteral("haier-console-bench-1m.sqlite")));
    const qint64 wanted = args.value(2, QStringLiteral("1000000")).toLongLong();
    QString error;
    {
        auto db = Database::open(path, &error);
        if (!db || db->migrate(&error) < 0) {
            qCritical("%s", qPrintable(error));
            return 1;
        }
        const qint64 have = OrderStore(*db).count({});
        if (have < wanted) {
            QElapsedTimer t;
            t.start();
            if (!DemoData(*db).generate(wanted - have, 1, nullptr, &error)) {
                qCritical("%s", qPrintable(error));
                return 1;
            }
            Bench::row(QStringLiteral("demo-data insert (orders/s)"),
                       QString::number(double(wanted - have) * 1000.0 / double(t.elapsed()), 'f', 0),
                       QStringLiteral("1,000,000 in minutes"));
        }
    }
    // A fresh connection, as the console has at start.
    QElapsedTimer t;
    t.start();
    auto db = Database::open(path, &error);
    OrderStore store(*db);
    OrderListModel model(store);
    OrderQuery paid;
    paid.status = QStringLiteral("paid");
    model.setQuery(paid);
    const double firstPage = double(t.nsecsElapsed()) / 1e6;
    Bench::row(QStringLiteral("orders list: open + first page of paid (ms, %1 orders)").arg(store.count({})),
               QString::number(firstPage, 'f', 1), QStringLiteral("< 500"));

    // Searches by each key, on rows picked from the far end of the table.
    QSqlQuery q(db->sql());
    q.exec(QStringLiteral("SELECT order_number, snapshot_phone, snapshot_contact_name FROM orders_order "
                          "WHERE snapshot_phone <> '' AND snapshot_phone NOT LIKE '%-%' ORDER BY id LIMIT 50"));
    QStringList numbers, phones, names;
    while (q.next()) {
        numbers << q.value(0).toString();
        phones << q.value(1).toString();
        names << q.value(2).toString().left(1);
    }
    q.finish();
    auto measure = [&](const QString &label, const QStringList &terms) {
        QList<double> samples;
        for (const QString &term : terms) {
            OrderQuery query;
            query.search = term;
            QElapsedTimer s;
            s.start();
            const auto rows = store.page(query, 0, 200);
            samples << double(s.nsecsElapsed()) / 1e6;
            Q_UNUSED(rows)
        }
        Bench::row(QStringLiteral("search by %1: median / p95 (ms)").arg(label),
                   QStringLiteral("%1 / %2").arg(Bench::percentile(samples, 0.5), 0, 'f', 2).arg(Bench::percentile(samples, 0.95), 0, 'f', 2),
                   QStringLiteral("< 100"));
    };
    measure(QStringLiteral("order number"), numbers);
    measure(QStringLiteral("full phone"), phones);
    QStringList last4;
    for (const QString &p : phones)
        last4 << p.right(4);
    measure(QStringLiteral("phone last 4 digits"), last4);
    measure(QStringLiteral("name prefix (first page)"), names);

    // Scrolling: fetch pages as a view does at the bottom, 100 pages deep.
    QList<double> pages;
    model.setQuery({});
    for (int i = 0; i < 100 && model.canFetchMore({}); ++i) {
        QElapsedTimer s;
        s.start();
        model.fetchMore({});
        pages << double(s.nsecsElapsed()) / 1e6;
    }
    Bench::row(QStringLiteral("scrolling: next page of 200, median / p99 (ms)"),
               QStringLiteral("%1 / %2").arg(Bench::percentile(pages, 0.5), 0, 'f', 2).arg(Bench::percentile(pages, 0.99), 0, 'f', 2),
               QStringLiteral("< 16 (one frame)"));
    Bench::row(QStringLiteral("peak resident memory of the list process (MiB)"), QString::number(Bench::peakRssMiB(), 'f', 0),
               QStringLiteral("< 300"));
    return 0;
}
