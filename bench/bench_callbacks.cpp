// Signed callbacks per second through the real receiver on loopback, with p99 latency: a burst of
// 3,000 callbacks (1,500 confirms, each sent twice) from 32 connections at once, on SQLite and (when
// CONSOLE_BENCH_PG_URL is set) on PostgreSQL. On PostgreSQL pgbench runs first with a matching script
// (one insert plus one update per transaction, the same 32 clients), and the receiver's rates are
// printed as shares of it and of the SQLite burst.
#include "benchutil.h"

#include "models/callbackstore.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/envbinding.h"
#include "net/callbacksignature.h"
#include "net/callbackserver.h"
#include "net/callbackworkers.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimeZone>

#include <algorithm>
#include <memory>
#include <optional>

namespace {

constexpr int Connections = 32;
constexpr int Orders = 1500;
constexpr int Rounds = 5;

QByteArray signedRequest(const QString &orderNumber, const QString &timeStamp)
{
    const QString data = QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("ExtOrderNo"), QStringLiteral("SO.B.%1").arg(orderNumber)},
                                                                     {QStringLiteral("PlatformOrderNo"), orderNumber},
                                                                     {QStringLiteral("State"), 1}}).toJson(QJsonDocument::Compact));
    QList<QPair<QString, QString>> fields{{QStringLiteral("AppKey"), QStringLiteral("demo-appkey")},
                                          {QStringLiteral("TimeStamp"), timeStamp},
                                          {QStringLiteral("Method"), QStringLiteral("hmm.scm_heorder.confirm")},
                                          {QStringLiteral("Data"), data}};
    fields.append({QStringLiteral("Sign"), CallbackSignature::sign(fields, QStringLiteral("demo-secret-123"))});
    QByteArray body;
    for (const auto &f : fields)
        body += (body.isEmpty() ? "" : "&") + f.first.toUtf8() + '=' + QUrl::toPercentEncoding(f.second);
    return "POST /haier/callback HTTP/1.1\r\nHost: receiver\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// The Content-Length of a response's head (as cheaply as pgbench's client reads its answers: the load
// generator shares the cores with the receiver and PostgreSQL).
qsizetype contentLength(QByteArrayView head)
{
    static constexpr QByteArrayView name("content-length:");
    for (qsizetype line = 0; line < head.size();) {
        qsizetype next = head.indexOf('\n', line);
        if (next < 0)
            next = head.size();
        const QByteArrayView text = head.sliced(line, next - line);
        if (text.size() > name.size() && text.first(name.size()).compare(name, Qt::CaseInsensitive) == 0)
            return text.sliced(name.size()).trimmed().toLongLong();
        line = next + 1;
    }
    return 0;
}

struct BurstResult
{
    QList<double> latenciesMs;
    qint64 elapsedMs = 0;
    int failures = 0;
};

// Haier's side: `connections` keep-alive connections, each sending its next request as soon as the
// previous one is answered, on a thread of its own so it does not share the receiver's event loop.
BurstResult burst(quint16 port, const QList<QByteArray> &requests, int connections)
{
    BurstResult result;
    QThread *thread = QThread::create([&] {
        struct Conn {
            std::unique_ptr<QTcpSocket> socket;
            QByteArray buffer;
            QElapsedTimer sent;
        };
        int next = 0;
        int answered = 0;
        QEventLoop loop;
        std::vector<Conn> conns(connections);
        QElapsedTimer total;
        auto send = [&](Conn &c) {
            if (next >= requests.size())
                return;
            c.sent.start();
            c.socket->write(requests.at(next++));
        };
        for (Conn &c : conns) {
            c.socket = std::make_unique<QTcpSocket>();
            QTcpSocket *s = c.socket.get();
            QObject::connect(s, &QTcpSocket::readyRead, &loop, [&, s] {
                Conn &conn = *std::find_if(conns.begin(), conns.end(), [s](const Conn &x) { return x.socket.get() == s; });
                conn.buffer += s->readAll();
                for (;;) {
                    const qsizetype end = conn.buffer.indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const qsizetype size = end + 4 + contentLength(QByteArrayView(conn.buffer).first(end));
                    if (conn.buffer.size() < size)
                        return;
                    if (!conn.buffer.startsWith("HTTP/1.1 200"))
                        ++result.failures;
                    conn.buffer.remove(0, size);
                    result.latenciesMs << double(conn.sent.nsecsElapsed()) / 1e6;
                    if (++answered == requests.size())
                        return loop.quit();
                    send(conn);
                }
            });
            QObject::connect(s, &QTcpSocket::disconnected, &loop, [&] {
                if (answered >= requests.size())
                    return; // the end of the run
                ++result.failures;
                if (++answered >= requests.size())
                    loop.quit();
            });
            s->connectToHost(QHostAddress::LocalHost, port);
            s->waitForConnected(5000);
        }
        total.start();
        for (Conn &c : conns)
            send(c);
        loop.exec();
        result.elapsedMs = total.elapsed();
    });
    QEventLoop wait;
    QObject::connect(thread, &QThread::finished, &wait, &QEventLoop::quit);
    thread->start();
    wait.exec();
    delete thread;
    return result;
}

