#pragma once

// A PostgreSQL server of a test's own (scripts/pg-test-server.sh), for tests that stop and start it: a
// restart must not disturb the suite's shared server (CONSOLE_TEST_PG_URL). Skipped where that variable
// is not set, as then there are no server binaries the suite knows to work.

#include <QCoreApplication>
#include <QProcess>
#include <QString>

class PgTestServer final
{
public:
    explicit PgTestServer(const QString &tag)
        : m_script(QStringLiteral(CONSOLE_TEST_DATA_DIR "/../../scripts/pg-test-server.sh")),
          m_dir(QStringLiteral("/tmp/%1_pg_%2").arg(tag).arg(QCoreApplication::applicationPid()))
    {
    }
    ~PgTestServer()
    {
        if (!m_url.isEmpty())
            run(QStringLiteral("stop"));
    }
    PgTestServer(const PgTestServer &) = delete;
    PgTestServer &operator=(const PgTestServer &) = delete;

    static bool available() { return !qEnvironmentVariable("CONSOLE_TEST_PG_URL").isEmpty(); }

    // The server's URL (its database console_test), empty when it could not start.
    QString start()
    {
        m_url = run(QStringLiteral("start"));
        if (!m_url.startsWith(QLatin1String("postgresql://")))
            m_url.clear();
        return m_url;
    }
    // Stops the server, keeping its data; resume() starts it again on the same port.
    void pause() { run(QStringLiteral("pause")); }
    void resume() { run(QStringLiteral("resume")); }
    QString url() const { return m_url; }

private:
    QString run(const QString &action)
    {
        QProcess p;
        p.start(m_script, {action, m_dir});
        p.waitForFinished(120000);
        if (p.exitCode() != 0)
            qWarning("pg-test-server %s: %s", qPrintable(action), p.readAllStandardError().constData());
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

    QString m_script;
    QString m_dir;
    QString m_url;
};
