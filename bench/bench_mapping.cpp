// Mapping throughput: orders mapped (with every pre-push check) per second, single thread.
#include "benchutil.h"

#include "models/database.h"
#include "models/demodata.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTemporaryDir>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    QString error;
    auto db = Database::open(dir.filePath(QStringLiteral("map.sqlite")), &error);
    if (!db || db->migrate(&error) < 0 || !DemoData(*db).generate(2000, 42, nullptr, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    OrderStore store(*db);
    QList<Order> orders;
    for (const OrderSummary &s : store.page({}, 0, 2000))
        orders.append(*store.loadById(s.id));
    const Profile profile = Profile::preset(ProfileKind::Mock);

    QElapsedTimer timer;
    timer.start();
    qint64 mapped = 0;
    qint64 bytes = 0;
    while (timer.elapsed() < 3000) {
        for (const Order &o : std::as_const(orders)) {
            const MappingResult r = PayloadMapper::map(o, profile);
            bytes += r.ok() ? QJsonDocument(r.payload).toJson(QJsonDocument::Compact).size() : 0;
            ++mapped;
        }
    }
    const double perSecond = double(mapped) * 1000.0 / double(timer.elapsed());
    Bench::row(QStringLiteral("mapping + checks + JSON (orders/s, 1 core)"), QString::number(perSecond, 'f', 0),
               QStringLiteral("≫ 100 (the YLH rate limit)"));
    return bytes > 0 ? 0 : 1;
}
