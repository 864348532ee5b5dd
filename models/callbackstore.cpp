#include "models/callbackstore.h"

#include "models/database.h"
#include "models/envbinding.h"
#include "models/jobstore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

namespace {

const QString confirmMethod = QStringLiteral("hmm.scm_heorder.confirm");
const QString cancelMethod = QStringLiteral("hmm.scm_heorder.cancel");
const QString oostockMethod = QStringLiteral("hmm.scm_heorder.oostock");

// How far along an order is on Haier's side; a callback never moves it backwards.
int rank(const QString &haierStatus)
{
    if (haierStatus == QLatin1String("confirmed"))
        return 1;
    if (haierStatus == QLatin1String("rejected") || haierStatus == QLatin1String("out_of_stock"))
        return 2;
    if (haierStatus == QLatin1String("partially_cancelled"))
        return 3;
    if (haierStatus == QLatin1String("cancelled"))
        return 4;
    return 0; // "", push_pending
}

QString nn(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// The order a PlatformOrderNo names: our order number (onlineNo), or a soId echoed instead, the current
// one of a job or an earlier one (kept on the attempts). %1 is the PlatformOrderNo (a placeholder or a column).
QString namedOrder(const QString &pon)
{
    return QStringLiteral(
        "SELECT o.id, o.order_number, o.haier_status, o.haier_order_no FROM orders_order o WHERE o.order_number = %1 "
        "UNION ALL SELECT o.id, o.order_number, o.haier_status, o.haier_order_no FROM orders_order o WHERE o.haier_so_id = %1 "
        "UNION ALL SELECT o.id, o.order_number, o.haier_status, o.haier_order_no FROM console_push_jobs j "
        "JOIN orders_order o ON o.id = j.order_id WHERE j.so_id = %1 "
        "UNION ALL SELECT o.id, o.order_number, o.haier_status, o.haier_order_no FROM console_push_attempts a "
        "JOIN console_push_jobs j ON j.id = a.job_id JOIN orders_order o ON o.id = j.order_id WHERE a.so_id = %1").arg(pon);
}

// The advisory lock of callbacks about one order: the order the PlatformOrderNo names, else the
// PlatformOrderNo itself (an unknown order). %1 is the PlatformOrderNo.
QString lockKey(const QString &pon)
{
    return QStringLiteral("hashtext(COALESCE((SELECT n.order_number FROM (%1) n LIMIT 1), %2))").arg(namedOrder(pon), pon);
}

} // namespace

QString CallbackStore::dedupeKey(const QString &method, const QString &timeStamp, const QString &data)
{
    const QString folded = method + QLatin1Char('\n') + timeStamp + QLatin1Char('\n') + data.toCaseFolded();
    return QString::fromLatin1(QCryptographicHash::hash(folded.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool CallbackStore::store(CallbackRecord &r, QString *error)
{
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite(error))
        return false;
    if (!storeInTransaction(r, error)) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        db.rollback();
        return false;
    }
    return true;
}

bool CallbackStore::storeGroup(const QList<CallbackRecord *> &records, QString *error)
{
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite(error))
        return false;
    if (m_db.isPostgres() && !records.isEmpty()) {
        // One statement of a fixed shape (the list padded with NULLs, which are skipped) takes every lock, in key order.
        QStringList values;
        for (int i = 0; i < MaxGroup; ++i)
            values << QStringLiteral("(CAST(? AS TEXT))");
        QSqlQuery &lock = m_db.prepared(QStringLiteral("SELECT pg_advisory_xact_lock(7238412, s.k) FROM (SELECT DISTINCT %1 AS k FROM (VALUES %2) AS p(pon) "
                                                       "WHERE p.pon IS NOT NULL ORDER BY k OFFSET 0) s")
                                            .arg(lockKey(QStringLiteral("p.pon")), values.join(QStringLiteral(", "))));
        for (int i = 0; i < MaxGroup; ++i)
            lock.addBindValue(i < records.size() ? QVariant(nn(records.at(i)->platformOrderNo)) : QVariant(QMetaType::fromType<QString>()));
        if (records.size() > MaxGroup || !lock.exec()) {
            if (error)
                *error = records.size() > MaxGroup ? QStringLiteral("too many callbacks in one group") : sqlErrorText(lock.lastError());
            db.rollback();
            return false;
        }
        lock.finish();
        m_ordersLocked = true;
    }
    bool ok = true;
    for (CallbackRecord *r : records) {
        if (!storeInTransaction(*r, error)) {
            ok = false;
            break;
        }
    }
    m_ordersLocked = false;
    if (ok && db.commit())
        return true;
    if (ok && error)
        *error = sqlErrorText(db.lastError());
    db.rollback();
    return false;
}

CallbackStore::About CallbackStore::about(const CallbackRecord &r, const PushJobRecord &job, QString *error, bool *failed)
{
    *failed = false;
    const bool onlySoId = job.soSeq <= 1; // a re-push with a new soId counts up from 2
    if (r.platformOrderNo == job.soId)
        return About::Current;
    if (!onlySoId) {
        QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT 1 FROM console_push_attempts WHERE job_id = ? AND so_id = ? LIMIT 1"));
        q.addBindValue(job.id);
        q.addBindValue(nn(r.platformOrderNo));
        if (!q.exec()) {
            *failed = true;
            if (error)
                *error = sqlErrorText(q.lastError());
            return About::Unsure;
        }
        const bool earlier = q.next();
        q.finish();
        if (earlier)
            return About::Earlier;
    }
    if (!r.extOrderNo.isEmpty() && !job.haierOrderNo.isEmpty() && r.extOrderNo.compare(job.haierOrderNo, Qt::CaseInsensitive) == 0)
        return About::Current;
    if (onlySoId)
        return About::Current;
    // Several soIds and nothing names one: the current soId unless the callback is stamped before its
    // acceptance by more than the clocks may differ.
    if (job.acceptedAt == 0 || r.timestampMs >= job.acceptedAt - r.skewMarginMs)
        return About::Current;
    return About::Unsure;
}

bool CallbackStore::storeInTransaction(CallbackRecord &r, QString *error)
{
    const bool pg = m_db.isPostgres();
    auto fail = [&](const QSqlQuery &q) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return false;
    };
    if (r.valid) {
        r.orderId = 0; // a second try after a failed group starts afresh
        r.orderNumber.clear();
    }
    if (pg && !m_ordersLocked) {
        // Callbacks about one order apply one at a time (so two copies of one cannot both pass the dedupe
        // check, and two states of one order are decided in turn); other orders' callbacks go on at once.
        // The key is the order the PlatformOrderNo names, or the PlatformOrderNo itself for an unknown order.
        QSqlQuery &lock = m_db.prepared(QStringLiteral("SELECT pg_advisory_xact_lock(7238412, %1)").arg(lockKey(QStringLiteral("?"))));
        for (int i = 0; i < 5; ++i)
            lock.addBindValue(nn(r.platformOrderNo));
        if (!lock.exec())
            return fail(lock);
        lock.finish();
    }

