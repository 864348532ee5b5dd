#include "models/synclogstore.h"

#include "models/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

namespace {
QString nn(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
} // namespace

bool SyncLogStore::append(const SyncLogEntry &e, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("INSERT INTO console_sync_log (at, profile, operation, order_number, http_status, latency_ms, kind, "
                             "message, request_body, response_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(e.at.isValid() ? e.at.toMSecsSinceEpoch() : m_db.clock().nowUtc().toMSecsSinceEpoch());
    q.addBindValue(nn(e.profile));
    q.addBindValue(nn(e.operation));
    q.addBindValue(nn(e.orderNumber));
    q.addBindValue(e.httpStatus);
    q.addBindValue(e.latencyMs);
    q.addBindValue(resultKindName(e.kind));
    q.addBindValue(nn(e.message));
    q.addBindValue(nn(QString::fromUtf8(e.requestBody)));
    q.addBindValue(nn(QString::fromUtf8(e.responseBody)));
    if (q.exec())
        return true;
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

std::optional<SyncLogEntry> SyncLogStore::lastCall(const QString &profile, const QString &operationPrefix, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at, operation, http_status, latency_ms, kind, message FROM console_sync_log "
                             "WHERE profile = ? AND operation LIKE ? ORDER BY id DESC LIMIT 1"));
    q.addBindValue(profile);
    q.addBindValue(QString(operationPrefix).remove(QLatin1Char('%')).remove(QLatin1Char('_')) + QLatin1Char('%'));
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    SyncLogEntry e;
    e.id = q.value(0).toLongLong();
    e.at = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), QTimeZone::utc());
    e.profile = profile;
    e.operation = q.value(2).toString();
    e.httpStatus = q.value(3).toInt();
    e.latencyMs = q.value(4).toLongLong();
    e.kind = resultKindFromName(q.value(5).toString()).value_or(ResultKind::Malformed);
    e.message = q.value(6).toString();
    return e;
}

QList<SyncLogEntry> SyncLogStore::recent(const QDateTime &since, int limit, QString *error)
{
    QList<SyncLogEntry> rows;
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at, profile, operation, order_number, http_status, latency_ms, kind, message, request_body, "
                             "response_body FROM console_sync_log WHERE at >= ? ORDER BY id DESC LIMIT %1").arg(qMax(0, limit)));
    q.addBindValue(since.isValid() ? since.toMSecsSinceEpoch() : qint64(0));
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return rows;
    }
    while (q.next()) {
        SyncLogEntry e;
        e.id = q.value(0).toLongLong();
        e.at = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), QTimeZone::utc());
        e.profile = q.value(2).toString();
        e.operation = q.value(3).toString();
        e.orderNumber = q.value(4).toString();
        e.httpStatus = q.value(5).toInt();
        e.latencyMs = q.value(6).toLongLong();
        e.kind = resultKindFromName(q.value(7).toString()).value_or(ResultKind::Malformed);
        e.message = q.value(8).toString();
        e.requestBody = q.value(9).toString().toUtf8();
        e.responseBody = q.value(10).toString().toUtf8();
        rows.append(e);
    }
    return rows;
}
