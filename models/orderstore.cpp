#include "models/orderstore.h"

#include "models/database.h"

#include <QSqlError>
#include <QTimeZone>
#include <QSqlQuery>
#include <QSqlRecord>

namespace {

const char orderColumns[] =
    "o.id, o.order_number, o.status, o.quantity, o.total_amount, o.discount_amount, o.actual_amount, "
    "o.created_at, o.snapshot_contact_name, o.snapshot_phone, o.snapshot_province, o.snapshot_city, "
    "o.snapshot_district, o.snapshot_town, o.snapshot_address, o.note, o.distribution_time, o.install_time, "
    "o.is_delivery_install, o.is_government_order, o.product_id, o.haier_so_id, o.haier_order_no, "
    "o.haier_status, o.haier_fail_msg, o.logistics_no, o.delivery_record_code, o.sn_code, o.updated_at, "
    "p.id, p.name, p.product_code, p.source, p.price, p.market_price";

const char lineColumns[] =
    "i.id, i.product_id, i.sku_code, i.product_name, i.quantity, i.unit_price, i.discount_amount, "
    "i.actual_amount, i.receive_qty, i.return_qty, i.reject_qty, "
    "p.id, p.name, p.product_code, p.source, p.price, p.market_price";

QString text(const QSqlQuery &q, int i)
{
    return q.value(i).isNull() ? QString() : q.value(i).toString();
}

Money money(const QSqlQuery &q, int i)
{
    return Money::fromVariant(q.value(i)).value_or(Money());
}

std::optional<Money> optionalMoney(const QSqlQuery &q, int i)
{
    if (q.value(i).isNull())
        return std::nullopt;
    return Money::fromVariant(q.value(i));
}

std::optional<Product> product(const QSqlQuery &q, int first)
{
    if (q.value(first).isNull())
        return std::nullopt;
    Product p;
    p.id = q.value(first).toLongLong();
    p.name = text(q, first + 1);
    p.productCode = text(q, first + 2);
    p.source = text(q, first + 3);
    p.price = optionalMoney(q, first + 4);
    p.marketPrice = optionalMoney(q, first + 5);
    return p;
}

bool setError(QString *error, const QSqlQuery &q)
{
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

bool allDigits(const QString &s)
{
    for (QChar c : s) {
        if (!c.isDigit())
            return false;
    }
    return !s.isEmpty();
}

} // namespace

std::optional<Order> OrderStore::loadByNumber(const QString &orderNumber, QString *error)
{
    return load(QStringLiteral("o.order_number = ?"), orderNumber, error);
}

std::optional<Order> OrderStore::loadById(qint64 id, QString *error)
{
    return load(QStringLiteral("o.id = ?"), id, error);
}

std::optional<Order> OrderStore::load(const QString &where, const QVariant &key, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM orders_order o LEFT JOIN catalog_product p ON p.id = o.product_id WHERE %2")
                  .arg(QLatin1String(orderColumns), where));
    q.addBindValue(key);
    if (!q.exec()) {
        setError(error, q);
        return std::nullopt;
    }
    if (!q.next()) {
        if (error)
            error->clear();
        return std::nullopt;
    }
    Order o;
    o.id = q.value(0).toLongLong();
    o.orderNumber = text(q, 1);
    o.status = text(q, 2);
    o.quantity = q.value(3).toInt();
    o.totalAmount = money(q, 4);
    o.discountAmount = optionalMoney(q, 5);
    o.actualAmount = optionalMoney(q, 6);
    o.createdAt = Database::timeFromDb(q.value(7));
    o.contactName = text(q, 8);
    o.phone = text(q, 9);
    o.province = text(q, 10);
    o.city = text(q, 11);
    o.district = text(q, 12);
    o.town = text(q, 13);
    o.address = text(q, 14);
    o.note = text(q, 15);
    o.distributionTime = Database::timeFromDb(q.value(16));
    o.installTime = Database::timeFromDb(q.value(17));
    o.deliveryInstall = q.value(18).toBool();
    o.governmentOrder = q.value(19).toBool();
    o.haierSoId = text(q, 21);
    o.haierOrderNo = text(q, 22);
    o.haierStatus = text(q, 23);
    o.haierFailMsg = text(q, 24);
    o.logisticsNo = text(q, 25);
    o.deliveryRecordCode = text(q, 26);
    o.snCode = text(q, 27);
    o.updatedAt = Database::timeFromDb(q.value(28));
    o.legacyProduct = product(q, 29);

