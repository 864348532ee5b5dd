#include "net/apitransport.h"

#include "models/clock.h"
#include "net/callrecorder.h"
#include "net/logging.h"
#include "net/redaction.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

ApiTransport::ApiTransport(QNetworkAccessManager &network, const Clock &clock, QObject *parent)
    : QObject(parent), m_network(network), m_clock(clock)
{
}

ApiTransport::~ApiTransport()
{
    abortAll();
}

QUrl ApiTransport::join(const QUrl &base, const QString &path)
{
    QUrl u = base;
    QString p = u.path();
    if (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    u.setPath(p + path);
    return u;
}

void ApiTransport::post(const QUrl &url, const QByteArray &contentType, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &headers, bool envelope, Done done)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    // POST APIs never follow redirects: a redirect would resend the body somewhere we did not choose.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = m_network.post(request, body);
    m_inFlight.insert(reply);

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
    connect(reply, &QNetworkReply::finished, this, [this, reply, timer, timedOut, elapsed, body, envelope, done] {
        timer->stop();
        m_inFlight.remove(reply);
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        ApiResult r = ApiClassifier::classify(status, reply->error(), *timedOut, reply->readAll(), reply->rawHeader("Retry-After"),
                                              m_profile.duplicatePatterns, envelope, m_clock.nowUtc().toMSecsSinceEpoch());
        r.latencyMs = elapsed->elapsed();
        r.redactedRequest = Redaction::bytes(body);
        r.redactedResponse = Redaction::bytes(r.body);
        done(r);
    });
}

void ApiTransport::record(const QString &operation, const QString &orderNumber, const ApiResult &result)
{
    // Sign-in failures and 403s need someone to act (credentials, permissions, whitelist): errors.log has them.
    if (result.kind == ResultKind::Auth || result.kind == ResultKind::Forbidden)
        qCWarning(lcApi).noquote() << operation << orderNumber << result.httpStatus << resultKindName(result.kind)
                                   << result.latencyMs << "ms" << result.message;
    else
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
    e.responseBody = result.redactedResponse;
    m_recorder->record(e);
}

void ApiTransport::abortAll()
{
    const QSet<QNetworkReply *> replies = m_inFlight;
    for (QNetworkReply *r : replies)
        r->abort();
}
