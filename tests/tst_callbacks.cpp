// Haier callbacks: verification with the spec's vectors, every refusal, effects applied exactly once
// (SQLite and PostgreSQL), and the receiver over real HTTP staying up through bad requests.
#include "models/callbackstore.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "net/callbacksignature.h"
#include "net/callbackserver.h"
#include "net/callbackverifier.h"
#include "net/callbackworkers.h"
#include "net/logging.h"
#include "testdb.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTimeZone>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>

namespace {

const QString secret = QStringLiteral("demo-secret-123");
const QDateTime specTime(QDate(2025, 11, 24), QTime(2, 30), QTimeZone::utc()); // 20251124103000 in China

Profile profile()
{
    Profile p = Profile::preset(ProfileKind::Mock);
    p.callback.appKey = QStringLiteral("demo-appkey");
    return p;
}

QString stamp(const QDateTime &utc)
{
    return utc.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"));
}

// A form body as Haier sends it; signed unless told otherwise.
QByteArray form(const QString &method, const QString &data, const QDateTime &at = specTime, const QString &sign = QString(),
                const QString &appKey = QStringLiteral("demo-appkey"))
{
    QList<QPair<QString, QString>> fields{{QStringLiteral("AppKey"), appKey}, {QStringLiteral("TimeStamp"), stamp(at)},
                                          {QStringLiteral("Method"), method}, {QStringLiteral("Data"), data}};
    fields.append({QStringLiteral("Sign"), sign.isEmpty() ? CallbackSignature::sign(fields, secret) : sign});
    QByteArray body;
    for (const auto &f : fields)
        body += (body.isEmpty() ? "" : "&") + f.first.toUtf8() + '=' + QUrl::toPercentEncoding(f.second);
    return body;
}

const QString confirmData = QStringLiteral("{\"ExtOrderNo\":\"SO.20251124.000123\",\"PlatformOrderNo\":\"HMM20251124001-17\",\"State\":1}");
const QString refuseData = QStringLiteral("{\"ExtOrderNo\":\"\",\"PlatformOrderNo\":\"HMM20251124002-18\",\"State\":0,\"FailMsg\":\"收货地址无法配送\"}");

// A new database, migrated, every profile writing the shop's columns.
std::unique_ptr<Database> openBound(const QString &location)
{
    QString error;
    auto db = Database::open(location, &error);
    if (!db || db->migrate(&error) < 0)
        qFatal("cannot open %s: %s", qPrintable(location), qPrintable(error));
    TestDb::bind(*db);
    return db;
}

} // namespace

