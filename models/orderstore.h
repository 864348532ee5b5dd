#pragma once

#include "models/money.h"
#include "models/order.h"

#include <QDateTime>
#include <QList>
#include <QString>

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
    bool oldestFirst = false; // the keyset runs the other way
};

// Reads the shop's order tables. Newest first, paged by keyset (id), never OFFSET.
class OrderStore final
{
public:
    explicit OrderStore(Database &db) : m_db(db) {}

    std::optional<Order> loadByNumber(const QString &orderNumber, QString *error = nullptr);
    std::optional<Order> loadById(qint64 id, QString *error = nullptr);

    // Rows with id < beforeId (0: from the newest), at most `limit`.
    QList<OrderSummary> page(const OrderQuery &query, qint64 beforeId, int limit, QString *error = nullptr);
    qint64 count(const OrderQuery &query, QString *error = nullptr);

    // A value that changes whenever pushes or callbacks change something (polled by open windows on
    // SQLite; PostgreSQL also sends NOTIFY console_changes).
    QString changeStamp(QString *error = nullptr);

    // The only shop columns the console writes (domain.md): haier_*, logistics numbers, updated_at.
    bool setHaierStatus(qint64 orderId, const QString &haierStatus, QString *error = nullptr);
    bool setLogistics(qint64 orderId, const QString &logisticsNo, const QString &deliveryRecordCode, const QString &snCode,
                      QString *error = nullptr);

private:
    std::optional<Order> load(const QString &where, const QVariant &key, QString *error);
    QString whereClause(const OrderQuery &query, QVariantList *binds) const;

    Database &m_db;
};
