#include "app/composition/appcontext.h"
#include "app/composition/i18n.h"
#include "net/logging.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("haier-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONSOLE_VERSION));
    installTranslations(app);
    Logging::install(QStringLiteral("haier-console"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Operator console for pushing orders to Haier."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QCoreApplication::translate("main", "SQLite file or postgresql:// URL."),
                                      QStringLiteral("URL_OR_PATH"));
    const QCommandLineOption profileOption(QStringLiteral("profile"), QCoreApplication::translate("main", "Profile to use."),
                                           QStringLiteral("NAME"));
    parser.addOption(dbOption);
    parser.addOption(profileOption);
    parser.process(app);

    QString error;
    std::unique_ptr<AppContext> context = AppContext::open(parser.value(dbOption), &error);
    if (!context) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Cannot open the database"), error);
        return 3;
    }
    const std::optional<Profile> profile = context->resolveProfile(parser.value(profileOption), &error);
    if (!profile) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Unknown profile"), error);
        return 3;
    }
    MainWindow window(context->orders(), *profile, context->db().describe());
    window.show();
    return app.exec();
}