    QString haierStatus;
    QString shopHaierOrderNo;
    std::optional<PushJobRecord> job;
    JobStore jobs(m_db);
    bool writesShop = false;
    if (r.valid) {
        // Everything the decision needs, in one statement: an earlier copy (the same method, TimeStamp
        // and case-folded Data), the database's binding and the profile's kind (whether this profile writes
        // the shop's rows), the order the PlatformOrderNo names, and that order's job most recently changed.
        QSqlQuery &q = m_db.prepared(
            QStringLiteral("%3SELECT d.id, b.value, k.kind, n.id, n.order_number, n.haier_status, n.haier_order_no, %1 "
                           "FROM (SELECT 1 AS one) x "
                           "LEFT JOIN %4 d ON 1 = 1 "
                           "LEFT JOIN console_meta b ON b.key = ? "
                           "LEFT JOIN console_profiles k ON k.name = ? "
                           "LEFT JOIN (%2 LIMIT 1) n ON 1 = 1 "
                           "LEFT JOIN console_push_jobs j ON j.id = (SELECT j2.id FROM console_push_jobs j2 WHERE j2.order_id = n.id "
                           "AND (j2.profile = ? OR ? = '') ORDER BY j2.updated_at DESC, j2.id DESC LIMIT 1)")
                .arg(JobStore::columns(QStringLiteral("j")), namedOrder(QStringLiteral("?")),
                     // On PostgreSQL a repeat is counted by the same statement.
                     pg ? QStringLiteral("WITH dup AS (UPDATE console_callbacks SET duplicate_count = duplicate_count + 1 WHERE id = "
                                         "(SELECT c.id FROM console_callbacks c WHERE c.dedupe_key = ? AND c.valid = TRUE ORDER BY c.id LIMIT 1) "
                                         "RETURNING id) ")
                        : QString(),
                     pg ? QStringLiteral("dup") : QStringLiteral("(SELECT c.id FROM console_callbacks c WHERE c.dedupe_key = ? AND c.valid = 1 "
                                                                 "ORDER BY c.id LIMIT 1)")));
        q.addBindValue(r.dedupeKey);
        q.addBindValue(EnvBinding::bindingMetaKey());
        q.addBindValue(nn(r.profile));
        for (int i = 0; i < 4; ++i)
            q.addBindValue(nn(r.platformOrderNo));
        q.addBindValue(nn(r.profile));
        q.addBindValue(nn(r.profile));
        if (!q.exec() || !q.next())
            return fail(q);
        const qint64 first = q.value(0).isNull() ? 0 : q.value(0).toLongLong();
        const QVariant binding = q.value(1);
        const QVariant kind = q.value(2);
        if (first == 0 && !q.value(3).isNull()) {
            r.orderId = q.value(3).toLongLong();
            r.orderNumber = q.value(4).toString();
            haierStatus = q.value(5).toString();
            shopHaierOrderNo = q.value(6).toString();
            if (!q.value(7).isNull())
                job = JobStore::fromRow(q, 7);
        }
        q.finish();
        if (first > 0 && !pg) {
            // A repeat only counts.
            QSqlQuery &count = m_db.prepared(QStringLiteral("UPDATE console_callbacks SET duplicate_count = duplicate_count + 1 WHERE id = ?"));
            count.addBindValue(first);
            if (!count.exec())
                return fail(count);
        }
        if (first > 0) {
            r.outcome = QStringLiteral("duplicate");
            r.id = first;
            return true;
        }
        // Only a profile the database's binding lets write changes the shop's row and lines; another
        // profile's callback changes its own job only, and its job (not the shop's row) says how far along it is.
        if (r.orderId > 0) {
            writesShop = EnvBinding::writesShop(binding, kind);
            if (!writesShop)
                haierStatus = job ? jobStateName(job->state) : QString();
        }
    }

