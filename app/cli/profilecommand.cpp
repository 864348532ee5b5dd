#include "app/cli/cli.h"
#include "app/composition/appcontext.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace {

int list(CliContext &cli, AppContext &ctx)
{
    QString error;
    const QString active = ctx.profiles().activeName(&error);
    const QList<Profile> profiles = ctx.profiles().list(&error);
    if (!error.isEmpty()) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    for (const Profile &p : profiles) {
        cli.out() << (p.name == active ? "* " : "  ") << p.name.leftJustified(20) << ' '
                  << profileKindName(p.kind).leftJustified(11) << ' ' << p.ylh.orderBaseUrl.toString() << '\n';
        for (const QString &w : p.warnings())
            cli.out() << "    ! " << w << '\n';
    }
    cli.out().flush();
    return ExitOk;
}

std::optional<Profile> named(CliContext &cli, AppContext &ctx, const QString &verb)
{
    if (cli.words().size() != 2) {
        cli.usage(QCoreApplication::translate("Cli", "Name one profile: haierctl profile %1 NAME").arg(verb));
        return std::nullopt;
    }
    QString error;
    auto p = ctx.resolveProfile(cli.words().at(1), &error);
    if (!p)
        cli.err() << error << Qt::endl;
    return p;
}

int importFile(CliContext &cli, AppContext &ctx)
{
    if (cli.words().size() != 2)
        return cli.usage(QCoreApplication::translate("Cli", "Name one file: haierctl profile import FILE.json"));
    QFile file(cli.words().at(1));
    if (!file.open(QIODevice::ReadOnly)) {
        cli.err() << QCoreApplication::translate("Cli", "Cannot read %1: %2").arg(file.fileName(), file.errorString()) << Qt::endl;
        return ExitBadInput;
    }
    // A profile is a few kilobytes: read at most 1 MB + 1 byte, so a huge file or an endless device
    // (/dev/zero, a pipe) is refused instead of filling the memory.
    const qint64 limit = 1024 * 1024;
    const QByteArray bytes = readAtMost(file, limit);
    if (bytes.size() > limit) {
        cli.err() << QCoreApplication::translate("Cli", "%1 is larger than 1 MB; a profile is a few kilobytes of JSON.").arg(file.fileName())
                  << Qt::endl;
        return ExitBadInput;
    }
    if (bytes.trimmed().isEmpty()) {
        cli.err() << QCoreApplication::translate("Cli", "%1 is empty; a profile is one JSON object.").arg(file.fileName()) << Qt::endl;
        return ExitBadInput;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        cli.err() << QCoreApplication::translate("Cli", "%1 is not a JSON object: %2 at offset %3")
                         .arg(file.fileName(), parseError.errorString())
                         .arg(parseError.offset)
                  << Qt::endl;
        return ExitBadInput;
    }
    if (!doc.isObject()) {
        // Valid JSON of another shape: the parser has no error to name, so say what was expected.
        cli.err() << QCoreApplication::translate("Cli", "%1 holds a JSON array or value, not an object; a profile is one JSON object {…}.")
                         .arg(file.fileName())
                  << Qt::endl;
        return ExitBadInput;
    }
    const QJsonObject object = doc.object();
    QString error;
    if (!object.contains(QStringLiteral("name"))) {
        cli.err() << QCoreApplication::translate("Cli", "%1: name: is required").arg(file.fileName()) << Qt::endl;
        return ExitBadInput;
    }
    if (!object.value(QStringLiteral("kind")).isString()) {
        cli.err() << QCoreApplication::translate("Cli", "%1: kind: is required (mock, test, pre or production)").arg(file.fileName()) << Qt::endl;
        return ExitBadInput;
    }
    const std::optional<Profile> profile = Profile::fromJson(object, &error);
    if (!profile) {
        cli.err() << QCoreApplication::translate("Cli", "%1: %2").arg(file.fileName(), error) << Qt::endl;
        return ExitBadInput;
    }
    // The kind is read and the profile written in one transaction, so a concurrent change cannot slip between.
    if (!ctx.db().beginWrite(&error)) {
        cli.err() << error << Qt::endl;
        return ExitFailed;
    }
    QSqlQuery stored(ctx.db().sql());
    stored.prepare(QStringLiteral("SELECT kind FROM console_profiles WHERE name = ?"));
    stored.addBindValue(profile->name);
    if (!stored.exec()) {
        cli.err() << sqlErrorText(stored.lastError()) << Qt::endl;
        ctx.db().sql().rollback();
        return ExitConfig;
    }
    const bool replacing = stored.next();
    const QString oldKind = replacing ? stored.value(0).toString() : QString();
    stored.finish();
    // A kind decides where pushes go, which credentials the receiver trusts and whether the profile writes
    // the shop's orders: an import never changes it by the way.
    const bool kindChanges = replacing && oldKind != profileKindName(profile->kind);
    if (kindChanges && !cli.args().isSet(QStringLiteral("change-kind"))) {
        cli.err() << QCoreApplication::translate("Cli", "Profile \"%1\" is a %2 profile and %3 would make it a %4 profile; "
                                                        "nothing was changed. Add --change-kind if that is what you want.")
                         .arg(profile->name, oldKind, file.fileName(), profileKindName(profile->kind))
                  << Qt::endl;
        ctx.db().sql().rollback();
        return ExitBadInput;
    }
    if (kindChanges && oldKind == profileKindName(ProfileKind::Production) && !cli.args().isSet(QStringLiteral("yes"))) {
        cli.err() << QCoreApplication::translate("Cli", "Profile \"%1\" is a production profile; turning it into a %2 profile also needs --yes. "
                                                        "Nothing was changed.")
                         .arg(profile->name, profileKindName(profile->kind))
                  << Qt::endl;
        ctx.db().sql().rollback();
        return ExitBadInput;
    }
    const bool saved = ctx.profiles().save(*profile, &error)
        && ctx.audit().record({0, {}, {}, QStringLiteral("profile_import"), profile->name, {},
                               replacing ? QStringLiteral("replaced") : QStringLiteral("added")}, &error)
        && (!kindChanges
            || ctx.audit().record({0, {}, {}, QStringLiteral("profile_kind_change"), profile->name, {},
                                   QStringLiteral("%1 → %2").arg(oldKind, profileKindName(profile->kind))}, &error));
    if (!saved || !ctx.db().sql().commit()) {
        if (error.isEmpty())
            error = sqlErrorText(ctx.db().sql().lastError());
        ctx.db().sql().rollback();
        cli.err() << error << Qt::endl;
        return ExitFailed;
    }
    if (kindChanges)
        cli.err() << QCoreApplication::translate("Cli", "Profile \"%1\" changed from %2 to %3.")
                         .arg(profile->name, oldKind, profileKindName(profile->kind))
                  << Qt::endl;
    cli.out() << (replacing ? QCoreApplication::translate("Cli", "Profile \"%1\" replaced.")
                            : QCoreApplication::translate("Cli", "Profile \"%1\" added."))
                     .arg(profile->name)
              << Qt::endl;
    for (const QString &w : profile->warnings())
        cli.err() << w << Qt::endl;
    return ExitOk;
}

} // namespace

