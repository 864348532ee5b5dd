#include "tools/ylh-sim/simcallbacks.h"

#include "net/callbacksignature.h"

#include <QJsonDocument>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>

namespace SimCallbacks {

int cancelState(const QString &mode)
{
    if (mode == QLatin1String("cancelled"))
        return 1;
    if (mode == QLatin1String("refused"))
        return 0;
    if (mode == QLatin1String("partial"))
        return 2;
    return -1;
}

QJsonObject cancelData(int state, const QString &platformOrderNo, const QString &extOrderNo, const QJsonArray &items)
{
    QJsonArray lines;
    int index = 0;
    for (const QJsonValue &v : items) {
        const QJsonObject item = v.toObject();
        const int total = item.value(QStringLiteral("itemQty")).toInt();
        int received = 0;
        int returned = 0;
        if (state == 1) {
            returned = total;
        } else if (state == 2) {
            // Part delivered, the rest cancelled: half of a line of several, else the first line delivered.
            received = total > 1 ? total / 2 : (index == 0 ? total : 0);
            returned = total - received;
        }
        lines.append(QJsonObject{{QStringLiteral("productCode"), item.value(QStringLiteral("productCode")).toString()},
                                 {QStringLiteral("totalQty"), total},
                                 {QStringLiteral("receiveQty"), received},
                                 {QStringLiteral("returnQty"), returned},
                                 {QStringLiteral("rejectQty"), 0}});
        ++index;
    }
    QJsonObject data{{QStringLiteral("ExtOrderNo"), extOrderNo},
                     {QStringLiteral("PlatformOrderNo"), platformOrderNo},
                     {QStringLiteral("State"), state},
                     {QStringLiteral("itemList"), lines}};
    if (state == 0)
        data.insert(QStringLiteral("FailMsg"), QStringLiteral("订单已发货，无法取消"));
    return data;
}

QByteArray signedForm(const QString &method, const QJsonObject &data, const SimCredentials &credentials, const QDateTime &nowUtc)
{
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("AppKey"), credentials.callbackAppKey},
        {QStringLiteral("TimeStamp"), nowUtc.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"))},
        {QStringLiteral("Method"), method},
        {QStringLiteral("Data"), QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact))}};
    fields.append({QStringLiteral("Sign"), CallbackSignature::sign(fields, credentials.callbackSecret)});
    QUrlQuery form;
    for (const auto &f : std::as_const(fields))
        form.addQueryItem(f.first, QString::fromLatin1(QUrl::toPercentEncoding(f.second)));
    return form.query(QUrl::FullyEncoded).toUtf8();
}

} // namespace SimCallbacks
