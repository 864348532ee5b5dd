#include "models/jobstate.h"

#include <QCoreApplication>

namespace {
struct Name { JobState state; const char *name; };
const Name names[] = {
    {JobState::Queued, "queued"},
    {JobState::Sending, "sending"},
    {JobState::Backoff, "backoff"},
    {JobState::Accepted, "accepted"},
    {JobState::Confirmed, "confirmed"},
    {JobState::Rejected, "rejected"},
    {JobState::OutOfStock, "out_of_stock"},
    {JobState::CancelRequested, "cancel_requested"},
    {JobState::Cancelled, "cancelled"},
    {JobState::PartiallyCancelled, "partially_cancelled"},
    {JobState::Failed, "failed"},
    {JobState::Resolved, "resolved"},
};
static_assert(sizeof(names) / sizeof(names[0]) == JobStateCount, "every state has a spelling");

QString tr(const char *text)
{
    return QCoreApplication::translate("JobState", text);
}

JobTransition allow(JobFacts after)
{
    JobTransition t;
    t.allowed = true;
    t.after = after;
    return t;
}

JobTransition refuse(const JobFacts &before, const QString &why)
{
    JobTransition t;
    t.after = before;
    t.refusal = why;
    return t;
}

JobFacts moved(JobFacts facts, JobState to)
{
    facts.state = to;
    return facts;
}

bool deadAtHaier(const JobFacts &j)
{
    return (j.state == JobState::Rejected && j.accepted) || j.state == JobState::Cancelled;
}

bool outcomeUnknown(JobState s)
{
    return s == JobState::Queued || s == JobState::Sending || s == JobState::Backoff || s == JobState::Failed;
}

QString alreadyPushedText()
{
    return tr("This order has already been pushed to Haier");
}

// Why a job that is not waiting to be sent cannot be sent now.
QString whyNotSendable(const JobFacts &j)
{
    switch (j.state) {
    case JobState::Failed:
        return tr("The last push failed; retry it to send it again with the same soId");
    case JobState::Rejected:
        return j.accepted ? tr("Haier refused this soId after accepting it; re-push it with a new soId")
                          : tr("YLH refused this order; fix it and retry");
    case JobState::Cancelled:
        return tr("Haier cancelled this soId; re-push it with a new soId");
    case JobState::Resolved:
        return tr("Staff marked this order resolved; reopen it first");
    default:
        return alreadyPushedText();
    }
}

JobTransition onSend(const JobFacts &j)
{
    if (j.state == JobState::Queued || j.state == JobState::Backoff || j.state == JobState::Sending)
        return allow(moved(j, JobState::Sending));
    return refuse(j, whyNotSendable(j));
}

JobTransition onAnswer(const JobFacts &j, const JobEvent &e)
{
    if (j.state != JobState::Sending)
        return refuse(j, tr("The job moved on while this answer was on its way; the attempt is kept and changes nothing"));
    switch (e.kind) {
    case ResultKind::Ok:
    case ResultKind::Duplicate: {
        JobFacts after = moved(j, JobState::Accepted);
        after.accepted = true;
        return allow(after);
    }
    case ResultKind::BusinessRejection:
        return allow(moved(j, JobState::Rejected));
    case ResultKind::Auth:
    case ResultKind::Forbidden:
    case ResultKind::Refused:
        return allow(moved(j, JobState::Failed));
    case ResultKind::Timeout:
    case ResultKind::Connection:
    case ResultKind::Server:
    case ResultKind::RateLimited:
    case ResultKind::Malformed:
        return allow(moved(j, e.willRetry && isRetryable(e.kind) ? JobState::Backoff : JobState::Failed));
    }
    return allow(moved(j, JobState::Failed));
}

JobTransition onRefuse(const JobFacts &j)
{
    if (outcomeUnknown(j.state) || (j.state == JobState::Rejected && !j.accepted))
        return allow(moved(j, JobState::Failed));
    return refuse(j, whyNotSendable(j));
}

QString backwardsText()
{
    return tr("The callback would move the order backwards; it is kept and changes nothing");
}

JobTransition onConfirm(const JobFacts &j, int state)
{
    if (state != 0 && state != 1)
        return refuse(j, tr("The callback's State is not one Haier documents; it is kept for review"));
    const bool live = outcomeUnknown(j.state) || j.state == JobState::Accepted
        || (j.state == JobState::Rejected && !j.accepted);
    if (state == 1) {
        if (live) {
            JobFacts after = moved(j, JobState::Confirmed);
            after.accepted = true;
            return allow(after);
        }
        if (j.state == JobState::Confirmed)
            return allow(j);
        if (j.state == JobState::CancelRequested) {
            // Confirmation arrived while a cancel is pending: a refused cancel returns to confirmed.
            JobFacts after = j;
            if (after.beforeCancel == JobState::Accepted)
                after.beforeCancel = JobState::Confirmed;
            return allow(after);
        }
        return refuse(j, backwardsText());
    }
    if (live) {
        JobFacts after = moved(j, JobState::Rejected);
        after.accepted = true; // Haier refused what YLH took: this soId is dead
        return allow(after);
    }
    if (j.state == JobState::Rejected && j.accepted)
        return allow(j);
    return refuse(j, backwardsText());
}

JobTransition onOutOfStock(const JobFacts &j, int state)
{
    if (state != 1)
        return refuse(j, tr("An out-of-stock callback without State 1 changes nothing"));
    if (outcomeUnknown(j.state) || j.state == JobState::Accepted || j.state == JobState::Confirmed) {
        JobFacts after = moved(j, JobState::OutOfStock);
        after.accepted = true;
        return allow(after);
    }
    if (j.state == JobState::OutOfStock)
        return allow(j);
    return refuse(j, backwardsText());
}

JobTransition onCancelCallback(const JobFacts &j, int state)
{
    const bool cancellable = j.state == JobState::CancelRequested || j.state == JobState::Accepted
        || j.state == JobState::Confirmed || j.state == JobState::OutOfStock;
    if (state == 1 || state == 2) {
        const JobState to = state == 1 ? JobState::Cancelled : JobState::PartiallyCancelled;
        if (j.state == to)
            return allow(j);
        if (cancellable || (to == JobState::Cancelled && j.state == JobState::PartiallyCancelled)) {
            JobFacts after = moved(j, to);
            after.beforeCancel.reset();
            return allow(after);
        }
        return refuse(j, backwardsText());
    }
    if (state == 0) {
        if (j.state == JobState::CancelRequested) {
            JobFacts after = moved(j, j.beforeCancel.value_or(JobState::Accepted));
            after.beforeCancel.reset();
            return allow(after);
        }
        if (cancellable || j.state == JobState::PartiallyCancelled)
            return allow(j); // Haier could not cancel on its own account: the order stays as it is
        return refuse(j, tr("A refused cancel for an order with no cancel pending changes nothing"));
    }
    return refuse(j, tr("The callback's State is not one Haier documents; it is kept for review"));
}

JobTransition onCallback(const JobFacts &j, const JobEvent &e)
{
    if (j.state == JobState::Resolved)
        return refuse(j, tr("Staff marked this order resolved; the callback is kept and changes nothing"));
    switch (e.method) {
    case CallbackMethod::Confirm: return onConfirm(j, e.callbackState);
    case CallbackMethod::OutOfStock: return onOutOfStock(j, e.callbackState);
    case CallbackMethod::Cancel: return onCancelCallback(j, e.callbackState);
    }
    return refuse(j, backwardsText());
}

JobTransition onStaffCancel(const JobFacts &j)
{
    switch (j.state) {
    case JobState::Accepted:
    case JobState::Confirmed:
    case JobState::OutOfStock:
        return allow(j);
    case JobState::CancelRequested:
        return refuse(j, tr("A cancel is already waiting for Haier's answer"));
    case JobState::Cancelled:
    case JobState::PartiallyCancelled:
        return refuse(j, tr("Haier has already answered a cancel of this order"));
    case JobState::Rejected:
        return refuse(j, j.accepted ? tr("Haier refused this order; there is nothing to cancel")
                                    : tr("YLH refused this order; there is nothing to cancel"));
    case JobState::Resolved:
        return refuse(j, tr("Staff marked this order resolved; reopen it first"));
    case JobState::Sending:
        return refuse(j, tr("An attempt is in flight; wait for its answer"));
    case JobState::Queued:
    case JobState::Backoff:
    case JobState::Failed:
        break;
    }
    return refuse(j, tr("Haier has not accepted this order as far as the console knows; retry it first to learn whether YLH holds it"));
}

JobTransition onCancelTaken(const JobFacts &j)
{
    if (j.state == JobState::Accepted || j.state == JobState::Confirmed || j.state == JobState::OutOfStock) {
        JobFacts after = moved(j, JobState::CancelRequested);
        after.beforeCancel = j.state;
        return allow(after);
    }
    return refuse(j, tr("The job moved on while the cancel was on its way; the answer is kept and changes nothing"));
}

JobTransition onResolve(const JobFacts &j)
{
    switch (j.state) {
    case JobState::Sending:
        return refuse(j, tr("An attempt is in flight; wait for its answer"));
    case JobState::CancelRequested:
        return refuse(j, tr("A cancel is waiting for Haier's answer; wait for it"));
    case JobState::Resolved:
        return refuse(j, tr("This order is already marked resolved"));
    default: {
        JobFacts after = moved(j, JobState::Resolved);
        after.beforeResolved = j.state;
        return allow(after);
    }
    }
}

JobTransition onReopen(const JobFacts &j)
{
    if (j.state != JobState::Resolved)
        return refuse(j, tr("Only a resolved order can be reopened"));
    JobFacts after = moved(j, j.beforeResolved.value_or(JobState::Failed));
    after.beforeResolved.reset();
    return allow(after);
}

JobTransition onNewSoId(const JobFacts &j)
{
    if (deadAtHaier(j)) {
        JobFacts after = moved(j, JobState::Queued);
        after.accepted = false;
        after.beforeCancel.reset();
        return allow(after);
    }
    switch (j.state) {
    case JobState::Queued:
    case JobState::Sending:
    case JobState::Backoff:
    case JobState::Failed:
        return refuse(j, tr("Whether YLH holds this order's soId is not known yet; retry first with the same soId "
                            "(a duplicate answer will say whether YLH holds it)"));
    case JobState::Rejected:
        return refuse(j, tr("YLH refused this soId without accepting it; fix the order and retry with the same soId"));
    case JobState::OutOfStock:
        return refuse(j, tr("Haier holds this order as out of stock; cancel it first"));
    case JobState::PartiallyCancelled:
        return refuse(j, tr("Some lines of this order are still live at Haier; it never gets a new soId"));
    case JobState::Resolved:
        return refuse(j, tr("Staff marked this order resolved; reopen it first"));
    default:
        return refuse(j, tr("Haier holds this order's soId; a new soId would push it twice"));
    }
}

JobTransition onRetry(const JobFacts &j)
{
    switch (j.state) {
    case JobState::Failed:
        return allow(moved(j, JobState::Queued));
    case JobState::Rejected:
        if (!j.accepted)
            return allow(moved(j, JobState::Queued));
        return refuse(j, tr("Haier refused this soId after accepting it; a retry would read as accepted. Re-push it with a new soId"));
    case JobState::Queued:
    case JobState::Backoff:
        return allow(moved(j, JobState::Queued));
    case JobState::Sending:
        return refuse(j, tr("An attempt is in flight; wait for its answer"));
    case JobState::Cancelled:
        return refuse(j, tr("Haier cancelled this soId; re-push it with a new soId"));
    case JobState::Resolved:
        return refuse(j, tr("Staff marked this order resolved; reopen it first"));
    default:
        return refuse(j, alreadyPushedText());
    }
}

JobTransition onManualConfirm(const JobFacts &j)
{
    if (j.state == JobState::Accepted || j.state == JobState::Failed || j.state == JobState::Backoff
        || j.state == JobState::Queued) {
        JobFacts after = moved(j, JobState::Confirmed);
        after.accepted = true;
        return allow(after);
    }
    if (j.state == JobState::Confirmed)
        return allow(j);
    return refuse(j, tr("Only an order Haier accepted without confirming it can be confirmed by hand"));
}
} // namespace

