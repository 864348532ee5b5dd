#include "app/cli/cli.h"
#include "app/composition/appcontext.h"

#include "net/credentialstore.h"
#include "platform/platform.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

// Reads one line from stdin; at a terminal the typing is not echoed.
QString readSecret(CliContext &cli, const QString &prompt)
{
    const bool terminal = platform::stdinIsTerminal();
    if (terminal) {
        cli.err() << prompt;
        cli.err().flush();
        platform::setStdinEcho(false);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (terminal) {
        platform::setStdinEcho(true);
        cli.err() << Qt::endl;
    }
    return line;
}

} // namespace

int runCredentialsCommand(CliContext &cli)
{
    const QString sub = cli.words().value(0);
    if (!((sub == QLatin1String("set") && cli.words().size() == 3) || (sub == QLatin1String("check") && cli.words().size() == 2)))
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl credentials set PROFILE KEY (the secret on stdin) | credentials check PROFILE"));
    const QString profileName = cli.words().at(1);
    if (sub == QLatin1String("set") && !CredentialStore::knownKeys().contains(cli.words().at(2)))
        return cli.usage(QCoreApplication::translate("Cli", "Unknown key \"%1\"; the keys are: %2")
                             .arg(cli.words().at(2), CredentialStore::knownKeys().join(QStringLiteral(", "))));
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    QString error;
    const auto profile = ctx->resolveProfile(profileName, &error);
    if (!profile) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    if (profile->kind == ProfileKind::Mock) {
        cli.out() << QCoreApplication::translate("Cli", "The mock profile uses fixed demo credentials; nothing is stored.") << Qt::endl;
        return ExitOk;
    }
    KeychainCredentialStore keychain;
    if (sub == QLatin1String("set")) {
        const QString key = cli.words().at(2);
        const QString value = readSecret(cli, QCoreApplication::translate("Cli", "%1 for %2: ").arg(key, profile->name));
        if (value.isEmpty())
            return cli.usage(QCoreApplication::translate("Cli", "No value was given on stdin; nothing changed."));
        if (!keychain.write(profile->name, key, value, &error)) {
            cli.err() << error << Qt::endl;
            return ExitConfig;
        }
        ctx->audit().record({0, {}, {}, QStringLiteral("credential_set"), profile->name, {}, key});
        cli.out() << QCoreApplication::translate("Cli", "%1 stored in the keychain for profile %2.").arg(key, profile->name) << Qt::endl;
        return ExitOk;
    }
    bool missing = false;
    for (const QString &key : CredentialStore::knownKeys()) {
        const auto value = keychain.read(profile->name, key, &error);
        if (!error.isEmpty()) {
            cli.err() << error << Qt::endl;
            return ExitConfig;
        }
        // Never the value: only whether it is there.
        cli.out() << key.leftJustified(24) << ' '
                  << (value ? QCoreApplication::translate("Cli", "present") : QCoreApplication::translate("Cli", "missing")) << '\n';
        missing = missing || !value;
    }
    cli.out().flush();
    return missing ? ExitConfig : ExitOk;
}
