// Signed callbacks per second through the real receiver on loopback, with p99 latency, on SQLite and
// (when CONSOLE_BENCH_PG_URL is set) PostgreSQL.
#include "benchutil.h"

#include "models/callbackstore.h"
#include "models/clock.h"
#include "models/database.h"
#include "net/callbacksignature.h"
#include "net/callbackserver.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTimeZone>

namespace {

QByteArray signedBody(int n)
{
    const QString data = QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("ExtOrderNo"), QStringLiteral("SO.20251124.%1").arg(n)},
                                                                     {QStringLiteral("PlatformOrderNo"), QStringLiteral("BENCH-%1").arg(n)},
                                                                     {QStringLiteral("State"), 1}}).toJson(QJsonDocument::Compact));
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("AppKey"), QStringLiteral("demo-appkey")},
        {QStringLiteral("TimeStamp"), QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"))},
        {QStringLiteral("Method"), QStringLiteral("hmm.scm_heorder.confirm")}, {QStringLiteral("Data"), data}};
    fields.append({QStringLiteral("Sign"), CallbackSignature::sign(fields, QStringLiteral("demo-secret-123"))});
    QByteArray body;
    for (const auto &f : fields)
        body += (body.isEmpty() ? "" : "&") + f.first.toUtf8() + '=' + QUrl::toPercentEncoding(f.second);
    return body;
}

void run(const QString &label, const QString &location, int count)
{
    QString error;
    auto db = Database::open(location, &error);
    if (!db || db->migrate(&error) < 0) {
        Bench::row(QStringLiteral("callbacks on %1").arg(label), QStringLiteral("skipped: %1").arg(error), QStringLiteral("—"));
        return;
    }
    Profile profile = Profile::preset(ProfileKind::Mock);
    SystemClock clock;
    CallbackStore store(*db);
    CallbackServer server(store, profile, [](const QString &) { return std::optional<QString>(QStringLiteral("demo-secret-123")); }, clock);
    server.listen();
    QNetworkAccessManager network;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(server.port());
    url.setPath(QStringLiteral("/haier/callback"));
    QList<double> latencies;
    int sent = 0;
    int finished = 0;
    QEventLoop loop;
    QElapsedTimer total;
    total.start();
    std::function<void()> next = [&]() {
        if (sent == count)
            return;
        const int n = sent++;
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        QNetworkReply *reply = network.post(request, signedBody(n));
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, timer]() {
            latencies << double(timer->nsecsElapsed()) / 1e6;
            reply->deleteLater();
            if (++finished == count)
                loop.quit();
            next();
        });
    };
    for (int i = 0; i < 6; ++i) // Haier's side: a few connections at once
        next();
    loop.exec();
    const double perSecond = count * 1000.0 / double(total.elapsed());
    Bench::row(QStringLiteral("signed callbacks on %1: per second / p99 latency (ms)").arg(label),
               QStringLiteral("%1 / %2").arg(perSecond, 0, 'f', 0).arg(Bench::percentile(latencies, 0.99), 0, 'f', 1), QStringLiteral("—"));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    run(QStringLiteral("SQLite"), dir.filePath(QStringLiteral("cb.sqlite")), 3000);
    const QString pg = qEnvironmentVariable("CONSOLE_BENCH_PG_URL");
    if (!pg.isEmpty())
        run(QStringLiteral("PostgreSQL"), pg, 3000);
    return 0;
}
