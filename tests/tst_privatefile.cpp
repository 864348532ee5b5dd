// PrivateFile, and the files that hold customers' data: a fresh SQLite database with its -wal and -shm,
// the log files and CSV exports are owner-only, also when the real haierctl runs under umask 022.
#include "models/csvexport.h"
#include "models/database.h"
#include "models/privatefile.h"
#include "net/logging.h"

#include <QDirIterator>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// The permission bits, without Qt's "current user" duplicates.
QFileDevice::Permissions modeOf(const QString &path)
{
    const QFileDevice::Permissions all = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
        | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
        | QFileDevice::WriteOther | QFileDevice::ExeOther;
    return QFile::permissions(path) & all;
}

QString describe(const QString &path)
{
    return QStringLiteral("%1: %2").arg(path).arg(int(modeOf(path)), 0, 16);
}

} // namespace

class TestPrivateFile : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { Logging::uninstall(); }

    void openCreatesOwnerOnlyAndLeavesExistingFilesAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.txt"));
        QFile file(path);
        QVERIFY(PrivateFile::open(file, QIODevice::WriteOnly | QIODevice::Append));
        QCOMPARE(modeOf(path), PrivateFile::OwnerOnly);
        file.close();
        // A file someone set up on purpose keeps its mode.
        const QFileDevice::Permissions shared = PrivateFile::OwnerOnly | QFileDevice::ReadGroup;
        QVERIFY(QFile::setPermissions(path, shared));
        QVERIFY(PrivateFile::open(file, QIODevice::WriteOnly | QIODevice::Append));
        QCOMPARE(modeOf(path), shared);
        file.close();

        const QString empty = dir.filePath(QStringLiteral("empty.db"));
        QVERIFY(PrivateFile::createEmpty(empty));
        QCOMPARE(modeOf(empty), PrivateFile::OwnerOnly);
        QCOMPARE(QFileInfo(empty).size(), 0);
        QVERIFY(PrivateFile::createEmpty(empty)); // already there: fine
        QString error;
        QVERIFY(!PrivateFile::createEmpty(dir.filePath(QStringLiteral("no/such/dir/x.db")), &error));
        QVERIFY(!error.isEmpty());
    }

    void freshDatabaseAndItsWalAreOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("desk/console.sqlite"));
        QString error;
        auto db = Database::open(path, &error);
        QVERIFY2(db, qPrintable(error));
        QVERIFY2(db->migrate(&error) >= 0, qPrintable(error));
        QSqlQuery q(db->sql());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO console_audit_log (at, operator, action) VALUES (1, 'alice', 'push')")));
        // While the connection is open, SQLite keeps its write-ahead log and shared memory beside the file.
        for (const QString &file : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
            QVERIFY2(QFile::exists(file), qPrintable(file));
            QVERIFY2(modeOf(file) == PrivateFile::OwnerOnly, qPrintable(describe(file)));
        }
    }

    void logFilesAreOwnerOnly()
    {
        QTemporaryDir dir;
        Logging::Options options;
        options.directory = dir.filePath(QStringLiteral("logs"));
        options.maxFileBytes = 600;
        options.keepFiles = 2;
        Logging::install(QStringLiteral("tst"), options);
        for (int i = 0; i < 20; ++i) {
            qCInfo(lcApp) << "message" << i;
            qCWarning(lcPush) << "warning" << i;
            qCInfo(lcAudit) << "alice push" << i;
        }
        Logging::uninstall();
        const QStringList files = QDir(options.directory).entryList({QStringLiteral("*.log")}, QDir::Files);
        QVERIFY2(files.size() >= 6, qPrintable(files.join(QLatin1Char(' ')))); // all, errors, audit, and rotated copies
        for (const QString &name : files) {
            const QString file = QDir(options.directory).filePath(name);
            QVERIFY2(modeOf(file) == PrivateFile::OwnerOnly, qPrintable(describe(file)));
        }
    }

    void csvExportIsOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("orders.csv"));
        QString error;
        QVERIFY2(Csv::writeFile(path, [](QIODevice &out, QString *) { return out.write(Csv::bom() + Csv::record({QStringLiteral("a")})) > 0; },
                                &error),
                 qPrintable(error));
        QVERIFY2(modeOf(path) == PrivateFile::OwnerOnly, qPrintable(describe(path)));
    }

    void haierctlUnderUmask022()
    {
        QTemporaryDir dir;
        const QString location = dir.filePath(QStringLiteral("desk.sqlite"));
        const QString data = dir.filePath(QStringLiteral("data"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("en_US.UTF-8"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), data);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("CONSOLE_OPERATOR"), QStringLiteral("alice"));
        env.remove(QStringLiteral("CONSOLE_LANG"));
        p.setProcessEnvironment(env);
        // The usual desktop umask, whatever the test runner's is: everything a plain create makes is world-readable.
        const auto run = [&](const QStringList &args) {
            p.start(QStringLiteral("/bin/sh"), QStringList{QStringLiteral("-c"), QStringLiteral("umask 022; exec \"$0\" \"$@\""),
                                                           QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl"), QStringLiteral("--db"), location}
                                                   + args);
            if (!p.waitForFinished(120000))
                qFatal("haierctl did not finish");
            return p.exitCode();
        };
        QCOMPARE(run({QStringLiteral("db"), QStringLiteral("migrate")}), 0);
        QVERIFY2(run({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("20"), QStringLiteral("--seed"), QStringLiteral("3")}) == 0,
                 p.readAllStandardError().constData());
        QVERIFY2(modeOf(location) == PrivateFile::OwnerOnly, qPrintable(describe(location)));
        QStringList logs;
        QDirIterator it(data, {QStringLiteral("*.log")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            logs << it.next();
        QVERIFY2(!logs.isEmpty(), "haierctl wrote no log file");
        for (const QString &file : std::as_const(logs))
            QVERIFY2(modeOf(file) == PrivateFile::OwnerOnly, qPrintable(describe(file)));
    }
};

QTEST_GUILESS_MAIN(TestPrivateFile)
#include "tst_privatefile.moc"
