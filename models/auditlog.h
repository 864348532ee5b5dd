#pragma once

#include <QDateTime>
#include <QList>
#include <QLoggingCategory>
#include <QString>

// "console.audit": every audited action, also written to audit.log by the log handler.
Q_DECLARE_LOGGING_CATEGORY(lcAudit)

class Database;

struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString operatorName;
    QString action;   // push, retry, repush, cancel, resolve, profile_use, profile_import, ...
    QString profile;
    QString orderNumber;
    QString detail;
};

// Who did what, when, under which profile (console_audit_log). Never holds a secret.
class AuditLog final
{
public:
    explicit AuditLog(Database &db) : m_db(db) {}
    bool record(const AuditEntry &entry, QString *error = nullptr);
    QList<AuditEntry> recent(int limit, QString *error = nullptr);
    // CONSOLE_OPERATOR when set, else the operator name of the settings (General page), else the OS user.
    static QString currentOperator();

private:
    Database &m_db;
};
