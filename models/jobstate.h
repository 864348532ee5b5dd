#pragma once

#include <QString>

#include <optional>

// The push lifecycle of one order (domain.md). Spelled in the database as jobStateName() gives.
enum class JobState {
    Queued,      // soId reserved, nothing sent yet
    Sending,     // an attempt is in flight (or its holder died mid-flight)
    Backoff,     // waiting for the next attempt
    Accepted,    // YLH took it (haier_status push_pending)
    Confirmed,   // confirm callback State 1
    Rejected,    // business rejection of the create call, or confirm State 0
    OutOfStock,  // oostock callback
    Cancelled,   // cancel callback or staff cancel
    Failed,      // no answer could be had: retries exhausted or auth failed
    Resolved,    // staff decided nothing more is to be done
};

QString jobStateName(JobState state);
std::optional<JobState> jobStateFromName(const QString &name);
// States from which the engine may (re)send with the job's soId.
bool isSendable(JobState state);
// YLH holds the soId: never send it again.
bool isAcceptedFamily(JobState state);
