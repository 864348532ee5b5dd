#pragma once

#include "models/resultkind.h"

#include <QString>

#include <optional>

// The push lifecycle of one order (domain.md, "Push lifecycle"). Spelled in the database, in
// `jobs --json` and in the window exactly as jobStateName() gives.
enum class JobState {
    Queued,             // soId reserved, nothing sent yet (or a staff retry is waiting)
    Sending,            // an attempt is in flight (or its holder died mid-flight)
    Backoff,            // waiting for the next automatic attempt
    Accepted,           // YLH took it (haier_status push_pending)
    Confirmed,          // confirm callback State 1 (or confirmed by evidence / by phone)
    Rejected,           // business rejection of the create call, or (with accepted_at) confirm State 0
    OutOfStock,         // oostock callback
    CancelRequested,    // YLH took a staff cancel; Haier's cancel callback decides
    Cancelled,          // cancel callback State 1
    PartiallyCancelled, // cancel callback State 2: some lines are still live
    Failed,             // no answer could be had: retries exhausted, or auth / permission failed
    Resolved,           // staff decided nothing more is to be done
};
inline constexpr int JobStateCount = 12;

QString jobStateName(JobState state);
std::optional<JobState> jobStateFromName(const QString &name);

// What the transition function needs beyond the state, as the job row keeps it.
struct JobFacts
{
    JobState state = JobState::Queued;
    bool accepted = false;                   // accepted_at is set: YLH once took this job's current soId
    std::optional<JobState> beforeCancel;    // the state a refused cancel returns to
    std::optional<JobState> beforeResolved;  // the state `reopen` returns to

    bool operator==(const JobFacts &o) const
    {
        return state == o.state && accepted == o.accepted && beforeCancel == o.beforeCancel
            && beforeResolved == o.beforeResolved;
    }
    bool operator!=(const JobFacts &o) const { return !(*this == o); }
};

enum class CallbackMethod { Confirm, Cancel, OutOfStock };

// Everything that can happen to a job.
struct JobEvent
{
    enum class Type {
        Reserve,       // the soId is reserved (the job exists from now on)
        Claim,         // a process takes the job to work on it (state-independent; the lease is the store's)
        Send,          // an attempt starts
        Answer,        // YLH answered (or did not): `kind`, and whether the retry policy allows another try
        Refuse,        // pre-push checks refused the order; nothing was sent
        Callback,      // Haier's callback: `method`, `callbackState`
        StaffCancel,   // staff ask Haier to cancel (asked before anything is sent)
        CancelTaken,   // YLH took the cancel request
        Resolve,       // staff: nothing more is to be done
        Reopen,        // staff: undo resolve
        NewSoId,       // staff: deliberate re-push with a new soId
        Retry,         // staff: push again with the same soId and a fresh retry budget
        ManualConfirm, // staff or reconcile: Haier confirmed by phone, or logistics show it shipped
        LeaseLost,     // the writer no longer holds the job
    };
    Type type = Type::Claim;
    ResultKind kind = ResultKind::Ok; // Answer
    bool willRetry = false;           // Answer: retryable, and the budget allows another attempt
    CallbackMethod method = CallbackMethod::Confirm; // Callback
    int callbackState = -1;                          // Callback: Haier's State

    static JobEvent of(Type type) { JobEvent e; e.type = type; return e; }
    static JobEvent answer(ResultKind kind, bool willRetry)
    {
        JobEvent e; e.type = Type::Answer; e.kind = kind; e.willRetry = willRetry; return e;
    }
    static JobEvent callback(CallbackMethod method, int state)
    {
        JobEvent e; e.type = Type::Callback; e.method = method; e.callbackState = state; return e;
    }
};

QString jobEventName(const JobEvent &event);

// The outcome of one event on one job.
struct JobTransition
{
    bool allowed = false; // false: the event changes nothing, and `refusal` says why
    JobFacts after;       // the job after the event (== before when nothing changes)
    QString refusal;      // a sentence for staff or for the log (translated, context "JobState")

    bool changes(const JobFacts &before) const { return allowed && after != before; }
};

// The one transition function. Pure: no clock, no database, no network.
JobTransition transition(const JobFacts &job, const JobEvent &event);

// Queries the window and the CLI ask; each answers exactly what transition() would.
inline bool permits(const JobFacts &job, JobEvent::Type type)
{
    return transition(job, JobEvent::of(type)).allowed;
}

// YLH holds the job's soId and it is live there: the "already pushed" states of domain.md.
bool isAlreadyPushed(JobState state);
// The engine has work to do: resume takes these.
bool isUnfinished(JobState state);

