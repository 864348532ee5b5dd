#include "models/resultkind.h"

#include <array>
#include <utility>

namespace {
constexpr std::array<std::pair<ResultKind, const char *>, 11> kNames{{
    {ResultKind::Ok, "ok"},
    {ResultKind::Duplicate, "duplicate"},
    {ResultKind::BusinessRejection, "business_rejection"},
    {ResultKind::Auth, "auth"},
    {ResultKind::Forbidden, "forbidden"},
    {ResultKind::Timeout, "timeout"},
    {ResultKind::Connection, "connection"},
    {ResultKind::Server, "server"},
    {ResultKind::RateLimited, "rate_limited"},
    {ResultKind::Malformed, "malformed"},
    {ResultKind::Refused, "refused"},
}};
} // namespace

QString resultKindName(ResultKind kind)
{
    for (const auto &[k, name] : kNames) {
        if (k == kind)
            return QString::fromLatin1(name);
    }
    return QString();
}

std::optional<ResultKind> resultKindFromName(const QString &name)
{
    for (const auto &[k, n] : kNames) {
        if (name == QLatin1String(n))
            return k;
    }
    return std::nullopt;
}

bool isRetryable(ResultKind kind)
{
    return kind == ResultKind::Timeout || kind == ResultKind::Connection || kind == ResultKind::Server
        || kind == ResultKind::RateLimited;
}