QString jobStateName(JobState state)
{
    for (const Name &n : names) {
        if (n.state == state)
            return QString::fromLatin1(n.name);
    }
    return QString();
}

std::optional<JobState> jobStateFromName(const QString &name)
{
    for (const Name &n : names) {
        if (name == QLatin1String(n.name))
            return n.state;
    }
    return std::nullopt;
}

QString jobEventName(const JobEvent &event)
{
    switch (event.type) {
    case JobEvent::Type::Reserve: return QStringLiteral("reserve");
    case JobEvent::Type::Claim: return QStringLiteral("claim");
    case JobEvent::Type::Send: return QStringLiteral("send");
    case JobEvent::Type::Answer:
        return QStringLiteral("answer(%1%2)").arg(resultKindName(event.kind), event.willRetry ? QStringLiteral(",retry") : QString());
    case JobEvent::Type::Refuse: return QStringLiteral("refuse");
    case JobEvent::Type::Callback: {
        const char *m = event.method == CallbackMethod::Confirm ? "confirm"
            : event.method == CallbackMethod::Cancel            ? "cancel"
                                                                : "oostock";
        return QStringLiteral("callback(%1,%2)").arg(QLatin1String(m)).arg(event.callbackState);
    }
    case JobEvent::Type::StaffCancel: return QStringLiteral("staff_cancel");
    case JobEvent::Type::CancelTaken: return QStringLiteral("cancel_taken");
    case JobEvent::Type::Resolve: return QStringLiteral("resolve");
    case JobEvent::Type::Reopen: return QStringLiteral("reopen");
    case JobEvent::Type::NewSoId: return QStringLiteral("new_so_id");
    case JobEvent::Type::Retry: return QStringLiteral("retry");
    case JobEvent::Type::ManualConfirm: return QStringLiteral("manual_confirm");
    case JobEvent::Type::LeaseLost: return QStringLiteral("lease_lost");
    }
    return QString();
}

