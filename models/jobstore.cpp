#include "models/jobstore.h"

#include "models/database.h"
#include "models/envbinding.h"
#include "platform/platform.h"

#include <QCoreApplication>
#include <QSysInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

namespace {

const char jobColumns[] =
    "id, order_id, order_number, profile, so_id, so_seq, state, last_kind, last_message, last_http_status, "
    "attempt_count, next_attempt_at, holder, lease_until, operator, haier_order_no, created_at, updated_at, accepted_at";

PushJobRecord jobFrom(const QSqlQuery &q)
{
    PushJobRecord r;
    r.id = q.value(0).toLongLong();
    r.orderId = q.value(1).toLongLong();
    r.orderNumber = q.value(2).toString();
    r.profile = q.value(3).toString();
    r.soId = q.value(4).toString();
    r.soSeq = q.value(5).toInt();
    r.state = q.value(6).toString();
    r.lastKind = q.value(7).toString();
    r.lastMessage = q.value(8).toString();
    r.lastHttpStatus = q.value(9).toInt();
    r.attemptCount = q.value(10).toInt();
    r.nextAttemptAt = q.value(11).toLongLong();
    r.holder = q.value(12).toString();
    r.leaseUntil = q.value(13).toLongLong();
    r.operatorName = q.value(14).toString();
    r.haierOrderNo = q.value(15).toString();
    r.createdAt = q.value(16).toLongLong();
    r.updatedAt = q.value(17).toLongLong();
    r.acceptedAt = q.value(18).toLongLong();
    return r;
}

// Null QStrings bind as SQL NULL; these columns are NOT NULL with '' for "none".
QString nn(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

bool fail(QString *error, const QSqlQuery &q)
{
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

// Whether the profile of an attempt's job may write the shop's columns (EnvBinding).
bool attemptWritesShop(Database &db, qint64 attemptId)
{
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("SELECT profile FROM console_push_attempts WHERE id = ?"));
    q.addBindValue(attemptId);
    return q.exec() && q.next() && EnvBinding(db).profileNameWritesShop(q.value(0).toString());
}

} // namespace

QString currentHolder()
{
    return QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid());
}

bool isDeadLocalHolder(const QString &holder)
{
    const int colon = holder.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0 || holder.left(colon) != QSysInfo::machineHostName())
        return false;
    bool ok = false;
    const qint64 pid = holder.mid(colon + 1).toLongLong(&ok);
    if (!ok || pid <= 0)
        return false;
    return platform::processIsGone(pid);
}

