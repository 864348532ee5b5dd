#include "app/cli/cli.h"
#include "app/composition/appcontext.h"

#include "models/envbinding.h"

#include <QCoreApplication>

namespace {

// `db bind` prints which environment the database serves; `db bind KIND` changes it (audited).
int bindCommand(CliContext &cli, AppContext &ctx)
{
    if (cli.words().size() > 2)
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl db bind [production|pre|test|training]"));
    EnvBinding binding(ctx.db());
    QString error;
    if (cli.words().size() == 1) {
        const std::optional<DbBinding> recorded = binding.recorded(&error);
        if (!error.isEmpty()) {
            cli.err() << error << Qt::endl;
            return ExitConfig;
        }
        cli.out() << (recorded ? dbBindingName(*recorded) : dbBindingName(DbBinding::Production)) << Qt::endl;
        if (!recorded)
            cli.err() << QCoreApplication::translate("Cli", "This database is not bound; it serves production.") << Qt::endl;
        return ExitOk;
    }
    const std::optional<DbBinding> wanted = dbBindingFromName(cli.words().at(1));
    if (!wanted)
        return cli.usage(QCoreApplication::translate("Cli", "\"%1\" is not an environment; use production, pre, test or training.")
                             .arg(cli.words().at(1)));
    if (!binding.bind(*wanted, &error)) {
        cli.err() << QCoreApplication::translate("Cli", "Cannot bind the database: %1").arg(error) << Qt::endl;
        return ExitFailed;
    }
    cli.out() << (*wanted == DbBinding::Training
                      ? QCoreApplication::translate("Cli", "This database is now bound to training: every profile writes the shop's orders.")
                      : QCoreApplication::translate("Cli", "This database is now bound to %1: only %1 profiles write the shop's orders; "
                                                           "the others push as dry runs.").arg(dbBindingName(*wanted)))
              << Qt::endl;
    return ExitOk;
}

} // namespace

int runDbCommand(CliContext &cli)
{
    const QString sub = cli.words().value(0);
    if (sub != QLatin1String("migrate") && sub != QLatin1String("add-indexes") && sub != QLatin1String("bind"))
        return cli.usage(QCoreApplication::translate("Cli", "Use `haierctl db migrate`, `haierctl db add-indexes` or `haierctl db bind [ENVIRONMENT]`."));
    AppContext *ctx = cli.context(); // opening migrates
    if (!ctx)
        return ExitConfig;
    if (sub == QLatin1String("bind"))
        return bindCommand(cli, *ctx);
    if (sub == QLatin1String("add-indexes")) {
        QString error;
        if (!ctx->db().addShopIndexes(&error)) {
            cli.err() << QCoreApplication::translate("Cli", "Cannot add the indexes: %1").arg(error) << Qt::endl;
            return ExitFailed;
        }
        ctx->audit().record({0, {}, {}, QStringLiteral("db_add_indexes"), {}, {}, ctx->db().describe()});
        cli.out() << QCoreApplication::translate("Cli", "Search indexes are in place on the shop's order table.") << Qt::endl;
        return ExitOk;
    }
    cli.out() << QCoreApplication::translate("Cli", "Schema version %1 (%2)")
                     .arg(ctx->db().schemaVersion())
                     .arg(ctx->db().describe())
              << Qt::endl;
    return ExitOk;
}
