#include "models/callbackstore.h"

#include "models/database.h"
#include "models/envbinding.h"
#include "models/jobstore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

#include <functional>

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

// A try after a failed group starts afresh.
void restart(CallbackRecord &r)
{
    r.id = 0;
    if (r.valid) {
        r.outcome.clear();
        r.refusalReason.clear();
        r.orderId = 0;
        r.orderNumber.clear();
    }
}

} // namespace

struct CallbackStore::Reading
{
    qint64 first = 0;        // an earlier copy's id: this one only counts
    QVariant binding;        // the database's binding and the profile's kind (whether it writes the shop's rows)
    QVariant kind;
    qint64 orderId = 0;      // the order the PlatformOrderNo names, 0: none
    QString orderNumber;
    QString haierStatus;
    QString shopHaierOrderNo;
    std::optional<PushJobRecord> job; // that order's job most recently changed, of this profile
};

struct CallbackStore::Decision
{
    qint64 nowMs = 0;
    QString orderNo;          // the Haier order number to record, "" none
    QString failMsg;
    bool writesShop = false;  // this profile writes the shop's rows
    bool changesOrder = false;
    QString newStatus;        // the shop's new haier_status, "" left as it is
    std::optional<JobApplyRequest> job; // the job decides: this event, through JobStore
};

struct CallbackStore::ShopWrite
{
    bool write = false;      // the shop's order row changes
    QString status;          // each empty: left as it is
    QString soId;
    QString orderNo;
    QString failMsg;
};

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
    restart(r);
    if (m_db.isPostgres()) {
        // Callbacks about one order apply one at a time (so two copies of one cannot both pass the dedupe
        // check, and two states of one order are decided in turn); other orders' callbacks go on at once.
        // The key is the order the PlatformOrderNo names, or the PlatformOrderNo itself for an unknown order.
        QSqlQuery &lock = m_db.prepared(QStringLiteral("SELECT pg_advisory_xact_lock(7238412, %1)").arg(lockKey(QStringLiteral("?"))));
        for (int i = 0; i < 5; ++i)
            lock.addBindValue(nn(r.platformOrderNo));
        if (!lock.exec()) {
            if (error)
                *error = sqlErrorText(lock.lastError());
            return false;
        }
        lock.finish();
    }
    Reading reading;
    ShopWrite shop;
    if (!r.valid) {
        r.outcome = QStringLiteral("refused");
    } else {
        if (!readOne(r, &reading, error))
            return false;
        if (reading.first > 0) {
            // A repeat only counts (on PostgreSQL the read counted it).
            if (!m_db.isPostgres()) {
                QSqlQuery &count = m_db.prepared(QStringLiteral("UPDATE console_callbacks SET duplicate_count = duplicate_count + 1 WHERE id = ?"));
                count.addBindValue(reading.first);
                if (!count.exec()) {
                    if (error)
                        *error = sqlErrorText(count.lastError());
                    return false;
                }
            }
            r.outcome = QStringLiteral("duplicate");
            r.id = reading.first;
            return true;
        }
        Decision d;
        if (!decide(r, reading, &d, error))
            return false;
        std::optional<JobApply> applied;
        if (d.job)
            applied = JobStore(m_db).apply(d.job->read, d.job->event, d.job->write, d.nowMs);
        if (!conclude(r, reading, d, applied, &shop, error))
            return false;
    }
    return writeOne(r, shop, error);
}

// Everything the decision needs, in one statement: an earlier copy (the same method, TimeStamp and
// case-folded Data), the database's binding and the profile's kind, the order the PlatformOrderNo names,
// and that order's job most recently changed.
bool CallbackStore::readOne(CallbackRecord &r, Reading *out, QString *error)
{
    const bool pg = m_db.isPostgres();
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
    if (!q.exec() || !q.next()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return false;
    }
    out->first = q.value(0).isNull() ? 0 : q.value(0).toLongLong();
    readRest(q, 1, out);
    q.finish();
    return true;
}

