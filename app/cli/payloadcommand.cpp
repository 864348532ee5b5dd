#include "app/cli/cli.h"
#include "app/composition/appcontext.h"

#include "models/envbinding.h"
#include "models/payloadmapper.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace {

// Terminal columns a string takes: CJK and full-width characters take two.
int displayWidth(const QString &s)
{
    int width = 0;
    for (const QChar c : s) {
        const ushort u = c.unicode();
        width += (u >= 0x1100 && (u <= 0x115f || (u >= 0x2e80 && u <= 0xa4cf) || (u >= 0xac00 && u <= 0xd7a3)
                                  || (u >= 0xf900 && u <= 0xfaff) || (u >= 0xfe30 && u <= 0xfe4f)
                                  || (u >= 0xff00 && u <= 0xff60) || (u >= 0xffe0 && u <= 0xffe6)))
                     ? 2 : 1;
    }
    return width;
}

QString pad(const QString &s, int width)
{
    return s + QString(qMax(0, width - displayWidth(s)), QLatin1Char(' '));
}

} // namespace

int runPayloadCommand(CliContext &cli)
{
    if (cli.words().size() != 1)
        return cli.usage(QCoreApplication::translate("Cli", "Name one order: haierctl payload ORDER_NUMBER [--json]"));
    const QString number = cli.words().constFirst();
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    const std::optional<Profile> profile = cli.profile();
    if (!profile)
        return ExitConfig;
    QString error;
    const std::optional<Order> order = ctx->orders().loadByNumber(number, &error);
    if (!order) {
        if (!error.isEmpty()) {
            cli.err() << QCoreApplication::translate("Cli", "Cannot read the order: %1").arg(error) << Qt::endl;
            return ExitConfig;
        }
        cli.err() << QCoreApplication::translate("Cli", "No order numbered \"%1\".").arg(number) << Qt::endl;
        return ExitBadInput;
    }
    // A job already holds the soId to reuse; otherwise the order's default one.
    const auto job = ctx->jobs().findForOrder(profile->name, order->id);
    PushContext pushContext;
    // Already pushed: this profile's job, or the job of the environment the database serves (domain.md).
    EnvBinding binding(ctx->db());
    pushContext.hasJob = job.has_value() || binding.hasJob(order->id);
    pushContext.jobAccepted = (job && isAlreadyPushed(job->state)) || binding.pushedJob(order->id).has_value();
    const MappingResult result = PayloadMapper::map(*order, *profile, job ? job->soId : QString(), pushContext);
    if (!result.ok()) {
        for (const MappingProblem &p : result.problems)
            cli.err() << p.message << Qt::endl;
        return ExitBadInput;
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        cli.out() << QString::fromUtf8(QJsonDocument(result.payload).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QString localHeader = QCoreApplication::translate("Cli", "Local field");
    const QString haierHeader = QCoreApplication::translate("Cli", "Haier field");
    const QString valueHeader = QCoreApplication::translate("Cli", "Value");
    int localWidth = displayWidth(localHeader);
    int haierWidth = displayWidth(haierHeader);
    for (const MappingRow &row : result.rows) {
        localWidth = qMax(localWidth, displayWidth(row.localField));
        haierWidth = qMax(haierWidth, displayWidth(row.haierField));
    }
    cli.out() << QCoreApplication::translate("Cli", "Order %1 → soId %2 (profile %3)")
                     .arg(order->orderNumber, result.soId, profile->name)
              << '\n';
    for (const QString &warning : profile->warnings())
        cli.err() << warning << Qt::endl;
    const QString dryRun = binding.dryRunNote(*profile);
    if (!dryRun.isEmpty())
        cli.out() << dryRun << '\n';
    cli.out() << pad(localHeader, localWidth) << "  " << pad(haierHeader, haierWidth) << "  " << valueHeader << '\n';
    cli.out() << QString(localWidth, QLatin1Char('-')) << "  " << QString(haierWidth, QLatin1Char('-')) << "  "
              << QString(displayWidth(valueHeader), QLatin1Char('-')) << '\n';
    for (const MappingRow &row : result.rows)
        cli.out() << pad(row.localField, localWidth) << "  " << pad(row.haierField, haierWidth) << "  " << row.value << '\n';
    cli.out().flush();
    return ExitOk;
}
