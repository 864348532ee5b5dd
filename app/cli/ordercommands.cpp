// Follow-up actions on pushed orders: cancel, 改约, logistics, photos, and the sync log.
#include "app/cli/cli.h"
#include "app/composition/appcontext.h"
#include "app/composition/backend.h"

#include "models/synclogstore.h"
#include "net/ylhclient.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace {

struct Session {
    AppContext *ctx = nullptr;
    std::optional<Profile> profile;
    std::unique_ptr<Backend> backend;
    int code = ExitOk;
};

Session open(CliContext &cli, bool network)
{
    Session s;
    s.ctx = cli.context();
    if (!s.ctx) {
        s.code = ExitConfig;
        return s;
    }
    s.profile = cli.profile();
    if (!s.profile) {
        s.code = ExitConfig;
        return s;
    }
    QString error;
    if (network) {
        s.backend = Backend::create(*s.ctx, *s.profile, &error, &s.code);
        if (!s.backend)
            cli.err() << error << Qt::endl;
    }
    return s;
}

ApiResult await(const std::function<void(YlhClient::Done)> &call)
{
    std::optional<ApiResult> result;
    QEventLoop loop;
    call([&](const ApiResult &r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

// A pushed order and its job under the profile, or a printed reason.
bool pushedOrder(CliContext &cli, Session &s, const QString &number, Order *order, PushJobRecord *job)
{
    auto o = s.ctx->orders().loadByNumber(number);
    if (!o) {
        cli.err() << QCoreApplication::translate("Cli", "No order numbered \"%1\".").arg(number) << Qt::endl;
        s.code = ExitBadInput;
        return false;
    }
    auto j = s.ctx->jobs().findForOrder(s.profile->name, o->id);
    if (!j || j->acceptedAt == 0) {
        cli.err() << QCoreApplication::translate("Cli", "%1 has not been accepted by YLH under profile %2.").arg(number, s.profile->name) << Qt::endl;
        s.code = ExitBadInput;
        return false;
    }
    *order = *o;
    *job = *j;
    return true;
}

std::optional<QDate> localDate(const QString &text)
{
    const QDate d = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
    return d.isValid() ? std::optional<QDate>(d) : std::nullopt;
}

} // namespace

int runCancelCommand(CliContext &cli)
{
    const QString reason = cli.args().value(QStringLiteral("reason")).trimmed();
    if (cli.words().size() != 1 || reason.isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl cancel ORDER_NUMBER --reason TEXT"));
    Session s = open(cli, true);
    if (!s.backend)
        return s.code;
    Order order;
    PushJobRecord job;
    if (!pushedOrder(cli, s, cli.words().constFirst(), &order, &job))
        return s.code;
    const ApiResult r = await([&](auto done) {
        s.backend->ylh().cancelOrder(job.soId, QDateTime::currentMSecsSinceEpoch(), reason, order.orderNumber, done);
    });
    if (!r.ok()) {
        cli.err() << QCoreApplication::translate("Cli", "Haier did not accept the cancellation (%1): %2").arg(resultKindName(r.kind), r.message) << Qt::endl;
        return ExitFailed;
    }
    // YLH took the request; Haier's cancel callback decides. The shop's haier_status stays as it is meanwhile.
    JobWrite w;
    w.change = QStringLiteral("staff:cancel");
    w.message = reason;
    const JobApply applied = s.ctx->jobs().apply(job, JobEvent::of(JobEvent::Type::CancelTaken), w, QDateTime::currentMSecsSinceEpoch());
    if (!applied.applied())
        cli.err() << applied.message << Qt::endl;
    s.ctx->audit().record({0, {}, {}, QStringLiteral("cancel"), s.profile->name, order.orderNumber, reason});
    cli.out() << QCoreApplication::translate("Cli", "Cancellation of %1 (soId %2) sent: %3").arg(order.orderNumber, job.soId, r.message) << Qt::endl;
    return ExitOk;
}

int runRescheduleCommand(CliContext &cli)
{
    const auto distribution = localDate(cli.args().value(QStringLiteral("distribution")));
    const auto install = localDate(cli.args().value(QStringLiteral("install")));
    if (cli.words().size() != 1 || !distribution || !install)
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl reschedule ORDER_NUMBER --distribution YYYY-MM-DD --install YYYY-MM-DD"));
    Session s = open(cli, true);
    if (!s.backend)
        return s.code;
    Order order;
    PushJobRecord job;
    if (!pushedOrder(cli, s, cli.words().constFirst(), &order, &job))
        return s.code;
    const QString retailOrderNo = order.haierOrderNo.isEmpty() ? job.haierOrderNo : order.haierOrderNo;
    if (retailOrderNo.isEmpty()) {
        cli.err() << QCoreApplication::translate("Cli", "%1 has no Haier order number yet (wait for Haier's confirmation).").arg(order.orderNumber) << Qt::endl;
        return ExitBadInput;
    }
    // 改约 sends local (China) dates as 23:59:59 of that day.
    const QTimeZone china(8 * 3600);
    const QDateTime d(*distribution, QTime(23, 59, 59), china);
    const QDateTime i(*install, QTime(23, 59, 59), china);
    const ApiResult r = await([&](auto done) { s.backend->ylh().updateDistributionTime(retailOrderNo, d, i, order.orderNumber, done); });
    if (!r.ok()) {
        cli.err() << QCoreApplication::translate("Cli", "Haier did not accept the new dates (%1): %2").arg(resultKindName(r.kind), r.message) << Qt::endl;
        return ExitFailed;
    }
    s.ctx->audit().record({0, {}, {}, QStringLiteral("reschedule"), s.profile->name, order.orderNumber,
                           QStringLiteral("%1 / %2").arg(distribution->toString(Qt::ISODate), install->toString(Qt::ISODate))});
    cli.out() << QCoreApplication::translate("Cli", "New dates for %1 accepted: %2").arg(order.orderNumber, r.message) << Qt::endl;
    return ExitOk;
}

int runPhotosCommand(CliContext &cli)
{
    if (cli.words().size() != 1)
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl photos ORDER_NUMBER"));
    Session s = open(cli, true);
    if (!s.backend)
        return s.code;
    Order order;
    PushJobRecord job;
    if (!pushedOrder(cli, s, cli.words().constFirst(), &order, &job))
        return s.code;
    const QString orderNo = order.haierOrderNo.isEmpty() ? job.haierOrderNo : order.haierOrderNo;
    const ApiResult r = await([&](auto done) { s.backend->ylh().deliveryImages(orderNo, order.orderNumber, done); });
    if (!r.ok()) {
        cli.err() << QCoreApplication::translate("Cli", "Haier answered %1: %2").arg(resultKindName(r.kind), r.message) << Qt::endl;
        return ExitFailed;
    }
    for (const QJsonValue &v : r.data.toArray())
        cli.out() << (v.isString() ? v.toString() : QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))) << '\n';
    cli.out().flush();
    return ExitOk;
}

int runLogisticsCommand(CliContext &cli)
{
    const bool all = cli.args().isSet(QStringLiteral("all-accepted"));
    if (cli.words().value(0) != QLatin1String("refresh") || all == (cli.words().size() > 1))
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl logistics refresh ORDER_NUMBER… | --all-accepted"));
    Session s = open(cli, true);
    if (!s.backend)
        return s.code;
    QHash<QString, qint64> orderBySoId;
    if (all) {
        for (const char *state : {"accepted", "confirmed"}) {
            for (const PushJobRecord &j : s.ctx->jobs().list(s.profile->name, QLatin1String(state), 1000000))
                orderBySoId.insert(j.soId, j.orderId);
        }
    } else {
        for (const QString &n : cli.words().mid(1)) {
            Order order;
            PushJobRecord job;
            if (!pushedOrder(cli, s, n, &order, &job))
                return s.code;
            orderBySoId.insert(job.soId, order.id);
        }
    }
    const ApiResult r = await([&](auto done) { s.backend->ylh().logistics(orderBySoId.keys(), done); });
    if (!r.ok()) {
        cli.err() << QCoreApplication::translate("Cli", "Haier answered %1: %2").arg(resultKindName(r.kind), r.message) << Qt::endl;
        return ExitFailed;
    }
    int updated = 0;
    for (const QJsonValue &v : r.data.toArray()) {
        const QJsonObject o = v.toObject();
        const qint64 orderId = orderBySoId.value(o.value(QStringLiteral("orderCode")).toString());
        if (orderId > 0 && s.ctx->orders().setLogistics(orderId, o.value(QStringLiteral("logisticsNo")).toString(),
                                                        o.value(QStringLiteral("deliveryRecordCode")).toString(),
                                                        o.value(QStringLiteral("snCode")).toString()))
            ++updated;
    }
    cli.out() << QCoreApplication::translate("Cli", "Logistics updated for %1 of %2 orders.").arg(updated).arg(orderBySoId.size()) << Qt::endl;
    return ExitOk;
}

int runSyncLogCommand(CliContext &cli)
{
    QDateTime since;
    const QString sinceText = cli.args().value(QStringLiteral("since"));
    if (!sinceText.isEmpty()) {
        const QTimeZone china(8 * 3600);
        const QDate day = QDate::fromString(sinceText.left(10), QStringLiteral("yyyy-MM-dd"));
        const QTime time = sinceText.size() > 10 ? QTime::fromString(sinceText.mid(11), QStringLiteral("HH:mm")) : QTime(0, 0);
        if (!day.isValid() || !time.isValid() || (sinceText.size() > 10 && sinceText.at(10) != QLatin1Char('T')))
            return cli.usage(QCoreApplication::translate("Cli", "--since needs YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time)."));
        since = QDateTime(day, time, china);
    }
    Session s = open(cli, false);
    if (!s.ctx)
        return s.code;
    QString error;
    const QList<SyncLogEntry> rows = SyncLogStore(s.ctx->db()).recent(since, 100000, &error);
    if (!error.isEmpty()) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const SyncLogEntry &e : rows) {
            array.append(QJsonObject{{QStringLiteral("at"), e.at.toString(Qt::ISODateWithMs)}, {QStringLiteral("profile"), e.profile},
                                     {QStringLiteral("operation"), e.operation}, {QStringLiteral("orderNumber"), e.orderNumber},
                                     {QStringLiteral("httpStatus"), e.httpStatus}, {QStringLiteral("latencyMs"), e.latencyMs},
                                     {QStringLiteral("kind"), resultKindName(e.kind)}, {QStringLiteral("message"), e.message},
                                     {QStringLiteral("request"), QString::fromUtf8(e.requestBody)},
                                     {QStringLiteral("response"), QString::fromUtf8(e.responseBody)}});
        }
        cli.out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QTimeZone china(8 * 3600);
    for (const SyncLogEntry &e : rows) {
        cli.out() << e.at.toTimeZone(china).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) << ' ' << e.profile.leftJustified(10) << ' '
                  << e.operation.leftJustified(22) << ' ' << (e.httpStatus ? QString::number(e.httpStatus) : QStringLiteral("-")).leftJustified(4)
                  << ' ' << QString::number(e.latencyMs).rightJustified(6) << "ms " << resultKindName(e.kind).leftJustified(18) << ' '
                  << e.orderNumber << "  " << e.message << '\n';
    }
    cli.out().flush();
    return ExitOk;
}
