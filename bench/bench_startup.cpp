// Start-up of the real haier-console on a large database: from process start to the window showing the
// first page of orders, and the console's peak resident memory then. Median of 5 launches.
// Usage: bench_startup [DB_PATH] [ORDERS] — creates the demo database when it has fewer orders.
//
// The moment is read from the console's own log on stderr (CONSOLE_LOG_STDERR=1): the line
// "console.<component>: first page shown…" once the console logs it, else Qt's own "qt.widgets.painting"
// record of the first flush of the main window's backing store — the orders page loads its first page
// in its constructor, so that first flush is the first frame with the orders on it.
#include "benchutil.h"

#include "models/database.h"
#include "models/demodata.h"
#include "models/orderstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <optional>

namespace {

struct Launch {
    double shownMs = 0;
    double peakMB = 0;
    QString signal; // which log line marked the moment
};

// Peak resident memory of another process in MB (10^6 bytes; Linux VmHWM is in KiB).
double vmHwmMB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() * 1024.0 / 1e6;
    }
    return 0;
}

// One launch: start the console, read its stderr line by line until the first page is on screen.
std::optional<Launch> launchOnce(const QString &console, const QString &dbPath, const QString &home, QString *error)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("CONSOLE_LOG_STDERR"), QStringLiteral("1"));
    // Only the lines the bench waits for: the console's own info lines and Qt's painting record.
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.info=false;console.*.info=true;qt.widgets.painting.info=true"));
    // Its logs and settings go to a throwaway home, never the user's.
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/runtime"));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.setStandardOutputFile(QProcess::nullDevice());
    p.setReadChannel(QProcess::StandardError); // waitForReadyRead() waits on this channel, not on stdout

    static const QRegularExpression own(QStringLiteral("console\\.[a-z.]+: first page shown"));
    static const QRegularExpression qtFlush(QStringLiteral("qt\\.widgets\\.painting: Flushing .* of MainWindow\\("));
    QElapsedTimer timer;
    timer.start();
    p.start(console, {QStringLiteral("--db"), dbPath, QStringLiteral("--profile"), QStringLiteral("mock")});
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("%1 did not start: %2").arg(console, p.errorString());
        return std::nullopt;
    }
    Launch launch;
    QByteArray pending;
    while (launch.signal.isEmpty()) {
        if (timer.elapsed() > 60000 || p.state() == QProcess::NotRunning) {
            *error = QStringLiteral("the console never showed its first page (exit %1): %2")
                         .arg(p.exitCode()).arg(QString::fromUtf8(pending.right(2000)));
            p.kill();
            p.waitForFinished();
            return std::nullopt;
        }
        p.waitForReadyRead(100);
        pending += p.readAllStandardError();
        qsizetype end;
        while (launch.signal.isEmpty() && (end = pending.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(pending.left(end));
            pending.remove(0, end + 1);
            if (own.match(line).hasMatch())
                launch.signal = QStringLiteral("console log");
            else if (qtFlush.match(line).hasMatch())
                launch.signal = QStringLiteral("qt.widgets.painting");
        }
    }
    launch.shownMs = double(timer.nsecsElapsed()) / 1e6;
    // Let what the window does right after its first frame (the first change poll at 1 s) run, then
    // read the high-water mark just before ending it.
    const qint64 settle = 1200;
    while (timer.elapsed() < qint64(launch.shownMs) + settle && p.state() == QProcess::Running) {
        p.waitForReadyRead(50);
        p.readAllStandardError();
    }
    launch.peakMB = vmHwmMB(p.processId());
    p.terminate(); // SIGTERM
    if (!p.waitForFinished(5000)) {
        p.kill();
        p.waitForFinished();
    }
    return launch;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const QString path = args.value(1, QDir::temp().filePath(QStringLiteral("haier-console-bench-1m.sqlite")));
    const qint64 wanted = args.value(2, QStringLiteral("1000000")).toLongLong();
    const int runs = 5;
    QString error;
    qint64 orders = 0;
    {
        auto db = Database::open(path, &error);
        if (!db || db->migrate(&error) < 0) {
            qCritical("%s", qPrintable(error));
            return 1;
        }
        orders = OrderStore(*db).count({});
        if (orders < wanted) {
            if (!DemoData(*db).generate(wanted - orders, 1, nullptr, &error)) {
                qCritical("%s", qPrintable(error));
                return 1;
            }
            orders = OrderStore(*db).count({});
        }
    }
    const QString console = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/haier-console");
    QTemporaryDir home;
    QDir().mkpath(home.filePath(QStringLiteral("runtime")));
    QFile::setPermissions(home.filePath(QStringLiteral("runtime")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    QList<double> shown, peak;
    QString signal;
    for (int i = 0; i < runs; ++i) {
        const std::optional<Launch> launch = launchOnce(console, path, home.path(), &error);
        if (!launch) {
            qCritical("%s", qPrintable(error));
            return 1;
        }
        shown << launch->shownMs;
        peak << launch->peakMB;
        signal = launch->signal;
        qInfo("run %d: first page after %.1f ms (%s), peak %.1f MB", i + 1, launch->shownMs, qPrintable(launch->signal),
              launch->peakMB);
    }
    const QString locale = QLocale(QLocale::English).toString(orders);
    Bench::row(QStringLiteral("console start-up to first page, %1 orders (median of %2)").arg(locale).arg(runs),
               QStringLiteral("%1 s").arg(Bench::percentile(shown, 0.5) / 1000.0, 0, 'f', 3), QStringLiteral("< 0.5 s"));
    Bench::row(QStringLiteral("console peak memory after first page"), QStringLiteral("%1 MB").arg(Bench::percentile(peak, 0.5), 0, 'f', 0),
               QStringLiteral("< 300 MB"));
    return 0;
}