std::optional<PushJobRecord> JobStore::findForOrder(const QString &profile, qint64 orderId, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT %1 FROM console_push_jobs WHERE profile = ? AND order_id = ?").arg(QLatin1String(jobColumns)));
    q.addBindValue(nn(profile));
    q.addBindValue(orderId);
    if (!q.exec()) {
        fail(error, q);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return jobFrom(q);
}

std::optional<PushJobRecord> JobStore::get(qint64 jobId, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT %1 FROM console_push_jobs WHERE id = ?").arg(QLatin1String(jobColumns)));
    q.addBindValue(jobId);
    if (!q.exec()) {
        fail(error, q);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return jobFrom(q);
}

QList<PushJobRecord> JobStore::list(const QString &profile, const QString &state, int limit, QString *error)
{
    QList<PushJobRecord> rows;
    QSqlQuery q(m_db.sql());
    QString where = QStringLiteral("WHERE profile = ?");
    if (!state.isEmpty())
        where += QStringLiteral(" AND state = ?");
    q.prepare(QStringLiteral("SELECT %1 FROM console_push_jobs %2 ORDER BY id DESC LIMIT %3")
                  .arg(QLatin1String(jobColumns), where).arg(qMax(0, limit)));
    q.addBindValue(nn(profile));
    if (!state.isEmpty())
        q.addBindValue(state);
    if (!q.exec()) {
        fail(error, q);
        return rows;
    }
    while (q.next())
        rows.append(jobFrom(q));
    return rows;
}

QList<PushJobRecord> JobStore::listInStates(const QString &profile, const QStringList &states, const QString &search, int limit,
                                            QString *error)
{
    QList<PushJobRecord> rows;
    if (states.isEmpty())
        return rows;
    QStringList marks;
    for (qsizetype i = 0; i < states.size(); ++i)
        marks << QStringLiteral("?");
    QString where = QStringLiteral("WHERE profile = ? AND state IN (%1)").arg(marks.join(QLatin1Char(',')));
    QString prefix = search.trimmed();
    prefix.remove(QLatin1Char('%')).remove(QLatin1Char('_')).remove(QLatin1Char('\\'));
    if (!prefix.isEmpty())
        where += QStringLiteral(" AND (order_number LIKE ? OR so_id LIKE ?)");
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM console_push_jobs %2 ORDER BY updated_at DESC, id DESC LIMIT %3")
                  .arg(QLatin1String(jobColumns), where).arg(qMax(0, limit)));
    q.addBindValue(nn(profile));
    for (const QString &s : states)
        q.addBindValue(s);
    if (!prefix.isEmpty()) {
        q.addBindValue(prefix + QLatin1Char('%'));
        q.addBindValue(prefix + QLatin1Char('%'));
    }
    if (!q.exec()) {
        fail(error, q);
        return rows;
    }
    while (q.next())
        rows.append(jobFrom(q));
    return rows;
}

QList<PushAttemptRecord> JobStore::attempts(qint64 jobId, QString *error)
{
    QList<PushAttemptRecord> rows;
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT id, job_id, attempt_no, so_id, profile, operator, started_at, finished_at, http_status, "
                             "latency_ms, kind, message, request_body, response_body FROM console_push_attempts "
                             "WHERE job_id = ? ORDER BY attempt_no"));
    q.addBindValue(jobId);
    if (!q.exec()) {
        fail(error, q);
        return rows;
    }
    while (q.next()) {
        PushAttemptRecord a;
        a.id = q.value(0).toLongLong();
        a.jobId = q.value(1).toLongLong();
        a.attemptNo = q.value(2).toInt();
        a.soId = q.value(3).toString();
        a.profile = q.value(4).toString();
        a.operatorName = q.value(5).toString();
        a.startedAt = q.value(6).toLongLong();
        a.finishedAt = q.value(7).toLongLong();
        a.httpStatus = q.value(8).toInt();
        a.latencyMs = q.value(9).toLongLong();
        a.kind = q.value(10).toString();
        a.message = q.value(11).toString();
        a.requestBody = q.value(12).toString().toUtf8();
        a.responseBody = q.value(13).toString().toUtf8();
        rows.append(a);
    }
    return rows;
}

std::optional<PushJobRecord> JobStore::reserve(const QString &profile, qint64 orderId, const QString &orderNumber,
                                               const QString &soId, const QString &operatorName, qint64 nowMs,
                                               QString *error)
{
    if (auto existing = findForOrder(profile, orderId, error))
        return existing;
    // Two processes may reserve at once: the UNIQUE (profile, order_id) lets exactly one insert win.
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("INSERT INTO console_push_jobs (order_id, order_number, profile, so_id, so_seq, state, operator, "
                             "created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING"));
    q.addBindValue(orderId);
    q.addBindValue(nn(orderNumber));
    q.addBindValue(nn(profile));
    q.addBindValue(nn(soId));
    q.addBindValue(nn(operatorName));
    q.addBindValue(nowMs);
    q.addBindValue(nowMs);
    if (!q.exec()) {
        fail(error, q);
        return std::nullopt;
    }
    return findForOrder(profile, orderId, error);
}

bool JobStore::assignNewSoId(qint64 jobId, const QString &soId, int soSeq, qint64 nowMs, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE console_push_jobs SET so_id = ?, so_seq = ?, state = 'queued', attempt_count = 0, "
                             "accepted_at = 0, haier_order_no = '', last_kind = '', last_message = '', next_attempt_at = 0, "
                             "updated_at = ? WHERE id = ?"));
    q.addBindValue(nn(soId));
    q.addBindValue(soSeq);
    q.addBindValue(nowMs);
    q.addBindValue(jobId);
    return q.exec() || fail(error, q);
}

