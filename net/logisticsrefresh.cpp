#include "net/logisticsrefresh.h"

#include "models/orderstore.h"
#include "net/ylhclient.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>

namespace LogisticsRefresh {

QString soNumberFor(const Order &order, const std::optional<PushJobRecord> &job, const QString &profile, QString *why)
{
    const QString fromJob = job ? job->haierOrderNo.trimmed() : QString();
    const QString number = fromJob.isEmpty() ? order.haierOrderNo.trimmed() : fromJob;
    if (!number.isEmpty())
        return number;
    if (why) {
        *why = job && job->acceptedAt > 0
            ? QCoreApplication::translate("LogisticsRefresh",
                  "%1 has no Haier order number yet, so its logistics cannot be asked for: Haier's logistics knows an order "
                  "only by that number (SO.…), which comes with YLH's answer or Haier's confirmation, not by our soId %2.")
                  .arg(order.orderNumber, job->soId)
            : QCoreApplication::translate("LogisticsRefresh",
                  "%1 has no Haier order number, so its logistics cannot be asked for: it has not been accepted by YLH under profile %2.")
                  .arg(order.orderNumber, profile);
    }
    return QString();
}

void ask(YlhClient &client, const QList<LogisticsTarget> &targets, std::function<void(const ApiResult &)> done)
{
    QStringList numbers;
    for (const LogisticsTarget &t : targets) {
        if (!t.soNumber.isEmpty() && !numbers.contains(t.soNumber))
            numbers.append(t.soNumber);
    }
    client.logistics(numbers, std::move(done));
}

} // namespace LogisticsRefresh
