#include "app/cli/cli.h"
#include "app/composition/appcontext.h"

#include "models/demodata.h"
#include "models/envbinding.h"

#include <QCoreApplication>
#include <QElapsedTimer>

int runDemoDataCommand(CliContext &cli)
{
    bool ok = false;
    const qint64 orders = cli.args().value(QStringLiteral("orders")).toLongLong(&ok);
    if (!ok || orders < 1 || orders > 10000000)
        return cli.usage(QCoreApplication::translate("Cli", "--orders needs a whole number from 1 to 10000000."));
    quint32 seed = 1;
    if (cli.args().isSet(QStringLiteral("seed"))) {
        seed = cli.args().value(QStringLiteral("seed")).toUInt(&ok);
        if (!ok)
            return cli.usage(QCoreApplication::translate("Cli", "--seed needs a whole number from 0 to 4294967295."));
    }
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    QElapsedTimer timer;
    timer.start();
    DemoData demo(ctx->db());
    DemoData::Stats stats;
    QString error;
    // Made-up orders on a new database are for training: every profile may write them.
    bool bound = false;
    if (!EnvBinding(ctx->db()).bindIfFresh(DbBinding::Training, &bound, &error)) {
        cli.err() << QCoreApplication::translate("Cli", "Cannot bind the database: %1").arg(error) << Qt::endl;
        return ExitFailed;
    }
    if (bound)
        cli.err() << QCoreApplication::translate("Cli", "This new database is bound to training: every profile writes its orders.") << Qt::endl;
    const bool large = orders >= 100000;
    const bool done = demo.generate(orders, seed, &stats, &error, [&](qint64 written) {
        if (large && written % 100000 < 5000)
            cli.err() << QCoreApplication::translate("Cli", "%1 of %2 orders written").arg(written).arg(orders) << Qt::endl;
    });
    if (!done) {
        cli.err() << QCoreApplication::translate("Cli", "Demo data could not be written: %1").arg(error) << Qt::endl;
        return ExitFailed;
    }
    cli.out() << QCoreApplication::translate("Cli", "Added %1 orders with %2 order lines in %3 s (%4).")
                     .arg(stats.orders)
                     .arg(stats.lines)
                     .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
                     .arg(ctx->db().describe())
              << Qt::endl;
    return ExitOk;
}
