// Mapping: an order built from arbitrary JSON is either refused with named problems, or mapped to a
// payload with every required field, the string deliveryInstall, and totalAmt equal to the lines' sum.
#include "models/payloadmapper.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <cstdlib>

namespace {

// Doubles outside qint64 would make the cast itself undefined: clamp first.
qint64 whole(const QJsonValue &v, qint64 limit)
{
    const double d = v.toDouble();
    if (!(d > -double(limit) && d < double(limit)))
        return 0;
    return qint64(d);
}

Money money(const QJsonValue &v)
{
    return Money::fromCents(whole(v, 100000000));
}

QDateTime time(const QJsonValue &v)
{
    if (!v.isDouble())
        return QDateTime();
    return QDateTime::fromMSecsSinceEpoch(whole(v, 4102444800000LL), QTimeZone::utc());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    const QJsonObject o = doc.object();
    Order order;
    order.id = whole(o.value(QStringLiteral("id")), 1000000000) ;
    order.orderNumber = o.value(QStringLiteral("n")).toString();
    order.status = o.value(QStringLiteral("s")).toString(QStringLiteral("paid"));
    order.quantity = o.value(QStringLiteral("q")).toInt();
    order.totalAmount = money(o.value(QStringLiteral("t")));
    order.createdAt = time(o.value(QStringLiteral("c")));
    order.contactName = o.value(QStringLiteral("name")).toString();
    order.phone = o.value(QStringLiteral("phone")).toString();
    order.province = o.value(QStringLiteral("p")).toString();
    order.city = o.value(QStringLiteral("city")).toString();
    order.district = o.value(QStringLiteral("d")).toString();
    order.address = o.value(QStringLiteral("a")).toString();
    order.distributionTime = time(o.value(QStringLiteral("dt")));
    order.installTime = time(o.value(QStringLiteral("it")));
    order.deliveryInstall = o.value(QStringLiteral("di")).toBool();
    order.haierSoId = o.value(QStringLiteral("so")).toString();
    order.haierStatus = o.value(QStringLiteral("hs")).toString();
    for (const QJsonValue &lv : o.value(QStringLiteral("lines")).toArray()) {
        const QJsonObject l = lv.toObject();
        OrderLine line;
        line.skuCode = l.value(QStringLiteral("sku")).toString();
        line.quantity = l.value(QStringLiteral("q")).toInt();
        line.unitPrice = money(l.value(QStringLiteral("u")));
        line.discountAmount = money(l.value(QStringLiteral("dc")));
        line.actualAmount = money(l.value(QStringLiteral("ac")));
        Product p;
        p.source = l.value(QStringLiteral("src")).toString(QStringLiteral("haier"));
        p.productCode = l.value(QStringLiteral("code")).toString();
        line.product = p;
        order.lines.append(line);
    }
    Profile profile = Profile::preset(ProfileKind::Mock);
    const MappingResult r = PayloadMapper::map(order, profile);
    if (!r.ok()) {
        for (const MappingProblem &p : r.problems) {
            if (p.code.isEmpty() || p.message.isEmpty())
                std::abort();
        }
        return 0;
    }
    const QJsonObject &payload = r.payload;
    for (const char *key : {"sourceSystem", "shopName", "sellerCode", "consigneeName", "consigneeMobile", "onlineNo", "soId",
                            "totalQty", "totalAmt", "createTime", "province", "city", "area", "detailAddress",
                            "deliveryInstall", "itemList"}) {
        if (!payload.contains(QLatin1String(key)))
            std::abort();
    }
    if (!payload.value(QStringLiteral("deliveryInstall")).isString())
        std::abort();
    qint64 sum = 0;
    for (const OrderLine &l : std::as_const(order.lines))
        sum += l.actualAmount.cents() * l.quantity;
    if (!order.lines.isEmpty() && sum != order.totalAmount.cents())
        std::abort();
    return 0;
}
