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

// 403: the account lacks the interface's permission or this address is not whitelisted. A new token
// cannot fix that, so it is neither retried nor called an expired login (domain.md).
void explainForbidden(ApiResult &r)
{
    if (r.kind == ResultKind::Forbidden)
        r.message = QCoreApplication::translate("YlhClient",
            "No permission for this interface, or this computer's IP address is not on the whitelist; "
            "ask the administrator to check the YLH account's permissions and the IP whitelist");
}

} // namespace

YlhClient::YlhClient(QNetworkAccessManager &network, const Clock &clock, QObject *parent)
    : QObject(parent), m_transport(network, clock), m_clock(clock)
{
}

YlhClient::~YlhClient() = default;

void YlhClient::setCredentials(const YlhCredentials &credentials)
{
    m_credentials = credentials;
    invalidateToken();
}

qint64 YlhClient::nowMs() const
{
    return m_clock.nowUtc().toMSecsSinceEpoch();
}

qint64 YlhClient::timeValue(const Profile &profile, qint64 epochMs)
{
    return profile.timestampUnit == TimestampUnit::Seconds ? epochMs / 1000 : epochMs;
}

bool YlhClient::isEndOfDayInChina(const QDateTime &t)
{
    return t.isValid() && t.toTimeZone(QTimeZone(8 * 3600)).time() == QTime(23, 59, 59);
}

void YlhClient::checkSignIn(Done done)
{
    withToken([done](const QString &token, const ApiResult &failure) {
        if (token.isEmpty())
            return done(failure);
        ApiResult ok;
        ok.kind = ResultKind::Ok;
        ok.message = QCoreApplication::translate("YlhClient", "Signed in to YLH");
        done(ok);
    });
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
    m_transport.post(ApiTransport::join(m_profile.ylh.authBaseUrl, QStringLiteral("/oauth/token")), formType, body,
                     {{QByteArrayLiteral("system-name"), QByteArrayLiteral("ylh-open-api")},
                      {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Basic ") + basic}},
                     false, [this](const ApiResult &answer) {
        ApiResult result = answer;
        const QJsonObject o = result.data.toObject();
        const QString token = o.value(QStringLiteral("access_token")).toString();
        if (result.ok() && token.isEmpty()) {
            result.kind = ResultKind::Malformed;
            result.message = QCoreApplication::translate("YlhClient", "The token answer has no access_token");
        }
        if (result.kind == ResultKind::BusinessRejection && (result.httpStatus == 400 || result.httpStatus == 401)) {
            result.kind = ResultKind::Auth; // a refused password grant is an authentication failure
            result.message = QCoreApplication::translate("YlhClient", "YLH refused the credentials (HTTP %1)").arg(result.httpStatus);
        }
        explainForbidden(result);
        m_transport.record(QStringLiteral("ylh.token"), QString(), result);
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
        m_transport.post(call.url, jsonType, call.body, {{QByteArrayLiteral("Authorization"), "Bearer " + token.toUtf8()}}, true,
                         [this, call](const ApiResult &answer) {
            ApiResult result = ApiClassifier::acceptBare(answer, call.bare);
            explainForbidden(result);
            if (result.httpStatus == 401 && !call.retriedAfter401) {
                // The token died early (revoked, clock skew): one new token, one more try.
                m_transport.record(call.operation, call.orderNumber, result);
                invalidateToken();
                Call again = call;
                again.retriedAfter401 = true;
                return send(again);
            }
            if (result.httpStatus == 401)
                result.message = QCoreApplication::translate("YlhClient", "Authentication expired; please sign in again");
            finishCall(call, result);
        });
    });
}

void YlhClient::finishCall(const Call &call, const ApiResult &result)
{
    ApiResult r = result;
    if (r.redactedRequest.isEmpty())
        r.redactedRequest = Redaction::bytes(call.body);
    m_transport.record(call.operation, call.orderNumber, r);
    call.done(r);
}

void YlhClient::createOrder(const QJsonObject &payload, const QString &orderNumber, Done done)
{
    send({QStringLiteral("ylh.create_order"),
          ApiTransport::join(m_profile.ylh.orderBaseUrl, QStringLiteral("/api/page/hmm/retailorder/receive-hmm-retail-order")),
          compact(payload), orderNumber, std::move(done)});
}

void YlhClient::cancelOrder(const QString &soId, qint64 cancelTimeMs, const QString &reason, const QString &orderNumber, Done done)
{
    const QJsonObject body{{QStringLiteral("soId"), soId},
                           {QStringLiteral("cancelTime"), QString::number(timeValue(m_profile, cancelTimeMs))},
                           {QStringLiteral("cancelReason"), reason},
                           {QStringLiteral("sourceSystem"), m_profile.codes.sourceSystem}};
    send({QStringLiteral("ylh.cancel_order"),
          ApiTransport::join(m_profile.ylh.orderBaseUrl, QStringLiteral("/api/page/hmm/retailorder/cancel-hmm-retail-order")),
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
                           {QStringLiteral("distributionTime"), double(timeValue(m_profile, distribution.toMSecsSinceEpoch()))},
                           {QStringLiteral("installTime"), double(timeValue(m_profile, install.toMSecsSinceEpoch()))}};
    send({QStringLiteral("ylh.update_distribution_time"),
          ApiTransport::join(m_profile.ylh.orderServiceBaseUrl, QStringLiteral("/api/page/retailorder/hmm/update-distribution-time")),
          compact(body), orderNumber, std::move(done)});
}

void YlhClient::deliveryImages(const QString &orderNo, const QString &orderNumber, Done done)
{
    Call call{QStringLiteral("ylh.delivery_images"),
              ApiTransport::join(m_profile.ylh.orderServiceBaseUrl, QStringLiteral("/api/page/retailorder/search/get-retail-order-delivery-img")),
              compact(QJsonObject{{QStringLiteral("orderNo"), orderNo}}), orderNumber, std::move(done)};
    call.bare.list = true;
    send(std::move(call));
}

void YlhClient::logistics(const QStringList &soNumbers, Done done)
{
    const QUrl target = ApiTransport::join(m_profile.ylh.stockBaseUrl, QStringLiteral("/api/composite/stock/logistics/get-store-logistics-by-order-code"));
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
        Call call{QStringLiteral("ylh.logistics"), target, compact(QJsonArray::fromStringList(batch)), QString(),
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
              }};
        call.bare.list = true;
        send(std::move(call));
    }
}