bool JobStore::claim(qint64 jobId, const QString &holder, qint64 nowMs, qint64 leaseMs, const QString &takeOverHolder,
                     QString *error)
{
    // Free, ours already, lease run out, or held by a process on this host that no longer exists.
    const QString claimable = QStringLiteral("id = ? AND (holder = '' OR holder = ? OR lease_until < ? OR holder = ?)");
    auto bindClaimable = [&](QSqlQuery &q) {
        q.addBindValue(jobId);
        q.addBindValue(nn(holder));
        q.addBindValue(nowMs);
        q.addBindValue(takeOverHolder.isEmpty() ? QStringLiteral("\x01none") : takeOverHolder);
    };
    QSqlDatabase &db = m_db.sql();
    const bool pg = m_db.isPostgres();
    // PostgreSQL: lock the row if nobody else is claiming it at this moment, and skip it if somebody is,
    // rather than wait for them; SQLite: the write transaction holds the whole database.
    if (!m_db.beginWrite(error))
        return false;
    QSqlQuery q(db);
    auto giveUp = [&](bool failed) {
        if (failed)
            fail(error, q);
        db.rollback();
        return false;
    };
    if (pg) {
        q.prepare(QStringLiteral("SELECT id FROM console_push_jobs WHERE %1 FOR UPDATE SKIP LOCKED").arg(claimable));
        bindClaimable(q);
        if (!q.exec())
            return giveUp(true);
        if (!q.next())
            return giveUp(false); // held by a live process, or being claimed by another one right now
    }
    q.prepare(QStringLiteral("UPDATE console_push_jobs SET holder = ?, lease_until = ? WHERE %1").arg(claimable));
    q.addBindValue(nn(holder));
    q.addBindValue(nowMs + leaseMs);
    bindClaimable(q);
    if (!q.exec())
        return giveUp(true);
    const bool claimed = q.numRowsAffected() == 1;
    if (!db.commit()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        return false;
    }
    return claimed;
}

bool JobStore::renewLease(const QString &holder, qint64 nowMs, qint64 leaseMs, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE console_push_jobs SET lease_until = ? WHERE holder = ?"));
    q.addBindValue(nowMs + leaseMs);
    q.addBindValue(nn(holder));
    return q.exec() || fail(error, q);
}

bool JobStore::release(qint64 jobId, const QString &holder, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE console_push_jobs SET holder = '', lease_until = 0 WHERE id = ? AND holder = ?"));
    q.addBindValue(jobId);
    q.addBindValue(nn(holder));
    return q.exec() || fail(error, q);
}

QList<PushJobRecord> JobStore::unfinished(const QString &profile, QString *error)
{
    QList<PushJobRecord> rows;
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT %1 FROM console_push_jobs WHERE profile = ? AND state IN ('queued', 'sending', 'backoff') "
                             "ORDER BY id").arg(QLatin1String(jobColumns)));
    q.addBindValue(nn(profile));
    if (!q.exec()) {
        fail(error, q);
        return rows;
    }
    while (q.next())
        rows.append(jobFrom(q));
    return rows;
}

qint64 JobStore::startAttempt(qint64 jobId, const QString &holder, const QString &operatorName,
                              const QByteArray &redactedRequest, qint64 nowMs, QString *error)
{
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        return 0;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE console_push_jobs SET state = 'sending', attempt_count = attempt_count + 1, "
                             "updated_at = ? WHERE id = ? AND holder = ?"));
    q.addBindValue(nowMs);
    q.addBindValue(jobId);
    q.addBindValue(nn(holder));
    if (!q.exec() || q.numRowsAffected() != 1) {
        if (error)
            *error = q.lastError().isValid() ? sqlErrorText(q.lastError()) : QStringLiteral("the job is no longer held by this process");
        db.rollback();
        return 0;
    }
    q.prepare(QStringLiteral("INSERT INTO console_push_attempts (job_id, attempt_no, so_id, profile, operator, started_at, request_body) "
                             "SELECT id, attempt_count, so_id, profile, ?, ?, ? FROM console_push_jobs WHERE id = ?"));
    q.addBindValue(nn(operatorName));
    q.addBindValue(nowMs);
    q.addBindValue(nn(QString::fromUtf8(redactedRequest)));
    q.addBindValue(jobId);
    if (!q.exec()) {
        fail(error, q);
        db.rollback();
        return 0;
    }
    qint64 attemptId = q.lastInsertId().toLongLong();
    if (attemptId <= 0) {
        QSqlQuery last(db);
        last.prepare(QStringLiteral("SELECT MAX(id) FROM console_push_attempts WHERE job_id = ?"));
        last.addBindValue(jobId);
        if (last.exec() && last.next())
            attemptId = last.value(0).toLongLong();
    }
    if (!db.commit()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        return 0;
    }
    return attemptId;
}