class TestCallbacks : public QObject
{
    Q_OBJECT

private slots:
    void specVectorsVerify()
    {
        CallbackVerdict v = CallbackVerifier::verify(form(CallbackVerifier::Confirm, confirmData, specTime,
                                                          QStringLiteral("B843F88C9214D1078CD4173F51BF63F0")), profile(), secret, specTime);
        QVERIFY2(v.valid, qPrintable(v.refusalReason));
        QCOMPARE(v.state, 1);
        QCOMPARE(v.extOrderNo, QStringLiteral("SO.20251124.000123"));
        v = CallbackVerifier::verify(form(CallbackVerifier::Confirm, refuseData, specTime, QStringLiteral("17C875C6DE29857218E12177201B0C0D")),
                                     profile(), secret, specTime);
        QVERIFY2(v.valid, qPrintable(v.refusalReason));
        QCOMPARE(v.state, 0);
        QCOMPARE(v.failMsg, QStringLiteral("收货地址无法配送"));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("forged sign") << form(CallbackVerifier::Confirm, confirmData, specTime, QStringLiteral("00000000000000000000000000000000")) << QStringLiteral("bad_sign");
        QTest::newRow("wrong appkey") << form(CallbackVerifier::Confirm, confirmData, specTime, QString(), QStringLiteral("other")) << QStringLiteral("bad_app_key");
        QTest::newRow("stale timestamp") << form(CallbackVerifier::Confirm, confirmData, specTime.addSecs(-3600)) << QStringLiteral("stale_timestamp");
        QTest::newRow("future timestamp") << form(CallbackVerifier::Confirm, confirmData, specTime.addSecs(3600)) << QStringLiteral("stale_timestamp");
        QByteArray tampered = form(CallbackVerifier::Confirm, confirmData);
        tampered.replace("000123", "000999");
        QTest::newRow("tampered data") << tampered << QStringLiteral("bad_sign");
        QTest::newRow("broken json") << form(CallbackVerifier::Confirm, QStringLiteral("{\"State\":1,")) << QStringLiteral("bad_data");
        QTest::newRow("no platform order") << form(CallbackVerifier::Confirm, QStringLiteral("{\"State\":1}")) << QStringLiteral("bad_data");
        QTest::newRow("state 2 on confirm") << form(CallbackVerifier::Confirm, QStringLiteral("{\"PlatformOrderNo\":\"A\",\"State\":2}")) << QStringLiteral("bad_data");
        QTest::newRow("unknown method") << form(QStringLiteral("hmm.scm_heorder.refund"), confirmData) << QStringLiteral("unknown_method");
        QTest::newRow("missing sign") << QByteArray("AppKey=demo-appkey&TimeStamp=20251124103000&Method=x&Data=%7B%7D") << QStringLiteral("missing_field");
        QTest::newRow("empty body") << QByteArray() << QStringLiteral("bad_form");
    }
    void refusals()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const CallbackVerdict v = CallbackVerifier::verify(body, profile(), secret, specTime);
        QVERIFY(!v.valid);
        QCOMPARE(v.refusalCode, code);
    }

    void stateAsString()
    {
        const CallbackVerdict v = CallbackVerifier::verify(
            form(CallbackVerifier::Cancel, QStringLiteral("{\"PlatformOrderNo\":\"A\",\"State\":\"2\",\"itemList\":[{\"productCode\":\"P\",\"totalQty\":2,\"receiveQty\":\"1\",\"returnQty\":0,\"rejectQty\":1}]}")),
            profile(), secret, specTime);
        QVERIFY2(v.valid, qPrintable(v.refusalReason));
        QCOMPARE(v.state, 2);
        QCOMPARE(v.items.size(), 1);
        QCOMPARE(v.items.first().receiveQty, 1);
    }

    // Refused callbacks and Haier's refusals (State 0) reach errors.log; an applied confirm stays in all.log only.
    void refusedCallbacksReachErrorsLog()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("log.sqlite")), &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        QVERIFY2(db->exec(QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_so_id, haier_status) VALUES "
                                         "(17, 'HMM20251124001-17', 'paid', 10, '2025-11-24 02:00:00', 'HMM20251124001-17-17', 'push_pending'), "
                                         "(18, 'HMM20251124002-18', 'paid', 10, '2025-11-24 02:00:00', 'HMM20251124002-18-18', 'push_pending')"),
                          &error), qPrintable(error));
        Logging::Options options;
        options.directory = dir.filePath(QStringLiteral("logs"));
        Logging::install(QStringLiteral("tst_callbacks"), options);
        ManualClock clock(specTime);
        CallbackStore store(*db);
        CallbackServer server(store, profile(), [](const QString &) { return std::optional<QString>(secret); }, clock);
        auto post = [&](const QByteArray &body) {
            HttpRequest request;
            request.method = "POST";
            request.path = "/haier/callback";
            request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
            request.body = body;
            return QJsonDocument::fromJson(server.handle(request).body).object().value(QStringLiteral("success")).toBool();
        };
        QVERIFY(post(form(CallbackVerifier::Confirm, confirmData)));
        QVERIFY(!post(form(CallbackVerifier::Confirm, confirmData, specTime, QStringLiteral("00000000000000000000000000000000"))));
        QVERIFY(post(form(CallbackVerifier::Confirm, refuseData)));
        Logging::uninstall();

        QFile errors(QDir(options.directory).filePath(QStringLiteral("errors.log")));
        QVERIFY(errors.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(errors.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).contains(QLatin1String("console.net.callback")) && lines.at(0).contains(QLatin1String("bad_sign")), qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).contains(QLatin1String("HMM20251124002-18")) && lines.at(1).contains(QStringLiteral("收货地址无法配送")),
                 qPrintable(lines.at(1)));
        QVERIFY(!lines.join(QLatin1Char('\n')).contains(QLatin1String("demo-secret-123")));
        QFile all(QDir(options.directory).filePath(QStringLiteral("all.log")));
        QVERIFY(all.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(all.readAll()).contains(QRegularExpression(QStringLiteral("info +console\\.net\\.callback: hmm\\.scm_heorder\\.confirm HMM20251124001-17 applied"))));
    }

    void effectsExactlyOnce_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void effectsExactlyOnce()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = openBound(location);
        for (const QString &sql : {
                 QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source) VALUES (1, 'A', 'P1', 'haier'), (2, 'B', 'P2', 'haier')"),
                 QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_so_id, haier_status) VALUES "
                                "(17, 'HMM20251124001-17', 'paid', 10, '2025-11-24 02:00:00', 'HMM20251124001-17-17', 'push_pending'), "
                                "(18, 'HMM20251124002-18', 'paid', 10, '2025-11-24 02:00:00', 'HMM20251124002-18-18', 'push_pending')"),
                 QStringLiteral("INSERT INTO orders_orderitem (order_id, product_id, sku_code, quantity) VALUES (17, 1, 'P1', 2), (17, 2, '', 1)")}) {
            QString s = sql;
            if (db->isPostgres())
                s.replace(QLatin1String("'2025-11-24 02:00:00'"), QLatin1String("TIMESTAMPTZ '2025-11-24 02:00:00+00'"));
            QVERIFY2(db->exec(s, &error), qPrintable(error));
        }
        ManualClock clock(specTime);
        CallbackStore store(*db);
        CallbackServer server(store, profile(), [](const QString &) { return std::optional<QString>(secret); }, clock);
        auto post = [&](const QByteArray &body, const QByteArray &path = "/haier/callback") {
            HttpRequest request;
            request.method = "POST";
            request.path = path;
            request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded; charset=UTF-8")});
            request.body = body;
            return QJsonDocument::fromJson(server.handle(request).body).object();
        };
        OrderStore orders(*db);

        // Confirm: Haier order number and status; the answer is the spec's JSON.
        QJsonObject a = post(form(CallbackVerifier::Confirm, confirmData));
        QCOMPARE(a.value(QStringLiteral("success")).toBool(), true);
        QCOMPARE(a.value(QStringLiteral("code")).toString(), QStringLiteral("success"));
        QCOMPARE(a.value(QStringLiteral("timeStamp")).toString(), QStringLiteral("20251124103000"));
        QCOMPARE(a.value(QStringLiteral("data")).toObject().value(QStringLiteral("platformOrderNo")).toString(), QStringLiteral("HMM20251124001-17"));
        QCOMPARE(orders.loadById(17)->haierStatus, QStringLiteral("confirmed"));
        QCOMPARE(orders.loadById(17)->haierOrderNo, QStringLiteral("SO.20251124.000123"));
        // The same callback again: success, nothing changes, counted.
        QCOMPARE(post(form(CallbackVerifier::Confirm, confirmData)).value(QStringLiteral("success")).toBool(), true);
        auto stored = store.list(QStringLiteral("HMM20251124001-17"), 10);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().duplicateCount, 1);

        // Cancel with lines, then an older confirm arriving late changes nothing.
        const QString cancelData = QStringLiteral("{\"ExtOrderNo\":\"SO.20251124.000123\",\"PlatformOrderNo\":\"HMM20251124001-17\",\"State\":1,"
                                                  "\"itemList\":[{\"productCode\":\"P1\",\"totalQty\":2,\"receiveQty\":0,\"returnQty\":0,\"rejectQty\":2},"
                                                  "{\"productCode\":\"P2\",\"totalQty\":1,\"receiveQty\":0,\"returnQty\":1,\"rejectQty\":0}]}");
        clock.advanceMs(60000);
        QVERIFY(post(form(CallbackVerifier::Cancel, cancelData, specTime.addSecs(60))).value(QStringLiteral("success")).toBool());
        auto order = orders.loadById(17);
        QCOMPARE(order->haierStatus, QStringLiteral("cancelled"));
        QCOMPARE(order->lines.at(0).rejectQty, 2);
        QCOMPARE(order->lines.at(1).returnQty, 1);
        const QString lateConfirm = QStringLiteral("{\"ExtOrderNo\":\"SO.X\",\"PlatformOrderNo\":\"HMM20251124001-17\",\"State\":1}");
        QVERIFY(post(form(CallbackVerifier::Confirm, lateConfirm, specTime.addSecs(30))).value(QStringLiteral("success")).toBool());
        QCOMPARE(orders.loadById(17)->haierStatus, QStringLiteral("cancelled"));
        QCOMPARE(store.list(QStringLiteral("HMM20251124001-17"), 1).first().outcome, QStringLiteral("stale"));

        // Refusal (State 0) with FailMsg, found by soId too; oostock; unknown order kept as orphan.
        QVERIFY(post(form(CallbackVerifier::Confirm, refuseData, specTime.addSecs(60))).value(QStringLiteral("success")).toBool());
        QCOMPARE(orders.loadById(18)->haierStatus, QStringLiteral("rejected"));
        QCOMPARE(orders.loadById(18)->haierFailMsg, QStringLiteral("收货地址无法配送"));
        const QString orphan = QStringLiteral("{\"PlatformOrderNo\":\"NOT-OURS-1\",\"State\":1,\"ExtOrderNo\":\"SO.1\"}");
        QVERIFY(post(form(CallbackVerifier::OutOfStock, orphan, specTime.addSecs(60)), "/haier/callback/oostock").value(QStringLiteral("success")).toBool());
        QCOMPARE(store.list(QStringLiteral("NOT-OURS-1"), 1).first().outcome, QStringLiteral("orphan"));

        // Refused callbacks are stored too, answered success:false, and change nothing.
        a = post(form(CallbackVerifier::Confirm, confirmData, specTime.addSecs(60), QStringLiteral("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")));
        QCOMPARE(a.value(QStringLiteral("success")).toBool(), false);
        QCOMPARE(a.value(QStringLiteral("code")).toString(), QStringLiteral("bad_sign"));
        a = post(form(CallbackVerifier::Confirm, confirmData), "/haier/callback/cancel");
        QCOMPARE(a.value(QStringLiteral("code")).toString(), QStringLiteral("method_mismatch"));
        QCOMPARE(orders.loadById(17)->haierStatus, QStringLiteral("cancelled"));
        bool foundRefused = false;
        for (const CallbackRecord &r : store.list(QString(), 100))
            foundRefused = foundRefused || (r.outcome == QLatin1String("refused") && r.refusalCode == QLatin1String("bad_sign"));
        QVERIFY(foundRefused);
    }

    // The job follows Haier's callbacks through the transition function: a pending cancel keeps the shop's
    // status, a refused cancel returns the job with Haier's FailMsg, a partial cancel keeps the lines.
    void jobFollowsCallbacks_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void jobFollowsCallbacks()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = openBound(location);
        QString order = QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_so_id, haier_status) "
                                       "VALUES (17, 'HMM17', 'paid', 10, '2025-11-24 02:00:00', 'HMM17-17', 'push_pending')");
        if (db->isPostgres())
            order.replace(QLatin1String("'2025-11-24 02:00:00'"), QLatin1String("TIMESTAMPTZ '2025-11-24 02:00:00+00'"));
        QVERIFY2(db->exec(order, &error), qPrintable(error));
        QVERIFY(db->exec(QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source) VALUES (1, 'A', 'P1', 'haier')"), &error));
        QVERIFY(db->exec(QStringLiteral("INSERT INTO orders_orderitem (order_id, product_id, sku_code, quantity) VALUES (17, 1, 'P1', 2)"), &error));
        JobStore jobs(*db);
        auto job = jobs.reserve(QStringLiteral("mock"), 17, QStringLiteral("HMM17"), QStringLiteral("HMM17-17"), {}, 1, &error);
        QVERIFY(db->exec(QStringLiteral("UPDATE console_push_jobs SET state = 'accepted', accepted_at = 1"), &error));
        auto cancelTaken = [&] {
            JobWrite w;
            w.change = QStringLiteral("staff:cancel");
            return jobs.apply(*jobs.get(job->id), JobEvent::of(JobEvent::Type::CancelTaken), w, 2).applied();
        };
        CallbackStore store(*db);
        int n = 0;
        auto deliver = [&](const QString &method, int state, const QString &failMsg, const QList<CallbackLine> &items = {}) {
            CallbackRecord r;
            r.profile = QStringLiteral("mock");
            r.method = method;
            r.valid = true;
            r.state = state;
            r.failMsg = failMsg;
            r.platformOrderNo = QStringLiteral("HMM17");
            r.timestampMs = SystemClock().nowUtc().toMSecsSinceEpoch();
            r.dedupeKey = QStringLiteral("key-%1").arg(++n);
            r.items = items;
            QString why;
            if (!store.store(r, &why))
                qWarning("store: %s", qPrintable(why));
            return r.outcome;
        };
        OrderStore orders(*db);

        QVERIFY(cancelTaken());
        QCOMPARE(jobs.get(job->id)->state, JobState::CancelRequested);
        // Haier's confirmation lands while the cancel is pending: the job waits, the shop's row stays.
        QCOMPARE(deliver(CallbackVerifier::Confirm, 1, QString()), QStringLiteral("applied"));
        QCOMPARE(jobs.get(job->id)->state, JobState::CancelRequested);
        QCOMPARE(jobs.get(job->id)->stateBeforeCancel, std::optional<JobState>(JobState::Confirmed));
        QCOMPARE(orders.loadById(17)->haierStatus, QStringLiteral("push_pending"));
        // Haier refuses the cancel: back to where it was, with Haier's reason.
        QCOMPARE(deliver(CallbackVerifier::Cancel, 0, QStringLiteral("已出库，无法取消")), QStringLiteral("applied"));
        auto now = jobs.get(job->id);
        QCOMPARE(now->state, JobState::Confirmed);
        QCOMPARE(now->lastMessage, QStringLiteral("已出库，无法取消"));
        QCOMPARE(now->lastChange, QStringLiteral("callback"));
        QCOMPARE(orders.loadById(17)->haierStatus, QStringLiteral("confirmed"));
        // A refused cancel with none pending changes nothing.
        QCOMPARE(deliver(CallbackVerifier::Cancel, 0, QStringLiteral("x")), QStringLiteral("no_change"));

        // Asked again; Haier cancels part of it: lines kept, never a new soId from there.
        QVERIFY(cancelTaken());
        CallbackLine line;
        line.productCode = QStringLiteral("P1");
        line.totalQty = 2;
        line.rejectQty = 1;
        line.receiveQty = 1;
        QCOMPARE(deliver(CallbackVerifier::Cancel, 2, QString(), {line}), QStringLiteral("applied"));
        now = jobs.get(job->id);
        QCOMPARE(now->state, JobState::PartiallyCancelled);
        QCOMPARE(orders.loadById(17)->haierStatus, QStringLiteral("partially_cancelled"));
        QCOMPARE(orders.loadById(17)->lines.at(0).rejectQty, 1);
        QVERIFY(!permits(now->facts(), JobEvent::Type::NewSoId));
        // A confirmation now would move it backwards: kept, changes nothing.
        QCOMPARE(deliver(CallbackVerifier::Confirm, 1, QString()), QStringLiteral("stale"));
        QCOMPARE(jobs.get(job->id)->state, JobState::PartiallyCancelled);
    }

    // domain.md's rule of which soId a callback is about, the clock-skew margin, and replays whose Data
    // differs only in letter case (the signature lower-cases Data, so such a replay still verifies).
    void soIdRulesAndCaseFoldedReplays_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void soIdRulesAndCaseFoldedReplays()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = openBound(location);
        Profile p = profile();
        p.callback.skewMarginSeconds = 300;
        const qint64 t0 = specTime.toMSecsSinceEpoch();
        const qint64 minute = 60000;
        // 17: pushed once, our record of acceptance 9 minutes after Haier stamped its confirmation.
        // 18: pushed once, the create answer gave the Haier order number in capitals.
        // 19 and 20: re-pushed under a second soId, accepted at t0 + 9 min; 19's current one has a Haier order number.
        QString orders = QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_so_id, haier_status, haier_order_no) VALUES ");
        QStringList jobs, attempts;
        struct Row { int id; int seq; QString haierNo; };
        for (const Row &r : {Row{17, 1, QString()}, Row{18, 1, QStringLiteral("SO.20251124.000200")}, Row{19, 2, QStringLiteral("SO.N19")},
                             Row{20, 2, QString()}}) {
            const QString number = r.id == 17 ? QStringLiteral("HMM20251124001-17") : QStringLiteral("HMM2025112400%1-%2").arg(r.id % 10).arg(r.id);
            const QString soId = number + (r.seq > 1 ? QStringLiteral("-%1-2").arg(r.id) : QStringLiteral("-%1").arg(r.id));
            orders += QStringLiteral("%1(%2, '%3', 'paid', 10, '2025-11-24 02:00:00', '%4', 'push_pending', '%5')")
                          .arg(r.id == 17 ? QString() : QStringLiteral(", "), QString::number(r.id), number, soId, r.haierNo);
            jobs << QStringLiteral("(%1, %1, '%2', '%3', '%4', %5, 'accepted', '%6', %7, %7, %8)")
                        .arg(QString::number(r.id), number, p.name, soId, QString::number(r.seq), r.haierNo)
                        .arg(t0 - 10 * minute).arg(t0 + 9 * minute);
            attempts << QStringLiteral("(%1, 1, '%2', '%3', %4, 1)").arg(r.id).arg(number + QStringLiteral("-%1").arg(r.id), p.name).arg(t0 - 10 * minute);
            if (r.seq > 1)
                attempts << QStringLiteral("(%1, 2, '%2', '%3', %4, 2)").arg(r.id).arg(soId, p.name).arg(t0 + 8 * minute);
        }
        if (db->isPostgres())
            orders.replace(QLatin1String("'2025-11-24 02:00:00'"), QLatin1String("TIMESTAMPTZ '2025-11-24 02:00:00+00'"));
        QVERIFY2(db->exec(orders, &error), qPrintable(error));
        QVERIFY2(db->exec(QStringLiteral("INSERT INTO console_push_jobs (id, order_id, order_number, profile, so_id, so_seq, state, haier_order_no, "
                                         "created_at, updated_at, accepted_at) VALUES ") + jobs.join(QStringLiteral(", ")), &error), qPrintable(error));
        QVERIFY2(db->exec(QStringLiteral("INSERT INTO console_push_attempts (job_id, attempt_no, so_id, profile, started_at, push_no) VALUES ")
                              + attempts.join(QStringLiteral(", ")), &error), qPrintable(error));

        ManualClock clock(specTime.addSecs(9 * 60)); // 9 minutes after the stamps below: inside the 10-minute window
        CallbackStore store(*db);
        CallbackServer server(store, p, [](const QString &) { return std::optional<QString>(secret); }, clock);
        auto post = [&](const QString &data, const QDateTime &at = specTime) {
            HttpRequest request;
            request.method = "POST";
            request.path = "/haier/callback";
            request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
            request.body = form(CallbackVerifier::Confirm, data, at);
            return QJsonDocument::fromJson(server.handle(request).body).object().value(QStringLiteral("success")).toBool();
        };
        auto outcome = [&](const QString &order) {
            const auto rows = store.list(order, 1);
            return rows.isEmpty() ? QString() : rows.first().outcome;
        };
        JobStore jobStore(*db);
        OrderStore orderStore(*db);

        // One soId: stamped 9 minutes before our record of its acceptance, inside the replay window: applied.
        QVERIFY(post(confirmData));
        QCOMPARE(outcome(QStringLiteral("HMM20251124001-17")), QStringLiteral("applied"));
        QCOMPARE(jobStore.get(17)->state, JobState::Confirmed);
        QCOMPARE(orderStore.loadById(17)->haierOrderNo, QStringLiteral("SO.20251124.000123"));

        // The same callback with its Data's letters in other case: the signature still verifies; a repeat.
        const QString flipped = QStringLiteral("{\"ExtOrderNo\":\"so.20251124.000123\",\"PlatformOrderNo\":\"hmm20251124001-17\",\"State\":1}");
        QVERIFY(post(flipped));
        auto rows = store.list(QStringLiteral("HMM20251124001-17"), 10);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().duplicateCount, 1);
        QCOMPARE(orderStore.loadById(17)->haierOrderNo, QStringLiteral("SO.20251124.000123"));
        QCOMPARE(jobStore.get(17)->haierOrderNo, QStringLiteral("SO.20251124.000123"));

        // A confirmation naming the Haier order number in other letters keeps the one recorded.
        QVERIFY(post(QStringLiteral("{\"ExtOrderNo\":\"so.20251124.000200\",\"PlatformOrderNo\":\"HMM20251124008-18\",\"State\":1}")));
        QCOMPARE(outcome(QStringLiteral("HMM20251124008-18")), QStringLiteral("applied"));
        QCOMPARE(orderStore.loadById(18)->haierOrderNo, QStringLiteral("SO.20251124.000200"));
        QCOMPARE(orderStore.loadById(18)->haierStatus, QStringLiteral("confirmed"));
        QCOMPARE(jobStore.get(18)->haierOrderNo, QStringLiteral("SO.20251124.000200"));

        // Several soIds. Naming the earlier soId: kept, changes nothing.
        QVERIFY(post(QStringLiteral("{\"ExtOrderNo\":\"SO.OLD\",\"PlatformOrderNo\":\"HMM20251124009-19-19\",\"State\":1}")));
        QCOMPARE(outcome(QStringLiteral("HMM20251124009-19-19")), QStringLiteral("stale"));
        QCOMPARE(jobStore.get(19)->state, JobState::Accepted);
        QCOMPARE(orderStore.loadById(19)->haierStatus, QStringLiteral("push_pending"));
        // Naming the order only, stamped 9 minutes before the current soId's acceptance (margin 5): needs review.
        QVERIFY(post(QStringLiteral("{\"ExtOrderNo\":\"SO.OTHER\",\"PlatformOrderNo\":\"HMM20251124009-19\",\"State\":1}")));
        QCOMPARE(outcome(QStringLiteral("HMM20251124009-19")), QStringLiteral("needs_review"));
        QCOMPARE(jobStore.get(19)->state, JobState::Accepted);
        // Naming the current soId's Haier order number (in any case): about the current soId.
        QVERIFY(post(QStringLiteral("{\"ExtOrderNo\":\"so.n19\",\"PlatformOrderNo\":\"HMM20251124009-19\",\"State\":1}"), specTime.addSecs(1)));
        QCOMPARE(outcome(QStringLiteral("HMM20251124009-19")), QStringLiteral("applied"));
        QCOMPARE(jobStore.get(19)->state, JobState::Confirmed);
        QCOMPARE(orderStore.loadById(19)->haierOrderNo, QStringLiteral("SO.N19"));
        // Naming the current soId: about it, whatever its stamp.
        QVERIFY(post(QStringLiteral("{\"ExtOrderNo\":\"SO.N20\",\"PlatformOrderNo\":\"HMM20251124000-20-20-2\",\"State\":1}")));
        QCOMPARE(outcome(QStringLiteral("HMM20251124000-20-20-2")), QStringLiteral("applied"));
        QCOMPARE(jobStore.get(20)->state, JobState::Confirmed);
    }

    void skewMarginWithinSeveralSoIds_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void skewMarginWithinSeveralSoIds()
    {
        // Several soIds, nothing names one, stamped 4 minutes before the current soId's acceptance (margin 5): applied.
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = openBound(location);
        Profile p = profile();
        p.callback.skewMarginSeconds = 300;
        const qint64 t0 = specTime.toMSecsSinceEpoch();
        QString orders = QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_so_id, haier_status) VALUES "
                                        "(21, 'HMM20251124001-21', 'paid', 10, '2025-11-24 02:00:00', 'HMM20251124001-21-21-2', 'push_pending')");
        if (db->isPostgres())
            orders.replace(QLatin1String("'2025-11-24 02:00:00'"), QLatin1String("TIMESTAMPTZ '2025-11-24 02:00:00+00'"));
        QVERIFY2(db->exec(orders, &error), qPrintable(error));
        QVERIFY2(db->exec(QStringLiteral("INSERT INTO console_push_jobs (id, order_id, order_number, profile, so_id, so_seq, state, created_at, updated_at, accepted_at) "
                                         "VALUES (21, 21, 'HMM20251124001-21', '%1', 'HMM20251124001-21-21-2', 2, 'accepted', %2, %2, %3)")
                              .arg(p.name).arg(t0 - 600000).arg(t0 + 4 * 60000), &error), qPrintable(error));
        ManualClock clock(specTime.addSecs(4 * 60));
        CallbackStore store(*db);
        CallbackServer server(store, p, [](const QString &) { return std::optional<QString>(secret); }, clock);
        HttpRequest request;
        request.method = "POST";
        request.path = "/haier/callback";
        request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
        request.body = form(CallbackVerifier::Confirm, QStringLiteral("{\"ExtOrderNo\":\"SO.N21\",\"PlatformOrderNo\":\"HMM20251124001-21\",\"State\":1}"));
        QVERIFY(QJsonDocument::fromJson(server.handle(request).body).object().value(QStringLiteral("success")).toBool());
        QCOMPARE(store.list(QStringLiteral("HMM20251124001-21"), 1).first().outcome, QStringLiteral("applied"));
        QCOMPARE(JobStore(*db).get(21)->state, JobState::Confirmed);
    }

    // Haier sends one callback several times at once, to two receivers (two processes) on one database,
    // each storing on several worker threads: exactly one copy applies, every other is a counted duplicate.
    void concurrentIdenticalCallbacksApplyOnce_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void concurrentIdenticalCallbacksApplyOnce()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = openBound(location);
        QString order = QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_so_id, haier_status) VALUES "
                                       "(17, 'HMM20251124001-17', 'paid', 10, '2025-11-24 02:00:00', 'HMM20251124001-17-17', 'push_pending')");
        if (db->isPostgres())
            order.replace(QLatin1String("'2025-11-24 02:00:00'"), QLatin1String("TIMESTAMPTZ '2025-11-24 02:00:00+00'"));
        QVERIFY2(db->exec(order, &error), qPrintable(error));
        auto otherDb = Database::open(location, &error);
        QVERIFY2(otherDb, qPrintable(error));
        SystemClock clock;
        CallbackStore store(*db), otherStore(*otherDb);
        const auto secretOf = [](const QString &) { return std::optional<QString>(secret); };
        CallbackServer first(store, profile(), secretOf, clock), second(otherStore, profile(), secretOf, clock);
        int stored = 0;
        for (CallbackServer *server : {&first, &second}) {
            QVERIFY2(server->setWorkers(4, location, &error), qPrintable(error));
            QCOMPARE(server->workers(), 4);
            QVERIFY(server->listen());
            connect(server, &CallbackServer::callbackStored, this, [&stored] { ++stored; });
        }
        const QByteArray body = form(CallbackVerifier::Confirm, confirmData, QDateTime::currentDateTimeUtc());
        const QByteArray request = "POST /haier/callback HTTP/1.1\r\nHost: receiver\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                   "Connection: close\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        constexpr int Copies = 16;
        std::vector<std::unique_ptr<QTcpSocket>> senders;
        for (int i = 0; i < Copies; ++i) {
            senders.push_back(std::make_unique<QTcpSocket>());
            senders.back()->connectToHost(QHostAddress::LocalHost, (i % 2 ? second : first).port());
        }
        for (auto &s : senders)
            QVERIFY(s->state() == QAbstractSocket::ConnectedState || s->waitForConnected(5000));
        for (auto &s : senders) // every copy is on its way before the first is answered
            s->write(request);
        QTRY_COMPARE_WITH_TIMEOUT(stored, Copies, 20000);
        for (auto &s : senders) {
            QTRY_VERIFY_WITH_TIMEOUT(s->state() == QAbstractSocket::UnconnectedState, 5000);
            const QByteArray answer = s->readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
            const QJsonObject o = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
            QCOMPARE(o.value(QStringLiteral("success")).toBool(), true);
        }
        const QList<CallbackRecord> rows = store.list(QStringLiteral("HMM20251124001-17"), 100);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().outcome, QStringLiteral("applied"));
        QCOMPARE(rows.first().duplicateCount, Copies - 1);
        QCOMPARE(OrderStore(*db).loadById(17)->haierStatus, QStringLiteral("confirmed"));
    }

    // A burst committed as groups: copies inside a group and across groups on two connections (their
    // orders in opposite order, so locks taken one by one would deadlock) still apply once each; a group
    // with a failing callback commits nothing, and its callbacks are stored again one by one.
    void groupsCommitTogetherExactlyOnce_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void groupsCommitTogetherExactlyOnce()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = openBound(location);
        constexpr int Orders = 12;
        QStringList values;
        for (int i = 0; i < Orders; ++i)
            values << QStringLiteral("(%1, 'G-%1', 'paid', 10, '2025-11-24 02:00:00', 'push_pending')").arg(100 + i);
        QString sql = QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_status) VALUES ")
            + values.join(QStringLiteral(", "));
        if (db->isPostgres())
            sql.replace(QLatin1String("'2025-11-24 02:00:00'"), QLatin1String("TIMESTAMPTZ '2025-11-24 02:00:00+00'"));
        QVERIFY2(db->exec(sql, &error), qPrintable(error));
        auto confirm = [](int i) {
            CallbackRecord r;
            r.valid = true;
            r.profile = profile().name;
            r.method = CallbackVerifier::Confirm;
            r.timeStamp = QStringLiteral("20251124103000");
            r.timestampMs = specTime.toMSecsSinceEpoch();
            r.platformOrderNo = QStringLiteral("G-%1").arg(100 + i);
            r.extOrderNo = QStringLiteral("SO.G.%1").arg(100 + i);
            r.state = 1;
            r.data = QStringLiteral("{\"PlatformOrderNo\":\"%1\",\"ExtOrderNo\":\"%2\",\"State\":1}").arg(r.platformOrderNo, r.extOrderNo);
            r.dedupeKey = CallbackStore::dedupeKey(r.method, r.timeStamp, r.data);
            return r;
        };

        // Two connections, each storing groups of every order's callback twice, one forwards and one backwards.
        std::atomic<int> failures{0};
        auto sender = [&](bool backwards) {
            QString why;
            auto own = Database::open(location, &why);
            if (!own) {
                ++failures;
                return;
            }
            CallbackStore groupStore(*own);
            for (int round = 0; round < 3; ++round) {
                QList<CallbackRecord> records;
                for (int k = 0; k < Orders; ++k) {
                    const int i = backwards ? Orders - 1 - k : k;
                    records << confirm(i) << confirm(i);
                }
                QList<CallbackRecord *> group;
                for (CallbackRecord &r : records)
                    group << &r;
                // SQLite: a busy database makes the group fail; it is then stored one by one, as the workers do.
                if (!groupStore.storeGroup(group, &why)) {
                    for (CallbackRecord *r : std::as_const(group)) {
                        if (!groupStore.store(*r, &why) && !groupStore.store(*r, &why))
                            ++failures;
                    }
                }
            }
        };
        std::thread a(sender, false), b(sender, true);
        a.join();
        b.join();
        QCOMPARE(failures.load(), 0);
        CallbackStore store(*db);
        for (int i = 0; i < Orders; ++i) {
            const QList<CallbackRecord> rows = store.list(QStringLiteral("G-%1").arg(100 + i), 10);
            QCOMPARE(rows.size(), 1);
            QCOMPARE(rows.first().outcome, QStringLiteral("applied"));
            QCOMPARE(rows.first().duplicateCount, 2 * 3 * 2 - 1);
            QCOMPARE(OrderStore(*db).loadById(100 + i)->haierStatus, QStringLiteral("confirmed"));
        }

        // A group with a callback the database refuses to store (on PostgreSQL: a value longer than its
        // column) commits nothing, not even the good callback before it.
        if (db->isPostgres()) {
            QVERIFY2(db->exec(QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_status) VALUES "
                                             "(200, 'G-200', 'paid', 10, TIMESTAMPTZ '2025-11-24 02:00:00+00', 'push_pending')"), &error),
                     qPrintable(error));
            CallbackRecord good = confirm(100);
            CallbackRecord bad = confirm(101);
            bad.dedupeKey = QStringLiteral("x");
            bad.peer = QString(300, QLatin1Char('p')); // peer is VARCHAR(100)
            QVERIFY(!store.storeGroup({&good, &bad}, &error));
            QVERIFY(store.list(QStringLiteral("G-200"), 10).isEmpty());
            QCOMPARE(OrderStore(*db).loadById(200)->haierStatus, QStringLiteral("push_pending"));
        }
    }

    // A group stored together (on PostgreSQL: read and written a round at a time, copies counted on the
    // first) ends exactly as the same callbacks stored one by one: the same outcomes, the same rows a
    // copy counts on, the same orders, lines and jobs. Two sets of orders in one database: A stored one
    // by one, B in two groups (the second repeating the first, so copies of earlier groups' rows too).
    void groupStoresAsOneByOne_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void groupStoresAsOneByOne()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = openBound(location);
        QVERIFY(db->exec(QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source) VALUES (1, 'A', 'P1', 'haier')"), &error));
        JobStore jobs(*db);
        for (const QString &set : {QStringLiteral("A"), QStringLiteral("B")}) {
            const int base = set == QLatin1String("A") ? 10 : 20;
            for (int k = 1; k <= 3; ++k) {
                QString sql = QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at, haier_status) "
                                             "VALUES (%1, '%2-%3', 'paid', 10, '2025-11-24 02:00:00', 'push_pending')").arg(base + k).arg(set).arg(k);
                if (db->isPostgres())
                    sql.replace(QLatin1String("'2025-11-24 02:00:00'"), QLatin1String("TIMESTAMPTZ '2025-11-24 02:00:00+00'"));
                QVERIFY2(db->exec(sql, &error), qPrintable(error));
            }
            QVERIFY(db->exec(QStringLiteral("INSERT INTO orders_orderitem (order_id, product_id, sku_code, quantity) VALUES (%1, 1, 'P1', 2)").arg(base + 1), &error));
            // Order 1 and 3 pushed by this console (3 under a soId of its own); order 2 pushed from elsewhere.
            QVERIFY(jobs.reserve(QStringLiteral("mock"), base + 1, QStringLiteral("%1-1").arg(set), QStringLiteral("%1-1").arg(set), {}, 1, &error));
            QVERIFY(jobs.reserve(QStringLiteral("mock"), base + 3, QStringLiteral("%1-3").arg(set), QStringLiteral("%1-3-S").arg(set), {}, 1, &error));
        }
        QVERIFY(db->exec(QStringLiteral("UPDATE console_push_jobs SET state = 'accepted', accepted_at = 1"), &error));

        auto callback = [](const QString &method, const QString &pon, int state, int minute, const QString &ext, const QString &failMsg = QString(),
                           const QList<CallbackLine> &items = {}) {
            CallbackRecord r;
            r.valid = true;
            r.profile = QStringLiteral("mock");
            r.method = method;
            r.state = state;
            r.platformOrderNo = pon;
            r.extOrderNo = ext;
            r.failMsg = failMsg;
            r.items = items;
            const QDateTime at = specTime.addSecs(60 * minute);
            r.timeStamp = stamp(at);
            r.timestampMs = at.toMSecsSinceEpoch();
            r.data = QStringLiteral("{\"ExtOrderNo\":\"%1\",\"FailMsg\":\"%2\",\"PlatformOrderNo\":\"%3\",\"State\":%4}").arg(ext, failMsg, pon).arg(state);
            r.dedupeKey = CallbackStore::dedupeKey(r.method, r.timeStamp, r.data);
            return r;
        };
        auto sequence = [&](const QString &set) {
            const QString p = set + QLatin1Char('-');
            CallbackLine line;
            line.productCode = QStringLiteral("P1");
            line.totalQty = 2;
            line.rejectQty = 2;
            CallbackRecord flipped = callback(CallbackVerifier::Confirm, p + QLatin1Char('2'), 1, 0, QStringLiteral("SO.") + p + QLatin1Char('2'));
            flipped.data = flipped.data.toUpper(); // a replay with its Data in other letters: the same callback
            flipped.platformOrderNo = flipped.platformOrderNo.toUpper();
            CallbackRecord refused = callback(CallbackVerifier::Confirm, p + QLatin1Char('1'), 1, 5, QStringLiteral("SO.X"));
            refused.valid = false;
            refused.refusalCode = QStringLiteral("bad_sign");
            return QList<CallbackRecord>{
                callback(CallbackVerifier::Confirm, p + QLatin1Char('1'), 1, 0, QStringLiteral("SO.") + p + QLatin1Char('1')),  // 0 applied
                callback(CallbackVerifier::Confirm, p + QLatin1Char('1'), 1, 0, QStringLiteral("SO.") + p + QLatin1Char('1')),  // 1 copy of 0
                callback(CallbackVerifier::Cancel, p + QLatin1Char('1'), 1, 1, QStringLiteral("SO.") + p + QLatin1Char('1'), QString(), {line}),
                callback(CallbackVerifier::Confirm, p + QLatin1Char('2'), 1, 0, QStringLiteral("SO.") + p + QLatin1Char('2')),  // 3 applied
                flipped,                                                                                                    // 4 copy of 3
                callback(CallbackVerifier::OutOfStock, p + QLatin1Char('2'), 1, 2, QString(), QStringLiteral("缺货")),       // 5 applied
                callback(CallbackVerifier::Confirm, p + QLatin1Char('2'), 1, 3, QStringLiteral("SO.") + p + QStringLiteral("2b")), // 6 stale
                callback(CallbackVerifier::Confirm, p + QStringLiteral("3-S"), 1, 0, QStringLiteral("SO.") + p + QLatin1Char('3')), // 7 by soId
                refused,                                                                                                    // 8 refused
                callback(CallbackVerifier::OutOfStock, p + QLatin1Char('9'), 1, 0, QString(), QStringLiteral("x")),          // 9 orphan
                callback(CallbackVerifier::OutOfStock, p + QLatin1Char('9'), 1, 0, QString(), QStringLiteral("x")),          // 10 copy of 9
                callback(CallbackVerifier::Confirm, p + QLatin1Char('1'), 1, 0, QStringLiteral("SO.") + p + QLatin1Char('1')),  // 11 copy of 0
                callback(CallbackVerifier::Confirm, p + QLatin1Char('3'), 0, 4, QString(), QStringLiteral("x")),             // 12 stale
            };
        };
        CallbackStore store(*db);
        QList<CallbackRecord> a1 = sequence(QStringLiteral("A")).mid(0, 7);
        QList<CallbackRecord> a2 = sequence(QStringLiteral("A"));
        for (QList<CallbackRecord> *list : {&a1, &a2}) {
            for (CallbackRecord &r : *list)
                QVERIFY2(store.store(r, &error), qPrintable(error));
        }
        QList<CallbackRecord> b1 = sequence(QStringLiteral("B")).mid(0, 7);
        QList<CallbackRecord> b2 = sequence(QStringLiteral("B"));
        for (QList<CallbackRecord> *list : {&b1, &b2}) {
            QList<CallbackRecord *> group;
            for (CallbackRecord &r : *list)
                group << &r;
            QVERIFY2(store.storeGroup(group, &error), qPrintable(error));
        }

        // The outcomes, and which stored row each callback is (the same pattern of ids).
        const QStringList expected{QStringLiteral("applied"), QStringLiteral("duplicate"), QStringLiteral("applied"), QStringLiteral("applied"),
                                   QStringLiteral("duplicate"), QStringLiteral("applied"), QStringLiteral("stale")};
        auto shape = [](const QList<CallbackRecord> &first, const QList<CallbackRecord> &second) {
            QList<qint64> ids;
            QStringList out;
            for (const CallbackRecord &r : first + second) {
                if (!ids.contains(r.id))
                    ids << r.id;
                out << QStringLiteral("%1#%2").arg(r.outcome).arg(ids.indexOf(r.id));
            }
            return out;
        };
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(b1.at(i).outcome, expected.at(i));
        QCOMPARE(b2.at(8).outcome, QStringLiteral("refused"));
        QCOMPARE(b2.at(9).outcome, QStringLiteral("orphan"));
        QCOMPARE(b2.at(12).outcome, QStringLiteral("stale"));
        QCOMPARE(shape(b1, b2), shape(a1, a2));

        // The same rows, orders, lines and jobs.
        OrderStore orders(*db);
        auto described = [&](const QString &set) {
            const int base = set == QLatin1String("A") ? 10 : 20;
            QStringList out;
            for (int k = 1; k <= 3; ++k) {
                const auto o = orders.loadById(base + k);
                out << QStringLiteral("%1 %2 %3 %4").arg(o->haierStatus, o->haierOrderNo, o->haierSoId, o->haierFailMsg);
                if (!o->lines.isEmpty())
                    out << QStringLiteral("line %1").arg(o->lines.at(0).rejectQty);
                if (const auto job = jobs.findForOrder(QStringLiteral("mock"), base + k))
                    out << QStringLiteral("job %1").arg(jobStateName(job->state));
            }
            for (const QString &k : {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("3-S"), QStringLiteral("9")}) {
                for (const CallbackRecord &r : store.list(set + QLatin1Char('-') + k, 100))
                    out << QStringLiteral("%1 %2 %3 %4").arg(r.method, r.outcome).arg(r.duplicateCount).arg(r.valid);
            }
            return out.join(QLatin1Char('\n')).replace(set + QLatin1Char('-'), QStringLiteral("?-"));
        };
        QCOMPARE(described(QStringLiteral("B")), described(QStringLiteral("A")));
        QVERIFY(described(QStringLiteral("B")).contains(QStringLiteral("out_of_stock")));
    }

    // The storing threads: callbacks with one PlatformOrderNo (in any letter case) are stored by one
    // thread in the order they came; refused ones go round the threads, whatever they name.
    void workersKeepAnOrdersCallbacksInTurn()
    {
        QTemporaryDir dir;
        const QString location = dir.filePath(QStringLiteral("w.sqlite"));
        auto db = openBound(location);
        QString error;
        auto workers = CallbackWorkers::start(3, location, &error);
        QVERIFY2(workers, qPrintable(error));
        std::mutex mutex;
        QHash<QString, QList<std::pair<int, std::thread::id>>> seen; // PlatformOrderNo -> (sequence, thread)
        std::atomic<int> done{0};
        constexpr int Valid = 30;
        constexpr int Refused = 6;
        for (int i = 0; i < Valid + Refused; ++i) {
            auto record = std::make_shared<CallbackRecord>();
            record->valid = i < Valid;
            record->profile = QStringLiteral("mock");
            record->method = CallbackVerifier::Confirm;
            record->state = 1;
            record->platformOrderNo = record->valid ? QStringLiteral("W-%1").arg(i / 2 % 3) : QStringLiteral("same");
            if (record->valid && i % 2)
                record->platformOrderNo = record->platformOrderNo.toLower();
            record->dedupeKey = QStringLiteral("key-%1").arg(i);
            CallbackWorkers::Job job;
            job.record = record;
            const QString pon = record->platformOrderNo.toUpper();
            job.done = [&, pon, i](bool ok, bool, const QString &why) {
                if (!ok)
                    qWarning("store: %s", qPrintable(why));
                std::lock_guard lock(mutex);
                seen[pon].append({i, std::this_thread::get_id()});
                ++done;
            };
            workers->submit(std::move(job));
        }
        QTRY_COMPARE_WITH_TIMEOUT(done.load(), Valid + Refused, 20000);
        std::lock_guard lock(mutex);
        for (int k = 0; k < 3; ++k) {
            const auto &stored = seen.value(QStringLiteral("W-%1").arg(k));
            QCOMPARE(stored.size(), Valid / 3);
            for (int n = 1; n < stored.size(); ++n) {
                QVERIFY(stored.at(n).first > stored.at(n - 1).first);
                QVERIFY(stored.at(n).second == stored.first().second);
            }
        }
        QSet<std::size_t> threads;
        for (const auto &[sequence, thread] : seen.value(QStringLiteral("SAME")))
            threads.insert(std::hash<std::thread::id>()(thread));
        QCOMPARE(threads.size(), 3);
        QCOMPARE(CallbackStore(*db).list(QString(), 100).size(), Valid + Refused);
    }

    void receiverOverHttpStaysUp()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("cb.sqlite")), &error);
        QVERIFY(db && db->migrate(&error) > 0);
        SystemClock clock;
        CallbackStore store(*db);
        CallbackServer server(store, profile(), [](const QString &) { return std::optional<QString>(secret); }, clock);
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(server.port());
        url.setPath(QStringLiteral("/haier/callback"));
        auto send = [&](const QByteArray &body, int *status) {
            QNetworkRequest request(url);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
            QNetworkReply *reply = network.post(request, body);
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(10000);
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            reply->deleteLater();
            return o;
        };
        int status = 0;
        QJsonObject answer = send(form(CallbackVerifier::Confirm, confirmData, QDateTime::currentDateTimeUtc()), &status);
        QCOMPARE(status, 200);
        QCOMPARE(answer.value(QStringLiteral("success")).toBool(), true); // an orphan is still a valid callback
        // Oversized body: 413 without reading it; garbage: a refusal; then a good callback still works.
        {
            QTcpSocket big;
            big.connectToHost(QHostAddress::LocalHost, server.port());
            QSignalSpy connected(&big, &QTcpSocket::connected);
            QVERIFY(connected.wait(5000));
            QSignalSpy readable(&big, &QTcpSocket::readyRead);
            big.write("POST /haier/callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      "Content-Length: 102400\r\n\r\n");
            QVERIFY(readable.wait(5000));
            QVERIFY2(big.readAll().startsWith("HTTP/1.1 413"), "an oversized body is refused before it is read");
        }
        answer = send(QByteArray("\x01\x02 not a form at all %%%"), &status);
        QCOMPARE(answer.value(QStringLiteral("success")).toBool(), false);
        QTcpSocket slow;
        slow.connectToHost(QHostAddress::LocalHost, server.port());
        QSignalSpy slowConnected(&slow, &QTcpSocket::connected);
        QVERIFY(slowConnected.wait(5000));
        slow.write("POST /haier/callback HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nAppKey=");
        answer = send(form(CallbackVerifier::Confirm, refuseData, QDateTime::currentDateTimeUtc()), &status);
        QCOMPARE(status, 200);
        QCOMPARE(answer.value(QStringLiteral("success")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestCallbacks)
#include "tst_callbacks.moc"