    // What this callback is, as an event of the push lifecycle.
    std::optional<JobEvent> event;
    int callbackState = r.state;
    if (r.method == cancelMethod && r.state == 1) {
        // Lines Haier did not cancel in full make it a partial cancel, whatever State says.
        for (const CallbackLine &l : std::as_const(r.items)) {
            if (l.totalQty > 0 && l.returnQty + l.rejectQty < l.totalQty)
                callbackState = 2;
        }
    }
    if (r.method == confirmMethod)
        event = JobEvent::callback(CallbackMethod::Confirm, callbackState);
    else if (r.method == oostockMethod)
        event = JobEvent::callback(CallbackMethod::OutOfStock, callbackState);
    else if (r.method == cancelMethod)
        event = JobEvent::callback(CallbackMethod::Cancel, callbackState);

    const QVariant now = m_db.timeToDb(m_db.clock().nowUtc());
    const qint64 nowMs = m_db.clock().nowUtc().toMSecsSinceEpoch();
    QString orderNo = (r.method == confirmMethod && r.state == 1) ? nn(r.extOrderNo) : QStringLiteral("");
    const QString failMsg = (r.method == confirmMethod && r.state == 0) || r.method == oostockMethod ? nn(r.failMsg) : QStringLiteral("");

    // The order's new haier_status, or empty to leave it as it is.
    QString newStatus;
    bool changesOrder = false;
    if (!r.valid) {
        r.outcome = QStringLiteral("refused");
    } else if (r.orderId == 0) {
        r.outcome = QStringLiteral("orphan");
    } else if (!event) {
        r.outcome = QStringLiteral("no_change");
    } else if (job) {
        bool failed = false;
        const About which = about(r, *job, error, &failed);
        if (failed)
            return false;
        // A Haier order number that differs only in letter case is the one already recorded.
        if (!orderNo.isEmpty() && orderNo.compare(job->haierOrderNo, Qt::CaseInsensitive) == 0)
            orderNo = job->haierOrderNo;
        if (which == About::Earlier) {
            r.outcome = QStringLiteral("stale");
            r.refusalReason = QStringLiteral("about an earlier soId of the order (%1); the current one is %2").arg(r.platformOrderNo, job->soId);
        } else if (which == About::Unsure) {
            r.outcome = QStringLiteral("needs_review");
            r.refusalReason = QStringLiteral("the order was pushed under several soIds and nothing in the callback names one; it is stamped "
                                             "before the current soId %1 was accepted")
                                  .arg(job->soId);
        } else {
            // The job decides, through the one transition function, written compare-and-set.
            JobWrite w;
            w.change = QStringLiteral("callback");
            w.message = nn(r.failMsg.isEmpty() ? r.method : r.failMsg);
            w.haierOrderNo = orderNo;
            JobApply applied = jobs.apply(*job, *event, w, nowMs);
            if (applied.status == ApplyStatus::Lost)
                applied = jobs.apply(applied.job, *event, w, nowMs); // another writer won the race: decide again once
            if (applied.status == ApplyStatus::Failed) {
                if (error)
                    *error = applied.message;
                return false;
            }
            if (applied.status == ApplyStatus::Lost) {
                r.outcome = QStringLiteral("needs_review");
                r.refusalReason = applied.message;
            } else if (applied.status == ApplyStatus::Refused) {
                r.outcome = QStringLiteral("stale");
                r.refusalReason = applied.message;
            } else if (r.method == cancelMethod && r.state == 0 && applied.job.facts() == job->facts()) {
                r.outcome = QStringLiteral("no_change"); // Haier could not cancel on its own account
            } else {
                r.outcome = QStringLiteral("applied");
                changesOrder = true;
                // While a cancel is pending the shop's status stays as it was; a refused cancel puts back what the job returns to.
                switch (applied.job.state) {
                case JobState::Accepted: newStatus = QStringLiteral("push_pending"); break;
                case JobState::Confirmed: newStatus = QStringLiteral("confirmed"); break;
                case JobState::Rejected: newStatus = QStringLiteral("rejected"); break;
                case JobState::OutOfStock: newStatus = QStringLiteral("out_of_stock"); break;
                case JobState::Cancelled: newStatus = QStringLiteral("cancelled"); break;
                case JobState::PartiallyCancelled: newStatus = QStringLiteral("partially_cancelled"); break;
                default: break;
                }
            }
        }
    } else {
        // No push job of this console (pushed from elsewhere): the shop's row only, never backwards.
        if (r.method == confirmMethod && (r.state == 0 || r.state == 1))
            newStatus = r.state == 1 ? QStringLiteral("confirmed") : QStringLiteral("rejected");
        else if (r.method == oostockMethod && r.state == 1)
            newStatus = QStringLiteral("out_of_stock");
        else if (r.method == cancelMethod && (callbackState == 1 || callbackState == 2))
            newStatus = callbackState == 2 ? QStringLiteral("partially_cancelled") : QStringLiteral("cancelled");
        if (newStatus.isEmpty()) {
            r.outcome = QStringLiteral("no_change");
        } else if (rank(newStatus) < rank(haierStatus)) {
            r.outcome = QStringLiteral("stale");
        } else {
            r.outcome = QStringLiteral("applied");
            changesOrder = true;
        }
    }

