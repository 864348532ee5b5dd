#include "models/jobstore.h"

#include "models/database.h"
#include "models/envbinding.h"
#include "platform/platform.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>

namespace {

const char jobColumns[] =
    "id, order_id, order_number, profile, so_id, so_seq, state, last_kind, last_message, last_http_status, "
    "attempt_count, next_attempt_at, holder, lease_until, operator, haier_order_no, created_at, updated_at, accepted_at, "
    "state_before_cancel, state_before_resolved, last_change, push_no, push_attempts";

std::optional<JobState> optionalState(const QString &name)
{
    return name.isEmpty() ? std::nullopt : jobStateFromName(name);
}

QString optionalName(const std::optional<JobState> &state)
{
    return state ? jobStateName(*state) : QStringLiteral("");
}

PushJobRecord jobFrom(const QSqlQuery &q, int first = 0)
{
    // The columns of jobColumns from `first` on.
    struct Row
    {
        const QSqlQuery &q;
        int first;
        QVariant value(int i) const { return q.value(first + i); }
    } row{q, first};
    PushJobRecord r;
    r.id = row.value(0).toLongLong();
    r.orderId = row.value(1).toLongLong();
    r.orderNumber = row.value(2).toString();
    r.profile = row.value(3).toString();
    r.soId = row.value(4).toString();
    r.soSeq = row.value(5).toInt();
    // An unknown spelling (a newer program wrote it) reads as failed: nothing sends it, staff see it.
    r.state = jobStateFromName(row.value(6).toString()).value_or(JobState::Failed);
    r.lastKind = row.value(7).toString();
    r.lastMessage = row.value(8).toString();
    r.lastHttpStatus = row.value(9).toInt();
    r.attemptCount = row.value(10).toInt();
    r.nextAttemptAt = row.value(11).toLongLong();
    r.holder = row.value(12).toString();
    r.leaseUntil = row.value(13).toLongLong();
    r.operatorName = row.value(14).toString();
    r.haierOrderNo = row.value(15).toString();
    r.createdAt = row.value(16).toLongLong();
    r.updatedAt = row.value(17).toLongLong();
    r.acceptedAt = row.value(18).toLongLong();
    r.stateBeforeCancel = optionalState(row.value(19).toString());
    r.stateBeforeResolved = optionalState(row.value(20).toString());
    r.lastChange = row.value(21).toString();
    r.pushNo = row.value(22).toInt();
    r.pushAttempts = row.value(23).toInt();
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

JobFacts PushJobRecord::facts() const
{
    JobFacts f;
    f.state = state;
    f.accepted = acceptedAt > 0;
    f.beforeCancel = stateBeforeCancel;
    f.beforeResolved = stateBeforeResolved;
    return f;
}

QString currentHolder()
{
    // Made once per process: a pid alone is reused, and two desks may share a host name.
    static const QString token = QString::number(QRandomGenerator::system()->generate64() & 0xffffffffffffULL, 36);
    return QStringLiteral("%1:%2:%3").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid()).arg(token);
}

bool isLocalProcessAlive(qint64 pid)
{
    return !platform::processIsGone(pid);
}

bool isDeadLocalHolder(const QString &holder)
{
    // "host:pid:token" (or "host:pid" as older versions wrote it).
    QStringList parts = holder.split(QLatin1Char(':'));
    if (parts.size() >= 3)
        parts.removeLast();
    if (parts.size() < 2)
        return false;
    bool ok = false;
    const qint64 pid = parts.takeLast().toLongLong(&ok);
    if (!ok || pid <= 0 || parts.join(QLatin1Char(':')) != QSysInfo::machineHostName())
        return false;
    return platform::processIsGone(pid);
}

std::optional<PushJobRecord> JobStore::findForOrder(const QString &profile, qint64 orderId, QString *error)
{
    QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT %1 FROM console_push_jobs WHERE profile = ? AND order_id = ?").arg(QLatin1String(jobColumns)));
    q.addBindValue(nn(profile));
    q.addBindValue(orderId);
    return one(q, error);
}

std::optional<PushJobRecord> JobStore::get(qint64 jobId, QString *error)
{
    QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT %1 FROM console_push_jobs WHERE id = ?").arg(QLatin1String(jobColumns)));
    q.addBindValue(jobId);
    return one(q, error);
}

QString JobStore::columns(const QString &alias)
{
    QStringList names = QString::fromLatin1(jobColumns).split(QStringLiteral(", "));
    for (QString &n : names)
        n.prepend(alias + QLatin1Char('.'));
    return names.join(QStringLiteral(", "));
}

PushJobRecord JobStore::fromRow(const QSqlQuery &q, int first)
{
    return jobFrom(q, first);
}

std::optional<PushJobRecord> JobStore::one(QSqlQuery &q, QString *error)
{
    if (!q.exec()) {
        fail(error, q);
        return std::nullopt;
    }
    std::optional<PushJobRecord> job;
    if (q.next())
        job = jobFrom(q);
    q.finish();
    return job;
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
                             "latency_ms, kind, message, request_body, response_body, push_no, outcome FROM console_push_attempts "
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
        a.pushNo = q.value(14).toInt();
        a.outcome = q.value(15).toString();
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

namespace {

// What apply() writes for an event transition() allows: the columns it sets, and counters.
struct PlannedWrite
{
    std::optional<JobApply> early; // refused (or impossible): nothing to write
    QList<std::pair<QString, QVariant>> sets;
    QStringList counters;          // "column = column + 1" and the like
};

PlannedWrite plan(const PushJobRecord &read, const JobEvent &event, const JobWrite &w, qint64 nowMs)
{
    PlannedWrite p;
    const JobTransition t = transition(read.facts(), event);
    if (!t.allowed) {
        JobApply out;
        out.job = read;
        out.status = ApplyStatus::Refused;
        out.message = t.refusal;
        p.early = out;
        return p;
    }
    const bool newSoId = event.type == JobEvent::Type::NewSoId;
    if (newSoId && w.soId.isEmpty()) {
        JobApply out;
        out.job = read;
        out.status = ApplyStatus::Failed;
        out.message = QStringLiteral("a new soId needs the soId");
        p.early = out;
        return p;
    }
    // Only what this write changes is set, so a concurrent write of other columns is not overwritten.
    auto set = [&](const char *column, const QVariant &value) { p.sets.append({QLatin1String(column), value}); };
    set("state", jobStateName(t.after.state));
    set("state_before_cancel", optionalName(t.after.beforeCancel));
    set("state_before_resolved", optionalName(t.after.beforeResolved));
    if (!t.after.accepted)
        set("accepted_at", qint64(0));
    else if (read.acceptedAt == 0)
        set("accepted_at", nowMs);
    if (!w.change.isEmpty())
        set("last_change", w.change);
    if (w.kind)
        set("last_kind", resultKindName(*w.kind));
    if (w.message)
        set("last_message", nn(*w.message));
    if (w.httpStatus)
        set("last_http_status", *w.httpStatus);
    if (w.nextAttemptAt)
        set("next_attempt_at", *w.nextAttemptAt);
    if (!w.haierOrderNo.isEmpty())
        set("haier_order_no", w.haierOrderNo);
    if (newSoId) {
        set("so_id", w.soId);
        set("so_seq", w.soSeq);
        if (w.haierOrderNo.isEmpty())
            set("haier_order_no", QStringLiteral(""));
    }
    if (event.type == JobEvent::Type::Send)
        p.counters << QStringLiteral("attempt_count = attempt_count + 1") << QStringLiteral("push_attempts = push_attempts + 1");
    if (newSoId || event.type == JobEvent::Type::Retry) {
        p.counters << QStringLiteral("push_no = push_no + 1") << QStringLiteral("push_attempts = 0");
        if (!w.nextAttemptAt)
            set("next_attempt_at", qint64(0));
    }
    set("updated_at", nowMs);
    return p;
}

// The SQL type of each column apply() may set (a batch reads them from JSON).
QString columnType(const QString &column)
{
    static const QHash<QString, QString> types{
        {QStringLiteral("state"), QStringLiteral("TEXT")},           {QStringLiteral("state_before_cancel"), QStringLiteral("TEXT")},
        {QStringLiteral("state_before_resolved"), QStringLiteral("TEXT")}, {QStringLiteral("accepted_at"), QStringLiteral("BIGINT")},
        {QStringLiteral("last_change"), QStringLiteral("TEXT")},     {QStringLiteral("last_kind"), QStringLiteral("TEXT")},
        {QStringLiteral("last_message"), QStringLiteral("TEXT")},    {QStringLiteral("last_http_status"), QStringLiteral("INTEGER")},
        {QStringLiteral("next_attempt_at"), QStringLiteral("BIGINT")}, {QStringLiteral("haier_order_no"), QStringLiteral("TEXT")},
        {QStringLiteral("so_id"), QStringLiteral("TEXT")},           {QStringLiteral("so_seq"), QStringLiteral("INTEGER")},
        {QStringLiteral("updated_at"), QStringLiteral("BIGINT")}};
    return types.value(column);
}

} // namespace

// A write that did not match the row as read: the row as it is now, and why nothing was written.
JobApply JobStore::lost(const PushJobRecord &read, const JobWrite &w, std::optional<PushJobRecord> now, QString error)
{
    JobApply out;
    out.job = read;
    if (!now)
        now = get(read.id, &error);
    if (!now) {
        out.status = ApplyStatus::Failed;
        out.message = error.isEmpty() ? QStringLiteral("the job is gone") : error;
        return out;
    }
    out.job = *now;
    out.status = ApplyStatus::Lost;
    if (!w.holder.isEmpty() && now->holder != w.holder)
        out.message = transition(read.facts(), JobEvent::of(JobEvent::Type::LeaseLost)).refusal;
    else
        out.message = QCoreApplication::translate("JobStore", "The job changed meanwhile (it is now %1); nothing was written")
                          .arg(jobStateName(now->state));
    return out;
}

JobApply JobStore::apply(const PushJobRecord &read, const JobEvent &event, const JobWrite &w, qint64 nowMs)
{
    const PlannedWrite p = plan(read, event, w, nowMs);
    if (p.early)
        return *p.early;
    QStringList sets;
    QVariantList values;
    for (const auto &[column, value] : p.sets) {
        sets << column + QStringLiteral(" = ?");
        values << value;
    }
    sets << p.counters;

    // Compare-and-set: the facts transition() read, the soId, and the claim when the writer holds one.
    QString where = QStringLiteral("id = ? AND state = ? AND so_id = ? AND accepted_at = ? AND state_before_cancel = ? "
                                   "AND state_before_resolved = ?");
    values << read.id << jobStateName(read.state) << nn(read.soId) << read.acceptedAt << optionalName(read.stateBeforeCancel)
           << optionalName(read.stateBeforeResolved);
    if (!w.holder.isEmpty()) {
        where += QStringLiteral(" AND holder = ?");
        values << w.holder;
    }
    // The row as written comes back with the write (one round trip); a write that lost the race reads it.
    QSqlQuery &q = m_db.prepared(QStringLiteral("UPDATE console_push_jobs SET %1 WHERE %2 RETURNING %3")
                                     .arg(sets.join(QStringLiteral(", ")), where, QLatin1String(jobColumns)));
    for (const QVariant &v : std::as_const(values))
        q.addBindValue(v);
    JobApply out;
    out.job = read;
    if (!q.exec()) {
        out.status = ApplyStatus::Failed;
        out.message = sqlErrorText(q.lastError());
        return out;
    }
    std::optional<PushJobRecord> now;
    if (q.next())
        now = jobFrom(q);
    q.finish();
    if (!now)
        return lost(read, w, std::nullopt);
    out.job = *now;
    out.status = ApplyStatus::Applied;
    return out;
}

QList<JobApply> JobStore::applyMany(const QList<JobApplyRequest> &requests, qint64 nowMs)
{
    QList<JobApply> results(requests.size());
    // Writes of the same columns share a statement; anything else (counters, a claim, SQLite) is applied
    // alone. A job named twice is written in turn, so everything is then applied one by one.
    QSet<qint64> jobs;
    for (const JobApplyRequest &r : requests)
        jobs.insert(r.read.id);
    const bool batch = m_db.isPostgres() && jobs.size() == requests.size();
    QMap<QStringList, QList<int>> shapes;
    QList<PlannedWrite> plans(requests.size());
    for (int i = 0; i < requests.size(); ++i) {
        const JobApplyRequest &r = requests.at(i);
        plans[i] = plan(r.read, r.event, r.write, nowMs);
        if (plans[i].early) {
            results[i] = *plans[i].early;
            continue;
        }
        QStringList columns;
        for (const auto &set : std::as_const(plans[i].sets))
            columns << set.first;
        const bool typed = std::all_of(columns.cbegin(), columns.cend(), [](const QString &c) { return !columnType(c).isEmpty(); });
        if (!batch || !plans[i].counters.isEmpty() || !r.write.holder.isEmpty() || !typed) {
            results[i] = apply(r.read, r.event, r.write, nowMs);
            continue;
        }
        shapes[columns].append(i);
    }
    for (auto shape = shapes.cbegin(); shape != shapes.cend(); ++shape) {
        const QStringList &columns = shape.key();
        QStringList declared{QStringLiteral("id BIGINT")};
        QStringList sets;
        for (const QString &c : columns) {
            declared << c + QLatin1Char(' ') + columnType(c);
            sets << QStringLiteral("%1 = x.%1").arg(c);
        }
        declared << QStringLiteral("w_state TEXT") << QStringLiteral("w_so_id TEXT") << QStringLiteral("w_accepted_at BIGINT")
                 << QStringLiteral("w_before_cancel TEXT") << QStringLiteral("w_before_resolved TEXT");
        QJsonArray rows;
        QStringList ids;
        for (int i : shape.value()) {
            const PushJobRecord &read = requests.at(i).read;
            QJsonObject row{{QStringLiteral("id"), read.id},
                            {QStringLiteral("w_state"), jobStateName(read.state)},
                            {QStringLiteral("w_so_id"), nn(read.soId)},
                            {QStringLiteral("w_accepted_at"), read.acceptedAt},
                            {QStringLiteral("w_before_cancel"), optionalName(read.stateBeforeCancel)},
                            {QStringLiteral("w_before_resolved"), optionalName(read.stateBeforeResolved)}};
            for (const auto &[column, value] : std::as_const(plans.at(i).sets))
                row.insert(column, QJsonValue::fromVariant(value));
            rows.append(row);
            ids << QString::number(read.id);
        }
        // The same compare-and-set as apply(), row by row; the rows written come back.
        QSqlQuery &q = m_db.prepared(QStringLiteral("UPDATE console_push_jobs j SET %1 FROM json_to_recordset(CAST(? AS json)) AS x(%2) "
                                                    "WHERE j.id = x.id AND j.id = ANY (CAST(? AS BIGINT[])) AND j.state = x.w_state "
                                                    "AND j.so_id = x.w_so_id AND j.accepted_at = x.w_accepted_at "
                                                    "AND j.state_before_cancel = x.w_before_cancel AND j.state_before_resolved = x.w_before_resolved "
                                                    "RETURNING %3")
                                         .arg(sets.join(QStringLiteral(", ")), declared.join(QStringLiteral(", ")), JobStore::columns(QStringLiteral("j"))));
        q.addBindValue(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
        q.addBindValue(QStringLiteral("{%1}").arg(ids.join(QLatin1Char(','))));
        if (!q.exec()) {
            for (int i : shape.value()) {
                results[i].job = requests.at(i).read;
                results[i].status = ApplyStatus::Failed;
                results[i].message = sqlErrorText(q.lastError());
            }
            continue;
        }
        QHash<qint64, PushJobRecord> written;
        while (q.next()) {
            const PushJobRecord job = jobFrom(q);
            written.insert(job.id, job);
        }
        q.finish();
        for (int i : shape.value()) {
            const JobApplyRequest &r = requests.at(i);
            if (const auto it = written.constFind(r.read.id); it != written.constEnd()) {
                results[i].job = it.value();
                results[i].status = ApplyStatus::Applied;
                results[i].message.clear();
            } else {
                results[i] = lost(r.read, r.write, std::nullopt);
            }
        }
    }
    return results;
}

qint64 JobStore::startAttempt(const PushJobRecord &read, const QString &holder, const QString &operatorName,
                              const QByteArray &redactedRequest, qint64 nowMs, JobApply *result)
{
    JobApply scratch;
    JobApply &r = result ? *result : scratch;
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite(&r.message)) {
        r.status = ApplyStatus::Failed;
        return 0;
    }
    JobWrite w;
    w.change = QStringLiteral("send");
    w.holder = holder;
    r = apply(read, JobEvent::of(JobEvent::Type::Send), w, nowMs);
    if (!r.applied()) {
        db.rollback();
        return 0;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO console_push_attempts (job_id, attempt_no, so_id, profile, operator, started_at, "
                             "request_body, push_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(r.job.id);
    q.addBindValue(r.job.attemptCount);
    q.addBindValue(nn(r.job.soId));
    q.addBindValue(nn(r.job.profile));
    q.addBindValue(nn(operatorName));
    q.addBindValue(nowMs);
    q.addBindValue(nn(QString::fromUtf8(redactedRequest)));
    q.addBindValue(r.job.pushNo);
    if (!q.exec()) {
        r.status = ApplyStatus::Failed;
        r.message = sqlErrorText(q.lastError());
        db.rollback();
        return 0;
    }
    qint64 attemptId = q.lastInsertId().toLongLong();
    if (attemptId <= 0) {
        QSqlQuery last(db);
        last.prepare(QStringLiteral("SELECT MAX(id) FROM console_push_attempts WHERE job_id = ?"));
        last.addBindValue(r.job.id);
        if (last.exec() && last.next())
            attemptId = last.value(0).toLongLong();
    }
    if (!db.commit()) {
        r.status = ApplyStatus::Failed;
        r.message = sqlErrorText(db.lastError());
        return 0;
    }
    return attemptId;
}

JobApply JobStore::finishAttempt(const PushJobRecord &read, qint64 attemptId, const AttemptOutcome &o, const QString &holder,
                                 qint64 nowMs)
{
    JobApply r;
    r.job = read;
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite(&r.message))
        return r;
    JobWrite w;
    w.change = QStringLiteral("answer");
    w.kind = o.kind;
    w.message = o.message;
    w.httpStatus = o.httpStatus;
    w.nextAttemptAt = o.willRetry ? o.nextAttemptAt : 0;
    w.haierOrderNo = o.haierOrderNo;
    w.holder = holder;
    const JobEvent answer = JobEvent::answer(o.kind, o.willRetry);
    r = apply(read, answer, w, nowMs);
    if (r.status == ApplyStatus::Lost && r.job.holder == holder)
        r = apply(r.job, answer, w, nowMs); // still ours, but a callback moved the job on: decide on the row as it is
    if (r.status == ApplyStatus::Failed) {
        db.rollback();
        return r;
    }
    const bool leaseLost = r.status == ApplyStatus::Lost && r.job.holder != holder;
    const QString attemptOutcome = r.applied() ? QStringLiteral("answer")
        : leaseLost                            ? QStringLiteral("lease_lost")
                                               : QStringLiteral("stale");
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE console_push_attempts SET finished_at = ?, http_status = ?, latency_ms = ?, kind = ?, "
                             "message = ?, response_body = ?, outcome = ? WHERE id = ?"));
    q.addBindValue(nowMs);
    q.addBindValue(o.httpStatus);
    q.addBindValue(o.latencyMs);
    q.addBindValue(resultKindName(o.kind));
    q.addBindValue(nn(o.message));
    q.addBindValue(nn(QString::fromUtf8(o.responseBody)));
    q.addBindValue(attemptOutcome);
    q.addBindValue(attemptId);
    auto rollback = [&](const QString &why) {
        r.status = ApplyStatus::Failed;
        r.message = why;
        db.rollback();
        return r;
    };
    if (!q.exec())
        return rollback(sqlErrorText(q.lastError()));
    // The shop's order learns what Haier holds, in the same transaction as the job, where the database's
    // binding lets the job's profile write it (otherwise the push is a dry run: the job alone records it).
    const bool writesShop = r.applied() && attemptWritesShop(m_db, attemptId);
    if (writesShop && r.job.state == JobState::Accepted && read.state != JobState::Accepted) {
        QString why;
        if (!writeShopAccepted(r.job, nowMs, &why))
            return rollback(why);
    } else if (writesShop && r.job.state == JobState::Rejected) {
        QString why;
        if (!writeShopFailMessage(r.job.orderId, o.message, nowMs, &why))
            return rollback(why);
    }
    if (!db.commit())
        return rollback(sqlErrorText(db.lastError()));
    return r;
}

bool JobStore::writeShopAccepted(const PushJobRecord &job, qint64 nowMs, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE orders_order SET haier_so_id = ?, haier_status = 'push_pending', haier_fail_msg = '', "
                             "haier_order_no = CASE WHEN ? <> '' THEN ? ELSE haier_order_no END, updated_at = ? WHERE id = ?"));
    q.addBindValue(nn(job.soId));
    q.addBindValue(nn(job.haierOrderNo));
    q.addBindValue(nn(job.haierOrderNo));
    q.addBindValue(m_db.timeToDb(QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc())));
    q.addBindValue(job.orderId);
    return q.exec() || fail(error, q);
}

bool JobStore::writeShopFailMessage(qint64 orderId, const QString &message, qint64 nowMs, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE orders_order SET haier_fail_msg = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(nn(message));
    q.addBindValue(m_db.timeToDb(QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc())));
    q.addBindValue(orderId);
    return q.exec() || fail(error, q);
}
