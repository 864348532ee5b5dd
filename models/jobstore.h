#pragma once

#include "models/jobstate.h"
#include "models/resultkind.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class Database;
class QSqlQuery;

// A push job as stored in console_push_jobs. The state is typed; its spelling is only read and written.
struct PushJobRecord
{
    qint64 id = 0;
    qint64 orderId = 0;
    QString orderNumber;
    QString profile;
    QString soId;
    int soSeq = 1;
    JobState state = JobState::Queued;
    std::optional<JobState> stateBeforeCancel;   // while cancel_requested: where a refused cancel returns
    std::optional<JobState> stateBeforeResolved; // while resolved: where `reopen` returns
    QString lastKind;   // resultKindName() of the last attempt (or "refused" by the pre-push checks); "" before any
    QString lastChange; // what last changed the job: "answer", "callback", "staff:<action>", "lease_lost", ...
    QString lastMessage;
    int lastHttpStatus = 0;
    int attemptCount = 0;  // every attempt of this job, all pushes
    int pushNo = 1;        // a staff retry or a new soId starts a new push
    int pushAttempts = 0;  // attempts of the current push (its retry budget)
    qint64 nextAttemptAt = 0; // epoch ms
    QString holder;     // claimHolderId() of the process that claimed it
    qint64 leaseUntil = 0;
    QString operatorName;
    QString haierOrderNo;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 acceptedAt = 0; // 0 when YLH never accepted this job's soId

    // What transition() reads.
    JobFacts facts() const;
    QString stateName() const { return jobStateName(state); }
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
    int pushNo = 1;          // which push of the job this attempt belongs to
    QString outcome;         // "answer"; "lease_lost": the writer had lost its claim; "stale": the job had moved on
    QByteArray requestBody;  // redacted
    QByteArray responseBody; // redacted
};

// YLH's answer to one attempt, as the attempt row keeps it. The job's new state is transition()'s.
struct AttemptOutcome
{
    ResultKind kind = ResultKind::Ok;
    bool willRetry = false;   // the retry policy allows another attempt of this push
    int httpStatus = 0;
    qint64 latencyMs = 0;
    QString message;
    QByteArray responseBody;  // redacted
    qint64 nextAttemptAt = 0; // when willRetry
    QString haierOrderNo;     // from the answer, when YLH gave one
};

// What a write puts in the job row besides what transition() decides (state, accepted_at, the states
// before a cancel and before resolved). Fields left empty keep the row's value.
struct JobWrite
{
    QString change;                      // last_change: "answer", "callback", "staff:retry", ...
    std::optional<ResultKind> kind;      // last_kind: always a result kind
    std::optional<QString> message;      // last_message
    std::optional<int> httpStatus;       // last_http_status
    std::optional<qint64> nextAttemptAt; // next_attempt_at
    QString haierOrderNo;                // kept when empty
    QString soId;                        // NewSoId: the new soId and its sequence number
    int soSeq = 0;
    QString holder;                      // non-empty: the write needs this holder's claim, in the same statement
};

enum class ApplyStatus {
    Applied, // transition() allowed it and the row was written
    Refused, // transition() refused it; nothing written; JobApply::message says why
    Lost,    // the row changed since it was read (or the claim is gone); nothing written; JobApply::job is the row now
    Failed,  // the database failed; JobApply::message is its error
};

struct JobApply
{
    ApplyStatus status = ApplyStatus::Failed;
    QString message;
    PushJobRecord job; // as written (Applied), as read (Refused), as found now (Lost)
    bool applied() const { return status == ApplyStatus::Applied; }
};

// One event for JobStore::applyMany: the job as read, the event, what else the write records.
struct JobApplyRequest
{
    PushJobRecord read;
    JobEvent event;
    JobWrite write;
};

// Push jobs, attempts and claims. Every write is committed before the caller's next network step.
class JobStore final
{
public:
    explicit JobStore(Database &db) : m_db(db) {}

