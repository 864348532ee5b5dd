#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

class Database;

// What refused callbacks may keep: unauthenticated input must not fill the disk. Each refused body is
// cut to MaxBodyBytes when it is received (a cut body can no longer be verified again, so it cannot be
// replayed: body_truncated says so), and the bodies of the oldest refused callbacks are dropped when
// all of them together exceed a total. The rows themselves (time, peer, reason) stay, up to a number:
// beyond it the oldest refused rows are deleted (errors.log keeps their count in its per-minute summaries).
namespace RefusedBodies {

constexpr int MaxBodyBytes = 4096;
constexpr int MaxDataChars = 1024;        // the Data shown for a refused callback
constexpr qint64 DefaultTotalBytes = 50LL * 1024 * 1024;
constexpr int DefaultMaxRows = 100000;      // about 30 MB of refused rows at most

// Marks one stored callback's body as cut.
bool markTruncated(Database &db, qint64 callbackId, QString *error);
// Empties the bodies (raw_body, data) of the oldest refused callbacks until the rest total at most
// `maxTotalBytes`, marking them cut, in one statement. Returns how many were emptied, -1 on error.
int prune(Database &db, qint64 maxTotalBytes, QString *error);
// Deletes the oldest refused callbacks beyond the newest `maxRows`. Returns how many, -1 on error.
int pruneRows(Database &db, int maxRows, QString *error);
// The bytes refused bodies hold now (raw_body and data of refused callbacks).
qint64 total(Database &db, QString *error);

// What a replay of one stored callback reads: the body as kept and the Sign kept beside it.
struct Stored
{
    qint64 id = 0;
    qint64 receivedAt = 0; // epoch ms: freshness is judged against this, not against now
    QString profile;
    QString peer;
    bool valid = false;
    QString outcome;       // refused; replayed once a replay applied it
    QString refusalCode;
    QString rawBody;       // as stored (its Sign masked)
    QString sign;          // replay_sign
    bool truncated = false;
};
// nullopt without *error when there is no such callback.
std::optional<Stored> load(Database &db, qint64 callbackId, QString *error);
// Marks a refused callback as replayed (outcome `replayed`), with `note` added to its reason.
bool markReplayed(Database &db, qint64 callbackId, const QString &note, QString *error);

} // namespace RefusedBodies
