#include "app/cli/cli.h"
#include "app/cli/clisession.h"
#include "app/composition/appcontext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace {

QString localTime(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("-");
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(8 * 3600)).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString isoTime(qint64 ms)
{
    return ms <= 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

} // namespace

int runJobsCommand(CliContext &cli)
{
    const QString state = cli.args().value(QStringLiteral("state"));
    if (!state.isEmpty() && !jobStateFromName(state))
        return cli.usage(QCoreApplication::translate("Cli", "Unknown job state \"%1\".").arg(state));
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    const auto profile = cli.profile();
    if (!profile)
        return ExitConfig;
    QString error;
    const QList<PushJobRecord> jobs = ctx->jobs().list(profile->name, state, 100000, &error);
    if (!error.isEmpty()) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const PushJobRecord &j : jobs) {
            array.append(QJsonObject{{QStringLiteral("orderNumber"), j.orderNumber}, {QStringLiteral("soId"), j.soId},
                                     {QStringLiteral("state"), jobStateName(j.state)}, {QStringLiteral("kind"), j.lastKind},
                                     {QStringLiteral("change"), j.lastChange}, {QStringLiteral("push"), j.pushNo},
                                     {QStringLiteral("message"), j.lastMessage}, {QStringLiteral("attempts"), j.attemptCount},
                                     {QStringLiteral("profile"), j.profile}, {QStringLiteral("holder"), j.holder},
                                     {QStringLiteral("updatedAt"), isoTime(j.updatedAt)}});
        }
        cli.out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    for (const PushJobRecord &j : jobs) {
        cli.out() << j.orderNumber.leftJustified(20) << ' ' << j.soId.leftJustified(26) << ' ' << jobStateName(j.state).leftJustified(12)
                  << ' ' << QString::number(j.attemptCount).rightJustified(2) << ' ' << localTime(j.updatedAt) << "  "
                  << j.lastMessage << '\n';
    }
    cli.out().flush();
    return ExitOk;
}

int runAttemptsCommand(CliContext &cli)
{
    if (cli.words().size() != 1)
        return cli.usage(QCoreApplication::translate("Cli", "Name one order: haierctl attempts ORDER_NUMBER [--json]"));
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    const auto profile = cli.profile();
    if (!profile)
        return ExitConfig;
    const auto order = ctx->orders().loadByNumber(cli.words().constFirst());
    if (!order) {
        cli.err() << QCoreApplication::translate("Cli", "No order numbered \"%1\".").arg(cli.words().constFirst()) << Qt::endl;
        return ExitBadInput;
    }
    const auto job = ctx->jobs().findForOrder(profile->name, order->id);
    const QList<PushAttemptRecord> attempts = job ? ctx->jobs().attempts(job->id) : QList<PushAttemptRecord>();
    if (cli.args().isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const PushAttemptRecord &a : attempts) {
            array.append(QJsonObject{
                {QStringLiteral("attempt"), a.attemptNo}, {QStringLiteral("push"), a.pushNo}, {QStringLiteral("soId"), a.soId},
                {QStringLiteral("profile"), a.profile}, {QStringLiteral("operator"), a.operatorName},
                {QStringLiteral("startedAt"), isoTime(a.startedAt)}, {QStringLiteral("finishedAt"), isoTime(a.finishedAt)},
                {QStringLiteral("httpStatus"), a.httpStatus}, {QStringLiteral("latencyMs"), a.latencyMs},
                {QStringLiteral("kind"), a.kind}, {QStringLiteral("message"), a.message},
                {QStringLiteral("request"), QString::fromUtf8(a.requestBody)},
                {QStringLiteral("response"), QString::fromUtf8(a.responseBody)}});
        }
        cli.out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    if (!job) {
        cli.out() << QCoreApplication::translate("Cli", "%1 has not been pushed under profile %2.").arg(order->orderNumber, profile->name) << Qt::endl;
        return ExitOk;
    }
    cli.out() << QCoreApplication::translate("Cli", "%1  soId %2  state %3").arg(order->orderNumber, job->soId, jobStateName(job->state)) << '\n';
    for (const PushAttemptRecord &a : attempts) {
        cli.out() << '#' << a.attemptNo << ' ' << localTime(a.startedAt) << ' ' << a.kind.leftJustified(18) << ' '
                  << (a.httpStatus ? QString::number(a.httpStatus) : QStringLiteral("-")).leftJustified(4) << ' '
                  << QString::number(a.latencyMs).rightJustified(6) << "ms " << a.operatorName << "  " << a.message << '\n';
    }
    cli.out().flush();
    return ExitOk;
}

namespace {

// resolve and reopen: one order, a note, the decision recorded by OrderActions.
int decide(CliContext &cli, const QString &usage, QList<ActionResult> (OrderActions::*action)(const QStringList &, const QString &))
{
    const QString note = cli.args().value(QStringLiteral("note")).trimmed();
    if (cli.words().size() != 1 || note.isEmpty())
        return cli.usage(usage);
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    const ActionResult r = (actions->*action)(cli.words(), note).constFirst();
    if (!r.ok()) {
        cli.err() << r.message << Qt::endl;
        return CliSession::exitFor(r);
    }
    cli.out() << QCoreApplication::translate("Cli", "%1 is now %2.").arg(r.orderNumber, r.state) << Qt::endl;
    return ExitOk;
}

} // namespace

int runResolveCommand(CliContext &cli)
{
    return decide(cli, QCoreApplication::translate("Cli", "Use: haierctl resolve ORDER_NUMBER --note TEXT"), &OrderActions::resolve);
}

int runReopenCommand(CliContext &cli)
{
    return decide(cli, QCoreApplication::translate("Cli", "Use: haierctl reopen ORDER_NUMBER --note TEXT"), &OrderActions::reopen);
}
