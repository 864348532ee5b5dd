#include "tools/ylh-sim/ylhsimulator.h"

#include "tools/ylh-sim/simcallbacks.h"
#include "tools/ylh-sim/simvalidation.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimeZone>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

Q_LOGGING_CATEGORY(lcSim, "console.sim", QtInfoMsg)

namespace {

QJsonObject jsonBody(const QByteArray &body, bool *ok)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &e);
    *ok = e.error == QJsonParseError::NoError && doc.isObject();
    return doc.object();
}

bool endsWith(const QByteArray &path, const char *suffix)
{
    return path.endsWith(suffix);
}

} // namespace

YlhSimulator::YlhSimulator(const SimConfig &config, QObject *parent)
    : QObject(parent), m_config(config), m_server(new HttpServer(this)), m_network(new QNetworkAccessManager(this)),
      m_random(config.seed)
{
    HttpServerLimits limits;
    limits.maxBodyBytes = 4 * 1024 * 1024; // logistics batches and large orders
    limits.maxConnections = 512;
    limits.idleTimeoutMs = 120000;
    m_server->setLimits(limits);
    m_server->setHandler([this](const HttpRequest &request, HttpServer::Responder respond) { handle(request, std::move(respond)); });
}

YlhSimulator::~YlhSimulator() = default;

bool YlhSimulator::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

quint16 YlhSimulator::port() const
{
    return m_server->port();
}

QString YlhSimulator::errorString() const
{
    return m_server->errorString();
}

QUrl YlhSimulator::baseUrl() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(port());
    return u;
}

Profile YlhSimulator::pointedAt(const Profile &profile, const QUrl &base)
{
    auto on = [&](const QUrl &original) {
        QUrl u = base;
        u.setPath(original.path());
        return u;
    };
    Profile p = profile;
    p.ylh.authBaseUrl = on(profile.ylh.authBaseUrl);
    p.ylh.orderBaseUrl = on(profile.ylh.orderBaseUrl);
    p.ylh.orderServiceBaseUrl = on(profile.ylh.orderServiceBaseUrl);
    p.ylh.stockBaseUrl = on(profile.ylh.stockBaseUrl);
    p.openplat.baseUrl = on(profile.openplat.baseUrl);
    return p;
}

void YlhSimulator::setConfig(const SimConfig &config)
{
    m_config = config;
    m_random.seed(config.seed);
}

QList<SimLedgerEntry> YlhSimulator::ledger() const
{
    QList<SimLedgerEntry> entries;
    for (const QString &soId : m_ledgerOrder)
        entries.append(m_ledger.value(soId));
    return entries;
}

void YlhSimulator::reset()
{
    m_tokens.clear();
    m_ledger.clear();
    m_ledgerOrder.clear();
    m_counts.clear();
    m_lastRequests.clear();
    m_heldForever.clear();
    m_tokensIssued = 0;
    m_authenticatedRequests = 0;
    m_currentSecond = m_busiestSecond = -1;
    m_currentCount = m_busiestCount = 0;
}

HttpResponse YlhSimulator::envelope(bool success, const QString &code, const QString &message, const QJsonValue &data)
{
    QJsonObject o{{QStringLiteral("success"), success}, {QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isUndefined())
        o.insert(QStringLiteral("data"), data);
    return HttpResponse::json(200, o);
}

HttpResponse YlhSimulator::success(const QJsonValue &data) const
{
    if (m_config.answerShape != QLatin1String("bare"))
        return envelope(true, QStringLiteral("200"), QStringLiteral("成功"), data);
    HttpResponse r;
    r.body = data.isArray() ? QJsonDocument(data.toArray()).toJson(QJsonDocument::Compact)
                            : QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact);
    return r;
}