struct ReceiverResult
{
    double perSecond = 0;
    double p99 = 0;
    QString note;
};

// 1,500 orders waiting for Haier's confirm, then the burst; the effects are checked afterwards.
// `jobs`: the orders were pushed by this console (an accepted push job each, which the callback moves on
// through the transition function), else from elsewhere (the shop's row only).
std::optional<ReceiverResult> receiver(const QString &label, const QString &location, int workers, bool jobs = false)
{
    const QString metric = QStringLiteral("callback burst on %1%6: %2 callbacks from %3 connections, %4 worker(s), median of %5 bursts: "
                                          "per second / p99 (ms)")
                               .arg(label).arg(2 * Orders).arg(Connections).arg(workers).arg(Rounds)
                               .arg(jobs ? QStringLiteral(", orders pushed by this console (a push job each)") : QString());
    QString error;
    auto db = Database::open(location, &error);
    // A training database: the mock profile's callbacks write the shop's rows too, as production's do.
    if (!db || db->migrate(&error) < 0 || !EnvBinding(*db).bind(DbBinding::Training, &error)) {
        Bench::row(metric, QStringLiteral("skipped: %1").arg(error), QStringLiteral("—"));
        return std::nullopt;
    }
    SystemClock clock;
    Profile profile = Profile::preset(ProfileKind::Mock);
    CallbackStore store(*db);
    CallbackServer server(store, profile, [](const QString &) { return std::optional<QString>(QStringLiteral("demo-secret-123")); }, clock);
    if (!server.setWorkers(workers, location, &error) || !server.listen()) {
        Bench::row(metric, QStringLiteral("skipped: %1").arg(error), QStringLiteral("—"));
        return std::nullopt;
    }
    // Several bursts, each on orders of its own: one burst lasts about a second, and a shared machine's
    // noise moves a single one by tens of percent.
    QList<double> rates;
    QList<double> latencies;
    int applied = 0;
    int rows = 0;
    int duplicates = 0;
    int failures = 0;
    const QString base = QString::number(clock.nowUtc().toMSecsSinceEpoch());
    for (int round = 0; round < Rounds; ++round) {
        const QString run = QStringLiteral("%1r%2").arg(base).arg(round);
        {
            db->beginWrite();
            QSqlQuery q(db->sql());
            q.prepare(QStringLiteral("INSERT INTO orders_order (order_number, status, total_amount, created_at, haier_status) "
                                     "VALUES (?, 'paid', 10, ?, 'push_pending')"));
            for (int i = 0; i < Orders; ++i) {
                q.addBindValue(QStringLiteral("CB%1-%2").arg(run).arg(i));
                q.addBindValue(db->timeToDb(clock.nowUtc()));
                if (!q.exec()) {
                    Bench::row(metric, QStringLiteral("skipped: %1").arg(sqlErrorText(q.lastError())), QStringLiteral("—"));
                    return std::nullopt;
                }
            }
            if (jobs) {
                QSqlQuery j(db->sql());
                j.prepare(QStringLiteral("INSERT INTO console_push_jobs (order_id, order_number, profile, so_id, state, created_at, updated_at, accepted_at) "
                                         "SELECT id, order_number, ?, order_number, 'accepted', 1, 1, 1 FROM orders_order WHERE order_number LIKE ?"));
                j.addBindValue(profile.name);
                j.addBindValue(QStringLiteral("CB%1-%").arg(run));
                if (!j.exec()) {
                    Bench::row(metric, QStringLiteral("skipped: %1").arg(sqlErrorText(j.lastError())), QStringLiteral("—"));
                    return std::nullopt;
                }
            }
            db->sql().commit();
        }
        const QString stamp = clock.nowUtc().toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"));
        QList<QByteArray> requests;
        for (int i = 0; i < Orders; ++i) {
            const QByteArray r = signedRequest(QStringLiteral("CB%1-%2").arg(run).arg(i), stamp);
            requests << r << r; // each confirm twice, close together: the second copy must count, not apply
        }
        const BurstResult b = burst(server.port(), requests, Connections);
        rates << requests.size() * 1000.0 / double(std::max<qint64>(1, b.elapsedMs));
        latencies << b.latenciesMs;
        failures += b.failures;
        QSqlQuery q(db->sql());
        q.prepare(jobs ? QStringLiteral("SELECT COUNT(*) FROM orders_order o JOIN console_push_jobs j ON j.order_id = o.id "
                                        "WHERE o.order_number LIKE ? AND o.haier_status = 'confirmed' AND j.state = 'confirmed'")
                       : QStringLiteral("SELECT COUNT(*) FROM orders_order WHERE order_number LIKE ? AND haier_status = 'confirmed'"));
        q.addBindValue(QStringLiteral("CB%1-%").arg(run));
        applied += q.exec() && q.next() ? q.value(0).toInt() : 0;
        q.prepare(QStringLiteral("SELECT COUNT(*), SUM(duplicate_count) FROM console_callbacks WHERE platform_order_no LIKE ?"));
        q.addBindValue(QStringLiteral("CB%1-%").arg(run));
        if (q.exec() && q.next()) {
            rows += q.value(0).toInt();
            duplicates += q.value(1).toInt();
        }
    }
    std::sort(rates.begin(), rates.end());
    ReceiverResult r;
    r.perSecond = rates.at(rates.size() / 2);
    r.p99 = Bench::percentile(latencies, 0.99);
    r.note = QStringLiteral("range %1–%2/s; %3 of %4 orders applied, %5 rows, %6 duplicates, %7 failed")
                 .arg(rates.first(), 0, 'f', 0).arg(rates.last(), 0, 'f', 0).arg(applied).arg(Rounds * Orders).arg(rows).arg(duplicates).arg(failures);
    Bench::row(metric, QStringLiteral("%1 / %2 (%3)").arg(r.perSecond, 0, 'f', 0).arg(r.p99, 0, 'f', 1).arg(r.note),
               QStringLiteral("p99 ≤ 100 ms; every order applied once"));
    return r;
}