JobTransition transition(const JobFacts &job, const JobEvent &event)
{
    switch (event.type) {
    case JobEvent::Type::Reserve:
    case JobEvent::Type::Claim:
        return allow(job); // an existing job keeps its soId and state; the claim is the store's lease
    case JobEvent::Type::Send: return onSend(job);
    case JobEvent::Type::Answer: return onAnswer(job, event);
    case JobEvent::Type::Refuse: return onRefuse(job);
    case JobEvent::Type::Callback: return onCallback(job, event);
    case JobEvent::Type::StaffCancel: return onStaffCancel(job);
    case JobEvent::Type::CancelTaken: return onCancelTaken(job);
    case JobEvent::Type::Resolve: return onResolve(job);
    case JobEvent::Type::Reopen: return onReopen(job);
    case JobEvent::Type::NewSoId: return onNewSoId(job);
    case JobEvent::Type::Retry: return onRetry(job);
    case JobEvent::Type::ManualConfirm: return onManualConfirm(job);
    case JobEvent::Type::LeaseLost:
        return refuse(job, tr("Another process took this job over; this attempt is recorded and changes nothing else"));
    }
    return refuse(job, QString());
}

bool isAlreadyPushed(JobState state)
{
    return state == JobState::Accepted || state == JobState::Confirmed || state == JobState::CancelRequested
        || state == JobState::PartiallyCancelled || state == JobState::OutOfStock;
}

bool isUnfinished(JobState state)
{
    return state == JobState::Queued || state == JobState::Sending || state == JobState::Backoff;
}
