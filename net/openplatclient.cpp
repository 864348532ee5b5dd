#include "net/openplatclient.h"

#include "models/clock.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace {
const QByteArray jsonType = QByteArrayLiteral("application/json;charset=UTF-8");
constexpr int MaxCodesPerCall = 20;

const ApiClassifier::BareAnswer bareList{true, {}};

// A 403 is not a sign-in problem: no new token, no retry; the administrator has to act.
ApiResult explainForbidden(ApiResult r)
{
    if (r.kind == ResultKind::Forbidden)
        r.message = QCoreApplication::translate("OpenPlatClient",
            "No permission for this open-platform interface, or this computer's IP address is not on the whitelist; "
            "ask the administrator to check the open-platform account's permissions and the IP whitelist");
    return r;
}
} // namespace

OpenPlatClient::OpenPlatClient(QNetworkAccessManager &network, const Clock &clock, QObject *parent)
    : QObject(parent), m_transport(network, clock)
{
}

void OpenPlatClient::call(const QString &operation, const QString &path, const QJsonObject &body, const ApiClassifier::BareAnswer &bare,
                          Done done, bool retried)
{
    const qint64 now = m_transport.clock().nowUtc().toMSecsSinceEpoch();
    if (m_token.isEmpty() || now >= m_tokenExpiresAtMs - 10 * 60 * 1000) {
        const bool first = m_tokenWaiters.isEmpty();
        m_tokenWaiters.append([this, operation, path, body, bare, done](const ApiResult &token) {
            if (!token.ok())
                return done(token);
            call(operation, path, body, bare, done);
        });
        if (!first)
            return; // one token request at a time; the others wait for it
        ++m_tokenRequests;
        const QJsonObject tokenBody{{QStringLiteral("client_id"), m_credentials.clientId},
                                    {QStringLiteral("client_secret"), m_credentials.clientSecret},
                                    {QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
        const Profile &p = m_transport.profile();
        m_transport.post(ApiTransport::join(p.openplat.baseUrl, p.openplat.tokenPath), jsonType,
                         QJsonDocument(tokenBody).toJson(QJsonDocument::Compact), {}, false, [this, now](const ApiResult &answer) {
            ApiResult r = explainForbidden(answer);
            const QJsonObject o = r.data.toObject();
            // Some deployments wrap the token in an envelope's data.
            const QJsonObject tokenObject = o.contains(QStringLiteral("data")) ? o.value(QStringLiteral("data")).toObject() : o;
            m_token = tokenObject.value(QStringLiteral("access_token")).toString();
            if (r.ok() && m_token.isEmpty()) {
                r.kind = ResultKind::Malformed;
                r.message = QCoreApplication::translate("OpenPlatClient", "The token answer has no access_token");
            }
            if (!r.ok() && r.kind == ResultKind::BusinessRejection)
                r.kind = ResultKind::Auth;
            m_transport.record(QStringLiteral("openplat.token"), QString(), r);
            m_tokenExpiresAtMs = now + qint64(tokenObject.value(QStringLiteral("expires_in")).toDouble(7200)) * 1000;
            if (!r.ok())
                m_token.clear();
            const auto waiters = m_tokenWaiters;
            m_tokenWaiters.clear();
            for (const auto &w : waiters)
                w(r);
        });
        return;
    }
    m_transport.post(ApiTransport::join(m_transport.profile().openplat.baseUrl, QStringLiteral("/yilihuo") + path), jsonType,
                     QJsonDocument(body).toJson(QJsonDocument::Compact),
                     {{QByteArrayLiteral("Authorization"), "Bearer " + m_token.toUtf8()}}, true,
                     [this, operation, path, body, bare, done, retried](const ApiResult &answer) {
        const ApiResult r = explainForbidden(ApiClassifier::acceptBare(answer, bare));
        m_transport.record(operation, QString(), r);
        if (r.httpStatus == 401 && !retried) {
            m_token.clear();
            return call(operation, path, body, bare, done, true);
        }
        done(r);
    });
}

void OpenPlatClient::inBatches(const QString &operation, const QString &path, const QStringList &codes,
                               const std::function<QJsonObject(const QStringList &)> &body, Done done)
{
    struct Merge { int pending = 0; QJsonArray data; std::optional<ApiResult> failure; ApiResult last; };
    auto merge = std::make_shared<Merge>();
    QList<QStringList> batches;
    for (qsizetype i = 0; i < codes.size(); i += MaxCodesPerCall)
        batches.append(codes.mid(i, MaxCodesPerCall));
    merge->pending = int(batches.size());
    if (batches.isEmpty()) {
        ApiResult r;
        r.kind = ResultKind::Ok;
        r.data = QJsonArray();
        return done(r);
    }
    for (const QStringList &batch : std::as_const(batches)) {
        call(operation, path, body(batch), bareList, [merge, done](const ApiResult &r) {
            if (!r.ok() && !merge->failure)
                merge->failure = r;
            for (const QJsonValue &v : r.data.toArray())
                merge->data.append(v);
            merge->last = r;
            if (--merge->pending > 0)
                return;
            ApiResult out = merge->failure.value_or(merge->last);
            out.data = merge->data;
            done(out);
        });
    }
}

void OpenPlatClient::products(const QStringList &codes, Done done)
{
    const Profile &p = m_transport.profile();
    inBatches(QStringLiteral("openplat.products"),
              QStringLiteral("/jsh-service-goods-mall-search/api/product-info/procurable-products-out/check-procurable-products"),
              codes, [this, p](const QStringList &batch) {
                  return QJsonObject{{QStringLiteral("customerCode"), p.codes.customerCode}, {QStringLiteral("sendToCode"), p.codes.sendToCode},
                                     {QStringLiteral("productCodes"), QJsonArray::fromStringList(batch)},
                                     {QStringLiteral("supplierCode"), p.codes.supplierCode}, {QStringLiteral("searchType"), QStringLiteral("PTJSH")},
                                     {QStringLiteral("passWord"), m_credentials.accountPassword}};
              }, std::move(done));
}

void OpenPlatClient::prices(const QStringList &codes, Done done)
{
    const Profile &p = m_transport.profile();
    inBatches(QStringLiteral("openplat.prices"),
              QStringLiteral("/jsh-service-goods-price/api/goods-price/price-daily-sales/price-query/pt-out-list-price"),
              codes, [this, p](const QStringList &batch) {
                  return QJsonObject{{QStringLiteral("customerCode"), p.codes.customerCode}, {QStringLiteral("sendToCode"), p.codes.sendToCode},
                                     {QStringLiteral("productCodes"), QJsonArray::fromStringList(batch)},
                                     {QStringLiteral("priceType"), QStringLiteral("PT")}, {QStringLiteral("passWord"), m_credentials.accountPassword}};
              }, std::move(done));
}

void OpenPlatClient::stock(const QString &productCode, const QString &countyCode, Done done)
{
    const Profile &p = m_transport.profile();
    call(QStringLiteral("openplat.stock"), QStringLiteral("/jsh-service-stock-mall/api/page/stock/get-available-stock-open"),
         // salesCode is the 售达方编码, the same code as customerCode (not the 八码 sellerCode).
         QJsonObject{{QStringLiteral("salesCode"), p.codes.customerCode}, {QStringLiteral("senderCode"), p.codes.sendToCode},
                     {QStringLiteral("productCode"), productCode}, {QStringLiteral("countyCode"), countyCode},
                     {QStringLiteral("source"), QStringLiteral("JSH-B")}, {QStringLiteral("sellerPassword"), m_credentials.accountPassword}},
         {false, {QStringLiteral("stock"), QStringLiteral("secCode")}}, std::move(done));
}

void OpenPlatClient::logistics(const QString &orderCode, const QString &deliveryRecordCode, Done done)
{
    const Profile &p = m_transport.profile();
    QJsonObject body{{QStringLiteral("orderCode"), orderCode}, {QStringLiteral("sellerCode"), p.codes.sellerCode},
                     {QStringLiteral("sellerPassword"), m_credentials.accountPassword}};
    if (!deliveryRecordCode.isEmpty())
        body.insert(QStringLiteral("deliveryRecordCode"), deliveryRecordCode);
    call(QStringLiteral("openplat.logistics"),
         QStringLiteral("/ylh-cloud-service-stock/api/page/stock/logistics/sass/get-thirdparty-logistics-info-by-order-code-auth"),
         body,
         {false, {QStringLiteral("getAllLogisticsInfoByOrderCode"), QStringLiteral("getStockDeliveryLogisticsRecord"),
                  QStringLiteral("getStockDeliveryLogisticsRecordThirdparty")}},
         std::move(done));
}

void OpenPlatClient::balance(Done done)
{
    const Profile &p = m_transport.profile();
    call(QStringLiteral("openplat.balance"),
         QStringLiteral("/jsh-service-finance-mall/api/page/account/account-balance-manager/get-payer-account-balance-by-customer-code"),
         QJsonObject{{QStringLiteral("customerCode"), p.codes.customerCode}, {QStringLiteral("customerPassword"), m_credentials.accountPassword}},
         bareList, std::move(done));
}
