#pragma once

#include <QString>

#include <optional>

class Database;

// The fields of a push job the rest of the console reads (console_push_jobs).
struct PushJobRecord
{
    qint64 id = 0;
    qint64 orderId = 0;
    QString orderNumber;
    QString profile;
    QString soId;
    int soSeq = 1;
    QString state;     // queued, sending, backoff, accepted, confirmed, rejected, failed, resolved, ...
    QString lastKind;
    QString lastMessage;
    int attemptCount = 0;
};

// Push jobs and attempts. Every write is committed before the next network step.
class JobStore final
{
public:
    explicit JobStore(Database &db) : m_db(db) {}
    std::optional<PushJobRecord> findForOrder(const QString &profile, qint64 orderId, QString *error = nullptr);

private:
    Database &m_db;
};
