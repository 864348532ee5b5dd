#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

class Database;
struct PushJobRecord;

// Accepted orders whose confirmation from Haier has not come (domain.md): a job still `accepted` whose
// acceptance is older than the threshold. The one place of that rule, for every list and count of it.
namespace Overdue {

// The documented default of a profile's callback.confirmWithinMinutes.
inline constexpr int DefaultMinutes = 120;

// Accepted at or before this moment is overdue at `nowMs`.
inline qint64 cutoffMs(qint64 nowMs, int minutes) { return nowMs - qint64(minutes) * 60 * 1000; }

// The SQL condition over console_push_jobs (aliased or not): binds the profile, then the cutoff.
QString condition();

// How many of the profile's jobs are overdue at `nowMs`; only those that became so after `sinceMs`
// (their acceptance plus the threshold is later), when given. -1 with *error when the query failed.
int count(Database &db, const QString &profile, int minutes, qint64 nowMs, QString *error, qint64 sinceMs = -1);

// The profile's overdue jobs at `nowMs`, the longest waiting first. Empty with *error when the query failed.
QList<PushJobRecord> jobs(Database &db, const QString &profile, int minutes, qint64 nowMs, QString *error);

} // namespace Overdue
