#pragma once

#include <QString>

#include <optional>

// One spelling everywhere (database, CLI JSON, UI): domain.md "Result kinds".
enum class ResultKind {
    Ok,
    Duplicate,
    BusinessRejection,
    Auth,
    Forbidden, // 403: no API permission or the IP is not whitelisted; never retried, no new token
    Timeout,
    Connection,
    Server,
    RateLimited,
    Malformed,
    Refused,
};

QString resultKindName(ResultKind kind);
std::optional<ResultKind> resultKindFromName(const QString &name);
// Whether a later attempt could succeed (timeouts, connection errors, 5xx, 429/503).
bool isRetryable(ResultKind kind);
