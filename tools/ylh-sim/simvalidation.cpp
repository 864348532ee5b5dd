#include "tools/ylh-sim/simvalidation.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace {

bool hasTwoDecimalsAtMost(double v)
{
    const double cents = v * 100.0;
    return std::fabs(cents - std::round(cents)) < 1e-6;
}

bool isWhole(const QJsonValue &v)
{
    return v.isDouble() && std::floor(v.toDouble()) == v.toDouble();
}

QString unitName(bool seconds)
{
    return seconds ? QStringLiteral("epoch seconds (10 digits)") : QStringLiteral("epoch milliseconds (13 digits)");
}

} // namespace

namespace SimValidation {

qint64 epochMs(const QJsonValue &value, bool seconds)
{
    QString digits;
    if (value.isString())
        digits = value.toString();
    else if (isWhole(value) && value.toDouble() >= 0)
        digits = QString::number(qint64(value.toDouble()));
    if (!QRegularExpression(seconds ? QStringLiteral("^\\d{10}$") : QStringLiteral("^\\d{13}$")).match(digits).hasMatch())
        return -1;
    return seconds ? digits.toLongLong() * 1000 : digits.toLongLong();
}

QString createOrderProblem(const QJsonObject &p, bool seconds)
{
    for (const char *key : {"sourceSystem", "shopName", "sellerCode", "consigneeName", "consigneeMobile", "onlineNo", "soId",
                            "province", "city", "area", "detailAddress"}) {
        const QJsonValue v = p.value(QLatin1String(key));
        if (!v.isString() || v.toString().trimmed().isEmpty())
            return QStringLiteral("%1: required string").arg(QLatin1String(key));
    }
    if (!QRegularExpression(QStringLiteral("^1\\d{10}$")).match(p.value(QStringLiteral("consigneeMobile")).toString()).hasMatch())
        return QStringLiteral("consigneeMobile: not a mobile number");
    if (!isWhole(p.value(QStringLiteral("totalQty"))) || p.value(QStringLiteral("totalQty")).toDouble() <= 0)
        return QStringLiteral("totalQty: required positive integer");
    if (!p.value(QStringLiteral("totalAmt")).isDouble() || !hasTwoDecimalsAtMost(p.value(QStringLiteral("totalAmt")).toDouble()))
        return QStringLiteral("totalAmt: required number with at most 2 decimals");
    if (!p.value(QStringLiteral("createTime")).isDouble() || epochMs(p.value(QStringLiteral("createTime")), seconds) < 0)
        return QStringLiteral("createTime: required ") + unitName(seconds);
    const QJsonValue di = p.value(QStringLiteral("deliveryInstall"));
    if (!di.isString() || (di.toString() != QLatin1String("true") && di.toString() != QLatin1String("false")))
        return QStringLiteral("deliveryInstall: must be the string \"true\" or \"false\"");
    for (const char *key : {"distributionTime", "installTime"}) {
        const QJsonValue v = p.value(QLatin1String(key));
        if (!v.isUndefined() && (!v.isDouble() || epochMs(v, seconds) < 0))
            return QStringLiteral("%1: %2 expected").arg(QLatin1String(key), unitName(seconds));
    }
    for (const char *key : {"remark", "town"}) {
        const QJsonValue v = p.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString())
            return QStringLiteral("%1: string expected").arg(QLatin1String(key));
    }
    const QJsonValue gov = p.value(QStringLiteral("governmentOrder"));
    if (!gov.isUndefined() && !gov.isBool())
        return QStringLiteral("governmentOrder: boolean expected");
    const bool bothEqual = p.contains(QStringLiteral("distributionTime")) && p.contains(QStringLiteral("installTime"))
        && p.value(QStringLiteral("distributionTime")).toDouble() == p.value(QStringLiteral("installTime")).toDouble();
    if ((di.toString() == QLatin1String("true")) != bothEqual)
        return QStringLiteral("deliveryInstall: \"true\" only when distributionTime and installTime are sent and equal");
    const QJsonValue items = p.value(QStringLiteral("itemList"));
    if (!items.isArray() || items.toArray().isEmpty())
        return QStringLiteral("itemList: required non-empty array");
    qint64 sumCents = 0;
    qint64 qty = 0;
    int i = 0;
    for (const QJsonValue &iv : items.toArray()) {
        const QJsonObject item = iv.toObject();
        const QString at = QStringLiteral("itemList[%1].").arg(i++);
        if (!item.value(QStringLiteral("productCode")).isString() || item.value(QStringLiteral("productCode")).toString().isEmpty())
            return at + QStringLiteral("productCode: required string");
        if (!isWhole(item.value(QStringLiteral("itemQty"))) || item.value(QStringLiteral("itemQty")).toDouble() <= 0)
            return at + QStringLiteral("itemQty: required positive integer");
        for (const char *key : {"retailPrice", "discountAmount", "actualPrice"}) {
            const QJsonValue v = item.value(QLatin1String(key));
            if (!v.isDouble() || !hasTwoDecimalsAtMost(v.toDouble()))
                return at + QStringLiteral("%1: required number with at most 2 decimals").arg(QLatin1String(key));
        }
        const QJsonValue gift = item.value(QStringLiteral("isGift"));
        if (!gift.isUndefined() && !gift.isBool())
            return at + QStringLiteral("isGift: boolean expected");
        const qint64 n = qint64(item.value(QStringLiteral("itemQty")).toDouble());
        qty += n;
        sumCents += qint64(std::llround(item.value(QStringLiteral("actualPrice")).toDouble() * 100.0)) * n;
    }
    if (qty != qint64(p.value(QStringLiteral("totalQty")).toDouble()))
        return QStringLiteral("totalQty: differs from the sum of itemQty");
    if (sumCents != qint64(std::llround(p.value(QStringLiteral("totalAmt")).toDouble() * 100.0)))
        return QStringLiteral("totalAmt: differs from the sum of actualPrice × itemQty");
    return QString();
}

QString cancelProblem(const QJsonObject &b, bool seconds)
{
    for (const char *key : {"soId", "cancelTime", "cancelReason", "sourceSystem"}) {
        const QJsonValue v = b.value(QLatin1String(key));
        if (!v.isString() || v.toString().isEmpty())
            return QStringLiteral("%1: required string").arg(QLatin1String(key));
    }
    if (epochMs(b.value(QStringLiteral("cancelTime")), seconds) < 0)
        return QStringLiteral("cancelTime: %1 as a string").arg(unitName(seconds));
    return QString();
}

} // namespace SimValidation