void YlhSimulator::handle(const HttpRequest &request, HttpServer::Responder respond)
{
    const bool isTest = request.path.startsWith("/__sim/");
    if (!isTest) {
        const qint64 second = m_clock.nowUtc().toMSecsSinceEpoch() / 1000;
        if (second != m_currentSecond) {
            m_currentSecond = second;
            m_currentCount = 0;
        }
        if (++m_currentCount > m_busiestCount) {
            m_busiestCount = m_currentCount;
            m_busiestSecond = second;
        }
    }
    const bool isToken = endsWith(request.path, "/oauth/token") || endsWith(request.path, "/oauth2/auth")
        || endsWith(request.path, "/oauth2/token");
    if (!isTest && (!isToken || m_config.faults.faultsOnToken)) {
        const SimFaults &f = m_config.faults;
        const double draw = m_random.generateDouble();
        double edge = 0;
        auto hit = [&](double rate) { edge += rate; return draw < edge; };
        if (hit(f.serverErrorRate)) {
            m_counts[QStringLiteral("fault.500")]++;
            return respond(HttpResponse::json(500, QJsonObject{{QStringLiteral("error"), QStringLiteral("Internal Server Error")}}));
        }
        if (hit(f.unavailableRate)) {
            m_counts[QStringLiteral("fault.503")]++;
            HttpResponse r = HttpResponse::json(503, QJsonObject{{QStringLiteral("error"), QStringLiteral("Service Unavailable")}});
            r.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(f.retryAfterSeconds)});
            return respond(r);
        }
        if (hit(f.timeoutRate)) {
            m_counts[QStringLiteral("fault.timeout")]++;
            m_heldForever.append(std::move(respond));
            return;
        }
        if (hit(f.resetRate)) {
            m_counts[QStringLiteral("fault.reset")]++;
            HttpResponse r;
            r.abortConnection = true;
            return respond(r);
        }
        if (hit(f.malformedRate)) {
            m_counts[QStringLiteral("fault.malformed")]++;
            return respond(HttpResponse::text(200, QByteArrayLiteral("{\"success\":tr")));
        }
        if (hit(f.forbiddenRate)) {
            m_counts[QStringLiteral("fault.403")]++;
            return respond(HttpResponse::json(403, QJsonObject{{QStringLiteral("success"), false}, {QStringLiteral("code"), QStringLiteral("403")},
                                                               {QStringLiteral("message"), QStringLiteral("无接口访问权限或IP不在白名单")}}));
        }
    }
    const int delay = m_config.faults.latencyMs
        + (m_config.faults.jitterMs > 0 ? int(m_random.bounded(m_config.faults.jitterMs + 1)) : 0);
    if (delay > 0 && !isTest) {
        QTimer::singleShot(delay, this, [this, request, respond] { route(request, respond); });
        return;
    }
    route(request, std::move(respond));
}

