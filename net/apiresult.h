#pragma once

#include "models/profile.h"
#include "models/resultkind.h"

#include <QByteArray>
#include <QJsonValue>
#include <QNetworkReply>
#include <QString>

// One classified answer (domain.md "Result kinds"). HTTP 200 alone is never success: the body decides.
struct ApiResult
{
    ResultKind kind = ResultKind::Connection;
    int httpStatus = 0;
    QString message;            // Haier's text for a business rejection (verbatim), else ours
    QByteArray body;            // raw answer, for the operator (never logged unredacted)
    QJsonValue data;            // the envelope's data (or the whole JSON answer when there is no envelope)
    qint64 latencyMs = 0;
    QByteArray redactedRequest;
    QByteArray redactedResponse;
    qint64 retryAfterMs = -1;
    QString retailOrderNo;      // create order: the 巨商汇 order number when the answer carries one

    bool ok() const { return kind == ResultKind::Ok; }
};

namespace ApiClassifier {

// Classifies an HTTP exchange. `timedOut` tells our own deadline from a cancel (both abort the reply).
// `envelope`: YLH/openplat answers are {success, code, message, data}; token answers are bare JSON.
ApiResult classify(int httpStatus, QNetworkReply::NetworkError error, bool timedOut, const QByteArray &body,
                   const QByteArray &retryAfterHeader, const QStringList &duplicatePatterns, bool envelope, qint64 nowMs);

// What a call's answer is when it comes without the envelope: the open platform's spec prints its answers
// bare (`List<…>`, or an object), while some gateways wrap them in the envelope; both are accepted.
struct BareAnswer
{
    bool list = false;      // a JSON array
    QStringList objectKeys; // otherwise: an object with no `success` that carries at least one of these keys
};

// Takes a 200 answer that `classify` (envelope mode) could not read as the bare shape the call documents:
// ok, with the whole answer as data. Anything else is returned as classified.
ApiResult acceptBare(const ApiResult &classified, const BareAnswer &expected);

// "120" (seconds) or an HTTP date; -1 when absent or unreadable.
qint64 parseRetryAfter(const QByteArray &header, qint64 nowMs);

} // namespace ApiClassifier
