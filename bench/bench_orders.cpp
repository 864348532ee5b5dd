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

#include <functional>

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

    // Jumps, as dragging the scrollbar or Ctrl+End does: the row far away is read from the nearest end.
    auto timeMs = [](const std::function<void()> &work) {
        QElapsedTimer s;
        s.start();
        work();
        return double(s.nsecsElapsed()) / 1e6;
    };
    {
        OrderListModel jumps(store);
        jumps.setQuery(paid);
        const int rows = jumps.rowCount();
        const double end = timeMs([&] { jumps.summaryAt(rows - 1); });
        const double middle = timeMs([&] { jumps.summaryAt(rows / 2); });
        const double quarter = timeMs([&] { jumps.summaryAt(rows / 4); });
        Bench::row(QStringLiteral("jump to the last / middle / first-quarter row of %1 paid (ms)").arg(rows),
                   QStringLiteral("%1 / %2 / %3").arg(end, 0, 'f', 1).arg(middle, 0, 'f', 1).arg(quarter, 0, 'f', 1),
                   QStringLiteral("< 100"));
    }
    // Scrolling the whole list, top to bottom a page at a time: each next page by keyset from the last.
    QList<double> pages;
    model.setQuery(paid);
    QElapsedTimer whole;
    whole.start();
    for (int row = 0; row < model.rowCount(); row += 200) {
        QElapsedTimer s;
        s.start();
        model.summaryAt(row);
        pages << double(s.nsecsElapsed()) / 1e6;
    }
    Bench::row(QStringLiteral("scrolling to the end (%1 pages of 200): next page median / p99 (ms), %2 cached")
                   .arg(pages.size()).arg(model.cachedPages()),
               QStringLiteral("%1 / %2").arg(Bench::percentile(pages, 0.5), 0, 'f', 2).arg(Bench::percentile(pages, 0.99), 0, 'f', 2),
               QStringLiteral("< 16 (one frame)"));
    // Another column's order: first page and the jump to the end.
    {
        OrderListModel byTotal(store);
        OrderQuery totals = paid;
        totals.sortKey = OrderSortKey::Total;
        totals.ascending = true;
        const double first = timeMs([&] { byTotal.setQuery(totals); });
        const double end = timeMs([&] { byTotal.summaryAt(byTotal.rowCount() - 1); });
        const double next = timeMs([&] { byTotal.summaryAt(byTotal.rowCount() - 201); });
        Bench::row(QStringLiteral("sorted by total: first page / jump to end / page before it (ms)"),
                   QStringLiteral("%1 / %2 / %3").arg(first, 0, 'f', 1).arg(end, 0, 'f', 1).arg(next, 0, 'f', 1),
                   QStringLiteral("< 500 / < 100 / < 16"));
    }
    Bench::row(QStringLiteral("peak resident memory of the list process (MiB)"), QString::number(Bench::peakRssMiB(), 'f', 0),
               QStringLiteral("< 300"));
    return 0;
}