void YlhSimulator::route(const HttpRequest &request, HttpServer::Responder respond)
{
    const QByteArray &path = request.path;
    if (path == "/__sim/ledger" && request.method == "GET") {
        QJsonArray array;
        for (const SimLedgerEntry &e : ledger()) {
            array.append(QJsonObject{{QStringLiteral("soId"), e.soId}, {QStringLiteral("onlineNo"), e.onlineNo},
                                     {QStringLiteral("attempts"), e.attempts}, {QStringLiteral("acceptances"), e.acceptances},
                                     {QStringLiteral("accepted"), e.accepted}, {QStringLiteral("cancelled"), e.cancelled},
                                     {QStringLiteral("retailOrderNo"), e.retailOrderNo}});
        }
        HttpResponse r;
        r.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
        return respond(r);
    }
    if (path == "/__sim/stats" && request.method == "GET") {
        QJsonObject counts;
        for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
            counts.insert(it.key(), it.value());
        return respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("counts"), counts},
                                                           {QStringLiteral("tokensIssued"), m_tokensIssued},
                                                           {QStringLiteral("busiestSecondRequests"), m_busiestCount},
                                                           {QStringLiteral("busiestSecond"), double(m_busiestSecond)},
                                                           {QStringLiteral("config"), m_config.toJson()}}));
    }
    if (path == "/__sim/config" && request.method == "POST") {
        bool ok = false;
        QString error;
        const auto config = SimConfig::fromJson(jsonBody(request.body, &ok), &error);
        if (!ok || !config)
            return respond(HttpResponse::json(400, QJsonObject{{QStringLiteral("error"), error}}));
        setConfig(*config);
        return respond(HttpResponse::json(200, m_config.toJson()));
    }
    if (path == "/__sim/reset" && request.method == "POST") {
        reset();
        return respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("ok"), true}}));
    }
    if (request.method != "POST")
        return respond(HttpResponse::json(405, QJsonObject{{QStringLiteral("error"), QStringLiteral("Method Not Allowed")}}));

    if (endsWith(path, "/oauth/token"))
        return respond(token(request));
    if (endsWith(path, "/oauth2/auth") || endsWith(path, "/oauth2/token"))
        return respond(openplatToken(request));

    const bool openplat = path.contains("/yilihuo/");
    HttpResponse refusal;
    if (!authorised(request, openplat, &refusal))
        return respond(refusal);
    const bool arrayBody = endsWith(path, "/get-store-logistics-by-order-code");
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &e);
    if (e.error != QJsonParseError::NoError || (arrayBody ? !doc.isArray() : !doc.isObject()))
        return respond(HttpResponse::json(400, QJsonObject{{QStringLiteral("success"), false}, {QStringLiteral("code"), QStringLiteral("400")},
                                                           {QStringLiteral("message"), QStringLiteral("请求体不是合法的JSON")}}));
    if (!request.header("Content-Type").startsWith("application/json"))
        return respond(HttpResponse::json(415, QJsonObject{{QStringLiteral("message"), QStringLiteral("Content-Type must be JSON")}}));

    if (endsWith(path, "/api/page/hmm/retailorder/receive-hmm-retail-order")) {
        const HttpResponse answer = createOrder(doc.object());
        if (m_config.faults.loseCreateAnswers) {
            m_counts[QStringLiteral("fault.lost_answer")]++;
            m_heldForever.append(std::move(respond));
            return;
        }
        if (m_config.faults.createAnswerDelayMs > 0) {
            m_counts[QStringLiteral("fault.slow_answer")]++;
            QTimer::singleShot(m_config.faults.createAnswerDelayMs, this, [respond, answer] { respond(answer); });
            return;
        }
        return respond(answer);
    }
    if (endsWith(path, "/api/page/hmm/retailorder/cancel-hmm-retail-order"))
        return respond(cancelOrder(doc.object()));
    if (endsWith(path, "/api/page/retailorder/hmm/update-distribution-time"))
        return respond(updateDistribution(doc.object()));
    if (endsWith(path, "/api/page/retailorder/search/get-retail-order-delivery-img")) {
        m_counts[QStringLiteral("ylh.delivery_images")]++;
        m_lastRequests.insert(QStringLiteral("ylh.delivery_images"), doc.object());
        const QString orderNo = doc.object().value(QStringLiteral("orderNo")).toString();
        if (orderNo.isEmpty())
            return respond(envelope(false, QStringLiteral("400"), QStringLiteral("orderNo不能为空")));
        return respond(success(QJsonArray{QStringLiteral("https://img.example.invalid/%1/delivery-1.jpg").arg(orderNo),
                                          QStringLiteral("https://img.example.invalid/%1/install-1.jpg").arg(orderNo)}));
    }
    if (arrayBody) {
        m_counts[QStringLiteral("ylh.logistics")]++;
        m_lastRequests.insert(QStringLiteral("ylh.logistics"), doc.array());
        const QJsonArray codes = doc.array();
        if (codes.size() > 100)
            return respond(envelope(false, QStringLiteral("400"), QStringLiteral("单次最多查询100个订单")));
        QJsonArray data;
        for (const QJsonValue &c : codes) {
            if (m_config.unshippedOrderCodes.contains(c.toString()))
                continue; // nothing shipped yet: no logistics record
            data.append(QJsonObject{{QStringLiteral("orderCode"), c.toString()},
                                    {QStringLiteral("logisticsNo"), QStringLiteral("WL") + c.toString().right(6)},
                                    {QStringLiteral("deliveryRecordCode"), QStringLiteral("DR") + c.toString().right(6)},
                                    {QStringLiteral("snCode"), QStringLiteral("SN") + c.toString().right(8)}});
        }
        return respond(success(data));
    }
    if (openplat)
        return respond(openplatCall(QString::fromUtf8(path), doc.object()));
    respond(HttpResponse::json(404, QJsonObject{{QStringLiteral("message"), QStringLiteral("Not Found")}}));
}

