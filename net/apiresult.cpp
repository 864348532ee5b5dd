#include "net/apiresult.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTimeZone>

namespace {

// The duplicate-soId answer is undocumented: it is recognised by the profile's patterns in code or text.
bool saysDuplicate(const QString &code, const QString &text, const QStringList &patterns)
{
    for (const QString &pattern : patterns) {
        if (code.contains(pattern, Qt::CaseInsensitive) || text.contains(pattern, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

namespace ApiClassifier {

qint64 parseRetryAfter(const QByteArray &header, qint64 nowMs)
{
    const QByteArray h = header.trimmed();
    if (h.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = h.toLongLong(&ok);
    if (ok) // capped at a day before the multiplication can overflow; the retry policy caps it further
        return seconds < 0 ? -1 : qMin<qint64>(seconds, 86400) * 1000;
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime at = QLocale::c().toDateTime(QString::fromLatin1(h), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return -1;
    at = QDateTime(at.date(), at.time(), QTimeZone::utc());
    return qMax<qint64>(0, at.toMSecsSinceEpoch() - nowMs);
}

ApiResult acceptBare(const ApiResult &classified, const BareAnswer &expected)
{
    if (classified.kind != ResultKind::Malformed || classified.httpStatus != 200)
        return classified;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(classified.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return classified;
    ApiResult r = classified;
    if (doc.isArray() && expected.list) {
        r.kind = ResultKind::Ok;
        r.message.clear();
        r.data = doc.array();
        return r;
    }
    const QJsonObject o = doc.object();
    if (!doc.isObject() || expected.list || o.contains(QStringLiteral("success")))
        return classified;
    for (const QString &key : expected.objectKeys) {
        if (o.contains(key)) {
            r.kind = ResultKind::Ok;
            r.message.clear();
            r.data = o;
            return r;
        }
    }
    return classified;
}

ApiResult classify(int httpStatus, QNetworkReply::NetworkError error, bool timedOut, const QByteArray &body,
                   const QByteArray &retryAfterHeader, const QStringList &duplicatePatterns, bool envelope, qint64 nowMs)
{
    ApiResult r;
    r.httpStatus = httpStatus;
    r.body = body;
    auto tr = [](const char *text) { return QCoreApplication::translate("ApiClassifier", text); };
    if (timedOut) {
        r.kind = ResultKind::Timeout;
        r.message = tr("No answer within the time limit");
        return r;
    }
    if (httpStatus == 0) {
        r.kind = error == QNetworkReply::TimeoutError ? ResultKind::Timeout : ResultKind::Connection;
        r.message = error == QNetworkReply::SslHandshakeFailedError
            ? tr("The TLS certificate could not be verified; nothing was sent")
            : tr("Could not reach the server");
        return r;
    }
    r.retryAfterMs = parseRetryAfter(retryAfterHeader, nowMs);
    if (httpStatus == 401) {
        r.kind = ResultKind::Auth;
        r.message = tr("Not authorised (401): the token is missing, wrong or expired");
        return r;
    }
    if (httpStatus == 403) {
        // Not a login problem: a new token changes nothing, only the account's rights or the whitelist do.
        r.kind = ResultKind::Forbidden;
        r.message = tr("Forbidden (403): no permission, or this address is not on Haier's whitelist");
        return r;
    }
    if (httpStatus == 429 || httpStatus == 503) {
        r.kind = httpStatus == 429 ? ResultKind::RateLimited : ResultKind::Server;
        r.message = httpStatus == 429 ? tr("Too many requests (429)") : tr("Service unavailable (503)");
        return r;
    }
    if (httpStatus >= 500) {
        r.kind = ResultKind::Server;
        r.message = tr("Server error (%1)").arg(httpStatus);
        return r;
    }
    if (httpStatus >= 300 && httpStatus < 400) {
        r.kind = ResultKind::Malformed;
        r.message = tr("Unexpected redirect (%1); check the profile's URL").arg(httpStatus);
        return r;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (httpStatus >= 400) {
        // 400 bad parameters, 404 wrong path: nothing later will change the answer.
        r.kind = ResultKind::BusinessRejection;
        const QJsonObject o = doc.object();
        const QString text = o.value(QStringLiteral("message")).toString(o.value(QStringLiteral("errorMsg")).toString());
        r.message = text.isEmpty() ? tr("Refused (%1)").arg(httpStatus) : text;
        if (httpStatus == 404) {
            r.message = tr("Not found (404): check the profile's URL");
            return r;
        }
        // A gateway may send the duplicate answer as 400/409 rather than 200.
        if (envelope && (httpStatus == 400 || httpStatus == 409)
            && saysDuplicate(o.value(QStringLiteral("code")).toVariant().toString(), text, duplicatePatterns))
            r.kind = ResultKind::Duplicate;
        return r;
    }
    if (parseError.error != QJsonParseError::NoError || doc.isNull()) {
        r.kind = ResultKind::Malformed;
        r.message = tr("The answer is not JSON; it needs review");
        return r;
    }
    if (!envelope) {
        r.kind = ResultKind::Ok;
        r.data = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        return r;
    }
    const QJsonObject o = doc.object();
    const QJsonValue success = o.value(QStringLiteral("success"));
    const QString code = o.value(QStringLiteral("code")).toVariant().toString();
    QString text = o.value(QStringLiteral("message")).toString();
    if (text.isEmpty())
        text = o.value(QStringLiteral("errorMsg")).toString();
    r.data = o.value(QStringLiteral("data"));
    if (!doc.isObject() || !success.isBool()) {
        r.kind = ResultKind::Malformed;
        r.message = tr("The answer has an unknown shape; it needs review");
        return r;
    }
    if (success.toBool()) {
        r.kind = ResultKind::Ok;
        r.message = text;
        const QJsonObject data = r.data.toObject();
        r.retailOrderNo = data.value(QStringLiteral("retailOrderNo")).toString(data.value(QStringLiteral("orderNo")).toString());
        return r;
    }
    if (saysDuplicate(code, text, duplicatePatterns)) {
        r.kind = ResultKind::Duplicate;
        r.message = text.isEmpty() ? tr("Already received (code %1)").arg(code) : text;
        return r;
    }
    r.kind = ResultKind::BusinessRejection;
    r.message = text.isEmpty() ? tr("Refused by Haier (code %1)").arg(code) : text; // Haier's words, verbatim
    return r;
}

} // namespace ApiClassifier