// The same for several callbacks in one statement (PostgreSQL); copies are not counted here.
bool CallbackStore::readMany(const QList<CallbackRecord *> &records, QList<Reading> *out, QString *error)
{
    QJsonArray input;
    for (int i = 0; i < records.size(); ++i) {
        const CallbackRecord &r = *records.at(i);
        input.append(QJsonObject{{QStringLiteral("i"), i}, {QStringLiteral("pon"), nn(r.platformOrderNo)},
                                 {QStringLiteral("dk"), nn(r.dedupeKey)}, {QStringLiteral("profile"), nn(r.profile)}});
    }
    QSqlQuery &q = m_db.prepared(
        QStringLiteral("SELECT x.i, d.id, b.value, k.kind, n.id, n.order_number, n.haier_status, n.haier_order_no, %1 "
                       "FROM json_to_recordset(CAST(? AS json)) AS x(i INTEGER, pon TEXT, dk TEXT, profile TEXT) "
                       "LEFT JOIN console_meta b ON b.key = ? "
                       "LEFT JOIN console_profiles k ON k.name = x.profile "
                       "LEFT JOIN LATERAL (SELECT c.id FROM console_callbacks c WHERE c.dedupe_key = x.dk AND c.valid = TRUE "
                       "ORDER BY c.id LIMIT 1) d ON TRUE "
                       "LEFT JOIN LATERAL (%2 LIMIT 1) n ON TRUE "
                       "LEFT JOIN LATERAL (SELECT j2.* FROM console_push_jobs j2 WHERE j2.order_id = n.id "
                       "AND (j2.profile = x.profile OR x.profile = '') ORDER BY j2.updated_at DESC, j2.id DESC LIMIT 1) j ON TRUE "
                       "ORDER BY x.i")
            .arg(JobStore::columns(QStringLiteral("j")), namedOrder(QStringLiteral("x.pon"))));
    q.addBindValue(QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact)));
    q.addBindValue(EnvBinding::bindingMetaKey());
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return false;
    }
    out->clear();
    while (q.next()) {
        if (q.value(0).toInt() != out->size())
            break; // one row per callback, in order: anything else is reported below
        Reading reading;
        reading.first = q.value(1).isNull() ? 0 : q.value(1).toLongLong();
        readRest(q, 2, &reading);
        out->append(reading);
    }
    q.finish();
    if (out->size() != records.size()) {
        if (error)
            *error = QStringLiteral("reading %1 callbacks gave %2 rows").arg(records.size()).arg(out->size());
        return false;
    }
    return true;
}

void CallbackStore::readRest(const QSqlQuery &q, int first, Reading *out)
{
    out->binding = q.value(first);
    out->kind = q.value(first + 1);
    if (!q.value(first + 2).isNull()) {
        out->orderId = q.value(first + 2).toLongLong();
        out->orderNumber = q.value(first + 3).toString();
        out->haierStatus = q.value(first + 4).toString();
        out->shopHaierOrderNo = q.value(first + 5).toString();
        if (!q.value(first + 6).isNull())
            out->job = JobStore::fromRow(q, first + 6);
    }
}

