#include "app/cli/cli.h"
#include "app/composition/appcontext.h"
#include "models/regioncodes.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// haierctl regions import FILE.csv | list [--search TEXT] [--json] | lookup PROVINCE CITY DISTRICT
int runRegionsCommand(CliContext &cli)
{
    const QStringList words = cli.words();
    const QString sub = words.value(0);
    const QString use = QCoreApplication::translate("Cli",
        "Use: haierctl regions import FILE.csv | list [--search TEXT] [--json] | lookup PROVINCE CITY DISTRICT");
    if (!(sub == QLatin1String("import") && words.size() == 2) && !(sub == QLatin1String("list") && words.size() == 1)
        && !(sub == QLatin1String("lookup") && words.size() == 4))
        return cli.usage(use);
    QByteArray csv;
    if (sub == QLatin1String("import")) {
        QFile file(words.at(1));
        if (!file.open(QIODevice::ReadOnly)) {
            cli.err() << QCoreApplication::translate("Cli", "Cannot read %1: %2").arg(words.at(1), file.errorString()) << Qt::endl;
            return ExitBadInput;
        }
        // Bounded: file.size() is 0 for /dev/zero or a pipe, which may never end.
        const qint64 limit = 16 * 1024 * 1024;
        csv = readAtMost(file, limit);
        if (csv.size() > limit) {
            cli.err() << QCoreApplication::translate("Cli", "%1 is larger than 16 MB; a county-code table is far smaller.").arg(words.at(1))
                      << Qt::endl;
            return ExitBadInput;
        }
    }
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    RegionCodes regions(ctx->db());
    QString error;
    if (sub == QLatin1String("import")) {
        const RegionCodes::ImportResult r = regions.importCsv(csv, &error);
        if (!r.problems.isEmpty()) {
            cli.err() << QCoreApplication::translate("Cli", "Nothing was imported:") << Qt::endl;
            for (const QString &p : r.problems)
                cli.err() << "  " << p << Qt::endl;
            return ExitBadInput;
        }
        if (!error.isEmpty()) {
            cli.err() << QCoreApplication::translate("Cli", "Nothing was imported: %1").arg(error) << Qt::endl;
            return ExitConfig;
        }
        ctx->audit().record({0, {}, {}, QStringLiteral("regions_import"), {}, {},
                             QStringLiteral("%1 added, %2 replaced from %3").arg(r.added).arg(r.replaced).arg(words.at(1))});
        cli.out() << QCoreApplication::translate("Cli", "%1 county codes added, %2 replaced.").arg(r.added).arg(r.replaced) << Qt::endl;
        return ExitOk;
    }
    if (sub == QLatin1String("lookup")) {
        const QString code = regions.lookup(words.at(1), words.at(2), words.at(3), &error);
        if (!error.isEmpty()) {
            cli.err() << error << Qt::endl;
            return ExitConfig;
        }
        if (code.isEmpty()) {
            cli.err() << QCoreApplication::translate("Cli", "No county code is known for %1 %2 %3; import one with `haierctl regions import`.")
                             .arg(words.at(1), words.at(2), words.at(3))
                      << Qt::endl;
            return ExitFailed;
        }
        cli.out() << code << Qt::endl;
        return ExitOk;
    }
    const QList<RegionCode> rows = regions.list(cli.args().value(QStringLiteral("search")), 100000, &error);
    if (!error.isEmpty()) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const RegionCode &r : rows)
            array.append(QJsonObject{{QStringLiteral("province"), r.province}, {QStringLiteral("city"), r.city},
                                     {QStringLiteral("district"), r.district}, {QStringLiteral("countyCode"), r.countyCode}});
        cli.out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    for (const RegionCode &r : rows)
        cli.out() << r.countyCode << '\t' << r.province << '\t' << r.city << '\t' << r.district << Qt::endl;
    return ExitOk;
}
