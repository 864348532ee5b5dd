#pragma once

#include <QHash>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>

#include <optional>

// Made-up credentials the simulator accepts; the mock profile's DemoCredentialStore holds the same.
struct SimCredentials
{
    QString clientId = QStringLiteral("demo-client");
    QString clientSecret = QStringLiteral("demo-client-secret");
    QString username = QStringLiteral("demo-user");
    QString password = QStringLiteral("demo-password");
    QString openplatClientId = QStringLiteral("demo-openplat-client");
    QString openplatClientSecret = QStringLiteral("demo-openplat-secret");
    QString accountPassword = QStringLiteral("demo-account-password");
    QString callbackAppKey = QStringLiteral("demo-appkey");
    QString callbackSecret = QStringLiteral("demo-secret-123");
};

// Faults applied before a request is handled, each drawn independently from the seeded generator.
struct SimFaults
{
    int latencyMs = 0;
    int jitterMs = 0;
    double serverErrorRate = 0;   // 500
    double unavailableRate = 0;   // 503 with Retry-After
    int retryAfterSeconds = 1;
    double timeoutRate = 0;       // never answer
    double resetRate = 0;         // close the connection
    double malformedRate = 0;     // 200 with a truncated body
    double forbiddenRate = 0;     // 403: no permission, or the caller's IP is not on the whitelist
    int revokeTokenEvery = 0;     // revoke every token after N authenticated requests
    bool faultsOnToken = false;   // also apply the rates to token requests
    // Create-order only, after the request is handled (it is in the ledger): the answer is never sent
    // (lost on the way back), or sent this much later (a slow answer).
    bool loseCreateAnswers = false;
    int createAnswerDelayMs = 0;
};

struct SimConfig
{
    SimCredentials credentials;
    SimFaults faults;
    int tokenLifetimeSeconds = 3600;
    quint32 seed = 1;
    QStringList rejectOnlineNoPatterns;    // regexes: onlineNo matching → business rejection
    QUrl callbackUrl;                      // where to send signed callbacks after acceptance
    int callbackDelayMs = 200;
    QString callbackAfterAccept = QStringLiteral("confirm"); // confirm, reject, oostock, none
    // The cancel callback after a cancel request is taken: cancelled (State 1), refused (State 0,
    // "already shipped"), partial (State 2), none.
    QString callbackAfterCancel = QStringLiteral("cancelled");
    // Answers as the spec prints them (`bare`: products, prices, balance and the YLH list calls as bare
    // lists, stock and open-platform logistics as bare objects) or wrapped in the envelope.
    QString answerShape = QStringLiteral("envelope");
    // The unit this receiver expects for createTime, cancelTime, distributionTime, installTime: ms or s.
    QString timestampUnit = QStringLiteral("ms");
    // Cancel / 改约 for orders this simulator never saw succeed: an in-process simulator starts empty
    // in every haierctl run, while the orders it accepted earlier are in the database.
    bool acceptUnknownOrders = false;
    // Haier SO numbers (retailOrderNo) whose logistics shows no shipment yet: the logistics call leaves them out.
    QStringList unshippedOrderCodes;
    // Available stock by product code for the open platform's stock call (others: a fixed figure per code).
    QHash<QString, int> stock;

    static std::optional<SimConfig> fromJson(const QJsonObject &object, QString *error);
    QJsonObject toJson() const;
};
