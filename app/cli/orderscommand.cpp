#include "app/cli/cli.h"
#include "app/composition/appcontext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace {
const QStringList knownStatuses{QStringLiteral("pending"), QStringLiteral("paid"), QStringLiteral("shipped"),
                                QStringLiteral("completed"), QStringLiteral("cancelled"), QStringLiteral("returning"),
                                QStringLiteral("refunding"), QStringLiteral("refunded")};
}

int runOrdersCommand(CliContext &cli)
{
    OrderQuery query;
    query.status = cli.args().value(QStringLiteral("status"));
    query.search = cli.args().value(QStringLiteral("search"));
    if (!query.status.isEmpty() && !knownStatuses.contains(query.status))
        return cli.usage(QCoreApplication::translate("Cli", "--status must be one of: %1.").arg(knownStatuses.join(QStringLiteral(", "))));
    int limit = 50;
    if (cli.args().isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = cli.args().value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000000)
            return cli.usage(QCoreApplication::translate("Cli", "--limit needs a whole number from 1 to 1000000."));
    }
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;

    QString error;
    const QList<OrderSummary> rows = ctx->orders().page(query, 0, limit, &error);
    if (!error.isEmpty()) {
        cli.err() << QCoreApplication::translate("Cli", "Cannot read the orders: %1").arg(error) << Qt::endl;
        return ExitConfig;
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const OrderSummary &r : rows) {
            array.append(QJsonObject{
                {QStringLiteral("orderNumber"), r.orderNumber},
                {QStringLiteral("status"), r.status},
                {QStringLiteral("haierStatus"), r.haierStatus},
                {QStringLiteral("consigneeName"), r.consigneeName},
                {QStringLiteral("totalAmount"), r.totalAmount.toJson()},
                {QStringLiteral("createdAt"), r.createdAt.toUTC().toString(Qt::ISODate)},
            });
        }
        cli.out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QTimeZone china(8 * 3600);
    for (const OrderSummary &r : rows) {
        cli.out() << r.orderNumber.leftJustified(20) << ' ' << r.status.leftJustified(10) << ' '
                  << (r.haierStatus.isEmpty() ? QStringLiteral("-") : r.haierStatus).leftJustified(20) << ' '
                  << r.createdAt.toTimeZone(china).toString(QStringLiteral("yyyy-MM-dd HH:mm")) << ' '
                  << r.totalAmount.toString().rightJustified(10) << "  " << r.consigneeName << '\n';
    }
    cli.out().flush();
    if (rows.isEmpty())
        cli.err() << QCoreApplication::translate("Cli", "No orders match.") << Qt::endl;
    return ExitOk;
}
