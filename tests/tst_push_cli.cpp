// `haierctl push` as operators and scripts run it: the mock profile with zero set-up, crashes at random
// moments followed by `resume`, and two processes pushing from one PostgreSQL database at once.
#include "models/callbackstore.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "testdb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

const QString haierctl = QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl");
const QString simulator = QStringLiteral(CONSOLE_BINARY_DIR "/tools/ylh-sim/ylh-sim");

} // namespace

class TestPushCli : public QObject
{
    Q_OBJECT

    QString m_db;

    Run ctl(const QStringList &args, const QString &db = QString())
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start(haierctl, QStringList{QStringLiteral("--db"), db.isEmpty() ? m_db : db} + args);
        if (!p.waitForFinished(600000))
            qFatal("haierctl did not finish");
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    // A stand-alone simulator; returns its base URL.
    QUrl startSimulator(QProcess &process, const QTemporaryDir &dir, const QJsonObject &config)
    {
        QFile f(dir.filePath(QStringLiteral("sim.json")));
        f.open(QIODevice::WriteOnly);
        f.write(QJsonDocument(config).toJson());
        f.close();
        process.start(simulator, {QStringLiteral("--config"), f.fileName()});
        if (!process.waitForReadyRead(10000))
            qFatal("ylh-sim did not start");
        return QUrl(QString::fromUtf8(process.readLine()).trimmed());
    }

    QString importProfile(const QTemporaryDir &dir, const QUrl &base, const QString &db = QString())
    {
        auto at = [&](const QString &path) { QUrl u = base; u.setPath(path); return u.toString(); };
        const QJsonObject profile{{QStringLiteral("name"), QStringLiteral("shared-sim")}, {QStringLiteral("kind"), QStringLiteral("mock")},
                                  {QStringLiteral("ylh"), QJsonObject{{QStringLiteral("authBaseUrl"), at(QStringLiteral("/ylh-cloud-mgt-auth-dev"))},
                                                                      {QStringLiteral("orderBaseUrl"), at(QStringLiteral("/ylh-cloud-service-jst-order-dev"))},
                                                                      {QStringLiteral("orderServiceBaseUrl"), at(QStringLiteral("/ylh-cloud-service-order-dev"))},
                                                                      {QStringLiteral("stockBaseUrl"), at(QStringLiteral("/ylh-cloud-service-stock-dev"))}}},
                                  {QStringLiteral("timeoutMs"), 3000},
                                  {QStringLiteral("retry"), QJsonObject{{QStringLiteral("maxRetries"), 3}, {QStringLiteral("baseDelayMs"), 50},
                                                                        {QStringLiteral("maxDelayMs"), 200}, {QStringLiteral("jitter"), true}}},
                                  {QStringLiteral("simulator"), QJsonObject{{QStringLiteral("inProcess"), false}}}};
        QFile f(dir.filePath(QStringLiteral("profile.json")));
        f.open(QIODevice::WriteOnly);
        f.write(QJsonDocument(profile).toJson());
        f.close();
        const Run r = ctl({QStringLiteral("profile"), QStringLiteral("import"), f.fileName()}, db);
        if (r.code != 0)
            qFatal("import failed: %s", qPrintable(r.err));
        return QStringLiteral("shared-sim");
    }

    static QJsonArray ledger(const QUrl &base)
    {
        QNetworkAccessManager network;
        QUrl u = base;
        u.setPath(QStringLiteral("/__sim/ledger"));
        QNetworkReply *reply = network.get(QNetworkRequest(u));
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(10000);
        const QJsonArray array = QJsonDocument::fromJson(reply->readAll()).array();
        reply->deleteLater();
        return array;
    }

