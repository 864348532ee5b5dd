// One data location for every binary: the real console, haierctl and ylh-sim, each in a throwaway home,
// resolve the same default database and log folder, print "<binary> <version>", and a database an
// earlier haierctl left in its folder of its own is moved into the shared one (or opened where it is).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

QString binary(const char *name)
{
    if (qstrcmp(name, "haierctl") == 0)
        return QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl");
    if (qstrcmp(name, "haier-console") == 0)
        return QStringLiteral(CONSOLE_BINARY_DIR "/app/haier-console");
    return QStringLiteral(CONSOLE_BINARY_DIR "/tools/ylh-sim/ylh-sim");
}

// "name: value" lines of --print-paths.
QMap<QString, QString> pathLines(const QString &text)
{
    QMap<QString, QString> lines;
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const int colon = line.indexOf(QStringLiteral(": "));
        if (colon > 0)
            lines.insert(line.left(colon), line.mid(colon + 2));
    }
    return lines;
}

} // namespace

class TestDataLocation : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_home;

    QString dataHome() const { return m_home->filePath(QStringLiteral("data")); }

    Run run(const char *name, const QStringList &args, bool withDbEnv = false)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home->path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("en_US.UTF-8"));
        env.remove(QStringLiteral("CONSOLE_LANG"));
        env.remove(QStringLiteral("CONSOLE_LOG_STDERR"));
        if (!withDbEnv)
            env.remove(QStringLiteral("CONSOLE_DB"));
        p.setProcessEnvironment(env);
        p.start(binary(name), args);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000))
            qFatal("%s did not finish", name);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    // The orders of the database haierctl opens by default (or at `db`), as JSON rows.
    QJsonArray orders(const QString &db = QString())
    {
        QStringList args;
        if (!db.isEmpty())
            args << QStringLiteral("--db") << db;
        args << QStringLiteral("orders") << QStringLiteral("--limit")
             << QStringLiteral("100000") << QStringLiteral("--json");
        const Run r = run("haierctl", args);
        if (r.code != 0)
            qWarning("haierctl orders: %s", qPrintable(r.err));
        return QJsonDocument::fromJson(r.out.toUtf8()).array();
    }

    // Creates a database with demo orders at `path` (as an earlier haierctl would have) and returns its order numbers.
    QStringList makeDatabase(const QString &path, int count)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        const Run r = run("haierctl", {QStringLiteral("--db"), path, QStringLiteral("demo-data"), QStringLiteral("--orders"),
                                       QString::number(count), QStringLiteral("--seed"), QString::number(count)});
        if (r.code != 0)
            qWarning("demo-data: %s", qPrintable(r.err));
        QStringList numbers;
        for (const QJsonValue &row : orders(path))
            numbers << row.toObject().value(QStringLiteral("orderNumber")).toString();
        return numbers;
    }

    // The default database of the shared identity, as haierctl reports it.
    QString defaultDatabase() { return pathLines(run("haierctl", {QStringLiteral("--print-paths")}).out).value(QStringLiteral("database")); }
    // Where earlier versions of haierctl kept theirs: the app-data folder without the organisation.
    QString oldDatabase() { return QDir(dataHome()).filePath(QStringLiteral("haier-console/console.sqlite")); }

