// The simulator's Haier open-platform calls (ylh-protocol.md §3): products, prices, stock, logistics, balance.
#include "tools/ylh-sim/ylhsimulator.h"

#include <QJsonArray>
#include <QRegularExpression>

HttpResponse YlhSimulator::openplatCall(const QString &path, const QJsonObject &body)
{
    const QString account = m_config.credentials.accountPassword;
    auto codes = [&]() { return body.value(QStringLiteral("productCodes")).toArray(); };
    // The same figures for a code in every run (qHash is seeded per process): FNV-1a over the UTF-8 bytes.
    auto seedOf = [](const QString &code) {
        quint32 h = 2166136261u;
        for (const char c : code.toUtf8()) {
            h ^= quint8(c);
            h *= 16777619u;
        }
        return h % 1000;
    };
    if (path.endsWith(QLatin1String("/check-procurable-products"))) {
        m_counts[QStringLiteral("openplat.products")]++;
        m_lastRequests.insert(QStringLiteral("openplat.products"), body);
        if (body.value(QStringLiteral("passWord")).toString() != account)
            return envelope(false, QStringLiteral("403"), QStringLiteral("客户密码错误"));
        if (codes().size() > 20)
            return envelope(false, QStringLiteral("400"), QStringLiteral("productCodes最多20个"));
        QJsonArray data;
        for (const QJsonValue &c : codes()) {
            const bool sales = seedOf(c.toString()) % 7 != 0;
            data.append(QJsonObject{{QStringLiteral("productCode"), c.toString()}, {QStringLiteral("productModel"), QStringLiteral("MODEL-") + c.toString()},
                                    {QStringLiteral("productGroupName"), QStringLiteral("冰箱")}, {QStringLiteral("productBrandName"), QStringLiteral("海尔")},
                                    {QStringLiteral("productImageUrl"), QStringLiteral("https://img.example.invalid/%1.jpg").arg(c.toString())},
                                    {QStringLiteral("isSales"), sales ? QStringLiteral("1") : QStringLiteral("0")},
                                    {QStringLiteral("noSalesReason"), sales ? QString() : QStringLiteral("未授权销售")}});
        }
        return success(data);
    }
    if (path.endsWith(QLatin1String("/pt-out-list-price"))) {
        m_counts[QStringLiteral("openplat.prices")]++;
        m_lastRequests.insert(QStringLiteral("openplat.prices"), body);
        if (body.value(QStringLiteral("passWord")).toString() != account)
            return envelope(false, QStringLiteral("403"), QStringLiteral("客户密码错误"));
        if (codes().size() > 20)
            return envelope(false, QStringLiteral("400"), QStringLiteral("productCodes最多20个"));
        QJsonArray data;
        for (const QJsonValue &c : codes()) {
            const double supply = 1000 + seedOf(c.toString()) * 3;
            data.append(QJsonObject{{QStringLiteral("productCode"), c.toString()}, {QStringLiteral("supplyPrice"), supply},
                                    {QStringLiteral("invoicePrice"), supply + 100}, {QStringLiteral("stockRebatePolicy"), QString()},
                                    {QStringLiteral("rebateMoney"), 0}, {QStringLiteral("reason"), QString()},
                                    {QStringLiteral("isSales"), QStringLiteral("1")}});
        }
        return success(data);
    }
    if (path.endsWith(QLatin1String("/get-available-stock-open"))) {
        m_counts[QStringLiteral("openplat.stock")]++;
        m_lastRequests.insert(QStringLiteral("openplat.stock"), body);
        if (body.value(QStringLiteral("sellerPassword")).toString() != account)
            return envelope(false, QStringLiteral("403"), QStringLiteral("客户密码错误"));
        if (!QRegularExpression(QStringLiteral("^\\d{6}$")).match(body.value(QStringLiteral("countyCode")).toString()).hasMatch())
            return envelope(false, QStringLiteral("400"), QStringLiteral("countyCode必须为6位行政区划代码"));
        const QString code = body.value(QStringLiteral("productCode")).toString();
        return success(
            QJsonObject{{QStringLiteral("secCode"), QStringLiteral("WH") + QString::number(seedOf(code))},
                        {QStringLiteral("stock"), m_config.stock.value(code, int(seedOf(code) % 50))}, {QStringLiteral("warehouseGrade"), QStringLiteral("A")},
                        {QStringLiteral("timelinessData"), QJsonObject{{QStringLiteral("cutTime"), QStringLiteral("16:00")},
                                                                       {QStringLiteral("achieveUserOrderCut"), true},
                                                                       {QStringLiteral("hour"), 48}, {QStringLiteral("isTranfer"), false}}}});
    }
    if (path.contains(QLatin1String("get-thirdparty-logistics-info-by-order-code-auth"))) {
        m_counts[QStringLiteral("openplat.logistics")]++;
        m_lastRequests.insert(QStringLiteral("openplat.logistics"), body);
        if (body.value(QStringLiteral("sellerPassword")).toString() != account)
            return envelope(false, QStringLiteral("403"), QStringLiteral("客户密码错误"));
        return success(
            QJsonObject{{QStringLiteral("getAllLogisticsInfoByOrderCode"), QJsonArray{QJsonObject{{QStringLiteral("status"), QStringLiteral("已出库")}}}},
                        {QStringLiteral("getStockDeliveryLogisticsRecord"), QJsonArray()},
                        {QStringLiteral("getStockDeliveryLogisticsRecordThirdparty"), QJsonArray()}});
    }
    if (path.endsWith(QLatin1String("/get-payer-account-balance-by-customer-code"))) {
        m_counts[QStringLiteral("openplat.balance")]++;
        m_lastRequests.insert(QStringLiteral("openplat.balance"), body);
        if (body.value(QStringLiteral("customerPassword")).toString() != account)
            return envelope(false, QStringLiteral("403"), QStringLiteral("客户密码错误"));
        return success(
            QJsonArray{QJsonObject{{QStringLiteral("saleGroupCode"), QStringLiteral("SG01")}, {QStringLiteral("saleGroupName"), QStringLiteral("冰箱产业")},
                                   {QStringLiteral("payerAccountCode"), body.value(QStringLiteral("customerCode")).toString()},
                                   {QStringLiteral("payerAccountName"), QStringLiteral("演示家电专营店")},
                                   {QStringLiteral("payerAccountBalance"), 125000.5}}});
    }
    return HttpResponse::json(404, QJsonObject{{QStringLiteral("message"), QStringLiteral("Not Found")}});
}
