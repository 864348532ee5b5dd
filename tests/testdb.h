#pragma once

// Storage tests run every case against SQLite and against the PostgreSQL server the test command
// starts (CONSOLE_TEST_PG_URL). Each case gets a database of its own.

#include "models/database.h"
#include "models/envbinding.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace TestDb {

inline void addBackendColumn()
{
    QTest::addColumn<QString>("backend");
}

inline void addBackendRows(const char *suffix = "")
{
    QTest::newRow(qPrintable(QStringLiteral("sqlite%1").arg(QLatin1String(suffix)))) << QStringLiteral("sqlite");
    QTest::newRow(qPrintable(QStringLiteral("postgres%1").arg(QLatin1String(suffix)))) << QStringLiteral("postgres");
}

// A location for Database::open: a new SQLite file in `dir`, or a new PostgreSQL database.
// Returns an empty string after QSKIP-worthy trouble (no server configured).
inline QString freshLocation(const QString &backend, const QTemporaryDir &dir)
{
    static QAtomicInteger<int> counter;
    const int n = counter.fetchAndAddRelaxed(1);
    if (backend == QLatin1String("sqlite"))
        return dir.filePath(QStringLiteral("db%1.sqlite").arg(n));
    const QString serverUrl = qEnvironmentVariable("CONSOLE_TEST_PG_URL");
    if (serverUrl.isEmpty())
        return QString();
    const QString name = QStringLiteral("t_%1_%2_%3").arg(QCoreApplication::applicationName().remove(QLatin1Char('-')))
                             .arg(QCoreApplication::applicationPid()).arg(n);
    {
        QUrl url(serverUrl);
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("testdb-admin"));
        admin.setHostName(url.host());
        admin.setPort(url.port());
        admin.setUserName(url.userName());
        admin.setDatabaseName(url.path().mid(1));
        if (!admin.open())
            qFatal("cannot reach the test PostgreSQL server: %s", qPrintable(admin.lastError().text()));
        QSqlQuery q(admin);
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name));
        if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(name)))
            qFatal("cannot create a test database: %s", qPrintable(q.lastError().text()));
        admin.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("testdb-admin"));
    QUrl url(serverUrl);
    url.setPath(QLatin1Char('/') + name);
    return url.toString();
}

// Tests that expect the shop's columns written say which environment their database serves
// (domain.md): training lets every profile write; a kind binds the database to that kind's profiles.
inline void bind(Database &db, DbBinding binding = DbBinding::Training)
{
    QString error;
    if (!EnvBinding(db).bind(binding, &error))
        qFatal("cannot bind the test database: %s", qPrintable(error));
}

} // namespace TestDb

#define CONSOLE_FRESH_DB(backend, dir, location)                                                   \
    QTemporaryDir dir;                                                                              \
    QVERIFY(dir.isValid());                                                                         \
    const QString location = TestDb::freshLocation(backend, dir);                                   \
    if (location.isEmpty())                                                                         \
        QSKIP("CONSOLE_TEST_PG_URL is not set; scripts/test.sh starts a server and sets it");
