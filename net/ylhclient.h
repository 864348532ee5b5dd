#pragma once

#include "models/profile.h"
#include "net/apiresult.h"
#include "net/apitransport.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

class CallRecorder;
class Clock;
class QNetworkAccessManager;
class QNetworkReply;

struct YlhCredentials
{
    QString clientId;
    QString clientSecret;
    QString username;
    QString password;
};

// The YLH (易理货) interface of ylh-protocol.md §1–2: password-grant token cached until 10 minutes
// before expiry and shared by all concurrent calls (one token request at a time), JSON calls with the
// Bearer token, one new token and one retry on a 401. Every call is classified and recorded.
class YlhClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YlhClient)

public:
    using Done = std::function<void(const ApiResult &)>;

    YlhClient(QNetworkAccessManager &network, const Clock &clock, QObject *parent = nullptr);
    ~YlhClient() override;

    void setProfile(const Profile &profile) { m_profile = profile; m_transport.setProfile(profile); }
    void setCredentials(const YlhCredentials &credentials);
    void setRecorder(CallRecorder *recorder) { m_transport.setRecorder(recorder); }
    // The client_id's request budget, shared by every call (token included); not owned.
    void setRateBudget(RateBudget *budget) { m_transport.setRateBudget(budget); }

    void createOrder(const QJsonObject &payload, const QString &orderNumber, Done done);
    // cancelTime is sent in the profile's timestampUnit, like every time field.
    void cancelOrder(const QString &soId, qint64 cancelTimeMs, const QString &reason, const QString &orderNumber, Done done);
    // 改约: both times must be 23:59:59 China time; refused locally (kind malformed, nothing sent) otherwise.
    // Sent in the profile's timestampUnit.
    void updateDistributionTime(const QString &retailOrderNo, const QDateTime &distribution, const QDateTime &install,
                                const QString &orderNumber, Done done);
    void deliveryImages(const QString &orderNo, const QString &orderNumber, Done done);
    // Haier SO numbers (`SO.yyyymmdd.nnnnnn`, our haier_order_no; never soIds), at most 100 per request:
    // longer lists are split and the answers' data arrays merged. The answer may be a bare list or the envelope.
    void logistics(const QStringList &soNumbers, Done done);

    int tokenRequests() const { return m_tokenRequests; }
    void invalidateToken() { m_token.clear(); m_tokenExpiresAtMs = 0; }
    // Drops every request in flight; their callbacks get kind connection, "cancelled".
    void abortAll() { m_transport.abortAll(); }

    static bool isEndOfDayInChina(const QDateTime &t);
    // An instant as the profile's timestampUnit wants it sent (epoch milliseconds or seconds).
    static qint64 timeValue(const Profile &profile, qint64 epochMs);
    // Gets a token with the credentials (the settings' "Test connection"): ok, or why not.
    void checkSignIn(Done done);

private:
    struct Call {
        QString operation;
        QUrl url;
        QByteArray body;
        QString orderNumber;
        Done done;
        bool retriedAfter401 = false;
        ApiClassifier::BareAnswer bare = {}; // a list answer may also come without the envelope
    };
    void withToken(std::function<void(const QString &token, const ApiResult &failure)> next);
    void requestToken();
    void send(Call call);
    void finishCall(const Call &call, const ApiResult &result);
    qint64 nowMs() const;

    ApiTransport m_transport;
    const Clock &m_clock;
    Profile m_profile;
    YlhCredentials m_credentials;
    QString m_token;
    qint64 m_tokenExpiresAtMs = 0;
    bool m_tokenInFlight = false;
    QList<std::function<void(const QString &, const ApiResult &)>> m_tokenWaiters;
    int m_tokenRequests = 0;
};
