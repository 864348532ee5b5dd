#include "models/jobstate.h"

namespace {
struct Name { JobState state; const char *name; };
const Name names[] = {
    {JobState::Queued, "queued"},       {JobState::Sending, "sending"},   {JobState::Backoff, "backoff"},
    {JobState::Accepted, "accepted"},   {JobState::Confirmed, "confirmed"}, {JobState::Rejected, "rejected"},
    {JobState::OutOfStock, "out_of_stock"}, {JobState::Cancelled, "cancelled"}, {JobState::Failed, "failed"},
    {JobState::Resolved, "resolved"},
};
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

bool isSendable(JobState state)
{
    return state == JobState::Queued || state == JobState::Sending || state == JobState::Backoff
        || state == JobState::Failed || state == JobState::Rejected;
}

bool isAcceptedFamily(JobState state)
{
    return state == JobState::Accepted || state == JobState::Confirmed || state == JobState::OutOfStock;
}
