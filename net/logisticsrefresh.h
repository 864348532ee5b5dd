#pragma once

#include "models/jobstore.h"
#include "models/order.h"
#include "net/apiresult.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class YlhClient;

// One order whose logistics Haier is asked for, by its Haier SO number (`SO.yyyymmdd.nnnnnn`, our
// haier_order_no) — never by our soId, which Haier's logistics does not know.
struct LogisticsTarget
{
    qint64 orderId = 0;
    QString orderNumber;
    QString soNumber;
};

// Logistics by SO number (ylh-protocol.md §2): which orders can be asked, and the call (one order or any
// number, in requests of at most 100 SO numbers). OrderActions stores the answer with its audit.
namespace LogisticsRefresh {

// The Haier order number to ask with: the one the job under `profile` learned (the create answer's
// retailOrderNo or the confirm callback's ExtOrderNo), else the shop row's haier_order_no. Empty, with
// a sentence in *why naming the order and saying why it cannot be asked, when there is none.
QString soNumberFor(const Order &order, const std::optional<PushJobRecord> &job, const QString &profile, QString *why);

// Asks YLH's stock service about every target (batches of at most 100); `done` gets the merged answer.
void ask(YlhClient &client, const QList<LogisticsTarget> &targets, std::function<void(const ApiResult &)> done);

} // namespace LogisticsRefresh
