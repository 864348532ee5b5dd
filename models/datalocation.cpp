#include "models/datalocation.h"

#include "models/database.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace DataLocation {

namespace {

QString binaryName;

// SQLite keeps a database in up to three files; they move together.
const char *const sqliteSuffixes[] = {"", "-wal", "-shm", "-journal"};

// The app-data folder as earlier versions of haierctl resolved it: the application name without the
// organisation.
QString oldDataFolder()
{
    const QString organisation = QCoreApplication::organizationName();
    QCoreApplication::setOrganizationName(QString());
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QCoreApplication::setOrganizationName(organisation);
    return folder;
}

} // namespace

void applyIdentity(const char *binary)
{
    binaryName = QString::fromUtf8(binary);
    QCoreApplication::setOrganizationName(QString::fromLatin1(organisationName));
    QCoreApplication::setApplicationName(QString::fromLatin1(applicationName));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONSOLE_VERSION));
}

QString versionLine()
{
    return QStringLiteral("%1 %2").arg(binaryName.isEmpty() ? QCoreApplication::applicationName() : binaryName,
                                       QStringLiteral(CONSOLE_VERSION));
}

QString dataFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString defaultDatabasePath()
{
    return Database::defaultSqlitePath();
}

QString defaultLogFolder()
{
    return QDir(dataFolder()).filePath(QStringLiteral("logs"));
}

QString pathsText(const QString &logFolder)
{
    return QStringLiteral("database: %1\nlogs: %2\nsettings: %3\n")
        .arg(QDir::toNativeSeparators(defaultDatabasePath()), QDir::toNativeSeparators(logFolder),
             QDir::toNativeSeparators(QSettings().fileName()));
}

QString adoptOldDatabase(const QString &explicitLocation)
{
    if (!explicitLocation.trimmed().isEmpty() || !qEnvironmentVariableIsEmpty("CONSOLE_DB"))
        return QString();
    const QString fileName = QFileInfo(defaultDatabasePath()).fileName();
    const QString oldFolder = oldDataFolder();
    const QString newFolder = QFileInfo(defaultDatabasePath()).absolutePath();
    if (oldFolder.isEmpty() || QDir(oldFolder) == QDir(newFolder))
        return QString();
    const QString oldPath = QDir(oldFolder).filePath(fileName);
    const QString newPath = defaultDatabasePath();
    if (!QFileInfo(oldPath).isFile())
        return QString();
    const QString oldShown = QDir::toNativeSeparators(oldPath);
    const QString newShown = QDir::toNativeSeparators(newPath);
    if (QFileInfo::exists(newPath)) {
        return QCoreApplication::translate("DataLocation",
            "An older database is still at %1; the one at %2 is used. To open the older one, start with --db %1.")
            .arg(oldShown, newShown);
    }
    // Every file of the database, or none: a half-moved database would lose what its journal holds.
    QStringList moved;
    bool ok = QDir().mkpath(newFolder);
    for (const char *suffix : sqliteSuffixes) {
        if (!ok)
            break;
        const QString from = oldPath + QString::fromLatin1(suffix);
        if (!QFileInfo::exists(from))
            continue;
        ok = QFile::rename(from, newPath + QString::fromLatin1(suffix));
        if (ok)
            moved << QString::fromLatin1(suffix);
    }
    if (ok) {
        return QCoreApplication::translate("DataLocation",
            "Moved the database from %1 to %2, the folder every program of the console now shares.")
            .arg(oldShown, newShown);
    }
    for (const QString &suffix : std::as_const(moved))
        QFile::rename(newPath + suffix, oldPath + suffix);
    qputenv("CONSOLE_DB", QFile::encodeName(oldPath)); // neither --db nor CONSOLE_DB was given
    return QCoreApplication::translate("DataLocation",
        "The database at %1 could not be moved to %2, so it is opened where it is.")
        .arg(oldShown, newShown);
}

} // namespace DataLocation