    // The shop's order row. On PostgreSQL it is written by the same statement as the callback's row
    // (one round trip); on SQLite by a statement of its own.
    const bool shopRow = changesOrder && writesShop;
    const QString shopUpdate = QStringLiteral("UPDATE orders_order SET haier_status = CASE WHEN ? <> '' THEN ? ELSE haier_status END, "
                                              "haier_so_id = CASE WHEN ? <> '' THEN ? ELSE haier_so_id END, "
                                              "haier_order_no = CASE WHEN ? <> '' THEN ? ELSE haier_order_no END, "
                                              "haier_fail_msg = CASE WHEN ? <> '' THEN ? ELSE haier_fail_msg END, updated_at = ? WHERE id = ?");
    auto bindShop = [&](QSqlQuery &q) {
        // Never replace the shop's Haier order number by the same one in other letters (a case-flipped replay).
        if (!orderNo.isEmpty() && orderNo.compare(shopHaierOrderNo, Qt::CaseInsensitive) == 0)
            orderNo.clear();
        // The soId Haier confirmed (a callback can overtake the console's record of YLH's answer).
        const QString soId = job && (newStatus == QLatin1String("confirmed") || newStatus == QLatin1String("out_of_stock"))
            ? nn(job->soId) : QStringLiteral("");
        for (const QString &v : {newStatus, soId, orderNo, failMsg}) {
            q.addBindValue(nn(v));
            q.addBindValue(nn(v));
        }
        q.addBindValue(now);
        q.addBindValue(r.orderId);
    };
    if (shopRow && !pg) {
        QSqlQuery &q = m_db.prepared(shopUpdate);
        bindShop(q);
        if (!q.exec())
            return fail(q);
    }
    if (shopRow) {
        for (const CallbackLine &l : std::as_const(r.items)) {
            // Lines match by the code that was sent: sku_code, else the product's code.
            QSqlQuery &line = m_db.prepared(QStringLiteral("UPDATE orders_orderitem SET receive_qty = ?, return_qty = ?, reject_qty = ? WHERE order_id = ? AND "
                                                           "(sku_code = ? OR (sku_code = '' AND product_id IN (SELECT id FROM catalog_product WHERE product_code = ?)))"));
            line.addBindValue(l.receiveQty);
            line.addBindValue(l.returnQty);
            line.addBindValue(l.rejectQty);
            line.addBindValue(r.orderId);
            line.addBindValue(l.productCode);
            line.addBindValue(l.productCode);
            if (!line.exec())
                return fail(line);
        }
    }

