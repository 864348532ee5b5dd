#include "net/apitransport.h"

#include "models/clock.h"
#include "net/callrecorder.h"
#include "net/logging.h"
#include "net/ratebudget.h"
#include "net/redaction.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace {

// How long every desk holds back after a 429/503 that carried no Retry-After, and at most (a wild
// Retry-After must not stop every desk for hours; the job's own retry still honours it).
constexpr qint64 DefaultPauseMs = 1000;
constexpr qint64 MaxPauseMs = 60000;

} // namespace

ApiTransport::ApiTransport(QNetworkAccessManager &network, const Clock &clock, QObject *parent)
    : QObject(parent), m_network(network), m_clock(clock), m_budgetTimer(new QTimer(this))
{
    m_budgetTimer->setSingleShot(true);
    connect(m_budgetTimer, &QTimer::timeout, this, &ApiTransport::sendWaiting);
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
    Waiting w{url, contentType, body, headers, envelope, std::move(done)};
    if (!m_budget)
        return send(w);
    m_waiting.append(std::move(w));
    if (!m_budgetTimer->isActive())
        sendWaiting();
}

void ApiTransport::sendWaiting()
{
    while (!m_waiting.isEmpty()) {
        const qint64 wait = m_budget ? m_budget->acquire() : 0;
        if (wait > 0) {
            m_budgetTimer->start(std::chrono::milliseconds(wait));
            return;
        }
        send(m_waiting.takeFirst());
    }
}

void ApiTransport::send(const Waiting &w)
{
    const QUrl &url = w.url;
    const QByteArray &body = w.body;
    const bool envelope = w.envelope;
    const Done &done = w.done;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, w.contentType);
    // POST APIs never follow redirects: a redirect would resend the body somewhere we did not choose.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &h : w.headers)
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
        if (m_budget && (status == 429 || status == 503)) // YLH is overloaded: every desk holds back, not just this one
            m_budget->pause(r.retryAfterMs > 0 ? std::min(r.retryAfterMs, MaxPauseMs) : DefaultPauseMs);
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
    m_budgetTimer->stop();
    const QList<Waiting> waiting = std::exchange(m_waiting, {});
    for (const Waiting &w : waiting) {
        ApiResult r = ApiClassifier::classify(0, QNetworkReply::OperationCanceledError, false, QByteArray(), QByteArray(),
                                              m_profile.duplicatePatterns, w.envelope, m_clock.nowUtc().toMSecsSinceEpoch());
        r.redactedRequest = Redaction::bytes(w.body);
        w.done(r);
    }
    const QSet<QNetworkReply *> replies = m_inFlight;
    for (QNetworkReply *r : replies)
        r->abort();
}