HttpResponse YlhSimulator::token(const HttpRequest &request)
{
    m_counts[QStringLiteral("ylh.token")]++;
    const QByteArray expectedBasic = "Basic " + (m_config.credentials.clientId + QLatin1Char(':') + m_config.credentials.clientSecret).toUtf8().toBase64();
    if (!request.header("Content-Type").startsWith("application/x-www-form-urlencoded"))
        return HttpResponse::json(400, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_request")},
                                                   {QStringLiteral("error_description"), QStringLiteral("form body expected")}});
    if (request.header("system-name") != "ylh-open-api" || request.header("Authorization") != expectedBasic)
        return HttpResponse::json(401, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client")}});
    const QUrlQuery form(QString::fromUtf8(request.body).replace(QLatin1Char('+'), QLatin1Char(' ')));
    if (form.queryItemValue(QStringLiteral("grant_type")) != QLatin1String("password")
        || form.queryItemValue(QStringLiteral("username"), QUrl::FullyDecoded) != m_config.credentials.username
        || form.queryItemValue(QStringLiteral("password"), QUrl::FullyDecoded) != m_config.credentials.password)
        return HttpResponse::json(400, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_grant")},
                                                   {QStringLiteral("error_description"), QStringLiteral("用户名或密码错误")}});
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_tokens.insert(token, {m_clock.nowUtc().toMSecsSinceEpoch() + qint64(m_config.tokenLifetimeSeconds) * 1000, false});
    ++m_tokensIssued;
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("access_token"), token}, {QStringLiteral("token_type"), QStringLiteral("bearer")},
                                               {QStringLiteral("expires_in"), m_config.tokenLifetimeSeconds},
                                               {QStringLiteral("scope"), QStringLiteral("all")}});
}

HttpResponse YlhSimulator::openplatToken(const HttpRequest &request)
{
    m_counts[QStringLiteral("openplat.token")]++;
    bool ok = false;
    const QJsonObject body = jsonBody(request.body, &ok);
    if (!ok || body.value(QStringLiteral("grant_type")).toString() != QLatin1String("client_credentials")
        || body.value(QStringLiteral("client_id")).toString() != m_config.credentials.openplatClientId
        || body.value(QStringLiteral("client_secret")).toString() != m_config.credentials.openplatClientSecret)
        return HttpResponse::json(401, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client")}});
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_tokens.insert(token, {m_clock.nowUtc().toMSecsSinceEpoch() + qint64(m_config.tokenLifetimeSeconds) * 1000, true});
    ++m_tokensIssued;
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("access_token"), token},
                                               {QStringLiteral("expires_in"), m_config.tokenLifetimeSeconds}});
}

