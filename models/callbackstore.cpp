#include "models/callbackstore.h"

#include "models/database.h"
#include "models/envbinding.h"
#include "models/jobstore.h"

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

// Callbacks may describe an earlier push of the same order (before a re-push): allow this much clock skew.
constexpr qint64 SkewMs = 5 * 60 * 1000;

} // namespace

bool CallbackStore::store(CallbackRecord &r, QString *error)
{
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        return false;
    }
    auto fail = [&](const QSqlQuery &q) {
        if (error)
            *error = sqlErrorText(q.lastError());
        db.rollback();
        return false;
    };
    QSqlQuery q(db);
    if (m_db.isPostgres()) {
        // Callbacks about one order apply one at a time (so two copies of one cannot both pass the dedupe
        // check, and two states of one order are decided in turn); other orders' callbacks go on at once.
        // The key is the order the PlatformOrderNo names (onlineNo, or a soId echoed instead), or the
        // PlatformOrderNo itself for an unknown order.
        q.prepare(QStringLiteral("SELECT pg_advisory_xact_lock(7238412, hashtext(COALESCE((SELECT o.order_number FROM orders_order o "
                                 "WHERE o.order_number = ? UNION ALL SELECT o.order_number FROM orders_order o WHERE o.haier_so_id = ? "
                                 "UNION ALL SELECT o.order_number FROM console_push_jobs j JOIN orders_order o ON o.id = j.order_id "
                                 "WHERE j.so_id = ? LIMIT 1), ?)))"));
        for (int i = 0; i < 4; ++i)
            q.addBindValue(nn(r.platformOrderNo));
        if (!q.exec())
            return fail(q);
        q.finish();
    }

    if (r.valid) {
        q.prepare(QStringLiteral("SELECT id FROM console_callbacks WHERE dedupe_key = ? AND valid = %1 ORDER BY id LIMIT 1")
                      .arg(m_db.isPostgres() ? QStringLiteral("TRUE") : QStringLiteral("1")));
        q.addBindValue(r.dedupeKey);
        if (!q.exec())
            return fail(q);
        if (q.next()) {
            const qint64 first = q.value(0).toLongLong();
            q.prepare(QStringLiteral("UPDATE console_callbacks SET duplicate_count = duplicate_count + 1 WHERE id = ?"));
            q.addBindValue(first);
            if (!q.exec())
                return fail(q);
            r.outcome = QStringLiteral("duplicate");
            r.id = first;
            return db.commit() || fail(q);
        }
    }

    QString haierStatus;
    qint64 jobId = 0;
    qint64 acceptedAt = 0;
    QString jobStateNow;
    if (r.valid) {
        // PlatformOrderNo is our onlineNo; some deployments echo the soId instead.
        q.prepare(QStringLiteral("SELECT o.id, o.order_number, o.haier_status FROM orders_order o WHERE o.order_number = ? "
                                 "UNION ALL SELECT o.id, o.order_number, o.haier_status FROM orders_order o WHERE o.haier_so_id = ? "
                                 "UNION ALL SELECT o.id, o.order_number, o.haier_status FROM console_push_jobs j "
                                 "JOIN orders_order o ON o.id = j.order_id WHERE j.so_id = ?"));
        q.addBindValue(r.platformOrderNo);
        q.addBindValue(r.platformOrderNo);
        q.addBindValue(r.platformOrderNo);
        if (!q.exec())
            return fail(q);
        if (q.next()) {
            r.orderId = q.value(0).toLongLong();
            r.orderNumber = q.value(1).toString();
            haierStatus = q.value(2).toString();
        }
        q.finish();
        if (r.orderId > 0) {
            q.prepare(QStringLiteral("SELECT id, accepted_at, state FROM console_push_jobs WHERE order_id = ? AND (profile = ? OR ? = '') "
                                     "ORDER BY updated_at DESC LIMIT 1"));
            q.addBindValue(r.orderId);
            q.addBindValue(nn(r.profile));
            q.addBindValue(nn(r.profile));
            if (!q.exec())
                return fail(q);
            if (q.next()) {
                jobId = q.value(0).toLongLong();
                acceptedAt = q.value(1).toLongLong();
                jobStateNow = q.value(2).toString();
            }
            q.finish();
        }
    }
    // Only a profile the database's binding lets write changes the shop's row and lines; another
    // profile's callback changes its own job only, and its job (not the shop's row) says how far along it is.
    const bool writesShop = r.valid && r.orderId > 0 && EnvBinding(m_db).profileNameWritesShop(r.profile);
    if (r.orderId > 0 && !writesShop)
        haierStatus = jobStateNow;

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
    const QString orderNo = (r.method == confirmMethod && r.state == 1) ? nn(r.extOrderNo) : QStringLiteral("");
    const QString failMsg = (r.method == confirmMethod && r.state == 0) || r.method == oostockMethod ? nn(r.failMsg) : QStringLiteral("");
    JobStore jobs(m_db);
    std::optional<PushJobRecord> job;
    if (jobId > 0) {
        QString why;
        job = jobs.get(jobId, &why);
        if (!job && !why.isEmpty()) {
            if (error)
                *error = why;
            db.rollback();
            return false;
        }
    }

    // The order's new haier_status, or empty to leave it as it is.
    QString newStatus;
    bool changesOrder = false;
    if (!r.valid) {
        r.outcome = QStringLiteral("refused");
    } else if (r.orderId == 0) {
        r.outcome = QStringLiteral("orphan");
    } else if (!event) {
        r.outcome = QStringLiteral("no_change");
    } else if (acceptedAt > 0 && r.timestampMs + SkewMs < acceptedAt) {
        r.outcome = QStringLiteral("stale"); // about an earlier soId of this order
    } else if (job) {
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
            db.rollback();
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
            const JobState to = applied.job.state;
            // While a cancel is pending the shop's status stays as it was; a refused cancel puts back what the job returns to.
            if (to != JobState::CancelRequested) {
                switch (to) {
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

    if (changesOrder) {
        // The shop's order row, in statements of its own.
        q.prepare(QStringLiteral("UPDATE orders_order SET haier_status = CASE WHEN ? <> '' THEN ? ELSE haier_status END, "
                                 "haier_so_id = CASE WHEN ? <> '' THEN ? ELSE haier_so_id END, "
                                 "haier_order_no = CASE WHEN ? <> '' THEN ? ELSE haier_order_no END, "
                                 "haier_fail_msg = CASE WHEN ? <> '' THEN ? ELSE haier_fail_msg END, updated_at = ? WHERE id = ?"));
        // The soId Haier confirmed (a callback can overtake the console's record of YLH's answer).
        const QString soId = job && (newStatus == QLatin1String("confirmed") || newStatus == QLatin1String("out_of_stock"))
            ? nn(job->soId) : QStringLiteral("");
        for (const QString &v : {newStatus, soId, orderNo, failMsg}) {
            q.addBindValue(nn(v));
            q.addBindValue(nn(v));
        }
        q.addBindValue(now);
        q.addBindValue(r.orderId);
        if (writesShop && !q.exec())
            return fail(q);
        for (const CallbackLine &l : writesShop ? r.items : QList<CallbackLine>()) {
            // Lines match by the code that was sent: sku_code, else the product's code.
            q.prepare(QStringLiteral("UPDATE orders_orderitem SET receive_qty = ?, return_qty = ?, reject_qty = ? WHERE order_id = ? AND "
                                     "(sku_code = ? OR (sku_code = '' AND product_id IN (SELECT id FROM catalog_product WHERE product_code = ?)))"));
            q.addBindValue(l.receiveQty);
            q.addBindValue(l.returnQty);
            q.addBindValue(l.rejectQty);
            q.addBindValue(r.orderId);
            q.addBindValue(l.productCode);
            q.addBindValue(l.productCode);
            if (!q.exec())
                return fail(q);
        }
    }

    q.prepare(QStringLiteral("INSERT INTO console_callbacks (received_at, profile, peer, method, app_key, time_stamp, platform_order_no, "
                             "ext_order_no, state, fail_msg, data, dedupe_key, valid, outcome, refusal_code, refusal_reason, order_id, raw_body, "
                             "replay_sign) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
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
    if (!q.exec())
        return fail(q);
    r.id = q.lastInsertId().toLongLong();
    if (!db.commit()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        return false;
    }
    if (m_db.isPostgres())
        QSqlQuery(db).exec(QStringLiteral("NOTIFY console_changes, 'callback'")); // open consoles refresh at once
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
