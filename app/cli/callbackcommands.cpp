// The callback receiver as a service, and the stored callbacks for staff and scripts.
#include "app/cli/cli.h"
#include "app/cli/clisession.h"
#include "app/composition/appcontext.h"

#include "models/callbackstore.h"
#include "models/clock.h"
#include "models/escaping.h"
#include "net/callbackserver.h"
#include "net/callbackworkers.h"
#include "net/credentialstore.h"
#include "platform/platform.h"
#include "net/httpserver.h"
#include "net/logging.h"
#include "models/databasechoice.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

// The receiver's secrets, for a desk's own receiver from the keychain of the desk's user, for a server's
// receiver (a system user without D-Bus or keyring) from systemd credentials: files named callback.secret
// and db.password in $CREDENTIALS_DIRECTORY (LoadCredential=). Never from argv or the environment.
std::optional<QString> readCredentialFile(const QString &directory, const QString &name, QString *error)
{
    QFile file(QDir(directory).filePath(name));
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("Cli", "The systemd credential %1 cannot be read: %2").arg(name, file.errorString());
        return std::nullopt;
    }
    QString value = QString::fromUtf8(file.read(64 * 1024));
    while (value.endsWith(QLatin1Char('\n')) || value.endsWith(QLatin1Char('\r')))
        value.chop(1);
    return value;
}

QString noSecretSentence(const QString &profile, const QString &why)
{
    QString text = QCoreApplication::translate(
        "Cli", "No callback secret for profile %1. A receiver running as a system service takes it from the systemd credential "
               "callback.secret (LoadCredential=callback.secret:PATH, and db.password for its database; see docs/deploy-callbacks.md); "
               "a receiver running as a desk's user takes it from that user's keychain (haierctl credentials set %1 callback.secret).")
                       .arg(profile);
    if (!why.isEmpty())
        text += QLatin1Char(' ') + QCoreApplication::translate("Cli", "The keychain said: %1").arg(why);
    return text;
}

