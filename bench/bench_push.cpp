// Batch push against the simulator at 50 ms latency: orders/s against the ceiling (the lower of
// concurrency ÷ latency and the 100/s rate limit), token requests, and a plain sequential reference
// client (one request at a time, a new token per order) for comparison. With CONSOLE_BENCH_PG_URL set,
// also three desks at once: three `haierctl push --all-paid` processes on one PostgreSQL database and
// one profile, with the simulator counting the requests of its busiest second (YLH allows 100).
#include "benchutil.h"

#include "models/clock.h"
#include "models/database.h"
#include "models/demodata.h"
#include "models/envbinding.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"
#include "net/pushengine.h"
#include "net/ylhclient.h"
#include "net/ylhsender.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>

namespace {

Profile onSimulator(const QUrl &base)
{
    Profile p = YlhSimulator::pointedAt(Profile::preset(ProfileKind::Mock), base);
    if (qEnvironmentVariableIsSet("BENCH_RATE"))
        p.push.rateLimitPerSecond = qEnvironmentVariableIntValue("BENCH_RATE");
    if (qEnvironmentVariableIsSet("BENCH_CONCURRENCY"))
        p.push.concurrency = qEnvironmentVariableIntValue("BENCH_CONCURRENCY");
    return p;
}

const YlhCredentials demo{QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                          QStringLiteral("demo-password")};

QJsonObject simStats(QNetworkAccessManager &network, const QUrl &base)
{
    QUrl u = base;
    u.setPath(QStringLiteral("/__sim/stats"));
    QNetworkReply *reply = network.get(QNetworkRequest(u));
    QEventLoop wait;
    QObject::connect(reply, &QNetworkReply::finished, &wait, &QEventLoop::quit);
    wait.exec();
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

// Three desks (processes) push one profile's paid orders at once through one PostgreSQL database.
void threeDesks(const QString &pgServer, int orders, int latencyMs)
{
    const QString label = QStringLiteral("three desks (processes) on PostgreSQL, one profile's paid orders: busiest second at YLH (requests) / orders/s");
    QString error;
    const QString db = Bench::freshPgDatabase(pgServer, QStringLiteral("bench_push_desks"), &error);
    if (db.isEmpty())
        return Bench::row(label, QStringLiteral("skipped: %1").arg(error), QStringLiteral("≤ 100"));
    // BENCH_BUILD_ROOT: another build's haierctl and ylh-sim (to compare with an earlier version).
    const QString bin = qEnvironmentVariable("BENCH_BUILD_ROOT", QCoreApplication::applicationDirPath() + QStringLiteral("/.."));
    const QString haierctl = bin + QStringLiteral("/app/haierctl");
    auto ctl = [&](const QStringList &args) {
        QProcess p;
        p.start(haierctl, QStringList{QStringLiteral("--db"), db} + args);
        p.waitForFinished(600000);
        return p.exitCode() == 0 ? QString::fromUtf8(p.readAllStandardOutput()) : QString();
    };
    QProcess sim;
    sim.start(bin + QStringLiteral("/tools/ylh-sim/ylh-sim"), {QStringLiteral("--latency-ms"), QString::number(latencyMs)});
    if (!sim.waitForReadyRead(10000))
        return Bench::row(label, QStringLiteral("skipped: ylh-sim did not start"), QStringLiteral("≤ 100"));
    const QUrl base(QString::fromUtf8(sim.readLine()).trimmed());
    auto at = [&](const QString &path) { QUrl u = base; u.setPath(path); return u.toString(); };
    const QJsonObject profile{{QStringLiteral("name"), QStringLiteral("desks")}, {QStringLiteral("kind"), QStringLiteral("mock")},
                              {QStringLiteral("ylh"), QJsonObject{{QStringLiteral("authBaseUrl"), at(QStringLiteral("/ylh-cloud-mgt-auth-dev"))},
                                                                  {QStringLiteral("orderBaseUrl"), at(QStringLiteral("/ylh-cloud-service-jst-order-dev"))},
                                                                  {QStringLiteral("orderServiceBaseUrl"), at(QStringLiteral("/ylh-cloud-service-order-dev"))},
                                                                  {QStringLiteral("stockBaseUrl"), at(QStringLiteral("/ylh-cloud-service-stock-dev"))}}},
                              {QStringLiteral("simulator"), QJsonObject{{QStringLiteral("inProcess"), false}}}};
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("desks.json")));
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(profile).toJson());
    f.close();
    if (ctl({QStringLiteral("profile"), QStringLiteral("import"), f.fileName()}).isNull()
        || ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QString::number(orders * 100 / 60), QStringLiteral("--seed"), QStringLiteral("12")}).isNull()) {
        sim.kill();
        sim.waitForFinished();
        return Bench::row(label, QStringLiteral("skipped: haierctl could not set up the database"), QStringLiteral("≤ 100"));
    }
    QList<QProcess *> desks;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 3; ++i) {
        auto *p = new QProcess;
        p->start(haierctl, {QStringLiteral("--db"), db, QStringLiteral("--profile"), QStringLiteral("desks"), QStringLiteral("push"),
                            QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--json")});
        desks.append(p);
    }
    int accepted = 0;
    for (QProcess *p : std::as_const(desks)) {
        p->waitForFinished(900000);
        accepted += QJsonDocument::fromJson(p->readAllStandardOutput()).object().value(QStringLiteral("accepted")).toArray().size();
        delete p;
    }
    const double seconds = double(timer.elapsed()) / 1000.0;
    QNetworkAccessManager network;
    const QJsonObject stats = simStats(network, base);
    sim.kill();
    sim.waitForFinished();
    Bench::row(label, QStringLiteral("%1 / %2 (%3 accepted in %4 s)")
                          .arg(stats.value(QStringLiteral("busiestSecondRequests")).toInt())
                          .arg(accepted / seconds, 0, 'f', 1)
                          .arg(accepted)
                          .arg(seconds, 0, 'f', 1),
               QStringLiteral("≤ 100 requests in any second"));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int orders = QCoreApplication::arguments().value(1, QStringLiteral("2000")).toInt();
    const int latencyMs = 50;
    QTemporaryDir dir;
    QString error;
    auto db = Database::open(dir.filePath(QStringLiteral("push.sqlite")), &error);
    // Demo data holds unpaid and awkward orders too: make enough that `orders` valid paid ones are pushed.
    // Bound to training, so the mock profile's pushes write the shop's row as a real push does.
    if (!db || db->migrate(&error) < 0 || !DemoData(*db).generate(orders * 100 / 60, 11, nullptr, &error)
        || !EnvBinding(*db).bind(DbBinding::Training, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    // The simulator runs as its own process, as YLH would: in this process it would compete with the
    // engine for the one event-loop thread and measure itself.
    QProcess simProcess;
    simProcess.start(QCoreApplication::applicationDirPath() + QStringLiteral("/../tools/ylh-sim/ylh-sim"),
                     {QStringLiteral("--latency-ms"), QString::number(latencyMs)});
    if (!simProcess.waitForReadyRead(10000)) {
        qCritical("ylh-sim did not start");
        return 1;
    }
    const QUrl simUrl(QString::fromUtf8(simProcess.readLine()).trimmed());
    SystemClock clock;
    QNetworkAccessManager network;
    const Profile profile = onSimulator(simUrl);

    // The engine: bounded concurrency, shared token, rate limit.
    YlhClient client(network, clock);
    client.setProfile(profile);
    client.setCredentials(demo);
    YlhSender sender(client);
    PushEngine engine(*db, profile, sender, clock);
    QStringList candidates = PushEngine::allPaidCandidates(*db, profile.name, &error);
    QList<PushRequest> requests;
    OrderStore store(*db);
    for (const QString &n : std::as_const(candidates)) {
        const auto order = store.loadByNumber(n);
        if (order && PayloadMapper::map(*order, profile).ok() && requests.size() < orders)
            requests.append({n, false, false});
    }
    QEventLoop loop;
    QObject::connect(&engine, &PushEngine::finished, &loop, &QEventLoop::quit);
    QElapsedTimer timer;
    timer.start();
    engine.start(requests);
    loop.exec();
    const double seconds = double(timer.elapsed()) / 1000.0;
    int accepted = 0;
    for (const PushItemResult &r : engine.results())
        accepted += r.bucket == PushItemResult::Bucket::Accepted;
    const double rate = accepted / seconds;
    const double ceiling = qMin(double(profile.push.concurrency) * 1000.0 / latencyMs, double(profile.push.rateLimitPerSecond));
    Bench::row(QStringLiteral("batch push, %1 accepted at %2 ms latency, concurrency %3 (orders/s)").arg(accepted).arg(latencyMs).arg(profile.push.concurrency),
               QStringLiteral("%1 = %2 % of the ceiling %3").arg(rate, 0, 'f', 1).arg(100.0 * rate / ceiling, 0, 'f', 0).arg(ceiling, 0, 'f', 0),
               QStringLiteral("≥ 90 %"));
    Bench::row(QStringLiteral("token requests for that batch"), QString::number(client.tokenRequests()),
               QStringLiteral("1 per token lifetime"));

    // The reference: what a simple integration script does — one order at a time, a token for each.
    const int referenceOrders = 100;
    int referenceDone = 0;
    QElapsedTimer ref;
    ref.start();
    for (const OrderSummary &s : store.page({}, 0, 400)) {
        if (referenceDone == referenceOrders)
            break;
        auto order = store.loadById(s.id);
        order->haierSoId.clear(); // pushed by the engine above; the reference sends it again under its own soId
        order->haierStatus.clear();
        const MappingResult mapped = PayloadMapper::map(*order, profile, QStringLiteral("REF-%1").arg(s.id));
        if (!mapped.ok())
            continue;
        YlhClient fresh(network, clock); // a new client: a new token per order
        fresh.setProfile(profile);
        fresh.setCredentials(demo);
        bool done = false;
        fresh.createOrder(mapped.payload, s.orderNumber, [&](const ApiResult &) { done = true; loop.quit(); });
        if (!done)
            loop.exec();
        ++referenceDone;
    }
    const double referenceRate = referenceDone * 1000.0 / double(ref.elapsed());
    Bench::row(QStringLiteral("reference sequential client, new token per order (orders/s)"),
               QStringLiteral("%1 (engine is %2× faster)").arg(referenceRate, 0, 'f', 1).arg(rate / referenceRate, 0, 'f', 1),
               QStringLiteral("—"));
    simProcess.kill();
    simProcess.waitForFinished();

    const QString pg = qEnvironmentVariable("CONSOLE_BENCH_PG_URL");
    if (!pg.isEmpty())
        threeDesks(pg, qEnvironmentVariableIntValue("BENCH_DESK_ORDERS") > 0 ? qEnvironmentVariableIntValue("BENCH_DESK_ORDERS") : 1500,
                   latencyMs);
    return 0;
}
