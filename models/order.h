#pragma once

#include "models/money.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// Rows of the shop's Django tables, as the console reads them (domain.md, "the shop's schema").
// All times are UTC instants; an invalid QDateTime means NULL.

struct Product
{
    qint64 id = 0;
    QString name;
    QString productCode;   // Haier product code; empty when NULL
    QString source;        // "haier" for Haier products
    std::optional<Money> price;
    std::optional<Money> marketPrice;
};

struct OrderLine
{
    qint64 id = 0;
    qint64 productId = 0;  // 0 when NULL
    QString skuCode;
    QString productName;
    int quantity = 0;
    Money unitPrice;       // per unit
    Money discountAmount;  // per unit
    Money actualAmount;    // per unit
    int receiveQty = 0;
    int returnQty = 0;
    int rejectQty = 0;
    std::optional<Product> product; // the catalog row, when the line has one
};

struct Order
{
    qint64 id = 0;
    QString orderNumber;
    QString status;        // pending, paid, shipped, completed, cancelled, returning, refunding, refunded
    int quantity = 0;      // legacy single-product quantity
    Money totalAmount;
    std::optional<Money> discountAmount; // legacy totals for the order
    std::optional<Money> actualAmount;
    QDateTime createdAt;
    QString contactName;
    QString phone;
    QString province;
    QString city;
    QString district;
    QString town;
    QString address;
    QString note;
    QDateTime distributionTime;
    QDateTime installTime;
    bool deliveryInstall = false;
    bool governmentOrder = false;
    std::optional<Product> legacyProduct; // product_id of a legacy single-product order
    QString haierSoId;
    QString haierOrderNo;
    QString haierStatus;   // push_pending, confirmed, rejected, out_of_stock, cancelled, partially_cancelled
    QString haierFailMsg;
    QString logisticsNo;
    QString deliveryRecordCode;
    QString snCode;
    QDateTime updatedAt;
    QList<OrderLine> lines;
};

namespace OrderStatus {
inline const QString Paid = QStringLiteral("paid");
}

namespace HaierStatus {
inline const QString PushPending = QStringLiteral("push_pending");
inline const QString Confirmed = QStringLiteral("confirmed");
inline const QString Rejected = QStringLiteral("rejected");
inline const QString OutOfStock = QStringLiteral("out_of_stock");
inline const QString Cancelled = QStringLiteral("cancelled");
inline const QString PartiallyCancelled = QStringLiteral("partially_cancelled");
}