private slots:
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
    }

    void everyBinaryResolvesTheSamePaths()
    {
        QMap<QString, QMap<QString, QString>> seen;
        for (const char *name : {"haier-console", "haierctl", "ylh-sim"}) {
            const Run r = run(name, {QStringLiteral("--print-paths")});
            QVERIFY2(r.code == 0, qPrintable(QString::fromLatin1(name) + QStringLiteral(": ") + r.err));
            seen.insert(QString::fromLatin1(name), pathLines(r.out));
        }
        const QMap<QString, QString> console = seen.value(QStringLiteral("haier-console"));
        QVERIFY2(!console.value(QStringLiteral("database")).isEmpty(), qPrintable(console.keys().join(QLatin1Char(','))));
        QVERIFY(!console.value(QStringLiteral("logs")).isEmpty());
        // Inside this run's data home, and the same for all three.
        QVERIFY2(console.value(QStringLiteral("database")).startsWith(dataHome() + QLatin1Char('/')),
                 qPrintable(console.value(QStringLiteral("database"))));
        QVERIFY(console.value(QStringLiteral("logs")).startsWith(dataHome() + QLatin1Char('/')));
        for (const QString &name : {QStringLiteral("haierctl"), QStringLiteral("ylh-sim")}) {
            QCOMPARE(seen.value(name).value(QStringLiteral("database")), console.value(QStringLiteral("database")));
            QCOMPARE(seen.value(name).value(QStringLiteral("logs")), console.value(QStringLiteral("logs")));
            QCOMPARE(seen.value(name).value(QStringLiteral("settings")), console.value(QStringLiteral("settings")));
        }
        // The log folder is the one the programs write to: a haierctl run leaves its lines there.
        QCOMPARE(run("haierctl", {QStringLiteral("db"), QStringLiteral("migrate")}).code, 0);
        QVERIFY(QFileInfo::exists(console.value(QStringLiteral("database"))));
        QFile log(QDir(console.value(QStringLiteral("logs"))).filePath(QStringLiteral("all.log")));
        QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
        QVERIFY(log.readAll().contains(" haierctl["));
    }

    void everyBinaryPrintsItsNameAndTheOneVersion()
    {
        for (const char *name : {"haier-console", "haierctl", "ylh-sim"}) {
            const Run r = run(name, {QStringLiteral("--version")});
            QCOMPARE(r.code, 0);
            QCOMPARE(r.out.trimmed(), QString::fromLatin1(name) + QLatin1Char(' ') + QStringLiteral(CONSOLE_VERSION));
        }
    }

    void anOldDatabaseIsMovedIntoTheSharedFolder()
    {
        const QString shared = defaultDatabase();
        QVERIFY(shared != oldDatabase());
        const QStringList before = makeDatabase(oldDatabase(), 12); // with --db: the old one stays where it is
        QCOMPARE(before.size(), 12);
        QVERIFY(!QFileInfo::exists(shared));

        const Run r = run("haierctl", {QStringLiteral("orders"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("Moved the database from %1 to %2").arg(oldDatabase(), shared)), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(oldDatabase()));
        QVERIFY(QFileInfo::exists(shared));
        QStringList after;
        for (const QJsonValue &row : orders())
            after << row.toObject().value(QStringLiteral("orderNumber")).toString();
        QCOMPARE(after, before);
        // Nothing more to say on the next run.
        QVERIFY(!run("haierctl", {QStringLiteral("--print-paths")}).err.contains(QStringLiteral("database")));
    }

    void anOldDatabaseBesideASharedOneIsLeftAlone()
    {
        const QStringList shared = makeDatabase(defaultDatabase(), 5);
        const QStringList old = makeDatabase(oldDatabase(), 7);
        QCOMPARE(shared.size(), 5);
        QCOMPARE(old.size(), 7);
        const Run r = run("haierctl", {QStringLiteral("db"), QStringLiteral("migrate")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("An older database is still at %1; the one at %2 is used.").arg(oldDatabase(), defaultDatabase())),
                 qPrintable(r.err));
        QVERIFY(QFileInfo::exists(oldDatabase()));
        QCOMPARE(orders().size(), shared.size());
        QCOMPARE(orders(oldDatabase()).size(), old.size());
    }

    void anOldDatabaseThatCannotMoveIsOpenedWhereItIs()
    {
        const QString sharedFolder = QFileInfo(defaultDatabase()).absolutePath();
        const QStringList old = makeDatabase(oldDatabase(), 9);
        QCOMPARE(old.size(), 9);
        // The shared folder's name is taken by a file, so the database cannot go there.
        QVERIFY(QDir(sharedFolder).removeRecursively());
        QFile blocker(sharedFolder);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();

        const Run r = run("haierctl", {QStringLiteral("orders"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("The database at %1 could not be moved to").arg(oldDatabase())), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("so it is opened where it is")), qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), old.size());
        QVERIFY(QFileInfo::exists(oldDatabase()));
    }
};

QTEST_GUILESS_MAIN(TestDataLocation)
#include "tst_datalocation.moc"
