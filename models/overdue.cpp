#include "models/overdue.h"

#include "models/database.h"

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
