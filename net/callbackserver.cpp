#include "net/callbackserver.h"

#include "models/callbackstore.h"
#include "models/clock.h"
#include "net/callbacksignature.h"
#include "net/callbackverifier.h"
#include "net/callbackworkers.h"
#include "net/logging.h"
#include "net/redaction.h"
#include "models/refusedbodies.h"

#include <QCryptographicHash>
#include <QTimeZone>

CallbackServer::CallbackServer(CallbackStore &store, const Profile &profile, SecretProvider secret, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_profile(profile), m_secret(std::move(secret)), m_clock(clock),
      m_refusedBodyTotal(RefusedBodies::DefaultTotalBytes)
{
    HttpServerLimits limits; // 16 KiB headers, 64 KiB body (413), 10 s per request (408)
    limits.maxConnections = 256;        // in all (503 beyond)
    limits.maxConnectionsPerPeer = 64;  // from one source address (503 beyond)
    m_server.setLimits(limits);
    m_server.setHandler([this](const HttpRequest &request, HttpServer::Responder respond) { dispatch(request, std::move(respond)); });
    m_minute.setInterval(60 * 1000);
    connect(&m_minute, &QTimer::timeout, this, &CallbackServer::logRefusalSummary);
    m_minute.start();
}

CallbackServer::~CallbackServer()
{
    m_workers.reset(); // joins: no worker posts an answer after this
    logRefusalSummary();
}

bool CallbackServer::setWorkers(int workers, const QString &location, QString *error, const QString &password)
{
    m_workers.reset();
    if (workers <= 0)
        return true;
    m_workers = CallbackWorkers::start(workers, location, error, password);
    return m_workers != nullptr;
}

void CallbackServer::setMaxConnectionsPerSource(int connections)
{
    HttpServerLimits limits = m_server.limits();
    limits.maxConnectionsPerPeer = qMax(1, connections);
    limits.maxConnections = qMax(limits.maxConnections, limits.maxConnectionsPerPeer);
    m_server.setLimits(limits);
}

void CallbackServer::logRefusalSummary()
{
    const QStringList lines = m_refusals.takeMinute();
    for (const QString &line : lines)
        qCWarning(lcCallback).noquote() << "refused callbacks:" << line;
}

bool CallbackServer::storeRecord(CallbackStore &store, CallbackRecord &record, QString *error)
{
    if (!store.store(record, error))
        return false;
    afterStore(store, record);
    return true;
}

void CallbackServer::afterStore(CallbackStore &store, const CallbackRecord &record)
{
    if (record.valid)
        return;
    // Bookkeeping of a refused body; a failure here loses nothing of the callback (already committed).
    QString why;
    if (record.bodyCut && !RefusedBodies::markTruncated(store.database(), record.id, &why))
        qCWarning(lcCallback).noquote() << "could not mark a cut body:" << why;
    const auto refused = m_refusedSincePrune.fetch_add(1);
    if (refused % 64 == 0 && RefusedBodies::prune(store.database(), m_refusedBodyTotal, &why) < 0)
        qCWarning(lcCallback).noquote() << "could not drop old refused bodies:" << why;
    if (refused % 1024 == 0 && RefusedBodies::pruneRows(store.database(), m_refusedRowLimit, &why) < 0)
        qCWarning(lcCallback).noquote() << "could not drop old refused callbacks:" << why;
}

int CallbackServer::workers() const
{
    return m_workers ? m_workers->size() : 0;
}

void CallbackServer::dispatch(const HttpRequest &request, HttpServer::Responder respond)
{
    if (!m_workers)
        return respond(handle(request));
    const QDateTime now = m_clock.nowUtc();
    auto record = std::make_shared<CallbackRecord>();
    if (const auto early = prepare(request, now, record.get()))
        return respond(*early);
    // The responder stays on this thread; the worker only stores, then hands the outcome back here.
    const quint64 id = ++m_nextId;
    m_waiting.insert(id, std::move(respond));
    CallbackWorkers::Job job;
    job.record = record;
    job.after = [this](CallbackStore &store, CallbackRecord &stored) { afterStore(store, stored); };
    job.done = [this, id, record, now](bool ok, bool unavailable, const QString &error) {
        QMetaObject::invokeMethod(this, [this, id, record, now, ok, unavailable, error] {
            const HttpServer::Responder waiting = m_waiting.take(id);
            const HttpResponse answer = stored(*record, ok, unavailable, error, now);
            if (waiting)
                waiting(answer);
        }, Qt::QueuedConnection);
    };
    m_workers->submit(std::move(job));
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
    CallbackRecord record;
    if (const auto early = prepare(request, now, &record))
        return *early;
    QString error;
    const bool ok = storeRecord(m_store, record, &error);
    return stored(record, ok, false, error, now);
}

std::optional<HttpResponse> CallbackServer::prepare(const HttpRequest &request, const QDateTime &now, CallbackRecord *out)
{
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

    CallbackRecord &record = *out;
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
    if (!record.valid) {
        // Unauthenticated: whatever is kept of it is bounded (RefusedBodies), field by field.
        record.bodyCut = request.body.size() > RefusedBodies::MaxBodyBytes;
        if (record.bodyCut) {
            record.rawBody = QString::fromUtf8(Redaction::bytes(request.body.left(RefusedBodies::MaxBodyBytes)));
            record.refusalReason += QStringLiteral(" (body of %1 bytes cut to %2: it cannot be replayed)")
                                        .arg(request.body.size()).arg(RefusedBodies::MaxBodyBytes);
        }
        // A cut body holds the start of Data already; a short preview is enough beside it.
        record.data = record.data.left(record.bodyCut ? 256 : RefusedBodies::MaxDataChars);
        record.method = record.method.left(100);
        record.appKey = record.appKey.left(100);
        record.timeStamp = record.timeStamp.left(20);
        record.platformOrderNo = record.platformOrderNo.left(120);
        record.extOrderNo = record.extOrderNo.left(120);
        record.failMsg = record.failMsg.left(1024);
        record.refusalReason = record.refusalReason.left(1024);
        // What a replay needs to verify it again once the profile is put right (a cut body cannot be).
        if (!record.bodyCut) {
            for (const auto &field : CallbackSignature::parseForm(request.body)) {
                if (field.first == QLatin1String("Sign"))
                    record.replaySign = field.second.trimmed().left(64);
            }
        }
    }
    // The signature covers the lower-cased Data, so a replay with its letters' case changed still verifies:
    // the key folds case, and such a replay is a repeat.
    record.dedupeKey = CallbackStore::dedupeKey(verdict.method, verdict.timeStamp, verdict.data);
    record.skewMarginMs = qint64(m_profile.callback.skewMarginSeconds) * 1000;
    for (const CallbackItem &i : std::as_const(verdict.items))
        record.items.append({i.productCode, i.totalQty, i.receiveQty, i.returnQty, i.rejectQty});
    return std::nullopt;
}

HttpResponse CallbackServer::stored(const CallbackRecord &record, bool ok, bool unavailable, const QString &error, const QDateTime &now)
{
    if (!ok && unavailable) {
        // Logged once per outage by the workers; Haier sends it again.
        HttpResponse busy = HttpResponse::json(503, answer(false, QStringLiteral("storage_unavailable"),
                                                           QStringLiteral("The database is unreachable; retry later"), record.platformOrderNo, now));
        busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")});
        return busy;
    }
    if (!ok) {
        qCWarning(lcCallback).noquote() << "callback could not be stored:" << error;
        // Haier may retry; nothing was applied.
        return HttpResponse::json(500, answer(false, QStringLiteral("storage_error"), QStringLiteral("Temporarily unable to store the callback"),
                                              record.platformOrderNo, now));
    }
    // A callback we refuse (bad signature, stale, unreadable) or Haier's refusal (State 0) needs a look: errors.log.
    if (!record.valid) {
        // Refusals reach errors.log as a summary per reason and minute; only the first of each reason
        // in a minute has a line of its own.
        if (m_refusals.add(record.refusalCode, record.peer, now.toMSecsSinceEpoch()))
            qCWarning(lcCallback).noquote() << "refused callback" << record.refusalCode << "from" << record.peer << record.method.left(40)
                                            << "(further refusals are counted and summarised each minute)";
    } else if (record.state == 0)
        qCWarning(lcCallback).noquote() << record.method << record.platformOrderNo << "State" << record.state << record.outcome
                                        << record.refusalCode << record.refusalReason << record.failMsg;
    else
        qCInfo(lcCallback).noquote() << record.method << record.platformOrderNo << record.outcome << record.refusalCode;
    emit callbackStored(record.outcome, record.orderNumber);
    if (!record.valid)
        return HttpResponse::json(200, answer(false, record.refusalCode, record.refusalReason, record.platformOrderNo, now));
    return HttpResponse::json(200, answer(true, QStringLiteral("success"), QStringLiteral("成功"), record.platformOrderNo, now));
}
