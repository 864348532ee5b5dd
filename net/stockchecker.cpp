#include "net/stockchecker.h"

#include "net/openplatclient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

#include <memory>

QList<StockNeed> StockNeed::fromPayload(const QJsonObject &payload)
{
    QList<StockNeed> needs;
    for (const QJsonValue &line : payload.value(QStringLiteral("itemList")).toArray()) {
        const QString code = line.toObject().value(QStringLiteral("productCode")).toString();
        if (code.isEmpty())
            continue;
        const int qty = line.toObject().value(QStringLiteral("itemQty")).toInt();
        auto it = std::find_if(needs.begin(), needs.end(), [&](const StockNeed &n) { return n.productCode == code; });
        if (it == needs.end())
            needs.append({code, qty});
        else
            it->quantity += qty;
    }
    return needs;
}

double OpenPlatStockChecker::availableIn(const QJsonValue &data)
{
    const QJsonValue stock = data.toObject().value(QStringLiteral("stock"));
    if (stock.isDouble())
        return stock.toDouble();
    if (stock.isString()) {
        bool ok = false;
        const double v = stock.toString().trimmed().toDouble(&ok);
        return ok ? v : -1;
    }
    return -1;
}

void OpenPlatStockChecker::check(const QString &countyCode, const QList<StockNeed> &needs,
                                 std::function<void(const StockVerdict &)> done)
{
    if (needs.isEmpty())
        return done({StockVerdict::Outcome::Enough, QString()});
    struct State
    {
        int waiting = 0;
        QStringList shortOf;
        QStringList failures;
        std::function<void(const StockVerdict &)> done;
    };
    auto state = std::make_shared<State>();
    state->waiting = int(needs.size());
    state->done = std::move(done);
    for (const StockNeed &need : needs) {
        m_client.stock(need.productCode, countyCode, [state, need](const ApiResult &r) {
            if (!r.ok()) {
                state->failures << QStringLiteral("%1: %2").arg(need.productCode, r.message);
            } else {
                const double available = availableIn(r.data);
                if (available < 0)
                    state->failures << QCoreApplication::translate("StockChecker", "%1: the answer carries no stock figure")
                                           .arg(need.productCode);
                else if (available < need.quantity)
                    state->shortOf << QCoreApplication::translate("StockChecker", "%1: %2 needed, %3 available")
                                          .arg(need.productCode).arg(need.quantity).arg(available);
            }
            if (--state->waiting > 0)
                return;
            if (!state->shortOf.isEmpty())
                state->done({StockVerdict::Outcome::NotEnough, state->shortOf.join(QStringLiteral("; "))});
            else if (!state->failures.isEmpty())
                state->done({StockVerdict::Outcome::CouldNotCheck, state->failures.join(QStringLiteral("; "))});
            else
                state->done({StockVerdict::Outcome::Enough, QString()});
        });
    }
}
