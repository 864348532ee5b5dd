#pragma once

#include "models/profile.h"
#include "net/apiresult.h"

#include <QObject>
#include <QSet>

#include <functional>

class CallRecorder;
class Clock;
class RateBudget;
class QTimer;
class QNetworkAccessManager;
class QNetworkReply;

// What the YLH and open-platform clients share: POST with manual redirects and our own deadline,
// classification, redaction, logging and the sync log.
class ApiTransport final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiTransport)

public:
    using Done = std::function<void(const ApiResult &)>;

    ApiTransport(QNetworkAccessManager &network, const Clock &clock, QObject *parent = nullptr);
    ~ApiTransport() override;

    void setProfile(const Profile &profile) { m_profile = profile; }
    const Profile &profile() const { return m_profile; }
    void setRecorder(CallRecorder *recorder) { m_recorder = recorder; }
    const Clock &clock() const { return m_clock; }
    // Every post waits for this budget first (none: posts go at once); a 429 or 503 pauses it. Not owned.
    void setRateBudget(RateBudget *budget) { m_budget = budget; }

    // Sends and classifies (envelope answers unless `envelope` is false); the result carries redacted
    // bodies. Not recorded: the caller decides (a 401 that is retried is recorded too).
    void post(const QUrl &url, const QByteArray &contentType, const QByteArray &body,
              const QList<QPair<QByteArray, QByteArray>> &headers, bool envelope, Done done);
    void record(const QString &operation, const QString &orderNumber, const ApiResult &result);
    // Drops every request in flight or waiting for the budget; their callbacks get kind connection.
    void abortAll();

    // `base` + `path`, without doubling slashes.
    static QUrl join(const QUrl &base, const QString &path);

private:
    struct Waiting {
        QUrl url;
        QByteArray contentType;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool envelope = true;
        Done done;
    };
    void sendWaiting();
    void send(const Waiting &w);

    QNetworkAccessManager &m_network;
    const Clock &m_clock;
    Profile m_profile;
    CallRecorder *m_recorder = nullptr;
    QSet<QNetworkReply *> m_inFlight;
    RateBudget *m_budget = nullptr;
    QList<Waiting> m_waiting; // in the order they were posted
    QTimer *m_budgetTimer;
};
