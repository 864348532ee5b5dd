#include "app/cli/cli.h"
#include "app/composition/i18n.h"
#include "net/logging.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The same application name as the console, so both use one app-data folder and database.
    QCoreApplication::setApplicationName(QStringLiteral("haier-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONSOLE_VERSION));
    installTranslations(app);
    Logging::install(QStringLiteral("haierctl"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = runCli(QCoreApplication::arguments(), out, err);
    out.flush();
    err.flush();
    return code;
}
