// OrderActions' follow-ups that ask Haier: cancel, 改约, photos, logistics refresh, the stock check.
#include "net/orderactions.h"

#include "models/envbinding.h"
#include "net/logisticsrefresh.h"

#include "models/clock.h"
#include "models/database.h"
#include "models/payloadmapper.h"
#include "models/regioncodes.h"
#include "net/ylhclient.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OrderActions", text);
}

constexpr auto result = &ActionResult::of;

QString noConnection(const QString &error)
{
    return error.isEmpty() ? tr("No connection to YLH is set up for this profile.") : error;
}

QString noHaierOrderNo(const QString &orderNumber)
{
    return tr("%1 has no Haier order number yet (wait for Haier's confirmation).").arg(orderNumber);
}

// Calls `done` from the event loop, as an answer from the network would come.
void later(QObject *context, std::function<void()> done)
{
    QMetaObject::invokeMethod(context, std::move(done), Qt::QueuedConnection);
}

} // namespace

void OrderActions::cancel(const QStringList &orderNumbers, const QString &reason, AllDone done)
{
    QString error;
    const QPointer<YlhClient> ylh = services(&error).ylh;
    runEach(orderNumbers, [this, ylh, error, reason](const QString &number, Done next) {
        ActionResult r;
        const Located found = locate(number, &r);
        if (!found.order || !r.ok())
            return next(r);
        if (!found.job)
            return next(result(ActionResult::Outcome::Refused, number,
                               tr("%1 has not been pushed under profile %2; there is nothing to cancel").arg(number, m_profile.name)));
        // Asked before anything is sent: the transition function says whether a cancel makes sense now.
        const QString refusal = whyNot(*found.job, JobEvent::Type::StaffCancel);
        if (!refusal.isEmpty())
            return next(result(ActionResult::Outcome::Refused, number, refusal));
        if (!ylh)
            return next(result(ActionResult::Outcome::Unavailable, number, noConnection(error)));
        const PushJobRecord read = *found.job;
        QPointer<OrderActions> guard(this);
        ylh->cancelOrder(read.soId, nowMs(), reason, number, [this, guard, read, number, reason, next](const ApiResult &answer) {
            if (!guard)
                return next(result(ActionResult::Outcome::Failed, number, QString()));
            if (!answer.ok())
                return next(result(ActionResult::Outcome::Failed, number,
                                   tr("Haier did not accept the cancellation (%1): %2").arg(resultKindName(answer.kind), answer.message)));
            // YLH took the request; Haier's cancel callback decides. The shop's row stays as it is meanwhile.
            ActionResult stored = decide(number, read, JobEvent::of(JobEvent::Type::CancelTaken), QStringLiteral("cancel"), reason,
                                         QStringLiteral("cancel"), reason);
            if (stored.ok())
                stored.message = tr("Cancellation of %1 (soId %2) sent: %3").arg(number, read.soId, answer.message);
            next(stored);
        });
    }, std::move(done));
}

void OrderActions::reschedule(const QString &orderNumber, const QDate &distribution, const QDate &install, Done done)
{
    ActionResult r;
    const Located found = locate(orderNumber, &r);
    if (!found.order || !r.ok())
        return later(this, [done, r] { done(r); });
    if (!found.job || !isAlreadyPushed(found.job->state))
        return later(this, [done, orderNumber, p = m_profile.name] {
            done(result(ActionResult::Outcome::Refused, orderNumber, tr("%1 has not been accepted by YLH under profile %2.").arg(orderNumber, p)));
        });
    const QString retailOrderNo = found.order->haierOrderNo.isEmpty() ? found.job->haierOrderNo : found.order->haierOrderNo;
    if (retailOrderNo.isEmpty())
        return later(this, [done, orderNumber] { done(result(ActionResult::Outcome::Refused, orderNumber, noHaierOrderNo(orderNumber))); });
    QString error;
    YlhClient *ylh = services(&error).ylh;
    if (!ylh)
        return later(this, [done, orderNumber, error] { done(result(ActionResult::Outcome::Unavailable, orderNumber, noConnection(error))); });
    // 改约 sends the shop's (China) days as 23:59:59.
    const QTimeZone china(8 * 3600);
    QPointer<OrderActions> guard(this);
    ylh->updateDistributionTime(retailOrderNo, QDateTime(distribution, QTime(23, 59, 59), china), QDateTime(install, QTime(23, 59, 59), china),
                                orderNumber, [this, guard, orderNumber, distribution, install, done](const ApiResult &answer) {
        if (!guard)
            return done(result(ActionResult::Outcome::Failed, orderNumber, QString()));
        if (!answer.ok())
            return done(result(ActionResult::Outcome::Failed, orderNumber,
                               tr("Haier did not accept the new dates for %1 (%2): %3").arg(orderNumber, resultKindName(answer.kind), answer.message)));
        QString why;
        const QString detail = QStringLiteral("%1 / %2").arg(distribution.toString(Qt::ISODate), install.toString(Qt::ISODate));
        if (!inTransaction([&](QString *e) { return m_audit.record(auditEntry(QStringLiteral("reschedule"), orderNumber, detail), e); }, &why))
            return done(result(ActionResult::Outcome::Failed, orderNumber,
                               tr("Haier accepted the new dates for %1, but the audit log could not store it: %2").arg(orderNumber, why)));
        done(result(ActionResult::Outcome::Done, orderNumber, tr("Haier accepted the new dates for %1: %2").arg(orderNumber, answer.message)));
    });
}

