// OrderActions for confirmations that never came (overdue orders, reconciling them with Haier's logistics,
// a confirmation given by phone) and for replaying a refused callback once the profile is put right.
#include "net/orderactions.h"

#include "models/callbackstore.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/envbinding.h"
#include "models/overdue.h"
#include "models/refusedbodies.h"
#include "net/callbackserver.h"
#include "net/callbacksignature.h"
#include "net/callbackverifier.h"
#include "net/logisticsrefresh.h"
#include "net/ylhclient.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QUrl>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OrderActions", text);
}

constexpr auto result = &ActionResult::of;

// Calls `done` from the event loop, as an answer from the network would come.
void later(QObject *context, std::function<void()> done)
{
    QMetaObject::invokeMethod(context, std::move(done), Qt::QueuedConnection);
}

// The shipment Haier's logistics records for one SO number, as evidence ("" when nothing shipped).
QString shipmentEvidence(const QJsonArray &records, const QString &soNumber, QString *logisticsNo, QString *deliveryRecordCode,
                         QString *snCode)
{
    QStringList numbers;
    for (const QJsonValue &v : records) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("orderCode")).toString() != soNumber)
            continue;
        const QString logistics = o.value(QStringLiteral("logisticsNo")).toString().trimmed();
        const QString delivery = o.value(QStringLiteral("deliveryRecordCode")).toString().trimmed();
        if (logistics.isEmpty() && delivery.isEmpty())
            continue;
        if (logisticsNo->isEmpty()) {
            *logisticsNo = logistics;
            *deliveryRecordCode = delivery;
            *snCode = o.value(QStringLiteral("snCode")).toString().trimmed();
        }
        for (const QString &n : {logistics, delivery}) {
            if (!n.isEmpty() && !numbers.contains(n))
                numbers << n;
        }
    }
    return numbers.isEmpty() ? QString() : tr("logistics shows shipped: %1").arg(numbers.join(QStringLiteral(", ")));
}

