#include "app/composition/appcontext.h"
#include "app/composition/backend.h"
#include "app/composition/i18n.h"
#include "net/logging.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QTimer>

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
    // The network side is built on the first push, so opening the console never waits for the keychain.
    std::unique_ptr<Backend> backend;
    auto senders = [&](QString *why) -> MainWindow::PushServices {
        if (!backend) {
            int code = 0;
            backend = Backend::create(*context, *profile, why, &code);
        }
        if (!backend)
            return {};
        return {&backend->sender(), &backend->stockChecker()};
    };
    MainWindow window(context->db(), context->orders(), *profile, senders);
    window.show();
    // For docs/screenshots: grab the window once it has painted, then leave.
    const QString shotDir = qEnvironmentVariable("CONSOLE_SCREENSHOT_DIR");
    if (!shotDir.isEmpty()) {
        QTimer::singleShot(1500, &window, [&window, shotDir] {
            window.grab().save(QDir(shotDir).filePath(QStringLiteral("orders.png")));
            QCoreApplication::quit();
        });
    }
    return app.exec();
}
