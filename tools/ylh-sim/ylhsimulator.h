#pragma once

#include "models/clock.h"
#include "models/profile.h"
#include "net/httpserver.h"
#include "tools/ylh-sim/simconfig.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QRandomGenerator>

class QNetworkAccessManager;

struct SimLedgerEntry
{
    QString soId;
    QString onlineNo;
    int attempts = 0;          // create-order requests carrying this soId (any outcome)
    int acceptances = 0;       // times it was accepted: more than 1 would be a double push
    bool accepted = false;
    bool cancelled = false;
    QString retailOrderNo;
    QJsonObject payload;       // the accepted payload
};

// The YLH and Haier open-platform interfaces of ylh-protocol.md on 127.0.0.1, validating every request
// strictly and answering like the real system (duplicate soIds refused), with configurable faults and
// signed callbacks after acceptance. A ledger (GET /__sim/ledger) tells tests what really arrived.
class YlhSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YlhSimulator)

public:
    explicit YlhSimulator(const SimConfig &config = SimConfig(), QObject *parent = nullptr);
    ~YlhSimulator() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT
    // The profile with every YLH and open-platform URL on a simulator at `base`, each keeping its own
    // path (so the service prefixes stay as the profile has them).
    static Profile pointedAt(const Profile &profile, const QUrl &base);
    Profile pointedAt(const Profile &profile) const { return pointedAt(profile, baseUrl()); }
    QString errorString() const;

    void setConfig(const SimConfig &config);
    SimConfig config() const { return m_config; }
    QList<SimLedgerEntry> ledger() const;
    int requestCount(const QString &operation) const { return m_counts.value(operation); }
    // The body of the last request of an operation ("ylh.cancel_order", "openplat.stock", …), as parsed.
    QJsonValue lastRequest(const QString &operation) const { return m_lastRequests.value(operation); }
    int tokensIssued() const { return m_tokensIssued; }
    // YLH and open-platform requests (not /__sim/) that arrived in the busiest wall-clock second so far,
    // and in which second (epoch seconds). YLH's own limit is counted the same way.
    int busiestSecondRequests() const { return m_busiestCount; }
    qint64 busiestSecond() const { return m_busiestSecond; }
    // Callbacks scheduled after an acceptance and not yet answered by the receiver.
    int pendingCallbacks() const { return m_pendingCallbacks; }
    void reset();
    // Sends Haier's signed cancel callback (State 1 cancelled, 0 refused, 2 partial) for an order this
    // simulator accepted, as after a cancel request or on Haier's own (the customer refused delivery).
    // False when it knows no such soId or no callback URL is set.
    bool sendCancelCallback(const QString &soId, int state);

    // Handles one request (the HTTP server calls this; tests may too).
    void handle(const HttpRequest &request, HttpServer::Responder respond);

signals:
    void callbackSent(const QString &method, const QString &platformOrderNo, int httpStatus);

private:
    struct Token { qint64 expiresAtMs; bool openplat; };

    void route(const HttpRequest &request, HttpServer::Responder respond);
    HttpResponse token(const HttpRequest &request);
    HttpResponse openplatToken(const HttpRequest &request);
    HttpResponse createOrder(const QJsonObject &body);
    HttpResponse cancelOrder(const QJsonObject &body);
    HttpResponse updateDistribution(const QJsonObject &body);
    HttpResponse openplatCall(const QString &path, const QJsonObject &body);
    bool authorised(const HttpRequest &request, bool openplat, HttpResponse *refusal);
    void sendCallback(const QString &onlineNo, const QString &retailOrderNo);
    void postCallback(const QString &method, const QJsonObject &data);
    static HttpResponse envelope(bool success, const QString &code, const QString &message, const QJsonValue &data = QJsonValue());
    // A successful answer in the configured shape: the bare data (as the spec prints it) or the envelope.
    HttpResponse success(const QJsonValue &data) const;

    SimConfig m_config;
    HttpServer *m_server;
    QNetworkAccessManager *m_network;
    QRandomGenerator m_random;
    QHash<QString, Token> m_tokens;
    QHash<QString, SimLedgerEntry> m_ledger;   // by soId
    QStringList m_ledgerOrder;
    QHash<QString, int> m_counts;
    QHash<QString, QJsonValue> m_lastRequests;
    SystemClock m_clock; // token expiry and the dates it makes up
    QList<HttpServer::Responder> m_heldForever; // "timeout" faults: answered never
    int m_tokensIssued = 0;
    int m_authenticatedRequests = 0;
    int m_nextRetailNo = 1;
    int m_pendingCallbacks = 0;
    qint64 m_currentSecond = -1; // requests per second: the current one, and the busiest so far
    int m_currentCount = 0;
    qint64 m_busiestSecond = -1;
    int m_busiestCount = 0;
};
