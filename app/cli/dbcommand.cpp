#include "app/cli/cli.h"
#include "app/composition/appcontext.h"

#include <QCoreApplication>

int runDbCommand(CliContext &cli)
{
    const QString sub = cli.words().value(0);
    if (sub != QLatin1String("migrate") && sub != QLatin1String("add-indexes"))
        return cli.usage(QCoreApplication::translate("Cli", "Use `haierctl db migrate` or `haierctl db add-indexes`."));
    AppContext *ctx = cli.context(); // opening migrates
    if (!ctx)
        return ExitConfig;
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