int runProfileCommand(CliContext &cli)
{
    const QString sub = cli.words().value(0);
    const QStringList subs{QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("use"),
                           QStringLiteral("import"), QStringLiteral("export")};
    if (!subs.contains(sub))
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl profile list | show NAME | use NAME | import FILE.json | export NAME"));
    AppContext *ctx = cli.context();
    if (!ctx)
        return ExitConfig;
    if (sub == QLatin1String("list"))
        return list(cli, *ctx);
    if (sub == QLatin1String("import"))
        return importFile(cli, *ctx);

    const std::optional<Profile> profile = named(cli, *ctx, sub);
    if (!profile)
        return cli.words().size() != 2 ? ExitBadInput : ExitConfig;
    if (sub == QLatin1String("use")) {
        QString error;
        if (!ctx->profiles().setActive(profile->name, &error)) {
            cli.err() << error << Qt::endl;
            return ExitFailed;
        }
        ctx->audit().record({0, {}, {}, QStringLiteral("profile_use"), profile->name, {}, {}});
        cli.out() << QCoreApplication::translate("Cli", "Profile \"%1\" is now active.").arg(profile->name) << Qt::endl;
        for (const QString &w : profile->warnings())
            cli.err() << w << Qt::endl;
        return ExitOk;
    }
    // show and export print the import format; it never holds a secret (those live in the keychain).
    cli.out() << QString::fromUtf8(QJsonDocument(profile->toJson()).toJson(QJsonDocument::Indented));
    cli.out().flush();
    if (sub == QLatin1String("show")) {
        for (const QString &w : profile->warnings())
            cli.err() << w << Qt::endl;
    }
    return ExitOk;
}