bool YlhSimulator::authorised(const HttpRequest &request, bool openplat, HttpResponse *refusal)
{
    const QByteArray header = request.header("Authorization");
    const QString token = header.startsWith("Bearer ") ? QString::fromUtf8(header.mid(7)) : QString();
    const auto it = m_tokens.constFind(token);
    if (token.isEmpty() || it == m_tokens.constEnd() || it->openplat != openplat
        || it->expiresAtMs < m_clock.nowUtc().toMSecsSinceEpoch()) {
        *refusal = HttpResponse::json(401, QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_token")}});
        return false;
    }
    ++m_authenticatedRequests;
    if (m_config.faults.revokeTokenEvery > 0 && m_authenticatedRequests % m_config.faults.revokeTokenEvery == 0) {
        m_counts[QStringLiteral("fault.revoke")]++;
        m_tokens.clear(); // this request still passes; the next ones need a new token
    }
    return true;
}

HttpResponse YlhSimulator::createOrder(const QJsonObject &body)
{
    m_counts[QStringLiteral("ylh.create_order")]++;
    m_lastRequests.insert(QStringLiteral("ylh.create_order"), body);
    const QString soId = body.value(QStringLiteral("soId")).toString();
    if (!soId.isEmpty()) {
        if (!m_ledger.contains(soId)) {
            m_ledger.insert(soId, SimLedgerEntry{soId, body.value(QStringLiteral("onlineNo")).toString(), 0, 0, false, false, {}, {}});
            m_ledgerOrder.append(soId);
        }
        m_ledger[soId].attempts++;
    }
    const QString problem = SimValidation::createOrderProblem(body, m_config.timestampUnit == QLatin1String("s"));
    if (!problem.isEmpty())
        return envelope(false, QStringLiteral("400"), QStringLiteral("参数校验失败：") + problem);
    SimLedgerEntry &entry = m_ledger[soId];
    if (entry.accepted)
        return envelope(false, QStringLiteral("DUPLICATE"), QStringLiteral("订单号重复，soId已存在"));
    const QString onlineNo = body.value(QStringLiteral("onlineNo")).toString();
    for (const QString &pattern : std::as_const(m_config.rejectOnlineNoPatterns)) {
        if (QRegularExpression(pattern).match(onlineNo).hasMatch())
            return envelope(false, QStringLiteral("500100"), QStringLiteral("订单信息校验失败：收货地址超出配送范围"));
    }
    entry.accepted = true;
    entry.acceptances++;
    entry.payload = body;
    entry.retailOrderNo = QStringLiteral("SO.%1.%2").arg(m_clock.nowUtc().toString(QStringLiteral("yyyyMMdd")))
                              .arg(m_nextRetailNo++, 6, 10, QLatin1Char('0'));
    qCDebug(lcSim) << "accepted" << soId << entry.retailOrderNo;
    if (m_config.callbackUrl.isValid() && !m_config.callbackUrl.isEmpty() && m_config.callbackAfterAccept != QLatin1String("none")) {
        const QString retail = entry.retailOrderNo;
        ++m_pendingCallbacks;
        QTimer::singleShot(m_config.callbackDelayMs, this, [this, onlineNo, retail] { sendCallback(onlineNo, retail); });
    }
    return envelope(true, QStringLiteral("200"), QStringLiteral("成功"),
                    QJsonObject{{QStringLiteral("retailOrderNo"), entry.retailOrderNo}, {QStringLiteral("soId"), soId}});
}

HttpResponse YlhSimulator::cancelOrder(const QJsonObject &body)
{
    m_counts[QStringLiteral("ylh.cancel_order")]++;
    m_lastRequests.insert(QStringLiteral("ylh.cancel_order"), body);
    const QString problem = SimValidation::cancelProblem(body, m_config.timestampUnit == QLatin1String("s"));
    if (!problem.isEmpty())
        return envelope(false, QStringLiteral("400"), QStringLiteral("参数校验失败：") + problem);
    const QString soId = body.value(QStringLiteral("soId")).toString();
    if (!m_ledger.contains(soId) || !m_ledger.value(soId).accepted) {
        if (!m_config.acceptUnknownOrders)
            return envelope(false, QStringLiteral("404"), QStringLiteral("订单不存在"));
    } else {
        m_ledger[soId].cancelled = true;
    }
    // Whether Haier cancelled arrives later, by the cancel callback.
    const int state = SimCallbacks::cancelState(m_config.callbackAfterCancel);
    if (state >= 0 && m_config.callbackUrl.isValid() && !m_config.callbackUrl.isEmpty()) {
        ++m_pendingCallbacks;
        QTimer::singleShot(m_config.callbackDelayMs, this, [this, soId, state] {
            --m_pendingCallbacks;
            sendCancelCallback(soId, state);
        });
    }
    return envelope(true, QStringLiteral("200"), QStringLiteral("取消申请已受理"));
}

HttpResponse YlhSimulator::updateDistribution(const QJsonObject &body)
{
    m_counts[QStringLiteral("ylh.update_distribution_time")]++;
    m_lastRequests.insert(QStringLiteral("ylh.update_distribution_time"), body);
    const QString retail = body.value(QStringLiteral("retailOrderNo")).toString();
    const bool seconds = m_config.timestampUnit == QLatin1String("s");
    for (const char *key : {"distributionTime", "installTime"}) {
        const qint64 ms = body.value(QLatin1String(key)).isDouble() ? SimValidation::epochMs(body.value(QLatin1String(key)), seconds) : -1;
        if (ms < 0)
            return envelope(false, QStringLiteral("400"), QStringLiteral("%1必须为%2时间戳").arg(QLatin1String(key), seconds ? QStringLiteral("10位秒级")
                                                                                                                   : QStringLiteral("13位毫秒级")));
        if (QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(8 * 3600)).time() != QTime(23, 59, 59))
            return envelope(false, QStringLiteral("400"), QStringLiteral("%1时间必须为当天23:59:59").arg(QLatin1String(key)));
    }
    for (const SimLedgerEntry &e : std::as_const(m_ledger)) {
        if (e.retailOrderNo == retail && e.accepted)
            return envelope(true, QStringLiteral("200"), QStringLiteral("改约成功"));
    }
    if (m_config.acceptUnknownOrders && !retail.isEmpty())
        return envelope(true, QStringLiteral("200"), QStringLiteral("改约成功"));
    return envelope(false, QStringLiteral("404"), QStringLiteral("巨商汇订单号不存在"));
}

