#pragma once

#include "models/money.h"
#include "models/order.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

class Database;

// One row of an order list: what the list pages and `haierctl orders` show.
struct OrderSummary
{
    qint64 id = 0;
    QString orderNumber;
    QString status;
    QString haierStatus;
    QString consigneeName;
    QString phone;
    Money totalAmount;
    QDateTime createdAt;
    QString haierSoId;
    QString haierOrderNo;
    QString haierFailMsg;
    QVariant sortValue;   // the sort column's stored value (null for SQL NULL): the keyset cursor
};

// What the list is ordered by; ties (and Id itself) by id, so the keyset (value, id) is total.
enum class OrderSortKey { Id, OrderNumber, Status, HaierStatus, Consignee, Total, CreatedAt, SoId };

// Where the next page starts: after the row with this id and sort value. A default cursor is the start.
struct OrderCursor
{
    bool atStart = true;
    qint64 id = 0;
    QVariant value;

    static OrderCursor after(const OrderSummary &row) { return {false, row.id, row.sortValue}; }
};

// What to list. `search` is the one search box: an exact order number, soId or Haier order number;
// a phone number (full, or its last 4 digits); a name prefix.
struct OrderQuery
{
    QString status;
    QString haierStatus;  // "none": not pushed yet
    QString search;
    QDate createdFrom;    // China dates (the shop's day), both included; null: open
    QDate createdTo;
    OrderSortKey sortKey = OrderSortKey::Id;
    bool ascending = false;   // false: newest (or largest, Z…A) first
};

// Reads the shop's order tables, paged by keyset (sort value, id); OFFSET only to skip through an index
// range from a known row, for a list jumping far from what it has read.
class OrderStore final
{
public:
    explicit OrderStore(Database &db) : m_db(db) {}

    std::optional<Order> loadByNumber(const QString &orderNumber, QString *error = nullptr);
    std::optional<Order> loadById(qint64 id, QString *error = nullptr);

    // At most `limit` rows in the query's order, after `cursor`. NULL sort values come where the
    // database puts them (SQLite: lowest, PostgreSQL: highest), each part read through its own index range.
    QList<OrderSummary> page(const OrderQuery &query, const OrderCursor &cursor, int limit, QString *error = nullptr);
    // The same, skipping `offset` rows after the cursor first: a jump through the index, for a list
    // that shows a row far from any it has read.
    QList<OrderSummary> page(const OrderQuery &query, const OrderCursor &cursor, int limit, qint64 offset, QString *error);
    // Id order only: rows after the one with `afterId` (0: from the start).
    QList<OrderSummary> page(const OrderQuery &query, qint64 afterId, int limit, QString *error = nullptr);
    qint64 count(const OrderQuery &query, QString *error = nullptr);

    // A value that changes whenever pushes or callbacks change something (polled by open windows on
    // SQLite; PostgreSQL also sends NOTIFY console_changes).
    QString changeStamp(QString *error = nullptr);

    // The only shop columns the console writes (domain.md): haier_*, logistics numbers, updated_at.
    bool setHaierStatus(qint64 orderId, const QString &haierStatus, QString *error = nullptr);
    bool setLogistics(qint64 orderId, const QString &logisticsNo, const QString &deliveryRecordCode, const QString &snCode,
                      QString *error = nullptr);
    // What a confirmation writes (as Haier's confirm callback does): haier_status confirmed, the soId Haier
    // confirmed and, when given, Haier's order number.
    bool setConfirmed(qint64 orderId, const QString &soId, const QString &haierOrderNo, QString *error = nullptr);

private:
    std::optional<Order> load(const QString &where, const QVariant &key, QString *error);
    QString whereClause(const OrderQuery &query, QVariantList *binds) const;
    // One index range of the order: every row (Id), or the rows whose sort value is (not) NULL; after the
    // cursor when given. Appends up to `limit` rows, or counts the range when `count` is given.
    enum class Segment { All, Values, Nulls };
    bool querySegment(const OrderQuery &query, Segment segment, const OrderCursor *cursor, int limit, qint64 offset,
                      QList<OrderSummary> *rows, qint64 *count, QString *error);

    Database &m_db;
};