bool CallbackStore::decide(CallbackRecord &r, const Reading &reading, Decision *d, QString *error)
{
    r.orderId = reading.orderId;
    r.orderNumber = reading.orderNumber;
    const std::optional<PushJobRecord> &job = reading.job;
    // Only a profile the database's binding lets write changes the shop's row and lines; another
    // profile's callback changes its own job only, and its job (not the shop's row) says how far along it is.
    d->writesShop = r.orderId > 0 && EnvBinding::writesShop(reading.binding, reading.kind);
    const QString haierStatus = d->writesShop || r.orderId == 0 ? reading.haierStatus : (job ? jobStateName(job->state) : QString());

    // What this callback is, as an event of the push lifecycle.
    int callbackState = r.state;
    if (r.method == cancelMethod && r.state == 1) {
        // Lines Haier did not cancel in full make it a partial cancel, whatever State says.
        for (const CallbackLine &l : std::as_const(r.items)) {
            if (l.totalQty > 0 && l.returnQty + l.rejectQty < l.totalQty)
                callbackState = 2;
        }
    }
    std::optional<JobEvent> event;
    if (r.method == confirmMethod)
        event = JobEvent::callback(CallbackMethod::Confirm, callbackState);
    else if (r.method == oostockMethod)
        event = JobEvent::callback(CallbackMethod::OutOfStock, callbackState);
    else if (r.method == cancelMethod)
        event = JobEvent::callback(CallbackMethod::Cancel, callbackState);

    d->nowMs = m_db.clock().nowUtc().toMSecsSinceEpoch();
    d->orderNo = (r.method == confirmMethod && r.state == 1) ? nn(r.extOrderNo) : QStringLiteral("");
    d->failMsg = (r.method == confirmMethod && r.state == 0) || r.method == oostockMethod ? nn(r.failMsg) : QStringLiteral("");

    if (r.orderId == 0) {
        r.outcome = QStringLiteral("orphan");
    } else if (!event) {
        r.outcome = QStringLiteral("no_change");
    } else if (job) {
        bool failed = false;
        const About which = about(r, *job, error, &failed);
        if (failed)
            return false;
        // A Haier order number that differs only in letter case is the one already recorded.
        if (!d->orderNo.isEmpty() && d->orderNo.compare(job->haierOrderNo, Qt::CaseInsensitive) == 0)
            d->orderNo = job->haierOrderNo;
        if (which == About::Earlier) {
            r.outcome = QStringLiteral("stale");
            r.refusalReason = QStringLiteral("about an earlier soId of the order (%1); the current one is %2").arg(r.platformOrderNo, job->soId);
        } else if (which == About::Unsure) {
            r.outcome = QStringLiteral("needs_review");
            r.refusalReason = QStringLiteral("the order was pushed under several soIds and nothing in the callback names one; it is stamped "
                                             "before the current soId %1 was accepted")
                                  .arg(job->soId);
        } else {
            // The job decides, through the one transition function, written compare-and-set (JobStore).
            JobWrite w;
            w.change = QStringLiteral("callback");
            w.message = nn(r.failMsg.isEmpty() ? r.method : r.failMsg);
            w.haierOrderNo = d->orderNo;
            d->job = JobApplyRequest{*job, *event, w};
        }
    } else {
        // No push job of this console (pushed from elsewhere): the shop's row only, never backwards.
        if (r.method == confirmMethod && (r.state == 0 || r.state == 1))
            d->newStatus = r.state == 1 ? QStringLiteral("confirmed") : QStringLiteral("rejected");
        else if (r.method == oostockMethod && r.state == 1)
            d->newStatus = QStringLiteral("out_of_stock");
        else if (r.method == cancelMethod && (callbackState == 1 || callbackState == 2))
            d->newStatus = callbackState == 2 ? QStringLiteral("partially_cancelled") : QStringLiteral("cancelled");
        if (d->newStatus.isEmpty()) {
            r.outcome = QStringLiteral("no_change");
        } else if (rank(d->newStatus) < rank(haierStatus)) {
            r.outcome = QStringLiteral("stale");
        } else {
            r.outcome = QStringLiteral("applied");
            d->changesOrder = true;
        }
    }
    return true;
}

bool CallbackStore::conclude(CallbackRecord &r, const Reading &reading, Decision &d, std::optional<JobApply> applied, ShopWrite *shop,
                             QString *error)
{
    const std::optional<PushJobRecord> &job = reading.job;
    if (d.job && applied) {
        if (applied->status == ApplyStatus::Lost) // another writer won the race: decide again once
            applied = JobStore(m_db).apply(applied->job, d.job->event, d.job->write, d.nowMs);
        if (applied->status == ApplyStatus::Failed) {
            if (error)
                *error = applied->message;
            return false;
        }
        if (applied->status == ApplyStatus::Lost) {
            r.outcome = QStringLiteral("needs_review");
            r.refusalReason = applied->message;
        } else if (applied->status == ApplyStatus::Refused) {
            r.outcome = QStringLiteral("stale");
            r.refusalReason = applied->message;
        } else if (r.method == cancelMethod && r.state == 0 && applied->job.facts() == job->facts()) {
            r.outcome = QStringLiteral("no_change"); // Haier could not cancel on its own account
        } else {
            r.outcome = QStringLiteral("applied");
            d.changesOrder = true;
            // While a cancel is pending the shop's status stays as it was; a refused cancel puts back what the job returns to.
            switch (applied->job.state) {
            case JobState::Accepted: d.newStatus = QStringLiteral("push_pending"); break;
            case JobState::Confirmed: d.newStatus = QStringLiteral("confirmed"); break;
            case JobState::Rejected: d.newStatus = QStringLiteral("rejected"); break;
            case JobState::OutOfStock: d.newStatus = QStringLiteral("out_of_stock"); break;
            case JobState::Cancelled: d.newStatus = QStringLiteral("cancelled"); break;
            case JobState::PartiallyCancelled: d.newStatus = QStringLiteral("partially_cancelled"); break;
            default: break;
            }
        }
    }

    *shop = ShopWrite();
    if (!d.changesOrder || !d.writesShop)
        return true;
    shop->write = true;
    shop->status = d.newStatus;
    // The soId Haier confirmed (a callback can overtake the console's record of YLH's answer).
    if (job && (d.newStatus == QLatin1String("confirmed") || d.newStatus == QLatin1String("out_of_stock")))
        shop->soId = nn(job->soId);
    // Never replace the shop's Haier order number by the same one in other letters (a case-flipped replay).
    if (d.orderNo.compare(reading.shopHaierOrderNo, Qt::CaseInsensitive) != 0)
        shop->orderNo = d.orderNo;
    shop->failMsg = d.failMsg;
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
        if (!line.exec()) {
            if (error)
                *error = sqlErrorText(line.lastError());
            return false;
        }
    }
    return true;
}