QString pgbenchPath()
{
    const QString set = qEnvironmentVariable("PGBENCH");
    if (!set.isEmpty())
        return set;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("pgbench"));
    if (!onPath.isEmpty())
        return onPath;
    return QStandardPaths::findExecutable(QStringLiteral("pgbench"), {QStringLiteral("/usr/lib/postgresql/15/bin"),
                                                                       QStringLiteral("/usr/lib/postgresql/16/bin")});
}

// pgbench at the same client count with one insert and one update per transaction (what applying one
// callback writes at least: its row, and the order).
std::optional<double> pgbench(const QString &location, const QTemporaryDir &dir)
{
    const QString metric = QStringLiteral("pgbench, one insert + one update per transaction, %1 clients (transactions/s)").arg(Connections);
    const QString exe = pgbenchPath();
    QString error;
    auto db = Database::open(location, &error);
    if (exe.isEmpty() || !db) {
        Bench::row(metric, QStringLiteral("skipped: %1").arg(exe.isEmpty() ? QStringLiteral("no pgbench") : error), QStringLiteral("—"));
        return std::nullopt;
    }
    for (const QString &sql : {QStringLiteral("DROP TABLE IF EXISTS bench_pgb_events"), QStringLiteral("DROP TABLE IF EXISTS bench_pgb_orders"),
                               QStringLiteral("CREATE TABLE bench_pgb_orders (id INTEGER PRIMARY KEY, haier_status VARCHAR(30) NOT NULL, n INTEGER NOT NULL)"),
                               QStringLiteral("CREATE TABLE bench_pgb_events (id BIGSERIAL PRIMARY KEY, order_id INTEGER NOT NULL, received_at BIGINT NOT NULL, body TEXT NOT NULL)"),
                               QStringLiteral("INSERT INTO bench_pgb_orders SELECT g, 'push_pending', 0 FROM generate_series(1, 100000) g")}) {
        if (!db->exec(sql, &error)) {
            Bench::row(metric, QStringLiteral("skipped: %1").arg(error), QStringLiteral("—"));
            return std::nullopt;
        }
    }
    QFile script(dir.filePath(QStringLiteral("callback.pgbench")));
    script.open(QIODevice::WriteOnly);
    script.write("\\set id random(1, 100000)\n"
                 "BEGIN;\n"
                 "INSERT INTO bench_pgb_events (order_id, received_at, body) VALUES (:id, :id, 'hmm.scm_heorder.confirm');\n"
                 "UPDATE bench_pgb_orders SET haier_status = 'confirmed', n = n + 1 WHERE id = :id;\n"
                 "END;\n");
    script.close();
    QProcess p;
    p.start(exe, {QStringLiteral("-n"), QStringLiteral("-c"), QString::number(Connections), QStringLiteral("-j"), QStringLiteral("4"),
                  QStringLiteral("-T"), QStringLiteral("5"), QStringLiteral("-f"), script.fileName(), location});
    p.waitForFinished(60000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const auto m = QRegularExpression(QStringLiteral("tps = ([0-9.]+)")).match(out);
    if (!m.hasMatch()) {
        Bench::row(metric, QStringLiteral("skipped: %1").arg(QString::fromUtf8(p.readAllStandardError()).simplified().left(200)), QStringLiteral("—"));
        return std::nullopt;
    }
    const double tps = m.captured(1).toDouble();
    Bench::row(metric, QString::number(tps, 'f', 0), QStringLiteral("—"));
    return tps;
}

int workersFor(const char *variable, int fallback)
{
    return qEnvironmentVariableIntValue(variable) > 0 ? qEnvironmentVariableIntValue(variable) : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString pgServer = qEnvironmentVariable("CONSOLE_BENCH_PG_URL");
    std::optional<double> tps;
    std::optional<ReceiverResult> onPg;
    std::optional<ReceiverResult> onPgJobs;
    if (!pgServer.isEmpty()) {
        QString error;
        const QString pg = Bench::freshPgDatabase(pgServer, QStringLiteral("bench_callbacks"), &error);
        if (pg.isEmpty()) {
            Bench::row(QStringLiteral("callback burst on PostgreSQL"), QStringLiteral("skipped: %1").arg(error), QStringLiteral("—"));
        } else {
            tps = pgbench(pg, dir);
            onPg = receiver(QStringLiteral("PostgreSQL"), pg, workersFor("BENCH_CALLBACK_WORKERS_PG", CallbackWorkers::defaultCount(true)));
            onPgJobs = receiver(QStringLiteral("PostgreSQL"), pg, workersFor("BENCH_CALLBACK_WORKERS_PG", CallbackWorkers::defaultCount(true)), true);
        }
    }
    const auto onSqlite = receiver(QStringLiteral("SQLite"), dir.filePath(QStringLiteral("cb.sqlite")), workersFor("BENCH_CALLBACK_WORKERS_SQLITE", CallbackWorkers::defaultCount(false)));
    if (onPg && tps)
        Bench::row(QStringLiteral("callback burst on PostgreSQL ÷ pgbench (same clients, insert + update)"),
                   QStringLiteral("%1 %").arg(100.0 * onPg->perSecond / *tps, 0, 'f', 0), QStringLiteral("≥ 50 %"));
    if (onPgJobs && tps)
        Bench::row(QStringLiteral("the burst on orders pushed by this console ÷ pgbench"), QStringLiteral("%1 %").arg(100.0 * onPgJobs->perSecond / *tps, 0, 'f', 0),
                   QStringLiteral("≥ 50 %"));
    if (onPg && onSqlite)
        Bench::row(QStringLiteral("callback burst on PostgreSQL ÷ the same burst on SQLite"),
                   QStringLiteral("%1 %").arg(100.0 * onPg->perSecond / onSqlite->perSecond, 0, 'f', 0),
                   QStringLiteral("≥ 90 % where the load generator tops out below pgbench ÷ 2"));
    return 0;
}