    // Orders the database says YLH holds (haier_so_id written by the console, excluding the demo's pre-pushed ones).
    QSet<QString> acceptedInDatabase(const QString &profile, const QString &db = QString())
    {
        const Run r = ctl({QStringLiteral("--profile"), profile, QStringLiteral("jobs"), QStringLiteral("--json")}, db);
        QSet<QString> soIds;
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).array()) {
            if (v.toObject().value(QStringLiteral("state")).toString() == QLatin1String("accepted"))
                soIds.insert(v.toObject().value(QStringLiteral("soId")).toString());
        }
        return soIds;
    }

    QString jobState(const QString &number)
    {
        const Run r = ctl({QStringLiteral("jobs"), QStringLiteral("--json")});
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).array()) {
            if (v.toObject().value(QStringLiteral("orderNumber")).toString() == number)
                return v.toObject().value(QStringLiteral("state")).toString();
        }
        return QString();
    }

private slots:
    void mockProfileZeroSetUp()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("mock.sqlite"));
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("300"), QStringLiteral("--seed"), QStringLiteral("9")}).code, 0);
        Run r = ctl({QStringLiteral("push"), QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--json")});
        const QJsonObject first = r.json();
        const QJsonArray accepted = first.value(QStringLiteral("accepted")).toArray();
        const QJsonArray refused = first.value(QStringLiteral("refused")).toArray();
        QVERIFY2(accepted.size() > 150, qPrintable(r.err.right(2000)));
        QCOMPARE(first.value(QStringLiteral("failed")).toArray().size(), 0);
        QVERIFY(refused.size() > 0);
        QCOMPARE(r.code, 1); // some were refused
        for (const QJsonValue &v : accepted) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("accepted"));
            QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("ok"));
            QVERIFY(o.value(QStringLiteral("soId")).toString().startsWith(o.value(QStringLiteral("orderNumber")).toString()));
        }
        for (const QJsonValue &v : refused) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("refused"));
            QVERIFY(!o.value(QStringLiteral("message")).toString().isEmpty());
            QVERIFY(o.value(QStringLiteral("soId")).isNull());
        }
        // A second run pushes nothing again.
        r = ctl({QStringLiteral("push"), QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--json")});
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toArray().size(), 0);
        QCOMPARE(r.json().value(QStringLiteral("failed")).toArray().size(), 0);
        // The attempt history and the order row show it.
        const QString number = accepted.first().toObject().value(QStringLiteral("orderNumber")).toString();
        r = ctl({QStringLiteral("attempts"), number, QStringLiteral("--json")});
        const QJsonArray attempts = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.first().toObject().value(QStringLiteral("httpStatus")).toInt(), 200);
        QVERIFY(!attempts.first().toObject().value(QStringLiteral("request")).toString().contains(QLatin1String("demo-password")));
        // The mock profile's simulator confirms by a signed callback through the in-process receiver.
        r = ctl({QStringLiteral("orders"), QStringLiteral("--search"), number, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject().value(QStringLiteral("haierStatus")).toString(),
                 QStringLiteral("confirmed"));
        r = ctl({QStringLiteral("callbacks"), QStringLiteral("--order"), number, QStringLiteral("--json")});
        const QJsonObject callback = QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject();
        QCOMPARE(callback.value(QStringLiteral("valid")).toBool(), true);
        QCOMPARE(callback.value(QStringLiteral("outcome")).toString(), QStringLiteral("applied"));
    }

    void followUpActions()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("follow.sqlite"));
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("60"), QStringLiteral("--seed"), QStringLiteral("5")}).code, 0);
        const QJsonArray accepted = ctl({QStringLiteral("push"), QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--json")})
                                        .json().value(QStringLiteral("accepted")).toArray();
        QVERIFY(accepted.size() >= 3);
        const QString a = accepted.at(0).toObject().value(QStringLiteral("orderNumber")).toString();
        const QString b = accepted.at(1).toObject().value(QStringLiteral("orderNumber")).toString();

        // 改约 sends 23:59:59 local; a bad date is bad input.
        QCOMPARE(ctl({QStringLiteral("reschedule"), b, QStringLiteral("--distribution"), QStringLiteral("2026-13-01"),
                      QStringLiteral("--install"), QStringLiteral("2026-12-02")}).code, 2);
        Run r = ctl({QStringLiteral("reschedule"), b, QStringLiteral("--distribution"), QStringLiteral("2026-12-01"),
                     QStringLiteral("--install"), QStringLiteral("2026-12-02")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ctl({QStringLiteral("photos"), b});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("https://")), qPrintable(r.err));
        r = ctl({QStringLiteral("logistics"), QStringLiteral("refresh"), QStringLiteral("--all-accepted")});
        QVERIFY2(r.code == 0, qPrintable(r.err));

        // Cancel: YLH takes it and the job waits for Haier's cancel callback; neither a plain push nor a new
        // soId goes meanwhile, and a second cancel is refused before anything is sent.
        QCOMPARE(ctl({QStringLiteral("push"), a, QStringLiteral("--new-so-id"), QStringLiteral("--yes")}).code, 1); // not refused by Haier yet
        r = ctl({QStringLiteral("cancel"), a, QStringLiteral("--reason"), QStringLiteral("客户取消")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(jobState(a), QStringLiteral("cancel_requested"));
        QCOMPARE(ctl({QStringLiteral("push"), a, QStringLiteral("--yes")}).code, 1);
        r = ctl({QStringLiteral("push"), a, QStringLiteral("--new-so-id"), QStringLiteral("--yes"), QStringLiteral("--json")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.json().value(QStringLiteral("refused")).toArray().size(), 1);
        r = ctl({QStringLiteral("cancel"), a, QStringLiteral("--reason"), QStringLiteral("again")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("already waiting")), qPrintable(r.err));
        {
            // Haier's cancel callback (State 1), as the receiver stores it.
            QString error;
            auto db = Database::open(m_db, &error);
            QVERIFY2(db, qPrintable(error));
            CallbackRecord cancelled;
            cancelled.method = QStringLiteral("hmm.scm_heorder.cancel");
            cancelled.valid = true;
            cancelled.state = 1;
            cancelled.platformOrderNo = a;
            cancelled.timestampMs = SystemClock().nowUtc().toMSecsSinceEpoch();
            cancelled.dedupeKey = QStringLiteral("cancel-") + a;
            QVERIFY2(CallbackStore(*db).store(cancelled, &error), qPrintable(error));
            QCOMPARE(cancelled.outcome, QStringLiteral("applied"));
        }
        // Haier cancelled the soId: now the deliberate re-push gets a new one.
        r = ctl({QStringLiteral("push"), a, QStringLiteral("--new-so-id"), QStringLiteral("--yes"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.json().value(QStringLiteral("accepted")).toArray().first().toObject().value(QStringLiteral("soId")).toString().endsWith(QLatin1String("-2")));

        // Resolve, then reopen: the job returns to the state it had; a second reopen is refused (exit 1).
        const QString before = jobState(b);
        r = ctl({QStringLiteral("resolve"), b, QStringLiteral("--note"), QStringLiteral("客户自提")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(jobState(b), QStringLiteral("resolved"));
        QCOMPARE(ctl({QStringLiteral("reopen"), b}).code, 2); // the note is required
        r = ctl({QStringLiteral("reopen"), b, QStringLiteral("--note"), QStringLiteral("客户又要送货")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(jobState(b), before);
        r = ctl({QStringLiteral("reopen"), b, QStringLiteral("--note"), QStringLiteral("again")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("Only a resolved order can be reopened")), qPrintable(r.err));
        QCOMPARE(ctl({QStringLiteral("reopen"), QStringLiteral("NO-SUCH-ORDER"), QStringLiteral("--note"), QStringLiteral("x")}).code, 2);

        // Every call is in the sync log, none with a secret; the audit names the actions.
        r = ctl({QStringLiteral("sync-log"), QStringLiteral("--json")});
        const QJsonArray log = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QStringList operations;
        for (const QJsonValue &v : log)
            operations << v.toObject().value(QStringLiteral("operation")).toString();
        for (const char *op : {"ylh.token", "ylh.create_order", "ylh.cancel_order", "ylh.update_distribution_time", "ylh.logistics", "ylh.delivery_images"})
            QVERIFY2(operations.contains(QLatin1String(op)), op);
        QVERIFY(!r.out.contains(QLatin1String("demo-password")));
        QVERIFY(!r.out.contains(QLatin1String("Bearer ")));
    }

    // `logistics refresh ORDER…` asks by Haier's SO number (haier_order_no), never by our soId, stores
    // what comes back on the shop's row, and says why an order without a Haier order number is not asked.
    void logisticsAskedByHaierOrderNumber()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("logistics.sqlite"));
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("40"), QStringLiteral("--seed"), QStringLiteral("6")}).code, 0);
        const QJsonArray accepted = ctl({QStringLiteral("push"), QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--json")})
                                        .json().value(QStringLiteral("accepted")).toArray();
        QVERIFY(accepted.size() >= 3);
        const QString a = accepted.at(0).toObject().value(QStringLiteral("orderNumber")).toString();
        const QString b = accepted.at(1).toObject().value(QStringLiteral("orderNumber")).toString();
        const QString c = accepted.at(2).toObject().value(QStringLiteral("orderNumber")).toString();
        QString error;
        auto db = Database::open(m_db, &error);
        QVERIFY2(db, qPrintable(error));
        auto soNumber = [&](const QString &number) {
            return JobStore(*db).findForOrder(QStringLiteral("mock"), OrderStore(*db).loadByNumber(number)->id)->haierOrderNo;
        };
        const QString soA = soNumber(a);
        const QString soB = soNumber(b);
        QVERIFY2(soA.startsWith(QLatin1String("SO.")) && soB.startsWith(QLatin1String("SO.")), qPrintable(soA + QLatin1Char(' ') + soB));

        Run r = ctl({QStringLiteral("logistics"), QStringLiteral("refresh"), a, b});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("Logistics updated for 2 of 2 orders.")), qPrintable(r.out));
        // What went to YLH: one bare JSON array of the two SO numbers.
        QJsonArray sent;
        for (const QJsonValue &v : QJsonDocument::fromJson(ctl({QStringLiteral("sync-log"), QStringLiteral("--json")}).out.toUtf8()).array()) {
            if (v.toObject().value(QStringLiteral("operation")).toString() == QLatin1String("ylh.logistics"))
                sent = QJsonDocument::fromJson(v.toObject().value(QStringLiteral("request")).toString().toUtf8()).array();
        }
        QCOMPARE(sent.size(), 2);
        QVERIFY(sent.contains(soA) && sent.contains(soB));
        // Stored on the shop's rows (the simulator's logistics numbers derive from the SO number).
        QCOMPARE(OrderStore(*db).loadByNumber(a)->logisticsNo, QStringLiteral("WL") + soA.right(6));
        QCOMPARE(OrderStore(*db).loadByNumber(b)->deliveryRecordCode, QStringLiteral("DR") + soB.right(6));

        // Accepted, but Haier's order number not known (yet): a sentence, nothing asked for it; the others still are.
        QVERIFY2(db->exec(QStringLiteral("UPDATE console_push_jobs SET haier_order_no = '' WHERE order_number = '%1'").arg(c), &error), qPrintable(error));
        QVERIFY2(db->exec(QStringLiteral("UPDATE orders_order SET haier_order_no = '' WHERE order_number = '%1'").arg(c), &error), qPrintable(error));
        r = ctl({QStringLiteral("logistics"), QStringLiteral("refresh"), c, a});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("%1 has no Haier order number yet, so its logistics cannot be asked for").arg(c)), qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("Logistics updated for 1 of 1 orders.")), qPrintable(r.out));
        // Never pushed: the same, with why.
        QString unpushed;
        for (const QJsonValue &v : QJsonDocument::fromJson(ctl({QStringLiteral("orders"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("100")})
                                                               .out.toUtf8()).array()) {
            if (v.toObject().value(QStringLiteral("status")).toString() != QLatin1String("paid"))
                unpushed = v.toObject().value(QStringLiteral("orderNumber")).toString();
        }
        QVERIFY(!unpushed.isEmpty());
        r = ctl({QStringLiteral("logistics"), QStringLiteral("refresh"), unpushed});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("%1 has no Haier order number, so its logistics cannot be asked for: it has not been accepted by YLH")
                                    .arg(unpushed)), qPrintable(r.err));
        // --all-accepted skips the one without a number and says so.
        r = ctl({QStringLiteral("logistics"), QStringLiteral("refresh"), QStringLiteral("--all-accepted")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("1 accepted order has no Haier order number yet")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Logistics updated for %1 of %1 orders.").arg(accepted.size() - 1)), qPrintable(r.out));
    }

    // `haierctl haier …` with the open platform answering exactly as the spec prints it (bare lists), and a 403.
    void openPlatformAnswersAsTheSpecPrintsThem()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("openplat.sqlite"));
        auto profile = [&](const QString &name, const QJsonObject &simulator) {
            QFile f(dir.filePath(name + QStringLiteral(".json")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("mock")},
                                              {QStringLiteral("simulator"), simulator}}).toJson());
            f.close();
            QCOMPARE(ctl({QStringLiteral("profile"), QStringLiteral("import"), f.fileName()}).code, 0);
        };
        profile(QStringLiteral("bare-desk"), QJsonObject{{QStringLiteral("answerShape"), QStringLiteral("bare")}});
        profile(QStringLiteral("no-permission"), QJsonObject{{QStringLiteral("faults"), QJsonObject{{QStringLiteral("forbiddenRate"), 1.0}}}});
        const QStringList bare{QStringLiteral("--profile"), QStringLiteral("bare-desk"), QStringLiteral("haier")};
        Run r = ctl(bare + QStringList{QStringLiteral("products"), QStringLiteral("BH0250A2G"), QStringLiteral("BH0250A2H"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 2);
        r = ctl(bare + QStringList{QStringLiteral("prices"), QStringLiteral("BH0250A2G")});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("supplyPrice")) && r.out.contains(QLatin1String("BH0250A2G")), qPrintable(r.err + r.out));
        r = ctl(bare + QStringList{QStringLiteral("balance"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject().value(QStringLiteral("payerAccountBalance")).toDouble(), 125000.5);
        r = ctl(bare + QStringList{QStringLiteral("stock"), QStringLiteral("BH0250A2G"), QStringLiteral("--county"), QStringLiteral("370212"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0 && QJsonDocument::fromJson(r.out.toUtf8()).object().contains(QStringLiteral("stock")), qPrintable(r.err + r.out));

        r = ctl({QStringLiteral("--profile"), QStringLiteral("no-permission"), QStringLiteral("haier"), QStringLiteral("balance")});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(QLatin1String("forbidden")) && r.err.contains(QLatin1String("IP whitelist")), qPrintable(r.err));
        QVERIFY(!r.err.contains(QLatin1String("sign in again")));
    }

    void pushedThenConfirmedByCallback()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("flow.sqlite"));
        // The receiver as a service, on a free port.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess sim;
        const QUrl base = startSimulator(sim, dir, QJsonObject{{QStringLiteral("callbackUrl"), QStringLiteral("http://127.0.0.1:%1/haier/callback").arg(port)},
                                                               {QStringLiteral("callbackDelayMs"), 50}});
        const QString profile = importProfile(dir, base);
        // The receiver serves the profile whose AppKey and secret Haier signs with.
        QProcess receiver;
        receiver.start(haierctl, {QStringLiteral("--db"), m_db, QStringLiteral("--profile"), profile, QStringLiteral("serve-callbacks"),
                                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)});
        QVERIFY(receiver.waitForReadyRead(10000));
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("40"), QStringLiteral("--seed"), QStringLiteral("8")}).code, 0);
        const QJsonArray accepted = ctl({QStringLiteral("--profile"), profile, QStringLiteral("push"), QStringLiteral("--all-paid"),
                                         QStringLiteral("--yes"), QStringLiteral("--json")}).json().value(QStringLiteral("accepted")).toArray();
        QVERIFY(accepted.size() > 10);
        // Every accepted order gets Haier's signed confirm through the receiver, applied once.
        QJsonArray callbacks;
        for (int i = 0; i < 100 && callbacks.size() < accepted.size(); ++i) {
            QTest::qWait(100);
            callbacks = QJsonDocument::fromJson(ctl({QStringLiteral("callbacks"), QStringLiteral("--json")}).out.toUtf8()).array();
        }
        QCOMPARE(callbacks.size(), accepted.size());
        for (const QJsonValue &v : callbacks) {
            QCOMPARE(v.toObject().value(QStringLiteral("valid")).toBool(), true);
            QCOMPARE(v.toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("applied"));
            QVERIFY(!v.toObject().value(QStringLiteral("rawBody")).toString().contains(QLatin1String("demo-secret-123")));
        }
        const Run jobs = ctl({QStringLiteral("--profile"), profile, QStringLiteral("jobs"), QStringLiteral("--state"), QStringLiteral("confirmed"),
                              QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(jobs.out.toUtf8()).array().size(), accepted.size());
        receiver.terminate(); // SIGTERM
        QVERIFY(receiver.waitForFinished(10000));
        QCOMPARE(receiver.exitStatus(), QProcess::NormalExit); // its stop handler ended the event loop
        QCOMPARE(receiver.exitCode(), 0);
        sim.kill();
        sim.waitForFinished();
    }

    // The optional stock check in a zero-set-up mock profile: orders with a product Haier has none of
    // are refused with the reason, orders in a district without a county code are refused until one
    // is imported, the rest go through.
    void stockCheckBeforeSending()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("stock.sqlite"));
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("300"), QStringLiteral("--seed"), QStringLiteral("4")}).code, 0);
        const QJsonObject profile{{QStringLiteral("name"), QStringLiteral("stock-desk")}, {QStringLiteral("kind"), QStringLiteral("mock")},
                                  {QStringLiteral("push"), QJsonObject{{QStringLiteral("stockCheck"), true}}},
                                  {QStringLiteral("simulator"), QJsonObject{{QStringLiteral("stock"), QJsonObject{{QStringLiteral("BH0250A2G"), 0}}}}}};
        QFile f(dir.filePath(QStringLiteral("stock.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(profile).toJson());
        f.close();
        QCOMPARE(ctl({QStringLiteral("profile"), QStringLiteral("import"), f.fileName()}).code, 0);
        const QStringList push{QStringLiteral("--profile"), QStringLiteral("stock-desk"), QStringLiteral("push"), QStringLiteral("--all-paid"),
                               QStringLiteral("--yes"), QStringLiteral("--json")};
        Run r = ctl(push);
        QJsonObject first = r.json();
        int shortOfStock = 0, noCounty = 0;
        for (const QJsonValue &v : first.value(QStringLiteral("refused")).toArray()) {
            const QString message = v.toObject().value(QStringLiteral("message")).toString();
            if (message.startsWith(QLatin1String("Not enough Haier stock: BH0250A2G:")))
                ++shortOfStock;
            if (message.contains(QStringLiteral("No county code is known for 江苏省 苏州市 工业园区")))
                ++noCounty;
            QVERIFY(v.toObject().value(QStringLiteral("soId")).isNull()); // nothing reserved
        }
        QVERIFY2(shortOfStock > 0 && noCounty > 0, qPrintable(r.out.left(3000)));
        QVERIFY(first.value(QStringLiteral("accepted")).toArray().size() > 50);
        for (const QJsonValue &v : first.value(QStringLiteral("accepted")).toArray()) {
            const Run payload = ctl({QStringLiteral("payload"), v.toObject().value(QStringLiteral("orderNumber")).toString(), QStringLiteral("--json")});
            QVERIFY(!payload.out.contains(QLatin1String("BH0250A2G")));
        }
        // The stock calls are in the sync log.
        r = ctl({QStringLiteral("--profile"), QStringLiteral("stock-desk"), QStringLiteral("sync-log"), QStringLiteral("--json")});
        QVERIFY(r.out.contains(QLatin1String("openplat.stock")));

        // With the county code imported, those orders are checked and go through (unless short of stock).
        QFile csv(dir.filePath(QStringLiteral("regions.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("province,city,district,code\n江苏省,苏州市,工业园区,320571\n");
        csv.close();
        r = ctl({QStringLiteral("regions"), QStringLiteral("import"), csv.fileName()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("1 county codes added")), qPrintable(r.out));
        QCOMPARE(ctl({QStringLiteral("regions"), QStringLiteral("lookup"), QStringLiteral("江苏省"), QStringLiteral("苏州市"), QStringLiteral("工业园区")}).out.trimmed(),
                 QStringLiteral("320571"));
        r = ctl(push);
        const QJsonObject second = r.json();
        QVERIFY(second.value(QStringLiteral("accepted")).toArray().size() > 0);
        QVERIFY2(second.value(QStringLiteral("accepted")).toArray().size() <= noCounty, qPrintable(QStringLiteral("%1 > %2: %3").arg(second.value(QStringLiteral("accepted")).toArray().size()).arg(noCounty).arg(r.out.left(3000))));
        for (const QJsonValue &v : second.value(QStringLiteral("refused")).toArray())
            QVERIFY(!v.toObject().value(QStringLiteral("message")).toString().contains(QLatin1String("county code")));
        // A bad region file changes nothing and says why.
        QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Truncate));
        csv.write("江苏省,苏州市,工业园区,32057X\n");
        csv.close();
        r = ctl({QStringLiteral("regions"), QStringLiteral("import"), csv.fileName()});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("line 1")), qPrintable(r.err));
        QCOMPARE(ctl({QStringLiteral("regions"), QStringLiteral("lookup"), QStringLiteral("江苏省"), QStringLiteral("苏州市"), QStringLiteral("工业园区")}).out.trimmed(),
                 QStringLiteral("320571"));
    }

    void productionNeedsYes()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("prod.sqlite"));
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("20")}).code, 0);
        const Run r = ctl({QStringLiteral("--profile"), QStringLiteral("production"), QStringLiteral("push"), QStringLiteral("--all-paid")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QLatin1String("--yes")));
        const Run jobs = ctl({QStringLiteral("--profile"), QStringLiteral("production"), QStringLiteral("jobs"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(jobs.out.toUtf8()).array().size(), 0); // nothing reserved, nothing sent
    }

    void killedAtRandomMomentsNothingLostNothingTwice()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("crash.sqlite"));
        QProcess sim;
        const QUrl base = startSimulator(sim, dir, QJsonObject{
            {QStringLiteral("seed"), 7},
            {QStringLiteral("faults"), QJsonObject{{QStringLiteral("latencyMs"), 20}, {QStringLiteral("jitterMs"), 40},
                                                   {QStringLiteral("serverErrorRate"), 0.1}, {QStringLiteral("resetRate"), 0.03}}}});
        const QString profile = importProfile(dir, base);
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("400"), QStringLiteral("--seed"), QStringLiteral("3")}).code, 0);

        QRandomGenerator random(2025);
        for (int round = 0; round < 6; ++round) {
            QProcess push;
            push.start(haierctl, {QStringLiteral("--db"), m_db, QStringLiteral("--profile"), profile, QStringLiteral("push"),
                                  QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--concurrency"), QStringLiteral("8")});
            QVERIFY(push.waitForStarted());
            QTest::qWait(150 + int(random.bounded(500)));
            push.kill(); // SIGKILL
            push.waitForFinished();
        }
        Run r = ctl({QStringLiteral("--profile"), profile, QStringLiteral("resume"), QStringLiteral("--yes"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0 || r.code == 1, qPrintable(r.err));
        r = ctl({QStringLiteral("--profile"), profile, QStringLiteral("push"), QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0 || r.code == 1, qPrintable(r.err));
        r = ctl({QStringLiteral("--profile"), profile, QStringLiteral("retry"), QStringLiteral("--failed"), QStringLiteral("--yes"), QStringLiteral("--json")});

        // The simulator's ledger against the database: each soId accepted at most once, every accepted
        // one known to the database, nothing the database thinks accepted missing from the ledger.
        const QJsonArray entries = ledger(base);
        QSet<QString> ledgerAccepted;
        QSet<QString> onlineNos;
        for (const QJsonValue &v : entries) {
            const QJsonObject e = v.toObject();
            QVERIFY2(e.value(QStringLiteral("acceptances")).toInt() <= 1, qPrintable(e.value(QStringLiteral("soId")).toString()));
            QVERIFY(e.value(QStringLiteral("attempts")).toInt() <= 4 * 7 + 4); // bounded by the retry policy per run
            if (e.value(QStringLiteral("accepted")).toBool()) {
                ledgerAccepted.insert(e.value(QStringLiteral("soId")).toString());
                QVERIFY2(!onlineNos.contains(e.value(QStringLiteral("onlineNo")).toString()), "an order was accepted twice");
                onlineNos.insert(e.value(QStringLiteral("onlineNo")).toString());
            }
        }
        const QSet<QString> databaseAccepted = acceptedInDatabase(profile);
        QVERIFY(ledgerAccepted.size() > 200);
        QCOMPARE(databaseAccepted, ledgerAccepted);
        // Nothing left behind: no job still queued, sending or backing off.
        for (const char *state : {"queued", "sending", "backoff"}) {
            r = ctl({QStringLiteral("--profile"), profile, QStringLiteral("jobs"), QStringLiteral("--state"), QLatin1String(state), QStringLiteral("--json")});
            QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 0);
        }
        sim.kill();
        sim.waitForFinished();
    }

    void twoProcessesOnOnePostgresNeverSendOneOrderTwice()
    {
        CONSOLE_FRESH_DB(QStringLiteral("postgres"), dir, location);
        m_db = location;
        QProcess sim;
        const QUrl base = startSimulator(sim, dir, QJsonObject{
            {QStringLiteral("faults"), QJsonObject{{QStringLiteral("latencyMs"), 10}, {QStringLiteral("jitterMs"), 20}}}});
        const QString profile = importProfile(dir, base);
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("400"), QStringLiteral("--seed"), QStringLiteral("4")}).code, 0);
        QList<QProcess *> pushers;
        for (int i = 0; i < 2; ++i) {
            auto *p = new QProcess(this);
            p->start(haierctl, {QStringLiteral("--db"), m_db, QStringLiteral("--profile"), profile, QStringLiteral("push"),
                                QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--json")});
            pushers << p;
        }
        int accepted = 0;
        for (QProcess *p : pushers) {
            QVERIFY(p->waitForFinished(300000));
            accepted += QJsonDocument::fromJson(p->readAllStandardOutput()).object().value(QStringLiteral("accepted")).toArray().size();
            delete p;
        }
        const QJsonArray entries = ledger(base);
        QVERIFY(entries.size() > 200);
        for (const QJsonValue &v : entries) {
            // No faults: a second send of any soId would show as a second attempt.
            QCOMPARE(v.toObject().value(QStringLiteral("attempts")).toInt(), 1);
            QCOMPARE(v.toObject().value(QStringLiteral("acceptances")).toInt(), 1);
        }
        QCOMPARE(accepted, int(entries.size()));
        sim.kill();
        sim.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(TestPushCli)
#include "tst_push_cli.moc"