int runServeCallbacksCommand(CliContext &cli)
{
    QString listen = cli.args().value(QStringLiteral("listen"));
    if (listen.isEmpty())
        listen = QStringLiteral("127.0.0.1:8089");
    const int colon = listen.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = listen.mid(colon + 1).toUInt(&portOk);
    const QHostAddress address(listen.left(colon));
    if (colon <= 0 || !portOk || port > 65535 || address.isNull())
        return cli.usage(QCoreApplication::translate("Cli", "--listen needs ADDRESS:PORT, e.g. 127.0.0.1:8089"));
    const QString workersText = cli.args().value(QStringLiteral("workers"));
    bool workersOk = true;
    const int workersWanted = workersText.isEmpty() ? 0 : workersText.toInt(&workersOk);
    if (!workersOk || (!workersText.isEmpty() && (workersWanted < 1 || workersWanted > 64)))
        return cli.usage(QCoreApplication::translate("Cli", "--workers needs a number from 1 to 64"));
    const QString perSourceText = cli.args().value(QStringLiteral("max-connections-per-source"));
    bool perSourceOk = true;
    const int perSource = perSourceText.isEmpty() ? 64 : perSourceText.toInt(&perSourceOk);
    if (!perSourceOk || perSource < 1 || perSource > 10000)
        return cli.usage(QCoreApplication::translate("Cli", "--max-connections-per-source needs a number from 1 to 10000"));

    // SIGTERM/SIGINT (Ctrl+C, console close on Windows) end the event loop, so "Stopped." is printed; a
    // receiver still waiting for its database stops too.
    bool stopRequested = false;
    QEventLoop *waitingLoop = nullptr;
    const platform::StopRequests stop([&stopRequested, &waitingLoop] {
        QMetaObject::invokeMethod(QCoreApplication::instance(), [&stopRequested, &waitingLoop] {
            stopRequested = true;
            if (waitingLoop)
                waitingLoop->quit();
            QCoreApplication::quit();
        }, Qt::QueuedConnection);
    });

    QString error;
    const QString credentials = qEnvironmentVariable("CREDENTIALS_DIRECTORY");
    std::optional<QString> fileSecret;
    QString dbPassword;
    if (!credentials.isEmpty()) {
        fileSecret = readCredentialFile(credentials, QStringLiteral("callback.secret"), &error);
        if (!error.isEmpty() || !fileSecret || fileSecret->isEmpty()) {
            cli.err() << (error.isEmpty() ? noSecretSentence(cli.profileOption().isEmpty() ? QStringLiteral("-") : cli.profileOption(), QString()) : error)
                      << Qt::endl;
            return ExitConfig;
        }
        dbPassword = readCredentialFile(credentials, QStringLiteral("db.password"), &error).value_or(QString());
        if (!error.isEmpty()) {
            cli.err() << error << Qt::endl;
            return ExitConfig;
        }
    }
    const DatabaseLocation where = DatabaseLocation::resolve(cli.dbLocation(), qEnvironmentVariable("CONSOLE_DB"), DatabaseChoice::load());
    if (credentials.isEmpty() && where.wantsStoredPassword) {
        KeychainCredentialStore keychain;
        dbPassword = keychain.read(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), &error).value_or(QString());
        if (!error.isEmpty()) {
            cli.err() << QCoreApplication::translate("AppContext", "The password of the chosen database could not be read from the keychain: %1")
                             .arg(error)
                      << Qt::endl;
            return ExitConfig;
        }
    }
    const bool postgres = where.location.startsWith(QLatin1String("postgres"), Qt::CaseInsensitive);
    std::unique_ptr<AppContext> ctx = AppContext::openResolved(where.location, dbPassword, &error);
    if (!ctx && !postgres) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    if (!ctx) {
        // PostgreSQL not there yet (the receiver started first, or the server is restarting): listen
        // anyway and answer 503, so that Haier retries, until it is.
        SystemClock clock;
        HttpServer waiting;
        waiting.setHandler([&clock](const HttpRequest &, HttpServer::Responder respond) {
            HttpResponse busy = HttpResponse::json(503, CallbackServer::answer(false, QStringLiteral("storage_unavailable"),
                                                                               QStringLiteral("The database is unreachable; retry later"), QString(),
                                                                               clock.nowUtc()));
            busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")});
            respond(busy);
        });
        if (!waiting.listen(address, quint16(port))) {
            cli.err() << QCoreApplication::translate("Cli", "Cannot listen on %1: %2").arg(listen, waiting.errorString()) << Qt::endl;
            return ExitConfig;
        }
        cli.err() << QCoreApplication::translate("Cli", "The database is unreachable (%1); answering 503 at %2 and retrying.").arg(error, listen)
                  << Qt::endl;
        qCWarning(lcCallback).noquote() << "database unreachable at start; answering 503 and retrying:" << error;
        QEventLoop loop;
        QTimer retry;
        retry.setSingleShot(true);
        int delayMs = 250;
        QObject::connect(&retry, &QTimer::timeout, &loop, [&] {
            ctx = AppContext::openResolved(where.location, dbPassword, &error);
            if (ctx)
                return loop.quit();
            delayMs = std::min(2000, delayMs * 2);
            retry.start(delayMs);
        });
        waitingLoop = &loop; // a stop request while waiting (QCoreApplication::quit does nothing before exec)
        retry.start(delayMs);
        if (!stopRequested)
            loop.exec();
        waitingLoop = nullptr;
        waiting.close();
        if (!ctx || stopRequested) {
            cli.out() << QCoreApplication::translate("Cli", "Stopped.") << Qt::endl;
            return ExitOk;
        }
        qCInfo(lcCallback) << "database reachable; receiving callbacks";
    }

    QString why;
    const auto profile = ctx->resolveProfile(cli.profileOption(), &why);
    if (!profile) {
        cli.err() << why << Qt::endl;
        return ExitConfig;
    }
    std::optional<QString> secret = fileSecret;
    if (!secret) {
        std::shared_ptr<CredentialStore> secrets = profile->kind == ProfileKind::Mock
            ? std::shared_ptr<CredentialStore>(std::make_shared<DemoCredentialStore>())
            : std::shared_ptr<CredentialStore>(std::make_shared<KeychainCredentialStore>());
        // Read once at start: a missing secret is a configuration error now, not a refusal per callback later.
        error.clear();
        secret = secrets->read(profile->name, QStringLiteral("callback.secret"), &error);
        if (!secret || secret->isEmpty()) {
            cli.err() << noSecretSentence(profile->name, error) << Qt::endl;
            return ExitConfig;
        }
    }
    // Only a mock profile trusts the public demo secret: anyone can sign with it.
    if (profile->kind != ProfileKind::Mock && *secret == DemoCredentialStore::value(QStringLiteral("callback.secret"))) {
        cli.err() << QCoreApplication::translate("Cli", "The callback.secret stored for %1 profile %2 is the public demo secret, which anyone "
                                                        "can sign with; store the secret Haier gave you: haierctl credentials set %2 callback.secret")
                         .arg(profileKindName(profile->kind), profile->name)
                  << Qt::endl;
        return ExitConfig;
    }
    if (profile->callback.appKey.isEmpty()) {
        cli.err() << QCoreApplication::translate("Cli", "Profile %1 has no callback.appKey.").arg(profile->name) << Qt::endl;
        return ExitConfig;
    }
    SystemClock clock;
    CallbackStore store(ctx->db());
    const QString value = *secret;
    CallbackServer server(store, *profile, [value](const QString &) { return std::optional<QString>(value); }, clock);
    server.setMaxConnectionsPerSource(perSource);
    // Several callbacks are stored at once, each thread with its own connection.
    const int workers = workersWanted > 0 ? workersWanted : CallbackWorkers::defaultCount(ctx->db().isPostgres());
    if (!server.setWorkers(workers, where.location, &error, dbPassword)) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    if (!server.listen(address, quint16(port))) {
        cli.err() << QCoreApplication::translate("Cli", "Cannot listen on %1: %2").arg(listen, server.errorString()) << Qt::endl;
        return ExitConfig;
    }
    QObject::connect(&server, &CallbackServer::callbackStored, &server, [&cli](const QString &outcome, const QString &order) {
        cli.err() << QStringLiteral("callback %1 %2").arg(Escaping::controls(outcome), order.isEmpty() ? QStringLiteral("-") : Escaping::controls(order))
                  << Qt::endl;
    });
    cli.out() << QCoreApplication::translate("Cli", "Receiving Haier callbacks for profile %1 at http://%2/haier/callback")
                     .arg(profile->name, listen) << Qt::endl;
    if (!stopRequested)
        QCoreApplication::exec();
    cli.out() << QCoreApplication::translate("Cli", "Stopped.") << Qt::endl;
    return ExitOk;
}

