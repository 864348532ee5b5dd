#include "models/refusedbodies.h"

#include "models/database.h"

#include <QSqlError>
#include <QSqlQuery>

namespace RefusedBodies {

namespace {

bool failed(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

} // namespace

bool markTruncated(Database &db, qint64 callbackId, QString *error)
{
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("UPDATE console_callbacks SET body_truncated = ? WHERE id = ?"));
    q.addBindValue(db.boolToDb(true));
    q.addBindValue(callbackId);
    return q.exec() || failed(q, error);
}

int pruneRows(Database &db, int maxRows, QString *error)
{
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("DELETE FROM console_callbacks WHERE valid = ? AND id <= (SELECT id FROM console_callbacks WHERE valid = ? "
                             "ORDER BY id DESC LIMIT 1 OFFSET %1)").arg(qMax(0, maxRows)));
    q.addBindValue(db.boolToDb(false));
    q.addBindValue(db.boolToDb(false));
    if (!q.exec())
        return failed(q, error) ? 0 : -1;
    return q.numRowsAffected();
}

qint64 total(Database &db, QString *error)
{
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("SELECT COALESCE(SUM(LENGTH(raw_body) + LENGTH(data)), 0) FROM console_callbacks WHERE valid = ?"));
    q.addBindValue(db.boolToDb(false));
    if (!q.exec() || !q.next())
        return failed(q, error) ? 0 : -1;
    return q.value(0).toLongLong();
}

int prune(Database &db, qint64 maxTotalBytes, QString *error)
{
    const qint64 held = total(db, error);
    if (held < 0)
        return -1;
    if (held <= maxTotalBytes)
        return 0;
    // The oldest first: find the newest id whose emptying brings the rest under the total.
    QSqlQuery q(db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, LENGTH(raw_body) + LENGTH(data) FROM console_callbacks "
                             "WHERE valid = ? AND (raw_body <> '' OR data <> '') ORDER BY id"));
    q.addBindValue(db.boolToDb(false));
    if (!q.exec())
        return failed(q, error) ? 0 : -1;
    qint64 freed = 0;
    qint64 upTo = 0;
    int rows = 0;
    while (held - freed > maxTotalBytes && q.next()) {
        upTo = q.value(0).toLongLong();
        freed += q.value(1).toLongLong();
        ++rows;
    }
    q.finish();
    if (upTo == 0)
        return 0;
    QSqlQuery u(db.sql());
    u.prepare(QStringLiteral("UPDATE console_callbacks SET raw_body = '', data = '', body_truncated = ? WHERE valid = ? AND id <= ? "
                             "AND (raw_body <> '' OR data <> '')"));
    u.addBindValue(db.boolToDb(true));
    u.addBindValue(db.boolToDb(false));
    u.addBindValue(upTo);
    if (!u.exec())
        return failed(u, error) ? 0 : -1;
    return rows;
}

std::optional<Stored> load(Database &db, qint64 callbackId, QString *error)
{
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("SELECT id, received_at, profile, peer, valid, outcome, refusal_code, raw_body, replay_sign, body_truncated "
                             "FROM console_callbacks WHERE id = ?"));
    q.addBindValue(callbackId);
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    Stored s;
    s.id = q.value(0).toLongLong();
    s.receivedAt = q.value(1).toLongLong();
    s.profile = q.value(2).toString();
    s.peer = q.value(3).toString();
    s.valid = q.value(4).toBool();
    s.outcome = q.value(5).toString();
    s.refusalCode = q.value(6).toString();
    s.rawBody = q.value(7).toString();
    s.sign = q.value(8).toString();
    s.truncated = q.value(9).toBool();
    return s;
}

bool markReplayed(Database &db, qint64 callbackId, const QString &note, QString *error)
{
    QSqlQuery q(db.sql());
    // Compare-and-set on the outcome: two replays at once mark it once.
    q.prepare(QStringLiteral("UPDATE console_callbacks SET outcome = 'replayed', refusal_reason = refusal_reason || ? "
                             "WHERE id = ? AND outcome = 'refused'"));
    q.addBindValue(QStringLiteral(" — ") + note);
    q.addBindValue(callbackId);
    if (!q.exec())
        return failed(q, error);
    if (q.numRowsAffected() != 1) {
        if (error)
            *error = QStringLiteral("callback %1 was replayed meanwhile").arg(callbackId);
        return false;
    }
    return true;
}

} // namespace RefusedBodies
