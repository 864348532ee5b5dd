#include "models/jobstore.h"

#include "models/database.h"

#include <QSqlError>
#include <QSqlQuery>

std::optional<PushJobRecord> JobStore::findForOrder(const QString &profile, qint64 orderId, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT id, order_id, order_number, profile, so_id, so_seq, state, last_kind, last_message, "
                             "attempt_count FROM console_push_jobs WHERE profile = ? AND order_id = ?"));
    q.addBindValue(profile);
    q.addBindValue(orderId);
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
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
    r.attemptCount = q.value(9).toInt();
    return r;
}
