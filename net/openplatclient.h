#pragma once

#include "net/apitransport.h"

#include <QJsonObject>
#include <QObject>

struct OpenPlatCredentials
{
    QString clientId;
    QString clientSecret;
    QString accountPassword; // sent in the body of every call (passWord / sellerPassword / customerPassword)
};

// Haier's open platform (ylh-protocol.md §3): client-credentials token, then purchasable products and
// prices (at most 20 codes a call: longer lists are split and merged), stock, logistics and balance.
// Answers are read as the spec prints them (bare lists or objects) or wrapped in the YLH envelope.
class OpenPlatClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenPlatClient)

public:
    using Done = ApiTransport::Done;

    OpenPlatClient(QNetworkAccessManager &network, const Clock &clock, QObject *parent = nullptr);

    void setProfile(const Profile &profile) { m_transport.setProfile(profile); }
    void setCredentials(const OpenPlatCredentials &credentials) { m_credentials = credentials; m_token.clear(); }
    void setRecorder(CallRecorder *recorder) { m_transport.setRecorder(recorder); }
    // The open platform's own request budget, shared by every call (token included); not owned.
    void setRateBudget(RateBudget *budget) { m_transport.setRateBudget(budget); }

    void products(const QStringList &codes, Done done);
    void prices(const QStringList &codes, Done done);
    void stock(const QString &productCode, const QString &countyCode, Done done);
    void logistics(const QString &orderCode, const QString &deliveryRecordCode, Done done);
    void balance(Done done);

    int tokenRequests() const { return m_tokenRequests; }

private:
    // `bare`: the answer's shape as the spec prints it, accepted besides the envelope.
    void call(const QString &operation, const QString &path, const QJsonObject &body, const ApiClassifier::BareAnswer &bare,
              Done done, bool retried = false);
    void inBatches(const QString &operation, const QString &path, const QStringList &codes,
                   const std::function<QJsonObject(const QStringList &)> &body, Done done);

    ApiTransport m_transport;
    OpenPlatCredentials m_credentials;
    QString m_token;
    qint64 m_tokenExpiresAtMs = 0;
    int m_tokenRequests = 0;
    QList<std::function<void(const ApiResult &)>> m_tokenWaiters;
};