    QSqlQuery lines(m_db.sql());
    lines.setForwardOnly(true);
    lines.prepare(QStringLiteral("SELECT %1 FROM orders_orderitem i LEFT JOIN catalog_product p ON p.id = i.product_id "
                                 "WHERE i.order_id = ? ORDER BY i.id").arg(QLatin1String(lineColumns)));
    lines.addBindValue(o.id);
    if (!lines.exec()) {
        setError(error, lines);
        return std::nullopt;
    }
    while (lines.next()) {
        OrderLine l;
        l.id = lines.value(0).toLongLong();
        l.productId = lines.value(1).toLongLong();
        l.skuCode = text(lines, 2);
        l.productName = text(lines, 3);
        l.quantity = lines.value(4).toInt();
        l.unitPrice = money(lines, 5);
        l.discountAmount = money(lines, 6);
        l.actualAmount = money(lines, 7);
        l.receiveQty = lines.value(8).toInt();
        l.returnQty = lines.value(9).toInt();
        l.rejectQty = lines.value(10).toInt();
        l.product = product(lines, 11);
        o.lines.append(l);
    }
    return o;
}

QString OrderStore::whereClause(const OrderQuery &query, QVariantList *binds) const
{
    QStringList parts;
    if (!query.status.isEmpty()) {
        parts << QStringLiteral("o.status = ?");
        *binds << query.status;
    }
    if (query.haierStatus == QLatin1String("none")) {
        parts << QStringLiteral("(o.haier_status IS NULL OR o.haier_status = '')");
    } else if (!query.haierStatus.isEmpty()) {
        parts << QStringLiteral("o.haier_status = ?");
        *binds << query.haierStatus;
    }
    // Order dates are the shop's (China) days.
    const QTimeZone china(8 * 3600);
    if (query.createdFrom.isValid()) {
        parts << QStringLiteral("o.created_at >= ?");
        *binds << m_db.timeToDb(QDateTime(query.createdFrom, QTime(0, 0), china).toUTC());
    }
    if (query.createdTo.isValid()) {
        parts << QStringLiteral("o.created_at < ?");
        *binds << m_db.timeToDb(QDateTime(query.createdTo.addDays(1), QTime(0, 0), china).toUTC());
    }
    const QString s = query.search.trimmed();
    if (!s.isEmpty()) {
        // Each alternative matches one index, so the OR stays an index lookup on a million rows.
        QStringList any{QStringLiteral("o.order_number = ?"), QStringLiteral("o.haier_so_id = ?"),
                        QStringLiteral("o.haier_order_no = ?")};
        *binds << s << s << s;
        if (allDigits(s) && s.size() == 11) {
            any << QStringLiteral("o.snapshot_phone = ?");
            *binds << s;
        } else if (allDigits(s) && s.size() == 4) {
            any << (m_db.isPostgres() ? QStringLiteral("right(o.snapshot_phone, 4) = ?")
                                      : QStringLiteral("substr(o.snapshot_phone, -4) = ?"));
            *binds << s;
        }
        if (!allDigits(s)) {
            if (m_db.isPostgres()) {
                QString pattern = s;
                pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                    .replace(QLatin1Char('%'), QLatin1String("\\%"))
                    .replace(QLatin1Char('_'), QLatin1String("\\_"));
                any << QStringLiteral("o.snapshot_contact_name LIKE ?");
                *binds << pattern + QLatin1Char('%');
            } else {
                // A byte-order range is SQLite's indexable prefix match (LIKE ignores the index).
                any << QStringLiteral("(o.snapshot_contact_name >= ? AND o.snapshot_contact_name < ?)");
                *binds << s << s + QString(QChar(0xDBFF)) + QString(QChar(0xDFFF));
            }
        }
        parts << QStringLiteral("(%1)").arg(any.join(QLatin1String(" OR ")));
    }
    return parts.join(QLatin1String(" AND "));
}

