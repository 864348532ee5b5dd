// The platform layer on this system: process liveness as the job store uses it to take over the work
// of a dead process, and stop requests as serve-callbacks uses them (a real SIGTERM/Ctrl+C to a child).
#include "platform/platform.h"

#include <QCoreApplication>
#include <QProcess>
#include <QtTest>

class TestPlatform : public QObject
{
    Q_OBJECT

private slots:
    void aRunningProcessIsAlive()
    {
        QVERIFY(!platform::processIsGone(QCoreApplication::applicationPid()));
        QProcess child;
        child.start(QStringLiteral(CONSOLE_BINARY_DIR "/tools/ylh-sim/ylh-sim"), {QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY(child.waitForStarted());
        const qint64 pid = child.processId();
        QVERIFY(!platform::processIsGone(pid));
        child.kill();
        QVERIFY(child.waitForFinished());
        // Reaped: no such process any more, so its jobs may be taken over.
        QVERIFY(platform::processIsGone(pid));
    }

    void unknownOrInvalidIdsAreNotTakenForDead()
    {
        QVERIFY(!platform::processIsGone(0));
        QVERIFY(!platform::processIsGone(-5));
        // Process 1 always exists (and belongs to another user unless the tests run as root).
        QVERIFY(!platform::processIsGone(1));
    }

    void aStopRequestReachesTheHandlerInsteadOfKilling()
    {
        // serve-callbacks installs the handler and ends its event loop on a stop request: it then
        // prints "Stopped." and exits 0 instead of dying of the signal.
        QProcess receiver;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QTemporaryDir dir;
        env.insert(QStringLiteral("CONSOLE_DB"), dir.filePath(QStringLiteral("c.sqlite")));
        receiver.setProcessEnvironment(env);
        receiver.start(QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl"),
                       {QStringLiteral("--profile"), QStringLiteral("mock"), QStringLiteral("serve-callbacks"), QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1:0")});
        receiver.closeWriteChannel();
        QVERIFY(receiver.waitForStarted());
        QByteArray out;
        while (!out.contains("Receiving Haier callbacks") && receiver.waitForReadyRead(30000))
            out += receiver.readAllStandardOutput();
        QVERIFY2(out.contains("Receiving Haier callbacks"), receiver.readAllStandardError().constData());
        QCOMPARE(receiver.state(), QProcess::Running);
        receiver.terminate();
        QVERIFY(receiver.waitForFinished(10000));
        QCOMPARE(receiver.exitStatus(), QProcess::NormalExit);
        QCOMPARE(receiver.exitCode(), 0);
        QVERIFY(receiver.readAllStandardOutput().contains("Stopped."));
    }

    void echoCannotBeChangedWithoutATerminal()
    {
        // Under ctest standard input is not a terminal: nothing is changed and the call says so.
        if (platform::stdinIsTerminal())
            QSKIP("standard input is a terminal here");
        QVERIFY(!platform::setStdinEcho(false));
    }
};

QTEST_GUILESS_MAIN(TestPlatform)
#include "tst_platform.moc"
