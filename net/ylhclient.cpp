#include "net/ylhclient.h"

#include "models/clock.h"
#include "net/callrecorder.h"
#include "net/logging.h"
#include "net/redaction.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimeZone>
#include <QTimer>
#include <QUrlQuery>

namespace {

const QByteArray formType = QByteArrayLiteral("application/x-www-form-urlencoded");
const QByteArray jsonType = QByteArrayLiteral("application/json;charset=UTF-8");
constexpr qint64 RefreshBeforeExpiryMs = 10 * 60 * 1000;

QByteArray compact(const QJsonValue &v)
{
    return v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                       : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

} // namespace

YlhClient::YlhClient(QNetworkAccessManager &network, const Clock &clock, QObject *parent)
    : QObject(parent), m_network(network), m_clock(clock)
{
}

YlhClient::~YlhClient()
{
    abortAll();
}

void YlhClient::setCredentials(const YlhCredentials &credentials)
{
    m_credentials = credentials;
    invalidateToken();
}

qint64 YlhClient::nowMs() const
{
    return m_clock.nowUtc().toMSecsSinceEpoch();
}

QUrl YlhClient::url(const QUrl &base, const QString &path) const
{
    QUrl u = base;
    QString p = u.path();
    if (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    u.setPath(p + path);
    return u;
}

bool YlhClient::isEndOfDayInChina(const QDateTime &t)
{
    return t.isValid() && t.toTimeZone(QTimeZone(8 * 3600)).time() == QTime(23, 59, 59);
}

QNetworkReply *YlhClient::post(const QUrl &target, const QByteArray &contentType, const QByteArray &body,
                               const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(target);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    // POST APIs never follow redirects: a redirect would resend the body somewhere we did not choose.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = m_network.post(request, body);
    m_inFlight.insert(reply);
    return reply;
}

void YlhClient::watch(QNetworkReply *reply, std::function<void(QNetworkReply *, bool, qint64)> done)
{
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true; // abort() reports OperationCanceledError; this flag says it was our deadline
        reply->abort();
    });
    timer->start(m_profile.timeoutMs);
    connect(reply, &QNetworkReply::finished, this, [this, reply, timer, timedOut, elapsed, done] {
        timer->stop();
        m_inFlight.remove(reply);
        reply->deleteLater();
        done(reply, *timedOut, elapsed->elapsed());
    });
}

void YlhClient::abortAll()
{
    const QSet<QNetworkReply *> replies = m_inFlight;
    for (QNetworkReply *r : replies)
        r->abort();
}

void YlhClient::withToken(std::function<void(const QString &, const ApiResult &)> next)
{
    if (!m_token.isEmpty() && nowMs() < m_tokenExpiresAtMs - RefreshBeforeExpiryMs)
        return next(m_token, ApiResult());
    m_tokenWaiters.append(std::move(next));
    if (!m_tokenInFlight)
        requestToken();
}