void YlhSimulator::sendCallback(const QString &onlineNo, const QString &retailOrderNo)
{
    --m_pendingCallbacks; // counted again by postCallback until the receiver answers
    const bool reject = m_config.callbackAfterAccept == QLatin1String("reject");
    const bool oostock = m_config.callbackAfterAccept == QLatin1String("oostock");
    QJsonObject data{{QStringLiteral("ExtOrderNo"), reject || oostock ? QString() : retailOrderNo},
                     {QStringLiteral("PlatformOrderNo"), onlineNo},
                     {QStringLiteral("State"), reject || oostock ? 0 : 1}};
    if (reject)
        data.insert(QStringLiteral("FailMsg"), QStringLiteral("收货地址无法配送"));
    postCallback(oostock ? QStringLiteral("hmm.scm_heorder.oostock") : QStringLiteral("hmm.scm_heorder.confirm"), data);
}

bool YlhSimulator::sendCancelCallback(const QString &soId, int state)
{
    if (!m_config.callbackUrl.isValid() || m_config.callbackUrl.isEmpty() || state < 0 || state > 2)
        return false;
    const auto it = m_ledger.constFind(soId);
    const bool known = it != m_ledger.constEnd() && it->accepted;
    if (!known && !m_config.acceptUnknownOrders)
        return false;
    // Haier names the order by the platform's order number; for an order it never saw, by the soId.
    const QString platformOrderNo = known ? it->onlineNo : soId;
    const QString extOrderNo = known ? it->retailOrderNo : QString();
    const QJsonArray items = known ? it->payload.value(QStringLiteral("itemList")).toArray() : QJsonArray();
    postCallback(QStringLiteral("hmm.scm_heorder.cancel"), SimCallbacks::cancelData(state, platformOrderNo, extOrderNo, items));
    return true;
}

void YlhSimulator::postCallback(const QString &method, const QJsonObject &data)
{
    ++m_pendingCallbacks;
    const QString platformOrderNo = data.value(QStringLiteral("PlatformOrderNo")).toString();
    QNetworkRequest request(m_config.callbackUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded; charset=UTF-8"));
    QNetworkReply *reply = m_network->post(request, SimCallbacks::signedForm(method, data, m_config.credentials, QDateTime::currentDateTimeUtc()));
    connect(reply, &QNetworkReply::finished, this, [this, reply, method, platformOrderNo] {
        reply->deleteLater();
        --m_pendingCallbacks;
        m_counts[QStringLiteral("callbacks.sent")]++;
        if (reply->error() != QNetworkReply::NoError) {
            m_counts[QStringLiteral("callbacks.failed")]++;
            qCWarning(lcSim).noquote() << "callback for" << platformOrderNo << "failed:" << reply->errorString();
        }
        emit callbackSent(method, platformOrderNo, reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    });
}