void OrderActions::photos(const QString &orderNumber, Done done)
{
    ActionResult r;
    const Located found = locate(orderNumber, &r);
    if (!found.order || !r.ok())
        return later(this, [done, r] { done(r); });
    const QString haierOrderNo = !found.order->haierOrderNo.isEmpty() ? found.order->haierOrderNo
                                                                      : (found.job ? found.job->haierOrderNo : QString());
    if (haierOrderNo.isEmpty())
        return later(this, [done, orderNumber] { done(result(ActionResult::Outcome::Refused, orderNumber, noHaierOrderNo(orderNumber))); });
    QString error;
    YlhClient *ylh = services(&error).ylh;
    if (!ylh)
        return later(this, [done, orderNumber, error] { done(result(ActionResult::Outcome::Unavailable, orderNumber, noConnection(error))); });
    ylh->deliveryImages(haierOrderNo, orderNumber, [orderNumber, done](const ApiResult &answer) {
        if (!answer.ok())
            return done(result(ActionResult::Outcome::Failed, orderNumber,
                               tr("Haier did not give the photos of %1 (%2): %3").arg(orderNumber, resultKindName(answer.kind), answer.message)));
        ActionResult photos = result(ActionResult::Outcome::Done, orderNumber, answer.message);
        for (const QJsonValue &v : answer.data.toArray()) {
            const QString url = v.isString() ? v.toString() : v.toObject().value(QStringLiteral("url")).toString();
            if (!url.isEmpty())
                photos.lines << url;
            else if (v.isObject())
                photos.lines << QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        }
        done(photos);
    });
}

void OrderActions::refreshLogistics(const QStringList &orderNumbers, Done done)
{
    const QString label = orderNumbers.size() == 1 ? orderNumbers.constFirst() : QString();
    auto finish = [this, done](const ActionResult &r) { later(this, [done, r] { done(r); }); };
    // Haier's logistics knows an order by its Haier SO number (haier_order_no), never by our soId.
    QList<LogisticsTarget> targets;
    QStringList skipped;
    QString error;
    if (orderNumbers.isEmpty()) {
        for (const JobState state : {JobState::Accepted, JobState::Confirmed}) {
            for (const PushJobRecord &j : m_jobs.list(m_profile.name, jobStateName(state), 1000000, &error)) {
                const std::optional<Order> order = m_orders.loadById(j.orderId);
                const QString number = order ? LogisticsRefresh::soNumberFor(*order, j, m_profile.name, nullptr) : QString();
                if (number.isEmpty())
                    skipped << j.orderNumber;
                else
                    targets.append({j.orderId, j.orderNumber, number});
            }
        }
        if (!error.isEmpty())
            return finish(result(ActionResult::Outcome::Failed, label, error));
    }
    // Orders that cannot be asked about are named with why; the others are still asked.
    QStringList unaskable;
    ActionResult::Outcome unaskableOutcome = ActionResult::Outcome::Refused;
    for (const QString &n : orderNumbers) {
        ActionResult r;
        const Located found = locate(n, &r);
        if (!found.order || !r.ok()) {
            unaskable << r.message;
            if (!found.order)
                unaskableOutcome = r.outcome;
            continue;
        }
        QString why;
        const QString number = LogisticsRefresh::soNumberFor(*found.order, found.job, m_profile.name, &why);
        if (number.isEmpty()) {
            unaskable << why;
            continue;
        }
        targets.append({found.order->id, n, number});
    }
    if (targets.isEmpty() && !unaskable.isEmpty()) {
        ActionResult r = result(unaskableOutcome, label, unaskable.join(QLatin1Char('\n')));
        r.skipped = unaskable;
        return finish(r);
    }
    const QString notAsked = skipped.isEmpty() ? QString()
        : tr("%n accepted order(s) have no Haier order number yet and were not asked about.", nullptr, int(skipped.size()));
    if (targets.isEmpty())
        return finish(result(ActionResult::Outcome::Done, label,
                             (tr("Logistics updated for %1 of %2 orders.").arg(0).arg(0) + QLatin1Char(' ') + notAsked).trimmed()));
    YlhClient *ylh = services(&error).ylh;
    if (!ylh)
        return finish(result(ActionResult::Outcome::Unavailable, label, noConnection(error)));
    QPointer<OrderActions> guard(this);
    LogisticsRefresh::ask(*ylh, targets, [this, guard, label, targets, notAsked, unaskable, done](const ApiResult &answer) {
        if (!guard)
            return done(result(ActionResult::Outcome::Failed, label, QString()));
        if (!answer.ok())
            return done(result(ActionResult::Outcome::Failed, label,
                               tr("Haier did not give the logistics (%1): %2").arg(resultKindName(answer.kind), answer.message)));
        // Logistics numbers are the shop's columns: only a profile the database's binding lets write stores them.
        const QString dryRun = EnvBinding(m_db).dryRunNote(m_profile);
        if (!dryRun.isEmpty())
            return done(result(ActionResult::Outcome::Done, label,
                               tr("Haier gave logistics for %1 of %2 orders; none stored (dry run).")
                                   .arg(answer.data.toArray().size()).arg(targets.size()) + QLatin1Char(' ') + dryRun));
        QHash<QString, LogisticsTarget> bySoNumber;
        for (const LogisticsTarget &t : targets)
            bySoNumber.insert(t.soNumber, t);
        // Every order's numbers and their audit, all or nothing.
        QStringList updated;
        QString why;
        const bool stored = inTransaction([&](QString *e) {
            for (const QJsonValue &v : answer.data.toArray()) {
                const QJsonObject o = v.toObject();
                const auto it = bySoNumber.constFind(o.value(QStringLiteral("orderCode")).toString());
                if (it == bySoNumber.constEnd() || updated.contains(it->orderNumber))
                    continue;
                const QString logisticsNo = o.value(QStringLiteral("logisticsNo")).toString();
                if (!m_orders.setLogistics(it->orderId, logisticsNo, o.value(QStringLiteral("deliveryRecordCode")).toString(),
                                           o.value(QStringLiteral("snCode")).toString(), e)
                    || !m_audit.record(auditEntry(QStringLiteral("logistics"), it->orderNumber, logisticsNo), e))
                    return false;
                updated << it->orderNumber;
            }
            return true;
        }, &why);
        if (!stored)
            return done(result(ActionResult::Outcome::Failed, label, why));
        QString message = tr("Logistics updated for %1 of %2 orders.").arg(updated.size()).arg(targets.size());
        if (!notAsked.isEmpty())
            message += QLatin1Char(' ') + notAsked;
        ActionResult r = result(ActionResult::Outcome::Done, label, message);
        r.lines = updated;
        r.skipped = unaskable;
        if (!updated.isEmpty())
            emit changed();
        done(r);
    });
}