namespace {

// How a callback writes the shop's order row: each haier_* column it gives a value for, the others
// left as they are. `value` names where a ShopWrite field comes from in the statement.
QString shopAssignments(const std::function<QString(const QString &field)> &value)
{
    QStringList sets;
    for (const auto &[column, field] : {std::pair{"haier_status", "status"}, std::pair{"haier_so_id", "so_id"},
                                        std::pair{"haier_order_no", "order_no"}, std::pair{"haier_fail_msg", "fail_msg"}}) {
        const QString v = value(QLatin1String(field));
        sets << QStringLiteral("%1 = CASE WHEN %2 <> '' THEN %2 ELSE %1 END").arg(QLatin1String(column), v);
    }
    return sets.join(QStringLiteral(", "));
}

// One row (each field bound twice, in the order status, so_id, order_no, fail_msg; then updated_at and the id).
const QString shopUpdate = QStringLiteral("UPDATE orders_order SET %1, updated_at = ? WHERE id = ?")
                               .arg(shopAssignments([](const QString &) { return QStringLiteral("?"); }));

// Copies counted on rows: a JSON list of {id, n} and the ids as an array literal (so that the update
// looks each row up by its key).
std::pair<QString, QString> repeatLists(const QHash<qint64, int> &repeats)
{
    QJsonArray counts;
    QStringList ids;
    for (auto it = repeats.constBegin(); it != repeats.constEnd(); ++it) {
        counts.append(QJsonObject{{QStringLiteral("id"), it.key()}, {QStringLiteral("n"), it.value()}});
        ids << QString::number(it.key());
    }
    return {QString::fromUtf8(QJsonDocument(counts).toJson(QJsonDocument::Compact)), QStringLiteral("{%1}").arg(ids.join(QLatin1Char(',')))};
}

const QString countUpdate = QStringLiteral("UPDATE console_callbacks c SET duplicate_count = c.duplicate_count + x.n "
                                           "FROM json_to_recordset(CAST(? AS json)) AS x(id BIGINT, n INTEGER) "
                                           "WHERE c.id = x.id AND c.id = ANY (CAST(? AS BIGINT[]))");


const char callbackColumns[] = "received_at, profile, peer, method, app_key, time_stamp, platform_order_no, ext_order_no, state, fail_msg, "
                               "data, dedupe_key, valid, outcome, refusal_code, refusal_reason, order_id, raw_body, replay_sign";

// A callback's row, as stored (texts cut to what the columns hold).
QList<QVariant> rowValues(const CallbackRecord &r, qint64 nowMs, const QVariant &valid)
{
    QList<QVariant> v;
    v << (r.receivedAt ? r.receivedAt : nowMs);
    for (const QString &s : {r.profile, r.peer, r.method, r.appKey, r.timeStamp, r.platformOrderNo, r.extOrderNo})
        v << nn(s.left(4000));
    v << (r.state < 0 ? QStringLiteral("") : QString::number(r.state)) << nn(r.failMsg) << nn(r.data) << nn(r.dedupeKey) << valid << r.outcome
      << nn(r.refusalCode) << nn(r.refusalReason) << (r.orderId > 0 ? QVariant(r.orderId) : QVariant(QMetaType::fromType<qint64>()))
      << nn(r.rawBody) << nn(r.replaySign.left(64));
    return v;
}

} // namespace

