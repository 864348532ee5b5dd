#pragma once

#include <QString>

#include <optional>

// The database a desk chose in File → Database…: an SQLite file, or a PostgreSQL server by host,
// port, name and user. Stored in the console's settings file (ConsoleSettings), which the console,
// haierctl and the callback receiver all read. The PostgreSQL password is never part of it: it is
// kept in the keychain under credentialProfile()/passwordKey().
struct DatabaseChoice
{
    enum class Kind { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;
    QString sqlitePath; // absolute
    QString host;
    int port = 5432;
    QString name;
    QString user;

    // Empty when usable, else a sentence for the operator saying what to fix.
    QString problem() const;
    // What Database::open takes: the file path, or postgresql://user@host:port/name (no password).
    QString location() const;
    QString describe() const;
    bool operator==(const DatabaseChoice &other) const;

    // The stored choice, if one was made (and is still valid).
    static std::optional<DatabaseChoice> load();
    // Stores the choice; false with *error when invalid or the settings file cannot be written.
    static bool store(const DatabaseChoice &choice, QString *error);
    static bool forget(QString *error);

    // Where the PostgreSQL password lives in the credential store (not a profile any user can name).
    static QString credentialProfile() { return QStringLiteral("@database"); }
    static QString passwordKey() { return QStringLiteral("password"); }
};

// Which database a binary opens, strongest first: --db, then CONSOLE_DB, then the stored choice,
// then the default file (an empty location, which Database::open resolves).
struct DatabaseLocation
{
    enum class Source { CommandLine, Environment, StoredChoice, Default };
    QString location;
    Source source = Source::Default;
    // Set for a stored PostgreSQL choice: its password is read from the credential store.
    bool wantsStoredPassword = false;

    static DatabaseLocation resolve(const QString &commandLine, const QString &environment,
                                    const std::optional<DatabaseChoice> &stored);
};
