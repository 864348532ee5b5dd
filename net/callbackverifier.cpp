#include "net/callbackverifier.h"

#include "net/callbacksignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

namespace {

CallbackVerdict refuse(CallbackVerdict v, const char *code, const QString &reason)
{
    v.valid = false;
    v.refusalCode = QLatin1String(code);
    v.refusalReason = reason;
    return v;
}

// State may arrive as a number or a numeric string.
int stateOf(const QJsonValue &v, bool *ok)
{
    *ok = true;
    // Range first: casting a huge double to int is undefined.
    if (v.isDouble() && v.toDouble() >= -1e6 && v.toDouble() <= 1e6 && v.toDouble() == double(int(v.toDouble())))
        return int(v.toDouble());
    if (v.isString()) {
        const int n = v.toString().trimmed().toInt(ok);
        if (*ok)
            return n;
    }
    *ok = false;
    return -1;
}

int intOf(const QJsonValue &v)
{
    return v.isString() ? v.toString().toInt() : v.toInt();
}

} // namespace

namespace CallbackVerifier {

CallbackVerdict verify(const QByteArray &body, const Profile &profile, const QString &secret, const QDateTime &nowUtc)
{
    CallbackVerdict v;
    const QList<QPair<QString, QString>> fields = CallbackSignature::parseForm(body);
    if (fields.isEmpty())
        return refuse(v, "bad_form", QStringLiteral("The body is not an application/x-www-form-urlencoded form"));
    auto field = [&](const char *name) {
        for (const auto &f : fields) {
            if (f.first == QLatin1String(name))
                return f.second;
        }
        return QString();
    };
    v.appKey = field("AppKey");
    v.timeStamp = field("TimeStamp");
    v.method = field("Method");
    v.data = field("Data");
    for (const char *name : {"AppKey", "TimeStamp", "Sign", "Method", "Data"}) {
        if (field(name).isEmpty())
            return refuse(v, "missing_field", QStringLiteral("%1 is missing").arg(QLatin1String(name)));
    }
    if (profile.callback.appKey.isEmpty() || v.appKey != profile.callback.appKey)
        return refuse(v, "bad_app_key", QStringLiteral("Unknown AppKey"));
    if (secret.isEmpty() || !CallbackSignature::verify(fields, secret))
        return refuse(v, "bad_sign", QStringLiteral("The signature does not match"));

    // A signed callback is still refused when it is old or from the future: a replay.
    const QTimeZone zone(profile.callback.timestampZone.toUtf8());
    // Read as a date and a time of day in the profile's zone (never through this machine's local time).
    static const QRegularExpression digits(QStringLiteral("^[0-9]{14}$"));
    const QDate day = QDate::fromString(v.timeStamp.left(8), QStringLiteral("yyyyMMdd"));
    const QTime time = QTime::fromString(v.timeStamp.mid(8), QStringLiteral("HHmmss"));
    if (!digits.match(v.timeStamp).hasMatch() || !day.isValid() || !time.isValid())
        return refuse(v, "bad_timestamp", QStringLiteral("TimeStamp is not yyyyMMddHHmmss"));
    v.timestampUtc = QDateTime(day, time, zone.isValid() ? zone : QTimeZone(8 * 3600)).toUTC();
    if (qAbs(v.timestampUtc.secsTo(nowUtc)) > profile.callback.windowSeconds)
        return refuse(v, "stale_timestamp", QStringLiteral("TimeStamp is more than %1 s away from now").arg(profile.callback.windowSeconds));

    if (v.method != Confirm && v.method != Cancel && v.method != OutOfStock)
        return refuse(v, "unknown_method", QStringLiteral("Unknown Method %1").arg(v.method));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(v.data.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return refuse(v, "bad_data", QStringLiteral("Data is not a JSON object"));
    const QJsonObject data = doc.object();
    v.platformOrderNo = data.value(QStringLiteral("PlatformOrderNo")).toString().trimmed();
    v.extOrderNo = data.value(QStringLiteral("ExtOrderNo")).toVariant().toString();
    v.failMsg = data.value(QStringLiteral("FailMsg")).toString();
    if (v.platformOrderNo.isEmpty())
        return refuse(v, "bad_data", QStringLiteral("Data has no PlatformOrderNo"));
    bool ok = false;
    v.state = stateOf(data.value(QStringLiteral("State")), &ok);
    const bool stateAllowed = v.method == Cancel ? (v.state >= 0 && v.state <= 2) : (v.state == 0 || v.state == 1);
    if (!ok || !stateAllowed)
        return refuse(v, "bad_data", QStringLiteral("State is missing or not allowed for this Method"));
    const QJsonArray itemList = data.value(QStringLiteral("itemList")).toArray();
    for (const QJsonValue iv : itemList) {
        const QJsonObject o = iv.toObject();
        v.items.append({o.value(QStringLiteral("productCode")).toString(), intOf(o.value(QStringLiteral("totalQty"))),
                        intOf(o.value(QStringLiteral("receiveQty"))), intOf(o.value(QStringLiteral("returnQty"))),
                        intOf(o.value(QStringLiteral("rejectQty")))});
    }
    v.valid = true;
    return v;
}

} // namespace CallbackVerifier
