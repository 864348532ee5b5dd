#include "models/databasechoice.h"

#include "models/consolesettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace {

const QString kindKey = QStringLiteral("database/kind");
const QString pathKey = QStringLiteral("database/sqlitePath");
const QString hostKey = QStringLiteral("database/host");
const QString portKey = QStringLiteral("database/port");
const QString nameKey = QStringLiteral("database/name");
const QString userKey = QStringLiteral("database/user");

bool plainName(const QString &value)
{
    // Host, database and user names go into a URL and a libpq connection: no spaces, no URL syntax.
    for (const QChar c : value) {
        if (c.isSpace() || QStringLiteral("/?#@:%\\'\"").contains(c))
            return false;
    }
    return true;
}

} // namespace

QString DatabaseChoice::problem() const
{
    if (kind == Kind::Sqlite) {
        if (sqlitePath.trimmed().isEmpty())
            return QCoreApplication::translate("DatabaseChoice", "Choose the SQLite file to use.");
        if (QFileInfo(sqlitePath).isRelative())
            return QCoreApplication::translate("DatabaseChoice", "Give the SQLite file with its full path, so every program finds the same file.");
        if (QFileInfo(sqlitePath).isDir())
            return QCoreApplication::translate("DatabaseChoice", "%1 is a folder; choose a file in it.").arg(sqlitePath);
        return QString();
    }
    if (host.trimmed().isEmpty())
        return QCoreApplication::translate("DatabaseChoice", "Enter the PostgreSQL server's host name or address.");
    if (!plainName(host.trimmed()) && !(host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))))
        return QCoreApplication::translate("DatabaseChoice", "The host \"%1\" is not a host name or address.").arg(host);
    if (port < 1 || port > 65535)
        return QCoreApplication::translate("DatabaseChoice", "The port must be a number from 1 to 65535.");
    if (name.trimmed().isEmpty())
        return QCoreApplication::translate("DatabaseChoice", "Enter the name of the shop's database.");
    if (!plainName(name.trimmed()))
        return QCoreApplication::translate("DatabaseChoice", "The database name \"%1\" may not contain spaces or any of / ? # @ : %.").arg(name);
    if (user.trimmed().isEmpty())
        return QCoreApplication::translate("DatabaseChoice", "Enter the PostgreSQL user name.");
    if (!plainName(user.trimmed()))
        return QCoreApplication::translate("DatabaseChoice", "The user name \"%1\" may not contain spaces or any of / ? # @ : %.").arg(user);
    return QString();
}

bool DatabaseChoice::operator==(const DatabaseChoice &other) const
{
    return kind == other.kind && sqlitePath == other.sqlitePath && host == other.host && port == other.port && name == other.name
        && user == other.user;
}

QString DatabaseChoice::location() const
{
    if (kind == Kind::Sqlite)
        return QDir::cleanPath(sqlitePath.trimmed());
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host.trimmed());
    url.setPort(port);
    url.setUserName(user.trimmed());
    url.setPath(QLatin1Char('/') + name.trimmed());
    return url.toString();
}

QString DatabaseChoice::describe() const
{
    if (kind == Kind::Sqlite)
        return QCoreApplication::translate("DatabaseChoice", "SQLite file %1").arg(QDir::toNativeSeparators(location()));
    return QCoreApplication::translate("DatabaseChoice", "PostgreSQL database %1 on %2:%3 as %4").arg(name.trimmed(), host.trimmed()).arg(port).arg(user.trimmed());
}

std::optional<DatabaseChoice> DatabaseChoice::load()
{
    const auto settings = ConsoleSettings::open();
    const QString kind = settings->value(kindKey).toString();
    DatabaseChoice choice;
    if (kind == QLatin1String("sqlite")) {
        choice.kind = Kind::Sqlite;
        choice.sqlitePath = settings->value(pathKey).toString();
    } else if (kind == QLatin1String("postgresql")) {
        choice.kind = Kind::Postgres;
        choice.host = settings->value(hostKey).toString();
        choice.port = settings->value(portKey, 5432).toInt();
        choice.name = settings->value(nameKey).toString();
        choice.user = settings->value(userKey).toString();
    } else {
        return std::nullopt;
    }
    if (!choice.problem().isEmpty())
        return std::nullopt;
    return choice;
}

bool DatabaseChoice::store(const DatabaseChoice &choice, QString *error)
{
    const QString why = choice.problem();
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    const auto settings = ConsoleSettings::open();
    for (const QString &key : {kindKey, pathKey, hostKey, portKey, nameKey, userKey})
        settings->remove(key);
    if (choice.kind == Kind::Sqlite) {
        settings->setValue(kindKey, QStringLiteral("sqlite"));
        settings->setValue(pathKey, choice.location());
    } else {
        settings->setValue(kindKey, QStringLiteral("postgresql"));
        settings->setValue(hostKey, choice.host.trimmed());
        settings->setValue(portKey, choice.port);
        settings->setValue(nameKey, choice.name.trimmed());
        settings->setValue(userKey, choice.user.trimmed());
    }
    settings->sync();
    if (settings->status() != QSettings::NoError) {
        if (error)
            *error = QCoreApplication::translate("DatabaseChoice", "The settings file %1 could not be written.").arg(settings->fileName());
        return false;
    }
    return true;
}

bool DatabaseChoice::forget(QString *error)
{
    const auto settings = ConsoleSettings::open();
    for (const QString &key : {kindKey, pathKey, hostKey, portKey, nameKey, userKey})
        settings->remove(key);
    settings->sync();
    if (settings->status() != QSettings::NoError) {
        if (error)
            *error = QCoreApplication::translate("DatabaseChoice", "The settings file %1 could not be written.").arg(settings->fileName());
        return false;
    }
    return true;
}

DatabaseLocation DatabaseLocation::resolve(const QString &commandLine, const QString &environment,
                                           const std::optional<DatabaseChoice> &stored)
{
    if (!commandLine.trimmed().isEmpty())
        return {commandLine.trimmed(), Source::CommandLine, false};
    if (!environment.trimmed().isEmpty())
        return {environment.trimmed(), Source::Environment, false};
    if (stored)
        return {stored->location(), Source::StoredChoice, stored->kind == DatabaseChoice::Kind::Postgres};
    return {QString(), Source::Default, false};
}
