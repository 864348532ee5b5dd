// The database every program opens: --db, then CONSOLE_DB, then the choice stored in File →
// Database…, then the default file; a stored PostgreSQL choice takes its password from the
// credential store, never from a URL or the settings.
#include "app/composition/appcontext.h"
#include "models/consolesettings.h"
#include "models/databasechoice.h"
#include "net/credentialstore.h"

#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

Q_DECLARE_METATYPE(DatabaseChoice)

namespace {

class CountingStore final : public CredentialStore
{
public:
    MemoryCredentialStore inner;
    int reads = 0;
    std::optional<QString> read(const QString &profile, const QString &key, QString *error) override
    {
        ++reads;
        return inner.read(profile, key, error);
    }
    bool write(const QString &profile, const QString &key, const QString &value, QString *error) override
    {
        return inner.write(profile, key, value, error);
    }
    bool remove(const QString &profile, const QString &key, QString *error) override { return inner.remove(profile, key, error); }
};

DatabaseChoice sqliteAt(const QString &path)
{
    DatabaseChoice c;
    c.kind = DatabaseChoice::Kind::Sqlite;
    c.sqlitePath = path;
    return c;
}

DatabaseChoice postgres(const QString &host, int port, const QString &name, const QString &user)
{
    DatabaseChoice c;
    c.kind = DatabaseChoice::Kind::Postgres;
    c.host = host;
    c.port = port;
    c.name = name;
    c.user = user;
    return c;
}

} // namespace

