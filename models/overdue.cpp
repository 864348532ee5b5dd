#include "models/overdue.h"

#include "models/database.h"
#include "models/jobstore.h"

#include <QSqlError>
#include <QSqlQuery>

QString Overdue::condition()
{
    return QStringLiteral("state = 'accepted' AND profile = ? AND accepted_at > 0 AND accepted_at <= ?");
}

int Overdue::count(Database &db, const QString &profile, int minutes, qint64 nowMs, QString *error, qint64 sinceMs)
{
    const qint64 cutoff = cutoffMs(nowMs, minutes);
    QString sql = QStringLiteral("SELECT COUNT(*) FROM console_push_jobs WHERE ") + condition();
    if (sinceMs >= 0)
        sql += QStringLiteral(" AND accepted_at > ?");
    QSqlQuery q(db.sql());
    q.prepare(sql);
    q.addBindValue(profile);
    q.addBindValue(cutoff);
    if (sinceMs >= 0)
        q.addBindValue(cutoffMs(sinceMs, minutes));
    if (!q.exec() || !q.next()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return -1;
    }
    return q.value(0).toInt();
}

QList<PushJobRecord> Overdue::jobs(Database &db, const QString &profile, int minutes, qint64 nowMs, QString *error)
{
    QList<PushJobRecord> rows;
    QSqlQuery q(db.sql());
    q.prepare(QStringLiteral("SELECT %1 FROM console_push_jobs j WHERE %2 ORDER BY j.accepted_at, j.id DESC").arg(JobStore::columns(QStringLiteral("j")), condition()));
    q.addBindValue(profile);
    q.addBindValue(cutoffMs(nowMs, minutes));
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return rows;
    }
    while (q.next())
        rows.append(JobStore::fromRow(q, 0));
    return rows;
}
