#include "app/cli/cli.h"
#include "app/composition/i18n.h"
#include "models/datalocation.h"
#include "net/logging.h"
#include "platform/platform.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The same identity as the console, so both use one app-data folder, database and settings.
    DataLocation::applyIdentity("haierctl");
    platform::useUtf8Console();
    installTranslations(app);
    Logging::install(QStringLiteral("haierctl"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    // A database an earlier version left in a folder of its own is moved here (or opened there).
    const QStringList arguments = QCoreApplication::arguments();
    QString db;
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--db"))
            db = arguments.value(i + 1);
        else if (arguments.at(i).startsWith(QLatin1String("--db=")))
            db = arguments.at(i).mid(5);
    }
    const QString adopted = DataLocation::adoptOldDatabase(db);
    if (!adopted.isEmpty()) {
        qCInfo(lcApp).noquote() << adopted;
        err << adopted << Qt::endl;
    }
    const int code = runCli(arguments, out, err);
    out.flush();
    err.flush();
    return code;
}
