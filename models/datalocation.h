#pragma once

#include <QString>

// Where every program of the console keeps its data. The console, haierctl and ylh-sim all call
// applyIdentity() first thing in main(), so Qt resolves one organisation/application pair for all of
// them: one app-data folder (default database, logs) and one settings file.
namespace DataLocation {

// The organisation and application names every binary shares (also the settings file's name).
inline constexpr char organisationName[] = "haier-console";
inline constexpr char applicationName[] = "haier-console";

// Sets the shared names and the version; `binary` is the executable's own name, used by versionLine().
void applyIdentity(const char *binary);
// "<binary> <version>", what every binary's --version prints.
QString versionLine();
// The app-data folder, the default database in it, and the default log folder.
QString dataFolder();
QString defaultDatabasePath();
QString defaultLogFolder();
// What --print-paths prints: one "name: path" line each for the database, the logs and the settings,
// with `logFolder` the folder the logs actually go to.
QString pathsText(const QString &logFolder);

// Earlier versions kept haierctl's database in a folder of its own (the app-data folder without the
// organisation). When one is still there and the shared folder has none, it is moved into the shared
// folder; when it cannot be moved it is opened where it is (through CONSOLE_DB, unless that or --db is
// given); when both exist the shared one is used and the old one left alone. Returns the sentence that
// says which (empty when there was nothing to do); call after applyIdentity(). Does nothing when the
// default database is not the one to be opened: `explicitLocation` (--db) or CONSOLE_DB is given.
QString adoptOldDatabase(const QString &explicitLocation);

} // namespace DataLocation
