#include "models/auditlog.h"

#include "models/consolesettings.h"
#include "models/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

Q_LOGGING_CATEGORY(lcAudit, "console.audit", QtInfoMsg)

bool AuditLog::record(const AuditEntry &entry, QString *error)
{
    qCInfo(lcAudit).noquote() << (entry.operatorName.isEmpty() ? currentOperator() : entry.operatorName)
                              << entry.action << QStringLiteral("profile=") + entry.profile << QStringLiteral("order=") + entry.orderNumber
                              << entry.detail;
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("INSERT INTO console_audit_log (at, operator, action, profile, order_number, detail) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(entry.at.isValid() ? entry.at.toMSecsSinceEpoch() : m_db.clock().nowUtc().toMSecsSinceEpoch());
    q.addBindValue(entry.operatorName.isEmpty() ? currentOperator() : entry.operatorName);
    // A null QString binds as SQL NULL, which the NOT NULL '' columns refuse: empty means "none".
    const auto text = [](const QString &value) { return value.isNull() ? QStringLiteral("") : value; };
    q.addBindValue(entry.action);
    q.addBindValue(text(entry.profile));
    q.addBindValue(text(entry.orderNumber));
    q.addBindValue(text(entry.detail));
    if (q.exec())
        return true;
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

QList<AuditEntry> AuditLog::recent(int limit, QString *error)
{
    QList<AuditEntry> rows;
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT id, at, operator, action, profile, order_number, detail FROM console_audit_log "
                             "ORDER BY id DESC LIMIT %1").arg(qMax(0, limit)));
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return rows;
    }
    while (q.next()) {
        AuditEntry e;
        e.id = q.value(0).toLongLong();
        e.at = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), QTimeZone::utc());
        e.operatorName = q.value(2).toString();
        e.action = q.value(3).toString();
        e.profile = q.value(4).toString();
        e.orderNumber = q.value(5).toString();
        e.detail = q.value(6).toString();
        rows.append(e);
    }
    return rows;
}

QString AuditLog::currentOperator()
{
    QString name = qEnvironmentVariable("CONSOLE_OPERATOR").trimmed();
    if (name.isEmpty())
        name = ConsoleSettings::operatorName();
    if (name.isEmpty())
        name = qEnvironmentVariable("USER");
    if (name.isEmpty())
        name = qEnvironmentVariable("USERNAME");
    return name.isEmpty() ? QStringLiteral("unknown") : name;
}
