#pragma once

#include "models/clock.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <memory>
#include <unordered_map>

class QSqlQuery;

// One open connection to the console's database (SQLite file or PostgreSQL), owned by one thread.
// The shop's tables and the console's own `console_*` tables live side by side (domain.md).
class Database final
{
public:
    enum class Dialect { Sqlite, Postgres };
    static constexpr int SchemaVersion = 11;

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // `location`: empty (the CONSOLE_DB environment variable, else the SQLite file in the platform's
    // app-data folder), a file path or `sqlite:PATH`, or `postgresql://user:password@host:port/dbname`
    // (parts left out come from the PG* environment variables, as libpq reads them).
    // Returns null and sets *error (a sentence for the operator, never containing the password).
    // `password`, when given, is used for a PostgreSQL URL that carries none (from the keychain).
    static std::unique_ptr<Database> open(const QString &location, QString *error, const QString &password = QString());
    // The same, except that a PostgreSQL server that cannot be reached now (down, restarting) still gives
    // a Database: not reachable, with *error saying why, to be opened later by reconnect(). Errors in
    // the location itself (a bad URL, no driver, an SQLite file that cannot be created) still give null.
    static std::unique_ptr<Database> openOrDefer(const QString &location, QString *error, const QString &password = QString());
    static QString defaultSqlitePath();

    QSqlDatabase &sql() { return m_db; }
    // "Now" for what the stores over this connection stamp (the system clock unless the composition root
    // or a test gives its own, which must outlive the connection).
    const Clock &clock() const { return *m_clock; }
    void setClock(const Clock &clock) { m_clock = &clock; }
    Dialect dialect() const { return m_dialect; }
    bool isPostgres() const { return m_dialect == Dialect::Postgres; }
    QString describe() const; // "SQLite /path" or "PostgreSQL host:port/db" — no password

    // Whether the connection answered when last asked (ping(), reconnect(), or a deferred open).
    bool isReachable() const { return m_reachable; }
    // Asks the server (PostgreSQL) or reads the file's schema (SQLite, so that an I/O error shows);
    // remembers the answer for isReachable().
    bool ping();
    // Closes the connection and opens it again with the same settings (everything holding this
    // Database keeps working with the new connection). A transaction left open by the old one is gone.
    bool reconnect(QString *error);
    // The sentence an action shows while the database cannot be reached.
    static QString unreachableMessage();
    // Counts the reconnects, so that whoever keeps state in the connection (a LISTEN) sees one it missed.
    int generation() const { return m_generation; }

    // Creates or upgrades the schema; several processes may call it at once. Returns the version,
    // or -1 with *error set.
    int migrate(QString *error);
    int schemaVersion();
    // Whether this database's shop tables were created by the console (and may be indexed freely).
    bool ownsShopTables();
    // Adds the search/paging indexes to the shop tables (an explicit admin command elsewhere).
    bool addShopIndexes(QString *error);

    // Times in shop tables: timestamptz on PostgreSQL, ISO text in UTC on SQLite (Django's layout).
    QVariant timeToDb(const QDateTime &utc) const;
    static QDateTime timeFromDb(const QVariant &value);
    QVariant boolToDb(bool value) const;

    // Starts a transaction that will write. On SQLite it takes the write lock at once (BEGIN IMMEDIATE):
    // a transaction that reads first and writes later fails at once with SQLITE_BUSY when another process
    // wrote in between, without waiting. Finish with sql().commit() / sql().rollback().
    bool beginWrite(QString *error = nullptr);

    // Writes one statement, with the dialect tokens replaced; returns false and sets *error.
    bool exec(const QString &statement, QString *error);
    bool tableExists(const QString &name);

    // A statement prepared once for this connection and reused: one round trip per use on PostgreSQL
    // instead of prepare, execute and deallocate each time. For statements run per callback or per
    // order; bind with addBindValue, exec, read, then finish(). At most MaxPrepared are kept.
    QSqlQuery &prepared(const QString &statement);
    static constexpr std::size_t MaxPrepared = 64;

private:
    Database(QSqlDatabase db, QString connectionName, Dialect dialect);
    static std::unique_ptr<Database> openImpl(const QString &location, QString *error, const QString &password, bool deferUnreachable);
    // What a fresh connection needs first (PostgreSQL's session settings, SQLite's pragmas).
    bool prepareSession(QString *error);
    QString dialectSql(QString text) const;
    bool runScript(const QString &resource, QString *error);

    QSqlDatabase m_db;
    struct Prepared
    {
        std::unique_ptr<QSqlQuery> query;
        bool ready = false;
    };
    std::unordered_map<QString, Prepared> m_prepared;
    QString m_connectionName;
    Dialect m_dialect;
    bool m_reachable = true;
    int m_generation = 0;
    SystemClock m_systemClock;
    const Clock *m_clock = &m_systemClock;
};

// The text of the last error of a query or database, for messages and logs.
QString sqlErrorText(const class QSqlError &error);