// The callback's row and the shop's row. On PostgreSQL one statement writes both and tells open
// consoles (delivered at commit); on SQLite the shop's row is a statement of its own.
bool CallbackStore::writeOne(CallbackRecord &r, const ShopWrite &shop, QString *error)
{
    const bool pg = m_db.isPostgres();
    const QVariant now = m_db.timeToDb(m_db.clock().nowUtc());
    auto bindShop = [&](QSqlQuery &q) {
        for (const QString &v : {shop.status, shop.soId, shop.orderNo, shop.failMsg}) {
            q.addBindValue(nn(v));
            q.addBindValue(nn(v));
        }
        q.addBindValue(now);
        q.addBindValue(r.orderId);
    };
    auto fail = [&](const QSqlQuery &q) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return false;
    };
    if (shop.write && !pg) {
        QSqlQuery &q = m_db.prepared(shopUpdate);
        bindShop(q);
        if (!q.exec())
            return fail(q);
    }
    const QString insert = QStringLiteral("INSERT INTO console_callbacks (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                          "RETURNING id").arg(QLatin1String(callbackColumns));
    QString statement = insert;
    if (pg && shop.write)
        statement = QStringLiteral("WITH shop AS (%1 RETURNING id), ins AS (%2) SELECT ins.id, pg_notify('console_changes', 'callback') FROM ins")
                        .arg(shopUpdate, insert);
    else if (pg)
        statement = QStringLiteral("WITH ins AS (%1) SELECT ins.id, pg_notify('console_changes', 'callback') FROM ins").arg(insert);
    QSqlQuery &q = m_db.prepared(statement);
    if (pg && shop.write)
        bindShop(q);
    for (const QVariant &v : rowValues(r, m_db.clock().nowUtc().toMSecsSinceEpoch(), m_db.boolToDb(r.valid)))
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return fail(q);
    r.id = q.value(0).toLongLong();
    q.finish();
    return true;
}

// Several callbacks' rows and their shop rows (each of a different order) in one statement, PostgreSQL.
bool CallbackStore::writeMany(const QList<CallbackRecord *> &records, const QList<ShopWrite> &shops, const QList<int> &copies,
                              QHash<qint64, int> *repeats, QString *error)
{
    static const QStringList names = QString::fromLatin1(callbackColumns).split(QStringLiteral(", "));
    static const QStringList types{QStringLiteral("BIGINT"), QStringLiteral("TEXT"), QStringLiteral("TEXT"), QStringLiteral("TEXT"),
                                   QStringLiteral("TEXT"), QStringLiteral("TEXT"), QStringLiteral("TEXT"), QStringLiteral("TEXT"),
                                   QStringLiteral("TEXT"), QStringLiteral("TEXT"), QStringLiteral("TEXT"), QStringLiteral("TEXT"),
                                   QStringLiteral("BOOLEAN"), QStringLiteral("TEXT"), QStringLiteral("TEXT"), QStringLiteral("TEXT"),
                                   QStringLiteral("BIGINT"), QStringLiteral("TEXT"), QStringLiteral("TEXT")};
    Q_ASSERT(names.size() == types.size());
    const qint64 nowMs = m_db.clock().nowUtc().toMSecsSinceEpoch();
    QJsonArray rows;
    QJsonArray shopRows;
    QStringList shopIds; // the rows to update, also as a list of keys: the update then looks each up by its key
    for (int i = 0; i < records.size(); ++i) {
        const CallbackRecord &r = *records.at(i);
        QJsonObject row{{QStringLiteral("i"), i}};
        const QList<QVariant> values = rowValues(r, nowMs, r.valid);
        for (int c = 0; c < names.size(); ++c)
            row.insert(names.at(c), values.at(c).isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue::fromVariant(values.at(c)));
        row.insert(QStringLiteral("duplicate_count"), copies.at(i));
        rows.append(row);
        const ShopWrite &s = shops.at(i);
        if (s.write) {
            shopIds << QString::number(r.orderId);
            shopRows.append(QJsonObject{{QStringLiteral("id"), r.orderId}, {QStringLiteral("status"), nn(s.status)},
                                        {QStringLiteral("so_id"), nn(s.soId)}, {QStringLiteral("order_no"), nn(s.orderNo)},
                                        {QStringLiteral("fail_msg"), nn(s.failMsg)}});
        }
    }
    QStringList declared{QStringLiteral("i INTEGER"), QStringLiteral("duplicate_count INTEGER")};
    for (int c = 0; c < names.size(); ++c)
        declared << names.at(c) + QLatin1Char(' ') + types.at(c);
    // Ids are drawn before the insert so that each comes back with the callback it belongs to.
    QSqlQuery &q = m_db.prepared(
        QStringLiteral("WITH v AS (SELECT x.*, nextval('console_callbacks_id_seq') AS id FROM json_to_recordset(CAST(? AS json)) AS x(%1)), "
                       "shop AS (UPDATE orders_order o SET %4, updated_at = ? "
                       "FROM json_to_recordset(CAST(? AS json)) AS s(id BIGINT, status TEXT, so_id TEXT, order_no TEXT, fail_msg TEXT) "
                       "WHERE o.id = s.id AND o.id = ANY (CAST(? AS BIGINT[])) RETURNING o.id), "
                       "ins AS (INSERT INTO console_callbacks (id, duplicate_count, %2) SELECT id, duplicate_count, %2 FROM v), "
                       "cnt AS (%3 RETURNING c.id) "
                       "SELECT v.i, v.id, (SELECT pg_notify('console_changes', 'callback')) FROM v ORDER BY v.i")
            .arg(declared.join(QStringLiteral(", ")), QLatin1String(callbackColumns), countUpdate,
                 shopAssignments([](const QString &field) { return QStringLiteral("s.") + field; })));
    q.addBindValue(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
    q.addBindValue(m_db.timeToDb(m_db.clock().nowUtc()));
    q.addBindValue(QString::fromUtf8(QJsonDocument(shopRows).toJson(QJsonDocument::Compact)));
    q.addBindValue(QStringLiteral("{%1}").arg(shopIds.join(QLatin1Char(','))));
    const auto [counts, countIds] = repeatLists(*repeats); // copies of rows stored before, counted by the same statement
    q.addBindValue(counts);
    q.addBindValue(countIds);
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return false;
    }
    int n = 0;
    while (q.next()) {
        const int i = q.value(0).toInt();
        if (i >= 0 && i < records.size()) {
            records.at(i)->id = q.value(1).toLongLong();
            ++n;
        }
    }
    q.finish();
    if (n != records.size()) {
        if (error)
            *error = QStringLiteral("storing %1 callbacks gave %2 rows").arg(records.size()).arg(n);
        return false;
    }
    repeats->clear();
    return true;
}

