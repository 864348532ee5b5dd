// OrderActions' questions to Haier's open platform: products, prices, the account balance and the
// availability and price of an order's lines. They send nothing to YLH and store nothing.
#include "net/orderactions.h"

#include "models/payloadmapper.h"
#include "net/openplatclient.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OrderActions", text);
}

constexpr auto result = &ActionResult::of;

QString noOpenPlatform(const QString &error)
{
    return error.isEmpty() ? tr("No open-platform connection is set up for this profile.") : error;
}

// Haier said no: credentials refused (401) or the caller not allowed (403) is the set-up's to fix, not a retry's.
ActionResult refusedBy(const ApiResult &answer, const QString &orderNumber)
{
    const bool setUp = answer.kind == ResultKind::Auth || answer.kind == ResultKind::Forbidden;
    return result(setUp ? ActionResult::Outcome::Unavailable : ActionResult::Outcome::Failed, orderNumber,
                  tr("Haier answered %1: %2").arg(resultKindName(answer.kind), answer.message));
}

// A figure as Haier gave it (a number or a string), in the user's locale with two decimals.
QString amount(const QJsonValue &v)
{
    bool ok = v.isDouble();
    const double value = ok ? v.toDouble() : v.toString().trimmed().toDouble(&ok);
    return ok ? QLocale().toString(value, 'f', 2) : v.toString();
}

// Calls `done` from the event loop, as an answer from the network would come.
void later(QObject *context, std::function<void()> done)
{
    QMetaObject::invokeMethod(context, std::move(done), Qt::QueuedConnection);
}

} // namespace

void OrderActions::products(const QStringList &codes, Done done)
{
    QString error;
    OpenPlatClient *client = openPlatform(&error);
    if (!client)
        return later(this, [done, error] { done(result(ActionResult::Outcome::Unavailable, QString(), noOpenPlatform(error))); });
    client->products(codes, [done](const ApiResult &answer) {
        if (!answer.ok())
            return done(refusedBy(answer, QString()));
        ActionResult r = result(ActionResult::Outcome::Done, QString(), answer.message);
        r.data = answer.data;
        done(r);
    });
}

void OrderActions::prices(const QStringList &codes, Done done)
{
    QString error;
    OpenPlatClient *client = openPlatform(&error);
    if (!client)
        return later(this, [done, error] { done(result(ActionResult::Outcome::Unavailable, QString(), noOpenPlatform(error))); });
    client->prices(codes, [done](const ApiResult &answer) {
        if (!answer.ok())
            return done(refusedBy(answer, QString()));
        ActionResult r = result(ActionResult::Outcome::Done, QString(), answer.message);
        r.data = answer.data;
        done(r);
    });
}

void OrderActions::balance(Done done)
{
    QString error;
    OpenPlatClient *client = openPlatform(&error);
    if (!client)
        return later(this, [done, error] { done(result(ActionResult::Outcome::Unavailable, QString(), noOpenPlatform(error))); });
    client->balance([done](const ApiResult &answer) {
        if (!answer.ok())
            return done(refusedBy(answer, QString()));
        ActionResult r = result(ActionResult::Outcome::Done, QString(), answer.message);
        r.data = answer.data;
        for (const QJsonValue &v : answer.data.toArray()) {
            const QJsonObject o = v.toObject();
            r.lines << tr("%1 (%2): %3")
                           .arg(o.value(QStringLiteral("saleGroupName")).toString(), o.value(QStringLiteral("payerAccountName")).toString(),
                                amount(o.value(QStringLiteral("payerAccountBalance"))));
        }
        if (r.lines.isEmpty())
            r.message = tr("Haier gave no payer account for this customer.");
        done(r);
    });
}

void OrderActions::linesAtHaier(const QString &orderNumber, Done done)
{
    ActionResult located;
    const Located found = locate(orderNumber, &located);
    if (!found.order || !located.ok())
        return later(this, [done, located] { done(located); });
    // The product codes and quantities exactly as the push would send them.
    const QList<StockNeed> needs = StockNeed::fromPayload(PayloadMapper::map(*found.order, m_profile).payload);
    if (needs.isEmpty())
        return later(this, [done, orderNumber] {
            done(result(ActionResult::Outcome::Refused, orderNumber, tr("%1 has no Haier product to check.").arg(orderNumber)));
        });
    QString error;
    const QPointer<OpenPlatClient> client = openPlatform(&error);
    if (!client)
        return later(this, [done, orderNumber, error] { done(result(ActionResult::Outcome::Unavailable, orderNumber, noOpenPlatform(error))); });
    QStringList codes;
    for (const StockNeed &n : needs)
        codes << n.productCode;
    client->products(codes, [client, codes, needs, orderNumber, done](const ApiResult &products) {
        if (!products.ok())
            return done(refusedBy(products, orderNumber));
        if (!client)
            return done(result(ActionResult::Outcome::Failed, orderNumber, QString()));
        client->prices(codes, [products, needs, orderNumber, done](const ApiResult &prices) {
            if (!prices.ok())
                return done(refusedBy(prices, orderNumber));
            auto byCode = [](const QJsonValue &list) {
                QHash<QString, QJsonObject> rows;
                for (const QJsonValue &v : list.toArray())
                    rows.insert(v.toObject().value(QStringLiteral("productCode")).toString(), v.toObject());
                return rows;
            };
            const QHash<QString, QJsonObject> product = byCode(products.data);
            const QHash<QString, QJsonObject> price = byCode(prices.data);
            QJsonArray rows;
            int sellable = 0;
            for (const StockNeed &n : needs) {
                const QJsonObject p = product.value(n.productCode);
                const QJsonObject s = price.value(n.productCode);
                const QJsonValue isSales = p.value(QStringLiteral("isSales"));
                const bool sells = isSales.toString() == QLatin1String("1") || isSales.toInt() == 1 || isSales.toBool();
                if (sells)
                    ++sellable;
                rows.append(QJsonObject{{QStringLiteral("productCode"), n.productCode},
                                        {QStringLiteral("quantity"), n.quantity},
                                        {QStringLiteral("productModel"), p.value(QStringLiteral("productModel"))},
                                        {QStringLiteral("isSales"), p.isEmpty() ? QJsonValue() : QJsonValue(sells)},
                                        {QStringLiteral("noSalesReason"), p.value(QStringLiteral("noSalesReason"))},
                                        {QStringLiteral("supplyPrice"), s.isEmpty() ? QJsonValue() : QJsonValue(amount(s.value(QStringLiteral("supplyPrice"))))},
                                        {QStringLiteral("invoicePrice"), s.isEmpty() ? QJsonValue() : QJsonValue(amount(s.value(QStringLiteral("invoicePrice"))))},
                                        {QStringLiteral("reason"), s.value(QStringLiteral("reason"))}});
            }
            ActionResult r = result(ActionResult::Outcome::Done, orderNumber,
                                    tr("Haier sells %1 of the %2 products of %3.").arg(sellable).arg(needs.size()).arg(orderNumber));
            r.data = rows;
            done(r);
        });
    });
}
