// The callback receiver as a service, and the stored callbacks for staff and scripts.
#include "app/cli/cli.h"
#include "app/composition/appcontext.h"

#include "models/callbackstore.h"
#include "models/clock.h"
#include "models/escaping.h"
#include "net/callbackserver.h"
#include "net/credentialstore.h"
#include "platform/platform.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

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
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    const auto profile = cli.profile();
    if (!profile)
        return ExitConfig;
    QString error;
    std::shared_ptr<CredentialStore> secrets = profile->kind == ProfileKind::Mock
        ? std::shared_ptr<CredentialStore>(std::make_shared<DemoCredentialStore>())
        : std::shared_ptr<CredentialStore>(std::make_shared<KeychainCredentialStore>());
    // Read once at start: a missing secret is a configuration error now, not a refusal per callback later.
    const auto secret = secrets->read(profile->name, QStringLiteral("callback.secret"), &error);
    if (!secret) {
        cli.err() << (error.isEmpty() ? CredentialStore::missingMessage(profile->name, QStringLiteral("callback.secret")) : error) << Qt::endl;
        return ExitConfig;
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
    // Several callbacks are stored at once, each thread with its own connection; SQLite has one writer at a time.
    const QString workersText = cli.args().value(QStringLiteral("workers"));
    bool workersOk = true;
    const int workers = workersText.isEmpty() ? (ctx->db().isPostgres() ? 8 : 1) : workersText.toInt(&workersOk);
    if (!workersOk || workers < 1 || workers > 64)
        return cli.usage(QCoreApplication::translate("Cli", "--workers needs a number from 1 to 64"));
    if (!server.setWorkers(workers, cli.dbLocation(), &error)) {
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
    // SIGTERM/SIGINT (Ctrl+C, console close on Windows) end the event loop, so "Stopped." is printed.
    const platform::StopRequests stop([] {
        QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
    });
    cli.out() << QCoreApplication::translate("Cli", "Receiving Haier callbacks for profile %1 at http://%2/haier/callback")
                     .arg(profile->name, listen) << Qt::endl;
    QCoreApplication::exec();
    cli.out() << QCoreApplication::translate("Cli", "Stopped.") << Qt::endl;
    return ExitOk;
}

int runCallbacksCommand(CliContext &cli)
{
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
        cli.out() << QDateTime::fromMSecsSinceEpoch(r.receivedAt, china).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) << ' '
                  << shown(r.method).leftJustified(24) << ' '
                  << shown(r.orderNumber.isEmpty() ? (r.valid ? QStringLiteral("(orphan) ") + r.platformOrderNo : r.platformOrderNo) : r.orderNumber).leftJustified(22)
                  << ' ' << shown(r.outcome).leftJustified(10) << ' ' << (r.valid ? QString() : shown(r.refusalCode + QStringLiteral(": ") + r.refusalReason))
                  << (r.duplicateCount ? QStringLiteral(" (+%1 repeats)").arg(r.duplicateCount) : QString()) << '\n';
    }
    cli.out().flush();
    return ExitOk;
}