void OrderActions::checkStock(const QString &orderNumber, std::function<void(StockVerdict::Outcome, const ActionResult &)> done)
{
    auto answer = [this, done, orderNumber](StockVerdict::Outcome outcome, ActionResult::Outcome kind, const QString &message) {
        later(this, [done, outcome, r = result(kind, orderNumber, message)] { done(outcome, r); });
    };
    ActionResult r;
    const Located found = locate(orderNumber, &r);
    if (!found.order)
        return answer(StockVerdict::Outcome::CouldNotCheck, r.outcome, r.message);
    QString error;
    StockChecker *stock = services(&error).stock;
    if (!stock)
        return answer(StockVerdict::Outcome::CouldNotCheck, ActionResult::Outcome::Unavailable,
                      error.isEmpty() ? tr("No open-platform connection is set up for this profile.") : error);
    const Order &order = *found.order;
    const QString county = RegionCodes(m_db).lookup(order.province, order.city, order.district);
    if (county.isEmpty())
        return answer(StockVerdict::Outcome::CouldNotCheck, ActionResult::Outcome::Refused,
                      tr("No county code is known for %1 %2 %3; import region codes (haierctl regions import).")
                          .arg(order.province, order.city, order.district));
    const QList<StockNeed> needs = StockNeed::fromPayload(PayloadMapper::map(order, m_profile).payload);
    if (needs.isEmpty())
        return answer(StockVerdict::Outcome::CouldNotCheck, ActionResult::Outcome::Refused, tr("%1 has no Haier product to check.").arg(orderNumber));
    stock->check(county, needs, [done, orderNumber](const StockVerdict &v) {
        switch (v.outcome) {
        case StockVerdict::Outcome::Enough:
            return done(v.outcome, result(ActionResult::Outcome::Done, orderNumber, tr("Haier has enough stock for %1.").arg(orderNumber)));
        case StockVerdict::Outcome::NotEnough:
            return done(v.outcome, result(ActionResult::Outcome::Done, orderNumber, tr("Not enough Haier stock: %1").arg(v.detail)));
        case StockVerdict::Outcome::CouldNotCheck:
            return done(v.outcome, result(ActionResult::Outcome::Failed, orderNumber, tr("The stock check could not be done: %1").arg(v.detail)));
        }
    });
}
