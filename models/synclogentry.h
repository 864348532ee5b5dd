#pragma once

#include "models/resultkind.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

// One API call as written to console_sync_log (and shown on the sync log page). Bodies are redacted
// before they get here.
struct SyncLogEntry
{
    qint64 id = 0;
    QDateTime at;            // UTC, when the call started
    QString profile;
    QString operation;       // "ylh.token", "ylh.create_order", "openplat.stock", ...
    QString orderNumber;     // empty when the call is not about one order
    int httpStatus = 0;      // 0 when no HTTP answer
    qint64 latencyMs = 0;
    ResultKind kind = ResultKind::Ok;
    QString message;
    QByteArray requestBody;  // redacted
    QByteArray responseBody; // redacted
};
