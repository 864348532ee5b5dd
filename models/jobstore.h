#pragma once

#include "models/jobstate.h"
#include "models/resultkind.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class Database;

// A push job as stored in console_push_jobs.
struct PushJobRecord
{
    qint64 id = 0;
    qint64 orderId = 0;
    QString orderNumber;
    QString profile;
    QString soId;
    int soSeq = 1;
    QString state;      // jobStateName()
    QString lastKind;   // resultKindName() of the last attempt, or "refused"
    QString lastMessage;
    int lastHttpStatus = 0;
    int attemptCount = 0;
    qint64 nextAttemptAt = 0; // epoch ms
    QString holder;     // "host:pid" while claimed
    qint64 leaseUntil = 0;
    QString operatorName;
    QString haierOrderNo;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 acceptedAt = 0; // 0 when YLH never accepted this job's soId

    JobState jobState() const { return jobStateFromName(state).value_or(JobState::Queued); }
};

// One try of a job (console_push_attempts).
struct PushAttemptRecord
{
    qint64 id = 0;
    qint64 jobId = 0;
    int attemptNo = 0;
    QString soId;
    QString profile;
    QString operatorName;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    int httpStatus = 0;
    qint64 latencyMs = 0;
    QString kind;
    QString message;
    QByteArray requestBody;  // redacted
    QByteArray responseBody; // redacted
};

// What finishing an attempt does to the job and to the shop's order row, in one transaction.
struct AttemptOutcome
{
    JobState newState = JobState::Failed;
    ResultKind kind = ResultKind::Ok;
    int httpStatus = 0;
    qint64 latencyMs = 0;
    QString message;
    QByteArray responseBody;  // redacted
    qint64 nextAttemptAt = 0; // for Backoff
    QString haierOrderNo;     // from the answer, when YLH gave one
};

// Push jobs, attempts and claims. Every write is committed before the caller's next network step.
class JobStore final
{
public:
    explicit JobStore(Database &db) : m_db(db) {}

    std::optional<PushJobRecord> findForOrder(const QString &profile, qint64 orderId, QString *error = nullptr);
    std::optional<PushJobRecord> get(qint64 jobId, QString *error = nullptr);
    QList<PushJobRecord> list(const QString &profile, const QString &state, int limit, QString *error = nullptr);
    QList<PushAttemptRecord> attempts(qint64 jobId, QString *error = nullptr);
    // Jobs of `profile` in any of `states`, newest change first; `search` (optional) matches the start of
    // the order number or the soId.
    QList<PushJobRecord> listInStates(const QString &profile, const QStringList &states, const QString &search, int limit,
                                      QString *error = nullptr);

    // The job of an order, created in `queued` with `soId` when there is none (the soId reservation).
    // An existing job keeps its soId.
    std::optional<PushJobRecord> reserve(const QString &profile, qint64 orderId, const QString &orderNumber,
                                         const QString &soId, const QString &operatorName, qint64 nowMs,
                                         QString *error);
    // The deliberate re-push: a new soId and sequence number on a job YLH refused or cancelled after accepting.
    bool assignNewSoId(qint64 jobId, const QString &soId, int soSeq, qint64 nowMs, QString *error);

    // Takes the job for `holder` until nowMs + leaseMs, when it is free: nobody holds it, the lease ran out,
    // the holder is `takeOverHolder` (found dead by the caller), or `holder` already has it.
    // Atomic (one conditional UPDATE); false when someone else holds it.
    bool claim(qint64 jobId, const QString &holder, qint64 nowMs, qint64 leaseMs, const QString &takeOverHolder,
               QString *error);
    bool renewLease(const QString &holder, qint64 nowMs, qint64 leaseMs, QString *error = nullptr);
    bool release(qint64 jobId, const QString &holder, QString *error = nullptr);

    // Jobs of `profile` left in queued/sending/backoff (to resume), oldest first.
    QList<PushJobRecord> unfinished(const QString &profile, QString *error = nullptr);

    // Writes the attempt row and moves the job to `sending` (attempt_count + 1). Returns the attempt id.
    qint64 startAttempt(qint64 jobId, const QString &holder, const QString &operatorName,
                        const QByteArray &redactedRequest, qint64 nowMs, QString *error);
    // Finishes the attempt and applies `outcome` to the job and the order (haier_* columns) atomically.
    bool finishAttempt(qint64 attemptId, const AttemptOutcome &outcome, qint64 nowMs, QString *error);
    // Sets a job's state without an attempt (refused before sending, resolved, ...), with a message.
    bool setState(qint64 jobId, JobState state, const QString &kind, const QString &message, qint64 nowMs,
                  QString *error);
    // Marks a job resolved only while it is still in one of `fromStates` (another process may have
    // picked it up since it was shown). False with *error empty when it had moved on.
    bool resolveFrom(qint64 jobId, const QStringList &fromStates, const QString &note, qint64 nowMs, QString *error);

private:
    Database &m_db;
};

// This process as a claim holder: "host:pid".
QString currentHolder();
// Whether a holder string names a process on this host that no longer exists.
bool isDeadLocalHolder(const QString &holder);
