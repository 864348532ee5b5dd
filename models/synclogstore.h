#pragma once

#include "models/synclogentry.h"

#include <QList>

#include <optional>

class Database;

// Every API call (console_sync_log): time, profile, operation, order, HTTP status, latency, result
// kind and redacted bodies.
class SyncLogStore final
{
public:
    explicit SyncLogStore(Database &db) : m_db(db) {}
    bool append(const SyncLogEntry &entry, QString *error = nullptr);
    // Newest first, at or after `since` (invalid: any time).
    QList<SyncLogEntry> recent(const QDateTime &since, int limit, QString *error = nullptr);
    // The newest call of `profile` whose operation starts with `operationPrefix` (bodies left out).
    std::optional<SyncLogEntry> lastCall(const QString &profile, const QString &operationPrefix, QString *error = nullptr);

private:
    Database &m_db;
};
