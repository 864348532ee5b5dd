#include "app/composition/appcontext.h"
#include "app/composition/backend.h"
#include "app/composition/i18n.h"
#include "models/datalocation.h"
#include "models/clock.h"
#include "models/databasewatcher.h"
#include "net/logging.h"
#include "net/orderactions.h"
#include "net/credentialstore.h"
#include "net/ylhclient.h"
#include "ui/databasedialog.h"
#include "ui/firstrundialog.h"
#include "ui/mainwindow.h"
#include "ui/settingsdialog.h"
#include "ui/traynotifier.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QSettings>
#include <QStatusBar>
#include <QTextStream>
#include <QMessageBox>
#include <QThread>
#include <QTimer>

#include <vector>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    DataLocation::applyIdentity("haier-console");
    QGuiApplication::setDesktopFileName(QStringLiteral("haier-console"));
    app.setWindowIcon(QIcon(QStringLiteral(":/icons/haier-console.png")));
    // The language chosen in the settings (empty: the system's), applied at start.
    installTranslations(app, QSettings().value(QStringLiteral("language")).toString());
    Logging::install(QStringLiteral("haier-console"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Operator console for pushing orders to Haier."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QCoreApplication::translate("main", "SQLite file or postgresql:// URL."),
                                      QStringLiteral("URL_OR_PATH"));
    const QCommandLineOption profileOption(QStringLiteral("profile"), QCoreApplication::translate("main", "Profile to use."),
                                           QStringLiteral("NAME"));
    const QCommandLineOption pathsOption(QStringLiteral("print-paths"),
                                         QCoreApplication::translate("main", "Print the default database, log and settings locations, then quit."));
    parser.addOption(dbOption);
    parser.addOption(profileOption);
    parser.addOption(pathsOption);
    parser.process(app);
    if (parser.isSet(pathsOption)) {
        QTextStream(stdout) << DataLocation::pathsText(Logging::directory());
        return 0;
    }
    // A database an earlier version left in a folder of its own is moved here (or opened there).
    const QString adopted = DataLocation::adoptOldDatabase(parser.value(dbOption));
    if (!adopted.isEmpty())
        qCInfo(lcApp).noquote() << adopted;

    QString error;
    SystemClock clock; // the one "now" of the window, its actions and the stores
    // A PostgreSQL server that is away opens the window anyway: the banner says so and the watcher
    // below reconnects with back-off, then loads the window. Only a wrong location stops here.
    std::unique_ptr<AppContext> context = AppContext::openWaiting(parser.value(dbOption), &error);
    if (!context) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Cannot open the database"), error);
        return 3;
    }
    context->db().setClock(clock);
    const QString unreachableWhy = context->isLoaded() ? QString() : error;
    std::optional<Profile> profile;
    if (context->isLoaded()) {
        profile = context->resolveProfile(parser.value(profileOption), &error);
        if (!profile) {
            QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Unknown profile"), error);
            return 3;
        }
    } else {
        profile = Profile(); // no name: none yet; the real one once the database answers
    }
    // The network side is built on the first push, so opening the console never waits for the keychain.
    // A profile switch or edit in the settings builds a new one for the profile as it is now.
    std::unique_ptr<Backend> backend;
    std::vector<std::unique_ptr<Backend>> retired; // a push still running keeps using its own
    OrderActions actions(context->db(), clock, *profile, {});
    auto currentBackend = [&](QString *why) {
        const Profile &current = actions.profile();
        if (backend && backend->profile().name != current.name)
            retired.push_back(std::move(backend));
        if (!backend) {
            int code = 0;
            backend = Backend::create(*context, current, why, &code);
        }
        return backend.get();
    };
    actions.setServiceProvider([&](QString *why) -> OrderActions::Services {
        if (!currentBackend(why))
            return {};
        return {&backend->sender(), &backend->stockChecker(), &backend->ylh()};
    });
    // The open platform's questions (prices, balance) read its credentials on first use. A profile with
    // open-platform credentials but none for YLH still gets its answers, from a network side of its own.
    std::unique_ptr<Backend> openplatOnly;
    actions.setOpenPlatProvider([&](QString *why) -> OpenPlatClient * {
        QString ylhWhy;
        if (Backend *b = currentBackend(&ylhWhy))
            return b->openPlatform(why);
        const Profile &current = actions.profile();
        if (openplatOnly && openplatOnly->profile().name != current.name)
            retired.push_back(std::move(openplatOnly));
        if (!openplatOnly) {
            int code = 0;
            openplatOnly = Backend::create(*context, current, why, &code, Backend::OpenPlat);
        }
        return openplatOnly ? &openplatOnly->openplat() : nullptr;
    });
    MainWindow window(context->db(), context->orders(), actions);
    KeychainCredentialStore keychain;
    // A refused callback's replay: the profile's callback.secret (the mock profile's is the demo one).
    actions.setCallbackSecret([&keychain](const Profile &p, QString *why) -> std::optional<QString> {
        if (p.kind == ProfileKind::Mock)
            return DemoCredentialStore::value(QStringLiteral("callback.secret"));
        return keychain.read(p.name, QStringLiteral("callback.secret"), why);
    });
    window.setSettingsOpener([&](MainWindow *w) {
        SettingsDialog dialog(context->db(), keychain, w->profile().name, w);
        // "Test connection": a token with the stored credentials, through a client of its own.
        dialog.setConnectionTester([&](const Profile &p, std::function<void(bool, const QString &)> done) {
            QString why;
            int code = 0;
            std::shared_ptr<Backend> tester(Backend::create(*context, p, &why, &code, Backend::Ylh).release());
            if (!tester)
                return done(false, why);
            tester->ylh().checkSignIn([tester, done](const ApiResult &r) mutable {
                done(r.ok(), r.message);
                QTimer::singleShot(0, [tester] {}); // let go of the client after its answer is handled
            });
        });
        QObject::connect(&dialog, &SettingsDialog::activeProfileChanged, w, [&](const Profile &p) {
            retired.push_back(std::move(backend));
            retired.push_back(std::move(openplatOnly));
            w->setProfile(p);
        });
        QObject::connect(&dialog, &SettingsDialog::profileSaved, w, [&](const Profile &p) {
            if (p.name == w->profile().name) {
                retired.push_back(std::move(backend));
                retired.push_back(std::move(openplatOnly));
                w->setProfile(p);
            }
        });
        dialog.exec();
    });
    // File → Database…: stored for every program; the password only in the keychain.
    window.setDatabaseOpener([&](MainWindow *w) {
        DatabaseDialog dialog(keychain, w);
        dialog.setTester([](const DatabaseChoice &choice, const QString &password, QString *why) {
            return Database::open(choice.location(), why, password) != nullptr;
        });
        if (dialog.exec() == QDialog::Accepted)
            QMessageBox::information(w, QCoreApplication::translate("main", "Database"),
                QCoreApplication::translate("main", "%1 is used from the next start of the console, and by haierctl and the "
                                                    "receiver from their next start.").arg(dialog.choice().describe()));
    });
    if (!adopted.isEmpty())
        window.statusBar()->showMessage(adopted);
    // The connection is watched for as long as the window is open: lost, it is reopened with back-off.
    DatabaseWatcher watcher(context->db());
    watcher.setPreparation(context->consolePreparation(actions, parser.value(profileOption), [&](const QString &why) {
        QMessageBox::critical(&window, QCoreApplication::translate("main", "Unknown profile"), why);
        QCoreApplication::exit(3);
    }));
    window.setDatabaseWatcher(&watcher);
    // A new, empty database: offer training data or the shop's database (once it can be read).
    auto offerFirstRun = [&] {
        if (qEnvironmentVariable("CONSOLE_SCREENSHOT_DIR").isEmpty()) {
            QTimer::singleShot(0, &window, [&] {
                FirstRunDialog::offer(window, context->db(), [&] { window.findChild<QAction *>(QStringLiteral("databaseAction"))->trigger(); });
            });
        }
    };
    if (context->isLoaded()) {
        offerFirstRun();
    } else {
        auto offered = std::make_shared<QMetaObject::Connection>();
        *offered = QObject::connect(&watcher, &DatabaseWatcher::restored, &window, [offered, &offerFirstRun] {
            QObject::disconnect(*offered);
            offerFirstRun();
        });
    }
    // Minimised or hidden, the window still tells of new failures, overdue confirmations, refused callbacks.
    TrayNotifier tray(window, context->db(), clock, [&] { return actions.profile().name; },
                      [&] { return actions.profile().callback.confirmWithinMinutes; });
    window.show();
    watcher.start(unreachableWhy);
    // For docs/screenshots: grab the window once it has painted, then leave.
    const QString shotDir = qEnvironmentVariable("CONSOLE_SCREENSHOT_DIR");
    if (!shotDir.isEmpty()) {
        window.resize(1600, 960);
        QTimer::singleShot(1500, &window, [&window, shotDir] {
            const QList<QPair<MainWindow::Page, const char *>> pages{
                {MainWindow::Orders, "orders"}, {MainWindow::Failures, "failures"}, {MainWindow::Callbacks, "callbacks"},
                {MainWindow::SyncLog, "sync-log"}, {MainWindow::Dashboard, "dashboard"}, {MainWindow::Audit, "audit"}};
            for (const auto &[page, name] : pages) {
                window.showPage(page);
                QCoreApplication::processEvents();
                QThread::msleep(300);
                QCoreApplication::processEvents();
                window.grab().save(QDir(shotDir).filePath(QString::fromLatin1(name) + QStringLiteral(".png")));
            }
            QCoreApplication::quit();
        });
    }
    return app.exec();
}