namespace {

// The column behind a sort key; empty for Id.
QLatin1String sortColumn(OrderSortKey key)
{
    switch (key) {
    case OrderSortKey::OrderNumber: return QLatin1String("o.order_number");
    case OrderSortKey::Status: return QLatin1String("o.status");
    case OrderSortKey::HaierStatus: return QLatin1String("o.haier_status");
    case OrderSortKey::Consignee: return QLatin1String("o.snapshot_contact_name");
    case OrderSortKey::Total: return QLatin1String("o.total_amount");
    case OrderSortKey::CreatedAt: return QLatin1String("o.created_at");
    case OrderSortKey::SoId: return QLatin1String("o.haier_so_id");
    case OrderSortKey::Id: break;
    }
    return QLatin1String();
}

} // namespace

QList<OrderSummary> OrderStore::page(const OrderQuery &query, qint64 afterId, int limit, QString *error)
{
    OrderQuery byId = query;
    byId.sortKey = OrderSortKey::Id;
    return page(byId, afterId > 0 ? OrderCursor{false, afterId, QVariant()} : OrderCursor(), limit, 0, error);
}

QList<OrderSummary> OrderStore::page(const OrderQuery &query, const OrderCursor &cursor, int limit, QString *error)
{
    return page(query, cursor, limit, 0, error);
}

QList<OrderSummary> OrderStore::page(const OrderQuery &query, const OrderCursor &cursor, int limit, qint64 offset,
                                     QString *error)
{
    QList<OrderSummary> rows;
    const OrderCursor *after = cursor.atStart ? nullptr : &cursor;
    if (query.sortKey == OrderSortKey::Id) {
        querySegment(query, Segment::All, after, limit, offset, &rows, nullptr, error);
        return rows;
    }
    // NULLs form one end of the order: PostgreSQL puts them last going up, SQLite first.
    const bool nullsFirst = query.ascending != m_db.isPostgres();
    const Segment first = nullsFirst ? Segment::Nulls : Segment::Values;
    const Segment second = nullsFirst ? Segment::Values : Segment::Nulls;
    const Segment start = after ? (after->value.isNull() ? Segment::Nulls : Segment::Values) : first;
    if (!querySegment(query, start, after, limit, offset, &rows, nullptr, error))
        return rows;
    if (start == second || rows.size() >= limit)
        return rows;
    // The first part ran out: what is left of the offset (if it was not used up) carries into the second.
    qint64 left = 0;
    if (rows.isEmpty() && offset > 0) {
        qint64 inFirst = 0;
        if (!querySegment(query, start, after, 0, 0, nullptr, &inFirst, error))
            return rows;
        left = qMax<qint64>(0, offset - inFirst);
    }
    querySegment(query, second, nullptr, limit - int(rows.size()), left, &rows, nullptr, error);
    return rows;
}

bool OrderStore::querySegment(const OrderQuery &query, Segment segment, const OrderCursor *cursor, int limit, qint64 offset,
                              QList<OrderSummary> *rows, qint64 *count, QString *error)
{
    QVariantList binds;
    QStringList where;
    const QString filter = whereClause(query, &binds);
    if (!filter.isEmpty())
        where << filter;
    const QLatin1String column = sortColumn(query.sortKey);
    const QString op = query.ascending ? QStringLiteral(">") : QStringLiteral("<");
    const QString dir = query.ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QString order;
    if (segment != Segment::Values) {
        if (segment == Segment::Nulls)
            where << QStringLiteral("%1 IS NULL").arg(column);
        if (cursor) {
            where << QStringLiteral("o.id %1 ?").arg(op);
            binds << cursor->id;
        }
        order = QStringLiteral("o.id %1").arg(dir);
    } else {
        where << QStringLiteral("%1 IS NOT NULL").arg(column);
        if (cursor) {
            // A row value: one index range on (column, id) in both databases.
            where << QStringLiteral("(%1, o.id) %2 (?, ?)").arg(column, op);
            binds << cursor->value << cursor->id;
        }
        order = QStringLiteral("%1 %2, o.id %2").arg(column, dir);
    }
    const QString whereText = where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND "));
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    if (count) {
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM orders_order o %1").arg(whereText));
    } else {
        // PostgreSQL hands numbers and times back rounded (double, milliseconds): its exact text is the cursor.
        QString valueColumn;
        if (!column.isEmpty()) {
            const bool exact = m_db.isPostgres() && (query.sortKey == OrderSortKey::Total || query.sortKey == OrderSortKey::CreatedAt);
            valueColumn = exact ? QStringLiteral(", CAST(%1 AS TEXT)").arg(column) : QStringLiteral(", ") + column;
        }
        q.prepare(QStringLiteral("SELECT o.id, o.order_number, o.status, o.haier_status, o.snapshot_contact_name, "
                                 "o.snapshot_phone, o.total_amount, o.created_at, o.haier_so_id, o.haier_order_no, "
                                 "o.haier_fail_msg%1 FROM orders_order o %2 ORDER BY %3 LIMIT %4 OFFSET %5")
                      .arg(valueColumn, whereText, order)
                      .arg(qMax(0, limit))
                      .arg(qMax<qint64>(0, offset)));
    }
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!q.exec())
        return setError(error, q);
    if (count) {
        *count = q.next() ? q.value(0).toLongLong() : 0;
        return true;
    }
    while (q.next()) {
        OrderSummary r;
        r.id = q.value(0).toLongLong();
        r.orderNumber = text(q, 1);
        r.status = text(q, 2);
        r.haierStatus = text(q, 3);
        r.consigneeName = text(q, 4);
        r.phone = text(q, 5);
        r.totalAmount = money(q, 6);
        r.createdAt = Database::timeFromDb(q.value(7));
        r.haierSoId = text(q, 8);
        r.haierOrderNo = text(q, 9);
        r.haierFailMsg = text(q, 10);
        r.sortValue = column.isEmpty() ? QVariant(r.id) : q.value(11);
        rows->append(r);
    }
    return true;
}

