#pragma once

#include "models/resultkind.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>

// What the push engine needs from the YLH client: send one create-order payload, hear the classified answer.
struct SendResult
{
    ResultKind kind = ResultKind::Connection;
    int httpStatus = 0;
    QString message;            // Haier's own text for a business rejection, else ours
    QByteArray redactedRequest;
    QByteArray redactedResponse;
    qint64 latencyMs = 0;
    qint64 retryAfterMs = -1;   // from a Retry-After header
    QString retailOrderNo;      // the 巨商汇 order number, when the answer carried one
};

class OrderSender
{
public:
    virtual ~OrderSender() = default;
    // `done` is called exactly once, on the caller's thread, unless abortAll() came first.
    virtual void createOrder(const QJsonObject &payload, const QString &orderNumber,
                             std::function<void(const SendResult &)> done) = 0;
    // Abandon requests in flight: their `done` is called with kind Connection and message "cancelled".
    virtual void abortAll() {}
};
