#include "net/logging.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

class TestLogging : public QObject
{
    Q_OBJECT

    static QString read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private slots:
    void cleanup() { Logging::uninstall(); }

    void filesByKindAndRedacted()
    {
        QTemporaryDir dir;
        Logging::Options options;
        options.directory = dir.path();
        Logging::install(QStringLiteral("tst"), options);
        qCInfo(lcApi).noquote() << "POST /oauth/token Authorization: Basic ZGVtby1jbGllbnQ6ZGVtby1jbGllbnQtc2VjcmV0"
                                << "body grant_type=password&username=demo-user&password=hunter2-made-up";
        qCWarning(lcPush).noquote() << R"({"consigneeMobile":"13912349000","access_token":"tok-123-made-up"})";
        qCInfo(lcAudit).noquote() << "alice push profile=mock order=HMM1";
        Logging::uninstall();

        const QString all = read(dir.filePath(QStringLiteral("all.log")));
        const QString errors = read(dir.filePath(QStringLiteral("errors.log")));
        const QString audit = read(dir.filePath(QStringLiteral("audit.log")));
        QCOMPARE(all.count(QLatin1Char('\n')), 3);
        QCOMPARE(errors.count(QLatin1Char('\n')), 1);
        QCOMPARE(audit.count(QLatin1Char('\n')), 1);
        QVERIFY(all.contains(QLatin1String("console.net.api")));
        QVERIFY(errors.contains(QLatin1String("console.net.push")));
        QVERIFY(audit.contains(QLatin1String("alice push")));
        for (const char *secret : {"ZGVtby1jbGllbnQ6ZGVtby1jbGllbnQtc2VjcmV0", "hunter2-made-up", "tok-123-made-up", "13912349000"})
            QVERIFY2(!all.contains(QLatin1String(secret)), secret);
        QVERIFY(all.contains(QLatin1String("139****9000")));
    }

    void multiLineMessagesStayOneRecord()
    {
        const QString line = Logging::formatLine(QtWarningMsg, "console.app", QStringLiteral("p"), QStringLiteral("a\nb"));
        QVERIFY(!line.contains(QLatin1Char('\n')));
        QVERIFY(line.contains(QLatin1String("a\\nb")));
    }

    void rotatesAndKeepsBoundedFiles()
    {
        QTemporaryDir dir;
        Logging::Options options;
        options.directory = dir.path();
        options.maxFileBytes = 2000;
        options.keepFiles = 3;
        Logging::install(QStringLiteral("tst"), options);
        for (int i = 0; i < 200; ++i)
            qCInfo(lcApp) << "message number" << i;
        Logging::uninstall();
        const QStringList files = QDir(dir.path()).entryList({QStringLiteral("all*.log")}, QDir::Files);
        QCOMPARE(files.size(), 4); // all.log + 3 rotated
        for (const QString &f : files)
            QVERIFY(QFileInfo(dir.filePath(f)).size() <= 2000);
        QVERIFY(read(dir.filePath(QStringLiteral("all.log"))).contains(QLatin1String("message number 199")));
    }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