    std::optional<PushJobRecord> findForOrder(const QString &profile, qint64 orderId, QString *error = nullptr);
    std::optional<PushJobRecord> get(qint64 jobId, QString *error = nullptr);
    // The columns a job is read from, each prefixed with `alias.` (for a caller's own joins), and the job
    // from a row holding them from column `first` on.
    static QString columns(const QString &alias);
    static PushJobRecord fromRow(const QSqlQuery &q, int first);
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
    // The one writer of a job's state: runs transition(read.facts(), event) and, when it is allowed, writes
    // the outcome in ONE conditional UPDATE (compare-and-set on the facts and soId that were read, and on
    // write.holder when given). Send also counts the attempt; Retry and NewSoId start a new push (fresh
    // retry budget). Opens no transaction of its own, so the caller's transaction may hold it with the
    // shop's row and the audit.
    JobApply apply(const PushJobRecord &read, const JobEvent &event, const JobWrite &write, qint64 nowMs);
    // The same for several jobs, each decided by transition() and written compare-and-set exactly as
    // apply() would; on PostgreSQL the writes of the same columns go in one statement. One result each,
    // in order.
    QList<JobApply> applyMany(const QList<JobApplyRequest> &requests, qint64 nowMs);

    // Takes the job for `holder` until nowMs + leaseMs, when it is free: nobody holds it, the lease ran out,
    // the holder is `takeOverHolder` (found dead by the caller), or `holder` already has it.
    // Atomic (one conditional UPDATE); false when someone else holds it.
    bool claim(qint64 jobId, const QString &holder, qint64 nowMs, qint64 leaseMs, const QString &takeOverHolder,
               QString *error);
    bool renewLease(const QString &holder, qint64 nowMs, qint64 leaseMs, QString *error = nullptr);
    bool release(qint64 jobId, const QString &holder, QString *error = nullptr);

    // Jobs of `profile` left in queued/sending/backoff (to resume), oldest first.
    QList<PushJobRecord> unfinished(const QString &profile, QString *error = nullptr);

    // Send under `holder`'s claim and the attempt row, in one transaction. Returns the attempt id (0 when
    // refused, lost or failed; *result says which) and the job as written in *result.
    qint64 startAttempt(const PushJobRecord &read, const QString &holder, const QString &operatorName,
                        const QByteArray &redactedRequest, qint64 nowMs, JobApply *result);
    // The attempt's outcome, in one transaction: the attempt row always; the job through apply(Answer) only
    // while `holder` still holds it (checked in the same statement); the shop's row when the job becomes
    // accepted or rejected. A writer that lost its claim records its attempt as "lease_lost" and changes
    // nothing else; an answer the job moved on from (a callback overtook it) is kept as "stale".
    JobApply finishAttempt(const PushJobRecord &read, qint64 attemptId, const AttemptOutcome &outcome,
                           const QString &holder, qint64 nowMs);

private:
    JobApply lost(const PushJobRecord &read, const JobWrite &write, std::optional<PushJobRecord> now, QString error = QString());
    // Runs a prepared job query and reads its one row, if any.
    static std::optional<PushJobRecord> one(QSqlQuery &q, QString *error);
    // The shop's order row (domain.md: only haier_* and updated_at), each in a statement of its own.
    bool writeShopAccepted(const PushJobRecord &job, qint64 nowMs, QString *error);
    bool writeShopFailMessage(qint64 orderId, const QString &message, qint64 nowMs, QString *error);

    Database &m_db;
};

// This process as a claim holder: "host:pid:token", the token made once per process at random (two
// desks may share a host name, and a pid is reused).
QString currentHolder();
// Whether a holder string names a process on this host that no longer exists (taken over at once).
bool isDeadLocalHolder(const QString &holder);
// Whether process `pid` of this host still exists.
bool isLocalProcessAlive(qint64 pid);