    // The callback's row; on PostgreSQL the same statement tells open consoles (delivered at commit).
    const QString insert = QStringLiteral("INSERT INTO console_callbacks (received_at, profile, peer, method, app_key, time_stamp, platform_order_no, "
                                          "ext_order_no, state, fail_msg, data, dedupe_key, valid, outcome, refusal_code, refusal_reason, order_id, raw_body, "
                                          "replay_sign) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    QString statement = insert;
    if (pg && shopRow)
        statement = QStringLiteral("WITH shop AS (%1 RETURNING id), ins AS (%2) SELECT ins.id, pg_notify('console_changes', 'callback') FROM ins")
                        .arg(shopUpdate, insert);
    else if (pg)
        statement = QStringLiteral("WITH ins AS (%1) SELECT ins.id, pg_notify('console_changes', 'callback') FROM ins").arg(insert);
    QSqlQuery &q = m_db.prepared(statement);
    if (pg && shopRow)
        bindShop(q);
    q.addBindValue(r.receivedAt ? r.receivedAt : nowMs);
    for (const QString &s : {r.profile, r.peer, r.method, r.appKey, r.timeStamp, r.platformOrderNo, r.extOrderNo})
        q.addBindValue(nn(s.left(4000)));
    q.addBindValue(r.state < 0 ? QStringLiteral("") : QString::number(r.state));
    q.addBindValue(nn(r.failMsg));
    q.addBindValue(nn(r.data));
    q.addBindValue(nn(r.dedupeKey));
    q.addBindValue(m_db.boolToDb(r.valid));
    q.addBindValue(r.outcome);
    q.addBindValue(nn(r.refusalCode));
    q.addBindValue(nn(r.refusalReason));
    q.addBindValue(r.orderId > 0 ? QVariant(r.orderId) : QVariant(QMetaType::fromType<qint64>()));
    q.addBindValue(nn(r.rawBody));
    q.addBindValue(nn(r.replaySign.left(64)));
    if (!q.exec() || !q.next())
        return fail(q);
    r.id = q.value(0).toLongLong();
    q.finish();
    return true;
}

QList<CallbackRecord> CallbackStore::list(const QString &orderNumber, int limit, QString *error)
{
    QList<CallbackRecord> rows;
    QSqlQuery q(m_db.sql());
    QString where;
    if (!orderNumber.isEmpty())
        where = QStringLiteral("WHERE c.platform_order_no = ? OR o.order_number = ?");
    q.prepare(QStringLiteral("SELECT c.id, c.received_at, c.profile, c.peer, c.method, c.app_key, c.time_stamp, c.platform_order_no, "
                             "c.ext_order_no, c.state, c.fail_msg, c.data, c.valid, c.outcome, c.refusal_code, c.refusal_reason, "
                             "c.order_id, o.order_number, c.duplicate_count, c.raw_body, c.body_truncated FROM console_callbacks c "
                             "LEFT JOIN orders_order o ON o.id = c.order_id %1 ORDER BY c.id DESC LIMIT %2").arg(where).arg(qMax(0, limit)));
    if (!orderNumber.isEmpty()) {
        q.addBindValue(orderNumber);
        q.addBindValue(orderNumber);
    }
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return rows;
    }
    while (q.next()) {
        CallbackRecord r;
        r.id = q.value(0).toLongLong();
        r.receivedAt = q.value(1).toLongLong();
        r.profile = q.value(2).toString();
        r.peer = q.value(3).toString();
        r.method = q.value(4).toString();
        r.appKey = q.value(5).toString();
        r.timeStamp = q.value(6).toString();
        r.platformOrderNo = q.value(7).toString();
        r.extOrderNo = q.value(8).toString();
        r.state = q.value(9).toString().isEmpty() ? -1 : q.value(9).toInt();
        r.failMsg = q.value(10).toString();
        r.data = q.value(11).toString();
        r.valid = q.value(12).toBool();
        r.outcome = q.value(13).toString();
        r.refusalCode = q.value(14).toString();
        r.refusalReason = q.value(15).toString();
        r.orderId = q.value(16).toLongLong();
        r.orderNumber = q.value(17).toString();
        r.duplicateCount = q.value(18).toInt();
        r.rawBody = q.value(19).toString();
        r.bodyCut = q.value(20).toBool();
        rows.append(r);
    }
    return rows;
}
