#include "app/cli/cli.h"
#include "app/cli/clisession.h"
#include "app/composition/appcontext.h"
#include "app/composition/backend.h"

#include "models/envbinding.h"
#include "net/orderactions.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

enum class Mode { Push, Retry, Resume };

QJsonObject itemJson(const PushItemResult &r)
{
    return QJsonObject{{QStringLiteral("orderNumber"), r.orderNumber},
                       {QStringLiteral("soId"), r.soId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.soId)},
                       {QStringLiteral("state"), r.state.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.state)},
                       {QStringLiteral("kind"), r.kind},
                       {QStringLiteral("message"), r.message}};
}

int run(CliContext &cli, Mode mode)
{
    const bool all = cli.args().isSet(QStringLiteral("all-paid")) || cli.args().isSet(QStringLiteral("failed"));
    const bool newSoId = cli.args().isSet(QStringLiteral("new-so-id"));
    if (mode == Mode::Push && all == !cli.words().isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Name orders or use --all-paid: haierctl push ORDER_NUMBER… | --all-paid"));
    if (mode == Mode::Retry && all == !cli.words().isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Name orders or use --failed: haierctl retry ORDER_NUMBER… | --failed"));
    if (newSoId && (cli.words().size() != 1 || !cli.args().isSet(QStringLiteral("yes"))))
        return cli.usage(QCoreApplication::translate("Cli", "A re-push with a new soId names one order and needs --yes."));
    int concurrency = 0;
    if (cli.args().isSet(QStringLiteral("concurrency"))) {
        bool ok = false;
        concurrency = cli.args().value(QStringLiteral("concurrency")).toInt(&ok);
        if (!ok || concurrency < 1 || concurrency > 64)
            return cli.usage(QCoreApplication::translate("Cli", "--concurrency needs a whole number from 1 to 64."));
    }
    CliSession &session = cli.session();
    AppContext *ctx = session.context();
    if (!ctx)
        return ExitConfig;
    const std::optional<Profile> profile = session.profile();
    if (!profile)
        return ExitConfig;
    QString error;
    // Named orders are checked before anything is resumed or sent: an unknown number is bad input (exit 2).
    if (!all && mode != Mode::Resume) {
        QStringList unknown;
        for (const QString &n : cli.words()) {
            if (!ctx->orders().loadByNumber(n, &error)) {
                if (!error.isEmpty()) {
                    cli.err() << error << Qt::endl;
                    return ExitConfig;
                }
                unknown << n;
            }
        }
        for (const QString &n : std::as_const(unknown))
            cli.err() << QCoreApplication::translate("Cli", "No order numbered \"%1\".").arg(n) << Qt::endl;
        if (!unknown.isEmpty())
            return ExitBadInput;
    }
    for (const QString &w : profile->warnings())
        cli.err() << w << Qt::endl;
    // A profile of another kind than the database serves pushes as a dry run (its own jobs only).
    const QString dryRun = EnvBinding(ctx->db()).dryRunNote(*profile);
    if (!dryRun.isEmpty())
        cli.err() << dryRun << Qt::endl;

    using PlanMode = OrderActions::PushPlan::Mode;
    OrderActions::PushPlan plan;
    plan.mode = mode == Mode::Resume ? PlanMode::Resume
        : mode == Mode::Retry       ? (all ? PlanMode::RetryFailed : PlanMode::Retry)
        : newSoId                   ? PlanMode::NewSoId
        : all                       ? PlanMode::AllPaid
                                    : PlanMode::Push;
    plan.orderNumbers = all ? QStringList() : cli.words();
    plan.search = cli.args().value(QStringLiteral("search"));
    plan.resumeFirst = true; // what a dead process left is always finished first, with its reserved soIds
    plan.concurrency = concurrency;
    plan.confirmed = cli.args().isSet(QStringLiteral("yes"));

    OrderActions *actions = session.actions();
    if (!actions)
        return session.exitCode();
    QEventLoop loop;
    QList<PushItemResult> results;
    bool finished = false;
    QObject::connect(actions, &OrderActions::pushStarted, &loop, [&](PushEngine *engine) {
        QObject::connect(engine, &PushEngine::progress, &loop, [&](int done, int total, const PushItemResult &r) {
            cli.err() << QStringLiteral("[%1/%2] %3 %4 %5").arg(done).arg(total).arg(r.orderNumber, r.state.isEmpty() ? r.kind : r.state, r.message)
                      << Qt::endl;
        });
    });
    QObject::connect(actions, &OrderActions::pushFinished, &loop, [&](const QList<PushItemResult> &run) {
        results = run;
        finished = true;
        loop.quit();
    });
    int exitCode = ExitOk;
    if (!actions->startPush(plan, &error, &exitCode)) {
        if (!error.isEmpty())
            cli.err() << error << Qt::endl;
        return exitCode;
    }
    if (!finished)
        loop.exec();
    if (Backend *backend = session.openedBackend())
        backend->drainCallbacks(5000); // the mock profile's confirmations arrive a moment after acceptance

    QJsonArray accepted, failed, refused;
    for (const PushItemResult &r : std::as_const(results)) {
        switch (r.bucket) {
        case PushItemResult::Bucket::Accepted: accepted.append(itemJson(r)); break;
        case PushItemResult::Bucket::Failed: failed.append(itemJson(r)); break;
        case PushItemResult::Bucket::Refused: refused.append(itemJson(r)); break;
        }
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        cli.out() << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("accepted"), accepted},
                                                                 {QStringLiteral("failed"), failed},
                                                                 {QStringLiteral("refused"), refused},
                                                                 {QStringLiteral("dryRun"), !dryRun.isEmpty()}})
                                           .toJson(QJsonDocument::Indented));
    } else {
        cli.out() << QCoreApplication::translate("Cli", "Accepted %1, failed %2, refused %3 (profile %4).")
                         .arg(accepted.size()).arg(failed.size()).arg(refused.size()).arg(profile->name)
                  << Qt::endl;
        if (!dryRun.isEmpty())
            cli.out() << dryRun << Qt::endl;
        for (const QJsonArray *list : {&failed, &refused}) {
            for (const QJsonValue &v : *list) {
                const QJsonObject o = v.toObject();
                cli.out() << "  " << o.value(QStringLiteral("orderNumber")).toString() << ": "
                          << o.value(QStringLiteral("message")).toString() << '\n';
            }
        }
        cli.out().flush();
    }
    return (failed.isEmpty() && refused.isEmpty()) ? ExitOk : ExitFailed;
}

} // namespace

int runPushCommand(CliContext &cli) { return run(cli, Mode::Push); }
int runRetryCommand(CliContext &cli) { return run(cli, Mode::Retry); }
int runResumeCommand(CliContext &cli) { return run(cli, Mode::Resume); }
