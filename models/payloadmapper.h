#pragma once

#include "models/order.h"
#include "models/profile.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// Order → YLH create-order payload, and the checks before a push (domain.md "Mapping", "soId",
// "Checks before a push"). Pure: no database, no network, no clock.

// One reason an order must not be pushed.
struct MappingProblem
{
    QString code;       // "not_paid", "not_haier", "already_pushed", "invalid", "legacy_division"
    QString field;      // Haier field ("consigneeMobile", "itemList[1].itemQty"), or empty
    QString localField; // shop column ("snapshot_phone", "lines[1].quantity", "product.price"), or empty
    QString message;    // translated, ready for staff
};

// One value of the payload for the review table: shop column → Haier field → value as sent.
struct MappingRow
{
    QString localField;
    QString haierField; // itemList entries as "itemList[0].productCode"
    QString value;      // strings as is; numbers and booleans as written in the JSON
};

struct MappingResult
{
    QJsonObject payload; // built even when there are problems, so staff can see what would be sent
    QList<MappingProblem> problems;
    QList<MappingRow> rows;
    QString soId;
    bool ok() const { return problems.isEmpty(); }
};

// What the push-job store knows about the order; the mapper has no database of its own.
struct PushContext
{
    bool hasJob = false;      // this environment has a push job for the order: the job decides, not the shop's row
    bool jobAccepted = false; // that job is already pushed (isAlreadyPushed: YLH holds its soId, live)
};

// Local field names use the shop's columns: bare for orders_order ("snapshot_phone"),
// "lines[i].<column>" for orders_orderitem, "lines[i].product.<column>" for a line's catalog row,
// "product.<column>" for a legacy order's catalog row, "profile.codes.<key>" for profile values.
namespace PayloadMapper {

namespace ProblemCode {
inline const QString NotPaid = QStringLiteral("not_paid");
inline const QString NotHaier = QStringLiteral("not_haier");
inline const QString AlreadyPushed = QStringLiteral("already_pushed");
inline const QString Invalid = QStringLiteral("invalid");
inline const QString LegacyDivision = QStringLiteral("legacy_division");
}

// haier_so_id when the shop already set one, else "<order_number>-<id>".
QString defaultSoId(const Order &order);
// The soId of a deliberate re-push after a refusal or cancel: "<order_number>-<id>-<n>", n >= 2.
QString repushSoId(const Order &order, int n);

// Builds the payload and collects every problem (not only the first). An empty soId means defaultSoId.
MappingResult map(const Order &order, const Profile &profile, const QString &soId = QString(),
                  const PushContext &ctx = {});

} // namespace PayloadMapper
