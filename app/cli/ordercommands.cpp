// Follow-up actions on pushed orders: cancel, 改约, logistics, photos, and the sync log.
#include "app/cli/cli.h"
#include "app/cli/clisession.h"
#include "app/composition/appcontext.h"

#include "models/envbinding.h"
#include "models/escaping.h"
#include "models/synclogstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace {

// Runs one asynchronous action to its end.
template <typename Result, typename Start>
Result await(Start start)
{
    std::optional<Result> result;
    QEventLoop loop;
    start([&](const Result &r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

// Prints the action's sentence (to stdout when it was done) and gives the exit code.
int report(CliContext &cli, const ActionResult &r)
{
    (r.ok() ? cli.out() : cli.err()) << r.message << Qt::endl;
    return CliSession::exitFor(r);
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
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    const QList<ActionResult> results = await<QList<ActionResult>>([&](auto done) { actions->cancel(cli.words(), reason, done); });
    return report(cli, results.constFirst());
}

int runRescheduleCommand(CliContext &cli)
{
    const auto distribution = localDate(cli.args().value(QStringLiteral("distribution")));
    const auto install = localDate(cli.args().value(QStringLiteral("install")));
    if (cli.words().size() != 1 || !distribution || !install)
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl reschedule ORDER_NUMBER --distribution YYYY-MM-DD --install YYYY-MM-DD"));
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    return report(cli, await<ActionResult>([&](auto done) {
        actions->reschedule(cli.words().constFirst(), *distribution, *install, done);
    }));
}

int runPhotosCommand(CliContext &cli)
{
    if (cli.words().size() != 1)
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl photos ORDER_NUMBER"));
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    const ActionResult r = await<ActionResult>([&](auto done) { actions->photos(cli.words().constFirst(), done); });
    if (!r.ok())
        return report(cli, r);
    for (const QString &line : r.lines)
        cli.out() << line << '\n';
    cli.out().flush();
    return ExitOk;
}

int runLogisticsCommand(CliContext &cli)
{
    const bool all = cli.args().isSet(QStringLiteral("all-accepted"));
    if (cli.words().value(0) != QLatin1String("refresh") || all == (cli.words().size() > 1))
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl logistics refresh ORDER_NUMBER… | --all-accepted"));
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    const ActionResult r = await<ActionResult>([&](auto done) { actions->refreshLogistics(cli.words().mid(1), done); });
    if (r.skipped.isEmpty())
        return report(cli, r);
    // Orders named that cannot be asked about (no such order, no Haier order number): each said why, the
    // others were asked, and the exit says the input was partly bad.
    for (const QString &why : r.skipped)
        cli.err() << why << Qt::endl;
    if (r.ok())
        cli.out() << r.message << Qt::endl;
    return r.ok() || r.outcome == ActionResult::Outcome::Refused ? int(ExitBadInput) : CliSession::exitFor(r);
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
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    QString error;
    const QList<SyncLogEntry> rows = SyncLogStore(ctx->db()).recent(since, 100000, &error);
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
                  << Escaping::controls(e.orderNumber) << "  " << Escaping::controls(e.message) << '\n';
    }
    cli.out().flush();
    return ExitOk;
}
