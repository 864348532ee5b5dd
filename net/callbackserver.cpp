#include "net/callbackserver.h"

#include "models/callbackstore.h"
#include "models/clock.h"
#include "net/callbackverifier.h"
#include "net/logging.h"
#include "net/redaction.h"

#include <QCryptographicHash>
#include <QTimeZone>

CallbackServer::CallbackServer(CallbackStore &store, const Profile &profile, SecretProvider secret, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_profile(profile), m_secret(std::move(secret)), m_clock(clock)
{
    HttpServerLimits limits; // 16 KiB headers, 64 KiB body (413), 10 s per request (408), 64 connections (503)
    m_server.setLimits(limits);
    m_server.setHandler([this](const HttpRequest &request, HttpServer::Responder respond) { respond(handle(request)); });
}

bool CallbackServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listen(address, port);
}

quint16 CallbackServer::port() const
{
    return m_server.port();
}

QString CallbackServer::errorString() const
{
    return m_server.errorString();
}

QJsonObject CallbackServer::answer(bool success, const QString &code, const QString &description, const QString &platformOrderNo,
                                   const QDateTime &nowUtc)
{
    const QString stamp = nowUtc.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"));
    return QJsonObject{{QStringLiteral("success"), success},
                       {QStringLiteral("code"), code},
                       {QStringLiteral("description"), description},
                       {QStringLiteral("timeStamp"), stamp},
                       {QStringLiteral("data"), QJsonObject{{QStringLiteral("statusCode"), success ? QStringLiteral("200") : QStringLiteral("400")},
                                                            {QStringLiteral("message"), description},
                                                            {QStringLiteral("platformOrderNo"), platformOrderNo}}}};
}

HttpResponse CallbackServer::handle(const HttpRequest &request)
{
    const QDateTime now = m_clock.nowUtc();
    const QByteArray path = request.path;
    const bool known = path == "/haier/callback" || path == "/haier/callback/confirm" || path == "/haier/callback/cancel"
        || path == "/haier/callback/oostock";
    if (!known)
        return HttpResponse::json(404, answer(false, QStringLiteral("not_found"), QStringLiteral("Unknown path"), QString(), now));
    if (request.method != "POST")
        return HttpResponse::json(405, answer(false, QStringLiteral("method_not_allowed"), QStringLiteral("Use POST"), QString(), now));

    CallbackVerdict verdict;
    if (!request.header("Content-Type").toLower().startsWith("application/x-www-form-urlencoded")) {
        verdict.refusalCode = QStringLiteral("bad_form");
        verdict.refusalReason = QStringLiteral("Content-Type must be application/x-www-form-urlencoded");
    } else {
        verdict = CallbackVerifier::verify(request.body, m_profile, m_secret(m_profile.name).value_or(QString()), now);
    }
    // A method-specific path must agree with the Method inside.
    if (verdict.valid && path != "/haier/callback" && !verdict.method.endsWith(QString::fromLatin1(path.mid(path.lastIndexOf('/') + 1)))) {
        verdict.valid = false;
        verdict.refusalCode = QStringLiteral("method_mismatch");
        verdict.refusalReason = QStringLiteral("The path does not match Method %1").arg(verdict.method);
    }

    CallbackRecord record;
    record.receivedAt = now.toMSecsSinceEpoch();
    record.profile = m_profile.name;
    record.peer = request.peer.toString();
    record.method = verdict.method;
    record.appKey = verdict.appKey;
    record.timeStamp = verdict.timeStamp;
    record.timestampMs = verdict.timestampUtc.isValid() ? verdict.timestampUtc.toMSecsSinceEpoch() : 0;
    record.platformOrderNo = verdict.platformOrderNo;
    record.extOrderNo = verdict.extOrderNo;
    record.failMsg = verdict.failMsg;
    record.state = verdict.state;
    record.data = Redaction::text(verdict.data);
    record.valid = verdict.valid;
    record.refusalCode = verdict.refusalCode;
    record.refusalReason = verdict.refusalReason;
    record.rawBody = QString::fromUtf8(Redaction::bytes(request.body.left(65536)));
    record.dedupeKey = QString::fromLatin1(QCryptographicHash::hash((verdict.method + QLatin1Char('\n') + verdict.timeStamp
                                                                     + QLatin1Char('\n') + verdict.data).toUtf8(),
                                                                    QCryptographicHash::Sha256).toHex());
    for (const CallbackItem &i : std::as_const(verdict.items))
        record.items.append({i.productCode, i.totalQty, i.receiveQty, i.returnQty, i.rejectQty});

    QString error;
    if (!m_store.store(record, &error)) {
        qCWarning(lcCallback).noquote() << "callback could not be stored:" << error;
        // Haier may retry; nothing was applied.
        return HttpResponse::json(500, answer(false, QStringLiteral("storage_error"), QStringLiteral("Temporarily unable to store the callback"),
                                              verdict.platformOrderNo, now));
    }
    // A callback we refuse (bad signature, stale, unreadable) or Haier's refusal (State 0) needs a look: errors.log.
    if (!verdict.valid || verdict.state == 0)
        qCWarning(lcCallback).noquote() << verdict.method << verdict.platformOrderNo << "State" << verdict.state << record.outcome
                                        << verdict.refusalCode << verdict.refusalReason << verdict.failMsg;
    else
        qCInfo(lcCallback).noquote() << verdict.method << verdict.platformOrderNo << record.outcome << verdict.refusalCode;
    emit callbackStored(record.outcome, record.orderNumber);
    if (!verdict.valid)
        return HttpResponse::json(200, answer(false, verdict.refusalCode, verdict.refusalReason, verdict.platformOrderNo, now));
    return HttpResponse::json(200, answer(true, QStringLiteral("success"), QStringLiteral("成功"), verdict.platformOrderNo, now));
}