namespace {

// callbacks replay ID: a refused callback verified again under the profile as it is now (OrderActions).
int runReplay(CliContext &cli)
{
    bool ok = false;
    const qint64 id = cli.words().value(1).toLongLong(&ok);
    if (cli.words().size() != 2 || !ok || id <= 0)
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl callbacks replay ID (the id from haierctl callbacks --json)"));
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    const ActionResult r = actions->replayCallback(id);
    (r.ok() ? cli.out() : cli.err()) << Escaping::controls(r.message) << Qt::endl;
    return CliSession::exitFor(r);
}

} // namespace

int runCallbacksCommand(CliContext &cli)
{
    if (cli.words().value(0) == QLatin1String("replay"))
        return runReplay(cli);
    if (!cli.words().isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl callbacks [--order ORDER_NUMBER] [--json] | callbacks replay ID"));
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    QString error;
    const QList<CallbackRecord> rows = CallbackStore(ctx->db()).list(cli.args().value(QStringLiteral("order")), 100000, &error);
    if (!error.isEmpty()) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const CallbackRecord &r : rows) {
            array.append(QJsonObject{
                {QStringLiteral("id"), r.id}, {QStringLiteral("bodyTruncated"), r.bodyCut},
                {QStringLiteral("receivedAt"), QDateTime::fromMSecsSinceEpoch(r.receivedAt, QTimeZone::utc()).toString(Qt::ISODateWithMs)},
                {QStringLiteral("method"), r.method}, {QStringLiteral("platformOrderNo"), r.platformOrderNo},
                {QStringLiteral("orderNumber"), r.orderNumber.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.orderNumber)},
                {QStringLiteral("orphan"), r.valid && r.orderId == 0}, {QStringLiteral("valid"), r.valid},
                {QStringLiteral("state"), r.state}, {QStringLiteral("outcome"), r.outcome},
                {QStringLiteral("refusalCode"), r.refusalCode}, {QStringLiteral("reason"), r.refusalReason},
                {QStringLiteral("duplicates"), r.duplicateCount}, {QStringLiteral("extOrderNo"), r.extOrderNo},
                {QStringLiteral("failMsg"), r.failMsg}, {QStringLiteral("rawBody"), r.rawBody}});
        }
        cli.out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QTimeZone china(8 * 3600);
    // Refused callbacks hold whatever anyone sent: no field reaches the terminal with its control characters.
    const auto shown = [](const QString &text) { return Escaping::controls(text); };
    for (const CallbackRecord &r : rows) {
        // The id first: what `callbacks replay ID` takes.
        cli.out() << QString::number(r.id).rightJustified(6) << ' ' << QDateTime::fromMSecsSinceEpoch(r.receivedAt, china).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) << ' '
                  << shown(r.method).leftJustified(24) << ' '
                  << shown(r.orderNumber.isEmpty() ? (r.valid ? QStringLiteral("(orphan) ") + r.platformOrderNo : r.platformOrderNo) : r.orderNumber).leftJustified(22)
                  << ' ' << shown(r.outcome).leftJustified(10) << ' ' << (r.valid ? QString() : shown(r.refusalCode + QStringLiteral(": ") + r.refusalReason))
                  << (r.duplicateCount ? QStringLiteral(" (+%1 repeats)").arg(r.duplicateCount) : QString()) << '\n';
    }
    cli.out().flush();
    return ExitOk;
}