// A form body whose fields read back (CallbackSignature::parseForm) exactly as given.
QByteArray formBody(const QList<QPair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[key, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

} // namespace

// ---- overdue confirmations

QList<OverdueOrder> OrderActions::overdue(int olderThanMinutes, QString *error)
{
    const int minutes = olderThanMinutes < 0 ? m_profile.callback.confirmWithinMinutes : olderThanMinutes;
    const qint64 now = nowMs();
    QList<OverdueOrder> rows;
    QString why;
    for (const PushJobRecord &j : Overdue::jobs(m_db, m_profile.name, minutes, now, &why)) {
        OverdueOrder o;
        o.orderNumber = j.orderNumber;
        o.soId = j.soId;
        o.acceptedAt = j.acceptedAt;
        o.ageMinutes = (now - j.acceptedAt) / 60000;
        o.job = j;
        o.haierOrderNo = j.haierOrderNo.trimmed();
        if (o.haierOrderNo.isEmpty()) {
            if (const std::optional<Order> order = m_orders.loadById(j.orderId))
                o.haierOrderNo = LogisticsRefresh::soNumberFor(*order, j, m_profile.name, nullptr);
        }
        rows.append(o);
    }
    if (error)
        *error = why;
    return rows;
}

void OrderActions::reconcile(int olderThanMinutes, bool apply, ReconcileDone done)
{
    QString error;
    const QList<OverdueOrder> orders = overdue(olderThanMinutes, &error);
    if (!error.isEmpty())
        return later(this, [done, error] { done(result(ActionResult::Outcome::Failed, QString(), error), {}); });
    reconcileOrders(orders, apply, std::move(done));
}

void OrderActions::reconcileOrders(const QList<OverdueOrder> &orders, bool apply, ReconcileDone done)
{
    QList<ReconcileItem> items;
    QStringList numbers;
    for (const OverdueOrder &o : orders) {
        ReconcileItem item;
        item.order = o;
        if (o.haierOrderNo.isEmpty()) {
            item.verdict = ReconcileItem::Verdict::NoSoNumber;
            item.message = tr("No Haier order number (SO.…) is known, so Haier's logistics cannot be asked; it stays overdue.");
        } else if (!numbers.contains(o.haierOrderNo)) {
            numbers << o.haierOrderNo;
        }
        items.append(item);
    }
    if (numbers.isEmpty())
        return later(this, [done, items] {
            done(result(ActionResult::Outcome::Done, QString(), tr("%n overdue order(s); none has a Haier order number to ask logistics with.",
                                                                  nullptr, int(items.size()))), items);
        });
    QString error;
    YlhClient *ylh = services(&error).ylh;
    if (!ylh)
        return later(this, [done, items, error] {
            done(result(ActionResult::Outcome::Unavailable, QString(),
                        error.isEmpty() ? tr("No connection to YLH is set up for this profile.") : error), items);
        });
    QPointer<OrderActions> guard(this);
    ylh->logistics(numbers, [this, guard, items, apply, done](const ApiResult &answer) mutable {
        if (!guard)
            return done(result(ActionResult::Outcome::Failed, QString(), QString()), items);
        if (!answer.ok()) {
            for (ReconcileItem &item : items) {
                if (item.verdict != ReconcileItem::Verdict::NoSoNumber)
                    item.message = tr("Haier's logistics could not be asked; it stays overdue.");
            }
            return done(result(ActionResult::Outcome::Failed, QString(),
                               tr("Haier did not give the logistics (%1): %2").arg(resultKindName(answer.kind), answer.message)), items);
        }
        const QJsonArray records = answer.data.toArray();
        const bool writesShop = EnvBinding(m_db).profileWritesShop(m_profile);
        int confirmed = 0, shipped = 0, failed = 0;
        for (ReconcileItem &item : items) {
            if (item.verdict == ReconcileItem::Verdict::NoSoNumber)
                continue;
            QString logisticsNo, deliveryRecordCode, snCode;
            item.evidence = shipmentEvidence(records, item.order.haierOrderNo, &logisticsNo, &deliveryRecordCode, &snCode);
            if (item.evidence.isEmpty()) {
                item.verdict = ReconcileItem::Verdict::NotShipped;
                item.message = tr("Haier's logistics shows no shipment of %1 yet; it stays overdue.").arg(item.order.haierOrderNo);
                continue;
            }
            ++shipped;
            if (!apply) {
                item.verdict = ReconcileItem::Verdict::WouldConfirm;
                continue;
            }
            // The evidence goes on the job (its message) and into the audit, with the confirmation a callback would write.
            const OverdueOrder &o = item.order;
            JobWrite write;
            write.change = QStringLiteral("staff:reconcile");
            write.message = item.evidence;
            write.haierOrderNo = o.haierOrderNo;
            const ActionResult r = decideWrite(o.orderNumber, o.job, JobEvent::of(JobEvent::Type::ManualConfirm), write,
                                               QStringLiteral("reconcile"), item.evidence, [&](QString *why) {
                if (!writesShop)
                    return true; // a dry-run profile changes its own job only
                return m_orders.setConfirmed(o.job.orderId, o.soId, o.haierOrderNo, why)
                    && m_orders.setLogistics(o.job.orderId, logisticsNo, deliveryRecordCode, snCode, why);
            });
            if (r.ok()) {
                item.verdict = ReconcileItem::Verdict::Confirmed;
                ++confirmed;
            } else {
                item.verdict = ReconcileItem::Verdict::NotRecorded;
                item.message = r.message;
                ++failed;
            }
        }
        const int rest = int(items.size()) - confirmed;
        QString message = apply ? tr("%n order(s) confirmed from Haier's logistics;", nullptr, confirmed) + QLatin1Char(' ')
                                      + tr("%n stay overdue.", nullptr, rest)
                                : tr("%n order(s) would be confirmed from Haier's logistics (nothing changed);", nullptr, shipped)
                                      + QLatin1Char(' ') + tr("%n would stay overdue.", nullptr, int(items.size()) - shipped);
        done(result(failed > 0 ? ActionResult::Outcome::Failed : ActionResult::Outcome::Done, QString(), message), items);
    });
}

ActionResult OrderActions::confirmByPhone(const QString &orderNumber, const QString &haierOrderNo, const QString &note)
{
    const QString number = haierOrderNo.trimmed();
    if (number.isEmpty() || note.trimmed().isEmpty())
        return result(ActionResult::Outcome::Refused, orderNumber,
                      tr("A confirmation by phone needs Haier's order number and a note saying who confirmed it."));
    ActionResult r;
    const Located found = locate(orderNumber, &r);
    if (!found.order || !r.ok())
        return r;
    if (!found.job)
        return result(ActionResult::Outcome::Refused, orderNumber,
                      tr("%1 has not been pushed under profile %2; there is nothing Haier could have confirmed.").arg(orderNumber, m_profile.name));
    const PushJobRecord &job = *found.job;
    const QString previous = !job.haierOrderNo.isEmpty() ? job.haierOrderNo : found.order->haierOrderNo;
    QString detail = tr("Haier order number %1, confirmed by phone: %2").arg(number, note.trimmed());
    if (!previous.isEmpty() && previous != number)
        detail += QLatin1Char(' ') + tr("(replaces %1)").arg(previous);
    JobWrite write;
    write.change = QStringLiteral("staff:confirm");
    write.message = detail;
    write.haierOrderNo = number;
    const bool writesShop = EnvBinding(m_db).profileWritesShop(m_profile);
    const qint64 orderId = found.order->id;
    const QString soId = job.soId;
    return decideWrite(orderNumber, job, JobEvent::of(JobEvent::Type::ManualConfirm), write, QStringLiteral("confirm_phone"), detail,
                       [&](QString *why) { return !writesShop || m_orders.setConfirmed(orderId, soId, number, why); });
}

// ---- replaying a refused callback

ActionResult OrderActions::auditedReplay(qint64 callbackId, ActionResult r)
{
    const QString outcome = r.ok() ? QStringLiteral("applied")
        : r.outcome == ActionResult::Outcome::Refused ? QStringLiteral("refused")
        : r.outcome == ActionResult::Outcome::NotFound ? QStringLiteral("not_found")
        : r.outcome == ActionResult::Outcome::Unavailable ? QStringLiteral("unavailable") : QStringLiteral("failed");
    const QString detail = QStringLiteral("callback %1: %2: %3").arg(callbackId).arg(outcome, r.message);
    QString why;
    if (!inTransaction([&](QString *e) { return m_audit.record(auditEntry(QStringLiteral("callback_replay"), r.orderNumber, detail), e); }, &why)) {
        r.outcome = ActionResult::Outcome::Failed;
        r.message += QLatin1Char(' ') + tr("The audit log could not store the replay: %1").arg(why);
    }
    return r;
}

ActionResult OrderActions::replayCallback(qint64 callbackId)
{
    auto refuse = [&](const QString &text) { return auditedReplay(callbackId, result(ActionResult::Outcome::Refused, QString(), text)); };
    QString error;
    const std::optional<RefusedBodies::Stored> stored = RefusedBodies::load(m_db, callbackId, &error);
    if (!stored)
        return auditedReplay(callbackId, result(error.isEmpty() ? ActionResult::Outcome::NotFound : ActionResult::Outcome::Failed, QString(),
                                                error.isEmpty() ? tr("No stored callback has the id %1.").arg(callbackId) : error));
    if (stored->outcome == QLatin1String("replayed"))
        return refuse(tr("Callback %1 was replayed and applied already; it is not applied twice.").arg(callbackId));
    if (stored->valid)
        return refuse(tr("Callback %1 was not refused (its outcome is %2); only a refused callback can be replayed.")
                          .arg(callbackId).arg(stored->outcome));
    if (stored->truncated)
        return refuse(tr("Callback %1 cannot be replayed: its body was longer than %2 bytes and only the start of it was kept, so its "
                         "signature cannot be checked again.").arg(callbackId).arg(RefusedBodies::MaxBodyBytes));
    if (stored->rawBody.isEmpty() || stored->sign.isEmpty())
        return refuse(tr("Callback %1 cannot be replayed: its body or its signature was not kept (it came before replays were possible, "
                         "or its body was dropped to keep the database small).").arg(callbackId));
    const std::optional<QString> secret = m_callbackSecret ? m_callbackSecret(m_profile, &error) : std::nullopt;
    if (!secret || secret->isEmpty())
        return auditedReplay(callbackId, result(ActionResult::Outcome::Unavailable, QString(),
            error.isEmpty() ? tr("No callback secret for profile %1 (haierctl credentials set %1 callback.secret).").arg(m_profile.name) : error));

    // The body as received: the stored one with its Sign put back.
    QList<QPair<QString, QString>> fields = CallbackSignature::parseForm(stored->rawBody.toUtf8());
    for (auto &field : fields) {
        if (field.first == QLatin1String("Sign"))
            field.second = stored->sign;
    }
    const QByteArray body = formBody(fields);
    // Fresh or not is decided by when it was received, not by now.
    const QDateTime received = QDateTime::fromMSecsSinceEpoch(stored->receivedAt, QTimeZone::utc());
    const CallbackVerdict verdict = CallbackVerifier::verify(body, m_profile, *secret, received);
    if (!verdict.valid)
        return refuse(tr("Callback %1 is still refused under profile %2: %3").arg(callbackId).arg(m_profile.name, verdict.refusalReason));

    // Valid now: stored and applied exactly as the receiver would have at that moment (the same verifier,
    // de-duplication and transition function), as a callback of its own.
    ManualClock then(received);
    CallbackStore store(m_db);
    const QString key = *secret;
    CallbackServer receiver(store, m_profile, [key](const QString &) { return std::optional<QString>(key); }, then);
    QString outcome, orderNumber;
    connect(&receiver, &CallbackServer::callbackStored, this, [&](const QString &o, const QString &n) {
        outcome = o;
        orderNumber = n;
    });
    HttpRequest request;
    request.method = "POST";
    request.path = "/haier/callback";
    request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
    request.body = body;
    request.peer = QHostAddress(stored->peer);
    const HttpResponse answer = receiver.handle(request);
    if (outcome.isEmpty())
        return auditedReplay(callbackId, result(ActionResult::Outcome::Failed, verdict.platformOrderNo,
            tr("Callback %1 is valid now, but it could not be stored (HTTP %2); try again.").arg(callbackId).arg(answer.status)));
    const QString shown = orderNumber.isEmpty() ? verdict.platformOrderNo : orderNumber;
    if (outcome == QLatin1String("duplicate"))
        return auditedReplay(callbackId, result(ActionResult::Outcome::Refused, shown,
            tr("Callback %1 was applied already: the same callback has been received and applied since.").arg(callbackId)));
    // Stored as valid either way; only an applied one did what was asked (stale, orphan, needs review: staff look).
    ActionResult r = result(outcome == QLatin1String("applied") ? ActionResult::Outcome::Done : ActionResult::Outcome::Refused, shown,
                            outcome == QLatin1String("applied")
                                ? tr("Callback %1 is valid under profile %2 and was applied to %3.").arg(callbackId).arg(m_profile.name, shown)
                                : tr("Callback %1 is valid under profile %2 and was stored, but changes nothing (%3).")
                                      .arg(callbackId).arg(m_profile.name, outcome));
    if (!inTransaction([&](QString *e) { return RefusedBodies::markReplayed(m_db, callbackId, tr("replayed: %1").arg(outcome), e); }, &error))
        r.message += QLatin1Char(' ') + tr("(It could not be marked as replayed: %1)").arg(error);
    if (outcome == QLatin1String("applied"))
        emit changed();
    return auditedReplay(callbackId, r);
}