bool JobStore::finishAttempt(qint64 attemptId, const AttemptOutcome &o, qint64 nowMs, QString *error)
{
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        return false;
    }
    auto rollback = [&](const QSqlQuery &q) {
        fail(error, q);
        db.rollback();
        return false;
    };
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE console_push_attempts SET finished_at = ?, http_status = ?, latency_ms = ?, kind = ?, "
                             "message = ?, response_body = ? WHERE id = ?"));
    q.addBindValue(nowMs);
    q.addBindValue(o.httpStatus);
    q.addBindValue(o.latencyMs);
    q.addBindValue(resultKindName(o.kind));
    q.addBindValue(nn(o.message));
    q.addBindValue(nn(QString::fromUtf8(o.responseBody)));
    q.addBindValue(attemptId);
    if (!q.exec())
        return rollback(q);

    const bool accepted = o.newState == JobState::Accepted;
    // Haier's callback can overtake our own record of the answer: a job it already moved on from
    // `sending` (confirmed, refused, ...) keeps that state.
    q.prepare(QStringLiteral("UPDATE console_push_jobs SET state = CASE WHEN state = 'sending' THEN ? ELSE state END, "
                             "last_kind = ?, last_message = ?, last_http_status = ?, "
                             "next_attempt_at = ?, updated_at = ?, accepted_at = CASE WHEN ? THEN ? ELSE accepted_at END, "
                             "haier_order_no = CASE WHEN ? <> '' THEN ? ELSE haier_order_no END "
                             "WHERE id = (SELECT job_id FROM console_push_attempts WHERE id = ?)"));
    q.addBindValue(jobStateName(o.newState));
    q.addBindValue(resultKindName(o.kind));
    q.addBindValue(nn(o.message));
    q.addBindValue(o.httpStatus);
    q.addBindValue(o.nextAttemptAt);
    q.addBindValue(nowMs);
    q.addBindValue(m_db.boolToDb(accepted));
    q.addBindValue(nowMs);
    q.addBindValue(nn(o.haierOrderNo));
    q.addBindValue(nn(o.haierOrderNo));
    q.addBindValue(attemptId);
    if (!q.exec())
        return rollback(q);

    // The shop's order learns what Haier holds, in the same transaction as the job, where the database's
    // binding lets the job's profile write it (otherwise the push is a dry run: the job alone records it).
    if ((accepted || o.newState == JobState::Rejected) && attemptWritesShop(m_db, attemptId)) {
        QString sql;
        if (accepted) {
            sql = QStringLiteral("UPDATE orders_order SET haier_so_id = j.so_id, "
                                 "haier_status = CASE WHEN j.state = 'accepted' THEN 'push_pending' ELSE orders_order.haier_status END, "
                                 "haier_fail_msg = CASE WHEN j.state = 'accepted' THEN '' ELSE orders_order.haier_fail_msg END, haier_order_no = CASE WHEN ? <> '' THEN ? ELSE orders_order.haier_order_no END, "
                                 "updated_at = ? FROM console_push_jobs j, console_push_attempts a "
                                 "WHERE a.id = ? AND j.id = a.job_id AND orders_order.id = j.order_id");
        } else {
            sql = QStringLiteral("UPDATE orders_order SET haier_fail_msg = ?, updated_at = ? FROM console_push_jobs j, "
                                 "console_push_attempts a WHERE a.id = ? AND j.id = a.job_id AND orders_order.id = j.order_id");
        }
        q.prepare(sql);
        if (accepted) {
            q.addBindValue(nn(o.haierOrderNo));
            q.addBindValue(nn(o.haierOrderNo));
        } else {
            q.addBindValue(nn(o.message));
        }
        q.addBindValue(m_db.timeToDb(QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc())));
        q.addBindValue(attemptId);
        if (!q.exec())
            return rollback(q);
    }
    if (!db.commit()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        return false;
    }
    return true;
}

bool JobStore::resolveFrom(qint64 jobId, const QStringList &fromStates, const QString &note, qint64 nowMs, QString *error)
{
    QStringList marks;
    for (qsizetype i = 0; i < fromStates.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE console_push_jobs SET state = ?, last_kind = 'resolved', last_message = ?, updated_at = ? "
                             "WHERE id = ? AND state IN (%1)").arg(marks.join(QLatin1Char(','))));
    q.addBindValue(jobStateName(JobState::Resolved));
    q.addBindValue(nn(note));
    q.addBindValue(nowMs);
    q.addBindValue(jobId);
    for (const QString &s : fromStates)
        q.addBindValue(s);
    if (!q.exec())
        return fail(error, q);
    return q.numRowsAffected() == 1;
}

bool JobStore::setState(qint64 jobId, JobState state, const QString &kind, const QString &message, qint64 nowMs,
                        QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE console_push_jobs SET state = ?, last_kind = ?, last_message = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(jobStateName(state));
    q.addBindValue(nn(kind));
    q.addBindValue(nn(message));
    q.addBindValue(nowMs);
    q.addBindValue(jobId);
    return q.exec() || fail(error, q);
}