void YlhClient::requestToken()
{
    m_tokenInFlight = true;
    ++m_tokenRequests;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
    form.addQueryItem(QStringLiteral("username"), m_credentials.username);
    form.addQueryItem(QStringLiteral("password"), m_credentials.password);
    // '+' and '&' inside a password must survive form encoding.
    const QByteArray body = form.query(QUrl::FullyEncoded).replace(QLatin1Char('+'), QLatin1String("%2B")).toUtf8();
    const QByteArray basic = (m_credentials.clientId + QLatin1Char(':') + m_credentials.clientSecret).toUtf8().toBase64();
    QNetworkReply *reply = post(url(m_profile.ylh.authBaseUrl, QStringLiteral("/oauth/token")), formType, body,
                                {{QByteArrayLiteral("system-name"), QByteArrayLiteral("ylh-open-api")},
                                 {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Basic ") + basic}});
    watch(reply, [this, body](QNetworkReply *r, bool timedOut, qint64 latency) {
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        ApiResult result = ApiClassifier::classify(status, r->error(), timedOut, r->readAll(), r->rawHeader("Retry-After"),
                                                   {}, false, nowMs());
        result.latencyMs = latency;
        result.redactedRequest = Redaction::bytes(body);
        result.redactedResponse = Redaction::bytes(result.body);
        const QJsonObject o = result.data.toObject();
        const QString token = o.value(QStringLiteral("access_token")).toString();
        if (result.ok() && token.isEmpty()) {
            result.kind = ResultKind::Malformed;
            result.message = QCoreApplication::translate("YlhClient", "The token answer has no access_token");
        }
        if (result.kind == ResultKind::BusinessRejection && (status == 400 || status == 401)) {
            result.kind = ResultKind::Auth; // a refused password grant is an authentication failure
            result.message = QCoreApplication::translate("YlhClient", "YLH refused the credentials (HTTP %1)").arg(status);
        }
        record(QStringLiteral("ylh.token"), QString(), result);
        m_tokenInFlight = false;
        if (result.ok()) {
            m_token = token;
            const qint64 lifetime = qint64(o.value(QStringLiteral("expires_in")).toDouble(3600)) * 1000;
            m_tokenExpiresAtMs = nowMs() + lifetime;
        } else {
            invalidateToken();
        }
        const auto waiters = m_tokenWaiters;
        m_tokenWaiters.clear();
        for (const auto &w : waiters)
            w(result.ok() ? m_token : QString(), result);
    });
}

void YlhClient::send(Call call)
{
    withToken([this, call](const QString &token, const ApiResult &failure) {
        if (token.isEmpty()) {
            ApiResult r = failure;
            if (r.kind == ResultKind::Ok)
                r.kind = ResultKind::Auth;
            return finishCall(call, r);
        }
        QNetworkReply *reply = post(call.url, jsonType, call.body, {{QByteArrayLiteral("Authorization"), "Bearer " + token.toUtf8()}});
        watch(reply, [this, call](QNetworkReply *r, bool timedOut, qint64 latency) {
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            ApiResult result = ApiClassifier::classify(status, r->error(), timedOut, r->readAll(), r->rawHeader("Retry-After"),
                                                       m_profile.duplicatePatterns, true, nowMs());
            result.latencyMs = latency;
            if (status == 401 && !call.retriedAfter401) {
                // The token died early (revoked, clock skew): one new token, one more try.
                record(call.operation, call.orderNumber, result);
                invalidateToken();
                Call again = call;
                again.retriedAfter401 = true;
                return send(again);
            }
            if (status == 401)
                result.message = QCoreApplication::translate("YlhClient", "Authentication expired; please sign in again");
            finishCall(call, result);
        });
    });
}

void YlhClient::finishCall(const Call &call, const ApiResult &result)
{
    ApiResult r = result;
    r.redactedRequest = Redaction::bytes(call.body);
    r.redactedResponse = Redaction::bytes(r.body);
    record(call.operation, call.orderNumber, r);
    call.done(r);
}

void YlhClient::record(const QString &operation, const QString &orderNumber, const ApiResult &result)
{
    qCInfo(lcApi).noquote() << operation << orderNumber << result.httpStatus << resultKindName(result.kind)
                            << result.latencyMs << "ms" << result.message;
    if (!m_recorder)
        return;
    SyncLogEntry e;
    e.at = m_clock.nowUtc();
    e.profile = m_profile.name;
    e.operation = operation;
    e.orderNumber = orderNumber;
    e.httpStatus = result.httpStatus;
    e.latencyMs = result.latencyMs;
    e.kind = result.kind;
    e.message = result.message;
    e.requestBody = result.redactedRequest;
    e.responseBody = result.redactedResponse.isEmpty() ? Redaction::bytes(result.body) : result.redactedResponse;
    m_recorder->record(e);
}

void YlhClient::createOrder(const QJsonObject &payload, const QString &orderNumber, Done done)
{
    send({QStringLiteral("ylh.create_order"),
          url(m_profile.ylh.orderBaseUrl, QStringLiteral("/api/page/hmm/retailorder/receive-hmm-retail-order")),
          compact(payload), orderNumber, std::move(done)});
}

void YlhClient::cancelOrder(const QString &soId, qint64 cancelTimeMs, const QString &reason, const QString &orderNumber, Done done)
{
    const QJsonObject body{{QStringLiteral("soId"), soId},
                           {QStringLiteral("cancelTime"), QString::number(cancelTimeMs)},
                           {QStringLiteral("cancelReason"), reason},
                           {QStringLiteral("sourceSystem"), m_profile.codes.sourceSystem}};
    send({QStringLiteral("ylh.cancel_order"),
          url(m_profile.ylh.orderBaseUrl, QStringLiteral("/api/page/hmm/retailorder/cancel-hmm-retail-order")),
          compact(body), orderNumber, std::move(done)});
}

void YlhClient::updateDistributionTime(const QString &retailOrderNo, const QDateTime &distribution, const QDateTime &install,
                                       const QString &orderNumber, Done done)
{
    if (!isEndOfDayInChina(distribution) || !isEndOfDayInChina(install)) {
        ApiResult r;
        r.kind = ResultKind::Malformed;
        r.message = QCoreApplication::translate("YlhClient", "Delivery and installation times must be 23:59:59 China time; nothing was sent");
        return done(r);
    }
    const QJsonObject body{{QStringLiteral("retailOrderNo"), retailOrderNo},
                           {QStringLiteral("distributionTime"), double(distribution.toMSecsSinceEpoch())},
                           {QStringLiteral("installTime"), double(install.toMSecsSinceEpoch())}};
    send({QStringLiteral("ylh.update_distribution_time"),
          url(m_profile.ylh.orderServiceBaseUrl, QStringLiteral("/api/page/retailorder/hmm/update-distribution-time")),
          compact(body), orderNumber, std::move(done)});
}

void YlhClient::deliveryImages(const QString &orderNo, const QString &orderNumber, Done done)
{
    send({QStringLiteral("ylh.delivery_images"),
          url(m_profile.ylh.orderServiceBaseUrl, QStringLiteral("/api/page/retailorder/search/get-retail-order-delivery-img")),
          compact(QJsonObject{{QStringLiteral("orderNo"), orderNo}}), orderNumber, std::move(done)});
}

void YlhClient::logistics(const QStringList &soNumbers, Done done)
{
    const QUrl target = url(m_profile.ylh.stockBaseUrl, QStringLiteral("/api/composite/stock/logistics/get-store-logistics-by-order-code"));
    struct Merge {
        int pending = 0;
        ApiResult combined;
        QJsonArray data;
        bool failed = false;
    };
    auto merge = std::make_shared<Merge>();
    QList<QStringList> batches;
    for (qsizetype i = 0; i < soNumbers.size(); i += 100)
        batches.append(soNumbers.mid(i, 100));
    if (batches.isEmpty()) {
        ApiResult r;
        r.kind = ResultKind::Ok;
        r.data = QJsonArray();
        return done(r);
    }
    merge->pending = int(batches.size());
    for (const QStringList &batch : std::as_const(batches)) {
        send({QStringLiteral("ylh.logistics"), target, compact(QJsonArray::fromStringList(batch)), QString(),
              [merge, done](const ApiResult &r) {
                  if (!r.ok() && !merge->failed) {
                      merge->failed = true;
                      merge->combined = r;
                  }
                  for (const QJsonValue &v : r.data.toArray())
                      merge->data.append(v);
                  if (--merge->pending > 0)
                      return;
                  ApiResult out = merge->failed ? merge->combined : r;
                  out.data = merge->data;
                  done(out);
              }});
    }
}
