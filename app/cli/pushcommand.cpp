#include "app/cli/cli.h"
#include "app/composition/appcontext.h"
#include "app/composition/backend.h"

#include "models/clock.h"
#include "models/envbinding.h"
#include "net/pushengine.h"
#include "platform/platform.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTextStream>

#include <cstdio>

namespace {

enum class Mode { Push, Retry, Resume };

// Production pushes need a deliberate step: --yes, or typing the profile's name at a terminal.
bool confirmed(CliContext &cli, const Profile &profile, int count)
{
    if (profile.kind != ProfileKind::Production || cli.args().isSet(QStringLiteral("yes")) || count == 0)
        return true;
    if (!platform::stdinIsTerminal()) {
        cli.err() << QCoreApplication::translate("Cli", "Pushing to production needs --yes when not run at a terminal.") << Qt::endl;
        return false;
    }
    cli.err() << QCoreApplication::translate("Cli", "Push %1 orders to PRODUCTION (profile %2)? Type the profile name to go on: ")
                     .arg(count).arg(profile.name);
    cli.err().flush();
    QTextStream in(stdin);
    return in.readLine().trimmed() == profile.name;
}

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
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    const std::optional<Profile> profile = cli.profile();
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

    SystemClock clock;
    // What a dead process left is always finished first, with its reserved soIds.
    QStringList resume = PushEngine::resumeCandidates(ctx->db(), profile->name, clock.nowUtc().toMSecsSinceEpoch(), &error);
    QStringList numbers;
    if (mode == Mode::Push && all) {
        numbers = PushEngine::allPaidCandidates(ctx->db(), profile->name, &error);
    } else if (mode == Mode::Retry && all) {
        QSet<QString> matching;
        const QString search = cli.args().value(QStringLiteral("search"));
        if (!search.isEmpty()) {
            OrderQuery q;
            q.search = search;
            for (const OrderSummary &s : ctx->orders().page(q, 0, 1000000))
                matching.insert(s.orderNumber);
        }
        for (const char *state : {"failed", "rejected"}) {
            for (const PushJobRecord &j : ctx->jobs().list(profile->name, QLatin1String(state), 1000000, &error)) {
                // A refusal after acceptance needs a deliberate re-push, not a retry.
                if (j.acceptedAt == 0 && (search.isEmpty() || matching.contains(j.orderNumber)))
                    numbers << j.orderNumber;
            }
        }
    } else {
        numbers = cli.words();
    }
    if (!error.isEmpty()) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    QList<PushRequest> requests;
    QSet<QString> seen;
    for (const QString &n : std::as_const(resume)) {
        if (!seen.contains(n)) {
            seen.insert(n);
            requests.append({n, false, true});
        }
    }
    if (mode != Mode::Resume) {
        for (const QString &n : std::as_const(numbers)) {
            if (!seen.contains(n)) {
                seen.insert(n);
                requests.append({n, newSoId, false, mode == Mode::Push && all});
            }
        }
    }
    if (!confirmed(cli, *profile, int(requests.size())))
        return ExitBadInput;

    int exitCode = ExitOk;
    std::unique_ptr<Backend> backend = Backend::create(*ctx, *profile, &error, &exitCode);
    if (!backend) {
        cli.err() << error << Qt::endl;
        return exitCode;
    }
    PushEngine engine(ctx->db(), *profile, backend->sender(), clock);
    engine.setAuditLog(&ctx->audit());
    engine.setStockChecker(&backend->stockChecker());
    if (concurrency > 0)
        engine.setConcurrency(concurrency);
    QEventLoop loop;
    QObject::connect(&engine, &PushEngine::progress, &loop, [&](int done, int total, const PushItemResult &r) {
        cli.err() << QStringLiteral("[%1/%2] %3 %4 %5").arg(done).arg(total).arg(r.orderNumber, r.state.isEmpty() ? r.kind : r.state, r.message)
                  << Qt::endl;
    });
    QObject::connect(&engine, &PushEngine::finished, &loop, &QEventLoop::quit);
    engine.start(requests);
    if (engine.isRunning())
        loop.exec();
    backend->drainCallbacks(5000); // the mock profile's confirmations arrive a moment after acceptance

    QJsonArray accepted, failed, refused;
    for (const PushItemResult &r : engine.results()) {
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