qint64 OrderStore::count(const OrderQuery &query, QString *error)
{
    QVariantList binds;
    const QString where = whereClause(query, &binds);
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM orders_order o %1")
                  .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!q.exec() || !q.next()) {
        setError(error, q);
        return -1;
    }
    return q.value(0).toLongLong();
}

bool OrderStore::setHaierStatus(qint64 orderId, const QString &haierStatus, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE orders_order SET haier_status = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(haierStatus);
    q.addBindValue(m_db.timeToDb(m_db.clock().nowUtc()));
    q.addBindValue(orderId);
    return q.exec() || setError(error, q);
}

bool OrderStore::setLogistics(qint64 orderId, const QString &logisticsNo, const QString &deliveryRecordCode, const QString &snCode,
                              QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE orders_order SET logistics_no = ?, delivery_record_code = ?, sn_code = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(logisticsNo.isNull() ? QStringLiteral("") : logisticsNo);
    q.addBindValue(deliveryRecordCode.isNull() ? QStringLiteral("") : deliveryRecordCode);
    q.addBindValue(snCode.isNull() ? QStringLiteral("") : snCode);
    q.addBindValue(m_db.timeToDb(m_db.clock().nowUtc()));
    q.addBindValue(orderId);
    return q.exec() || setError(error, q);
}

bool OrderStore::setConfirmed(qint64 orderId, const QString &soId, const QString &haierOrderNo, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE orders_order SET haier_status = 'confirmed', haier_so_id = CASE WHEN ? <> '' THEN ? ELSE haier_so_id END, "
                             "haier_order_no = CASE WHEN ? <> '' THEN ? ELSE haier_order_no END, updated_at = ? WHERE id = ?"));
    for (const QString &v : {soId, haierOrderNo}) {
        q.addBindValue(v.isNull() ? QStringLiteral("") : v);
        q.addBindValue(v.isNull() ? QStringLiteral("") : v);
    }
    q.addBindValue(m_db.timeToDb(m_db.clock().nowUtc()));
    q.addBindValue(orderId);
    return q.exec() || setError(error, q);
}

QString OrderStore::changeStamp(QString *error)
{
    if (!m_db.isReachable())
        return QString(); // asked every second by open windows: not while the connection is being reopened
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT (SELECT COALESCE(MAX(updated_at), 0) FROM console_push_jobs), "
                               "(SELECT COALESCE(MAX(id), 0) FROM console_callbacks), "
                               "(SELECT COALESCE(MAX(duplicate_count), 0) FROM console_callbacks)"))
        || !q.next()) {
        setError(error, q);
        return QString();
    }
    return QStringLiteral("%1/%2/%3").arg(q.value(0).toLongLong()).arg(q.value(1).toLongLong()).arg(q.value(2).toLongLong());
}
