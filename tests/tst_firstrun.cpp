// scripts/run.sh's first run on a fresh account: the real haierctl creates the demo orders on the
// default location, then the real console opens on that same default location (offscreen) and lists
// them. The count the console logs for its first page must be the number of paid orders haierctl finds
// in the default database — an empty window (the console on another database) fails.
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TestFirstRun : public QObject
{
    Q_OBJECT

private slots:
    void runShowsTheDemoOrdersInTheConsole()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral(".local/share")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral(".config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral(".cache")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("en_US.UTF-8"));
        env.insert(QStringLiteral("CONSOLE_LOG_STDERR"), QStringLiteral("1"));
        env.insert(QStringLiteral("RUN_SKIP_BUILD"), QStringLiteral("1"));
        env.insert(QStringLiteral("BUILD_DIR"), QStringLiteral(CONSOLE_BINARY_DIR));
        env.insert(QStringLiteral("CONSOLE_DEMO_ORDERS"), QStringLiteral("600"));
        env.remove(QStringLiteral("CONSOLE_DB"));
        env.remove(QStringLiteral("CONSOLE_LANG"));
        env.remove(QStringLiteral("CONSOLE_PROFILE"));

        QProcess run;
        run.setProcessEnvironment(env);
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(QStringLiteral("bash"), {QDir(QStringLiteral(CONSOLE_TEST_DATA_DIR "/../../scripts")).filePath(QStringLiteral("run.sh"))});
        QVERIFY(run.waitForStarted());
        static const QRegularExpression shown(QStringLiteral("first page shown: (\\d+) orders"));
        QString output;
        QRegularExpressionMatch match;
        QElapsedTimer clock;
        clock.start();
        while (!match.hasMatch() && run.state() != QProcess::NotRunning && clock.elapsed() < 240000) {
            run.waitForReadyRead(1000);
            output += QString::fromUtf8(run.readAll());
            match = shown.match(output);
        }
        run.terminate();
        if (!run.waitForFinished(10000)) {
            run.kill();
            run.waitForFinished();
        }
        output += QString::fromUtf8(run.readAll());
        QVERIFY2(output.contains(QStringLiteral("First run: creating a demo database with 600 orders")), qPrintable(output));
        QVERIFY2(match.hasMatch(), qPrintable(output.right(4000)));
        const int shownCount = match.captured(1).toInt();

        // What the default database holds, asked of haierctl as a user would (no --db, no CONSOLE_DB).
        QProcess ctl;
        ctl.setProcessEnvironment(env);
        ctl.start(QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl"),
                  {QStringLiteral("orders"), QStringLiteral("--status"), QStringLiteral("paid"), QStringLiteral("--limit"),
                   QStringLiteral("1000000"), QStringLiteral("--json")});
        QVERIFY(ctl.waitForFinished(120000));
        QCOMPARE(ctl.exitCode(), 0);
        const int paid = int(QJsonDocument::fromJson(ctl.readAllStandardOutput()).array().size());
        QVERIFY2(paid > 0, "the demo data has paid orders");
        QCOMPARE(shownCount, paid); // the console lists paid orders by default
    }
};

QTEST_GUILESS_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