class TestDatabaseChoice : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setApplicationName(QStringLiteral("tst_databasechoice"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        qunsetenv("CONSOLE_DB");
    }

    void cleanup()
    {
        ConsoleSettings::open()->clear();
        qunsetenv("CONSOLE_DB");
    }

    void problemsAreSentences_data()
    {
        QTest::addColumn<DatabaseChoice>("choice");
        QTest::addColumn<QString>("says");
        QTest::newRow("no file") << sqliteAt(QString()) << QStringLiteral("SQLite file");
        QTest::newRow("relative file") << sqliteAt(QStringLiteral("shop.sqlite")) << QStringLiteral("full path");
        QTest::newRow("folder") << sqliteAt(QDir::tempPath()) << QStringLiteral("folder");
        QTest::newRow("no host") << postgres(QString(), 5432, QStringLiteral("shop"), QStringLiteral("desk")) << QStringLiteral("host");
        QTest::newRow("host with a path") << postgres(QStringLiteral("a/b"), 5432, QStringLiteral("shop"), QStringLiteral("desk"))
                                          << QStringLiteral("not a host");
        QTest::newRow("port 0") << postgres(QStringLiteral("db"), 0, QStringLiteral("shop"), QStringLiteral("desk")) << QStringLiteral("port");
        QTest::newRow("port too big") << postgres(QStringLiteral("db"), 70000, QStringLiteral("shop"), QStringLiteral("desk"))
                                      << QStringLiteral("port");
        QTest::newRow("no name") << postgres(QStringLiteral("db"), 5432, QString(), QStringLiteral("desk")) << QStringLiteral("name");
        QTest::newRow("name with @") << postgres(QStringLiteral("db"), 5432, QStringLiteral("a@b"), QStringLiteral("desk"))
                                     << QStringLiteral("database name");
        QTest::newRow("no user") << postgres(QStringLiteral("db"), 5432, QStringLiteral("shop"), QString()) << QStringLiteral("user");
        QTest::newRow("user with :") << postgres(QStringLiteral("db"), 5432, QStringLiteral("shop"), QStringLiteral("a:pw"))
                                     << QStringLiteral("user name");
    }

    void problemsAreSentences()
    {
        QFETCH(DatabaseChoice, choice);
        QFETCH(QString, says);
        const QString problem = choice.problem();
        QVERIFY2(problem.contains(says) && problem.endsWith(QLatin1Char('.')), qPrintable(problem));
        QString error;
        QVERIFY(!DatabaseChoice::store(choice, &error));
        QCOMPARE(error, problem);
        QVERIFY(!DatabaseChoice::load());
    }

    void storedAndLoadedWithoutAPassword()
    {
        const DatabaseChoice pg = postgres(QStringLiteral("db.shop.lan"), 6543, QStringLiteral("shop"), QStringLiteral("desk"));
        QVERIFY(pg.problem().isEmpty());
        QCOMPARE(pg.location(), QStringLiteral("postgresql://desk@db.shop.lan:6543/shop"));
        QString error;
        QVERIFY2(DatabaseChoice::store(pg, &error), qPrintable(error));
        QCOMPARE(DatabaseChoice::load().value_or(DatabaseChoice{}), pg);
        const DatabaseChoice file = sqliteAt(m_dir.filePath(QStringLiteral("a.sqlite")));
        QVERIFY2(DatabaseChoice::store(file, &error), qPrintable(error));
        QCOMPARE(DatabaseChoice::load().value_or(DatabaseChoice{}).location(), file.location());
        QVERIFY(DatabaseChoice::forget(&error));
        QVERIFY(!DatabaseChoice::load());
    }

    void resolutionOrder()
    {
        const DatabaseChoice stored = postgres(QStringLiteral("db"), 5432, QStringLiteral("shop"), QStringLiteral("desk"));
        using S = DatabaseLocation::Source;
        DatabaseLocation l = DatabaseLocation::resolve(QStringLiteral("/a.sqlite"), QStringLiteral("/b.sqlite"), stored);
        QCOMPARE(l.location, QStringLiteral("/a.sqlite"));
        QCOMPARE(l.source, S::CommandLine);
        QVERIFY(!l.wantsStoredPassword);
        l = DatabaseLocation::resolve(QString(), QStringLiteral("/b.sqlite"), stored);
        QCOMPARE(l.location, QStringLiteral("/b.sqlite"));
        QCOMPARE(l.source, S::Environment);
        l = DatabaseLocation::resolve(QString(), QString(), stored);
        QCOMPARE(l.location, stored.location());
        QCOMPARE(l.source, S::StoredChoice);
        QVERIFY(l.wantsStoredPassword);
        l = DatabaseLocation::resolve(QString(), QString(), std::nullopt);
        QCOMPARE(l.source, S::Default);
        QVERIFY(l.location.isEmpty());
    }

    void appContextOpensWhatWins()
    {
        // The composition root every binary uses (console, haierctl, the receiver).
        const QString storedPath = m_dir.filePath(QStringLiteral("stored.sqlite"));
        const QString envPath = m_dir.filePath(QStringLiteral("env.sqlite"));
        const QString argPath = m_dir.filePath(QStringLiteral("arg.sqlite"));
        QString error;
        QVERIFY(DatabaseChoice::store(sqliteAt(storedPath), &error));
        auto context = AppContext::open(QString(), &error);
        QVERIFY2(context, qPrintable(error));
        QVERIFY2(context->db().describe().contains(storedPath), qPrintable(context->db().describe()));
        context.reset();
        qputenv("CONSOLE_DB", envPath.toLocal8Bit());
        context = AppContext::open(QString(), &error);
        QVERIFY2(context && context->db().describe().contains(envPath), qPrintable(error));
        context.reset();
        context = AppContext::open(argPath, &error);
        QVERIFY2(context && context->db().describe().contains(argPath), qPrintable(error));
    }

    void storedPostgresTakesItsPasswordFromTheCredentialStore()
    {
        CountingStore store;
        QString error;
        QVERIFY(store.write(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), QStringLiteral("made-up-pw-1"), &error));
        // A server that is not there: the error names it, never the password.
        QVERIFY(DatabaseChoice::store(postgres(QStringLiteral("127.0.0.1"), 1, QStringLiteral("shop"), QStringLiteral("desk")), &error));
        auto context = AppContext::open(QString(), &error, &store);
        QVERIFY(!context);
        QCOMPARE(store.reads, 1);
        QVERIFY2(error.contains(QLatin1String("127.0.0.1")) && !error.contains(QLatin1String("made-up-pw")), qPrintable(error));

        // A real server (when the test environment gives one): its password only in the store.
        const QUrl url(qEnvironmentVariable("CONSOLE_TEST_PG_URL"));
        if (!url.isValid() || url.isEmpty())
            QSKIP("CONSOLE_TEST_PG_URL is not set: the real PostgreSQL half is skipped");
        QVERIFY(DatabaseChoice::store(postgres(url.host().isEmpty() ? QStringLiteral("localhost") : url.host(), url.port(5432),
                                               url.path().mid(1), url.userName()), &error));
        QVERIFY(store.write(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), url.password(), &error));
        context = AppContext::open(QString(), &error, &store);
        QVERIFY2(context, qPrintable(error));
        QVERIFY(context->db().isPostgres());
    }
};

QTEST_GUILESS_MAIN(TestDatabaseChoice)
#include "tst_databasechoice.moc"