bool CallbackStore::storeGroup(const QList<CallbackRecord *> &records, QString *error)
{
    QSqlDatabase &db = m_db.sql();
    if (records.size() > MaxGroup) {
        if (error)
            *error = QStringLiteral("too many callbacks in one group");
        return false;
    }
    if (!m_db.beginWrite(error))
        return false;
    bool ok = true;
    if (m_db.isPostgres()) {
        ok = storeGroupPostgres(records, error);
    } else {
        for (CallbackRecord *r : records) {
            if (!storeInTransaction(*r, error)) {
                ok = false;
                break;
            }
        }
    }
    if (ok && db.commit())
        return true;
    if (ok && error)
        *error = sqlErrorText(db.lastError());
    db.rollback();
    return false;
}

// A group on PostgreSQL: its orders locked in one statement, then in rounds, each a read of every
// callback still to store and a write of those about different orders; a callback about an order
// already written this round waits for the next, so that it is decided on the order as the earlier one
// left it. A copy of a callback earlier in the group costs nothing: it is counted on that one's row.
bool CallbackStore::storeGroupPostgres(const QList<CallbackRecord *> &records, QString *error)
{
    if (records.isEmpty())
        return true;
    // One statement of a fixed shape (the list padded with NULLs, which are skipped) takes every lock, in key order.
    QStringList values;
    for (int i = 0; i < MaxGroup; ++i)
        values << QStringLiteral("(CAST(? AS TEXT))");
    QSqlQuery &lock = m_db.prepared(QStringLiteral("SELECT pg_advisory_xact_lock(7238412, s.k) FROM (SELECT DISTINCT %1 AS k FROM (VALUES %2) AS p(pon) "
                                                   "WHERE p.pon IS NOT NULL ORDER BY k OFFSET 0) s")
                                        .arg(lockKey(QStringLiteral("p.pon")), values.join(QStringLiteral(", "))));
    for (int i = 0; i < MaxGroup; ++i)
        lock.addBindValue(i < records.size() ? QVariant(nn(records.at(i)->platformOrderNo)) : QVariant(QMetaType::fromType<QString>()));
    if (!lock.exec()) {
        if (error)
            *error = sqlErrorText(lock.lastError());
        return false;
    }
    lock.finish();

    // Copies within the group: a valid callback with the dedupe key of an earlier one is a copy of it,
    // whatever that one turns out to be (stored, or itself a copy of an earlier row).
    QHash<QString, CallbackRecord *> firstWithKey;
    QHash<CallbackRecord *, int> copies;
    QList<std::pair<CallbackRecord *, CallbackRecord *>> copyOf;
    QList<CallbackRecord *> pending;
    for (CallbackRecord *r : records) {
        restart(*r);
        if (r->valid) {
            if (CallbackRecord *first = firstWithKey.value(r->dedupeKey)) {
                copyOf.append(std::make_pair(r, first));
                ++copies[first];
                continue;
            }
            firstWithKey.insert(r->dedupeKey, r);
        }
        pending.append(r);
    }
    QHash<qint64, int> repeats; // rows stored before this group -> copies counted now
    while (!pending.isEmpty()) {
        QList<CallbackRecord *> toRead;
        for (CallbackRecord *r : std::as_const(pending)) {
            if (r->valid)
                toRead.append(r);
        }
        QList<Reading> readings;
        if (!toRead.isEmpty() && !readMany(toRead, &readings, error))
            return false;
        QSet<QString> orders;
        QList<CallbackRecord *> decided;
        QList<Decision> decisions;
        QList<CallbackRecord *> writes;
        QList<ShopWrite> shops;
        QList<int> counts;
        QList<CallbackRecord *> later;
        for (CallbackRecord *r : std::as_const(pending)) {
            if (!r->valid) {
                r->outcome = QStringLiteral("refused");
                writes.append(r);
                shops.append(ShopWrite());
                counts.append(0);
                continue;
            }
            const Reading &reading = readings.at(toRead.indexOf(r));
            const QString order = reading.orderId > 0 ? QStringLiteral("o%1").arg(reading.orderId) : QStringLiteral("p") + nn(r->platformOrderNo);
            if (orders.contains(order)) {
                later.append(r);
                continue;
            }
            orders.insert(order);
            if (reading.first > 0) {
                r->outcome = QStringLiteral("duplicate");
                r->id = reading.first;
                repeats[r->id] += 1 + copies.value(r);
                continue;
            }
            Decision d;
            if (!decide(*r, reading, &d, error))
                return false;
            decided.append(r);
            decisions.append(d);
        }
        // The jobs the round's callbacks move on, in as few statements as their columns allow.
        QList<JobApplyRequest> requests;
        for (const Decision &d : std::as_const(decisions)) {
            if (d.job)
                requests.append(*d.job);
        }
        const QList<JobApply> applied = requests.isEmpty() ? QList<JobApply>() : JobStore(m_db).applyMany(requests, decisions.first().nowMs);
        for (int i = 0, next = 0; i < decided.size(); ++i) {
            CallbackRecord *r = decided.at(i);
            ShopWrite shop;
            const std::optional<JobApply> result = decisions.at(i).job ? std::optional<JobApply>(applied.at(next++)) : std::nullopt;
            if (!conclude(*r, readings.at(toRead.indexOf(r)), decisions[i], result, &shop, error))
                return false;
            writes.append(r);
            shops.append(shop);
            counts.append(copies.value(r));
        }
        if (!writes.isEmpty() && !writeMany(writes, shops, counts, &repeats, error))
            return false;
        pending = later;
    }
    if (!repeats.isEmpty() && !countRepeats(&repeats, error))
        return false;
    for (const auto &[copy, first] : std::as_const(copyOf)) {
        copy->outcome = QStringLiteral("duplicate");
        copy->id = first->id;
    }
    return true;
}


bool CallbackStore::countRepeats(QHash<qint64, int> *repeats, QString *error)
{
    QSqlQuery &count = m_db.prepared(countUpdate);
    const auto [counts, ids] = repeatLists(*repeats);
    count.addBindValue(counts);
    count.addBindValue(ids);
    if (!count.exec()) {
        if (error)
            *error = sqlErrorText(count.lastError());
        return false;
    }
    repeats->clear();
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
