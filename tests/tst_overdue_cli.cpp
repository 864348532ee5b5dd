// Confirmations that never came and refused callbacks, through the real `haierctl` against the simulator,
// on SQLite and PostgreSQL (issue 14): `overdue` lists accepted orders unconfirmed past the threshold,
// `reconcile` confirms those Haier's logistics shows shipped (only with --yes), `confirm` records a
// confirmation given by phone, and `callbacks replay` applies a callback refused under a wrong AppKey once
// the profile is put right — never one whose body was cut — each audited.
#include "models/auditlog.h"
#include "models/database.h"
#include "models/orderstore.h"
#include "net/callbacksignature.h"
#include "testdb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTimeZone>
#include <QUrlQuery>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
};

const QString haierctl = QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl");
const QString simulator = QStringLiteral(CONSOLE_BINARY_DIR "/tools/ylh-sim/ylh-sim");
const QString profileName = QStringLiteral("sim");
const QString demoSecret = QStringLiteral("demo-secret-123"); // the simulator's and the mock profile's made-up secret

} // namespace

class TestOverdueCli : public QObject
{
    Q_OBJECT

    QString m_db;
    QUrl m_sim;
    QString m_profileFile;
    QStringList m_accepted; // order numbers YLH accepted, in push order

    QStringList withDb(const QStringList &args) const
    {
        return QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--profile"), profileName} + args;
    }

    Run ctl(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CONSOLE_LANG"), QStringLiteral("en"));
        p.setProcessEnvironment(env);
        p.start(haierctl, withDb(args));
        if (!p.waitForFinished(300000))
            qFatal("haierctl did not finish");
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    QByteArray post(const QUrl &url, const QByteArray &contentType, const QByteArray &body)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply *reply = network.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(10000);
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        return answer;
    }

    void simulate(const QJsonObject &config)
    {
        QUrl u = m_sim;
        u.setPath(QStringLiteral("/__sim/config"));
        post(u, "application/json", QJsonDocument(config).toJson(QJsonDocument::Compact));
    }

    bool importProfile(const QString &appKey)
    {
        auto at = [&](const QString &path) { QUrl u = m_sim; u.setPath(path); return u.toString(); };
        const QJsonObject profile{
            {QStringLiteral("name"), profileName}, {QStringLiteral("kind"), QStringLiteral("mock")},
            {QStringLiteral("ylh"), QJsonObject{{QStringLiteral("authBaseUrl"), at(QStringLiteral("/ylh-cloud-mgt-auth-dev"))},
                                                {QStringLiteral("orderBaseUrl"), at(QStringLiteral("/ylh-cloud-service-jst-order-dev"))},
                                                {QStringLiteral("orderServiceBaseUrl"), at(QStringLiteral("/ylh-cloud-service-order-dev"))},
                                                {QStringLiteral("stockBaseUrl"), at(QStringLiteral("/ylh-cloud-service-stock-dev"))}}},
            {QStringLiteral("callback"), QJsonObject{{QStringLiteral("appKey"), appKey}}},
            {QStringLiteral("timeoutMs"), 3000},
            {QStringLiteral("retry"), QJsonObject{{QStringLiteral("maxRetries"), 1}, {QStringLiteral("baseDelayMs"), 50},
                                                  {QStringLiteral("maxDelayMs"), 100}, {QStringLiteral("jitter"), false}}},
            {QStringLiteral("simulator"), QJsonObject{{QStringLiteral("inProcess"), false}}}};
        QFile f(m_profileFile);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        f.write(QJsonDocument(profile).toJson());
        f.close();
        QProcess import;
        import.start(haierctl, {QStringLiteral("--db"), m_db, QStringLiteral("profile"), QStringLiteral("import"), m_profileFile});
        return import.waitForFinished(60000) && import.exitCode() == 0;
    }

    // Simulator (no callback after acceptance: confirmations never come), profile, demo orders pushed.
    bool setUp(const QTemporaryDir &dir, QProcess &sim, const QString &appKey)
    {
        QFile config(dir.filePath(QStringLiteral("sim.json")));
        config.open(QIODevice::WriteOnly);
        config.write(QJsonDocument(QJsonObject{{QStringLiteral("callbackAfterAccept"), QStringLiteral("none")}}).toJson());
        config.close();
        sim.start(simulator, {QStringLiteral("--config"), config.fileName()});
        if (!sim.waitForReadyRead(10000))
            return false;
        m_sim = QUrl(QString::fromUtf8(sim.readLine()).trimmed());
        m_profileFile = dir.filePath(QStringLiteral("profile.json"));
        if (!importProfile(appKey))
            return false;
        if (ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("8"), QStringLiteral("--seed"), QStringLiteral("3")}).code != 0)
            return false;
        const QJsonArray accepted = ctl({QStringLiteral("push"), QStringLiteral("--all-paid"), QStringLiteral("--yes"), QStringLiteral("--json")})
                                        .json().object().value(QStringLiteral("accepted")).toArray();
        m_accepted.clear();
        for (const QJsonValue &v : accepted)
            m_accepted << v.toObject().value(QStringLiteral("orderNumber")).toString();
        return m_accepted.size() >= 3;
    }

    QJsonObject jobOf(const QString &orderNumber)
    {
        for (const QJsonValue &v : ctl({QStringLiteral("jobs"), QStringLiteral("--json")}).json().array()) {
            if (v.toObject().value(QStringLiteral("orderNumber")).toString() == orderNumber)
                return v.toObject();
        }
        return {};
    }

    std::optional<Order> shopRow(const QString &number)
    {
        QString error;
        auto db = Database::open(m_db, &error);
        return db ? OrderStore(*db).loadByNumber(number, &error) : std::nullopt;
    }

    QList<AuditEntry> audit(const QString &action)
    {
        QString error;
        auto db = Database::open(m_db, &error);
        QList<AuditEntry> rows;
        for (const AuditEntry &e : db ? AuditLog(*db).recent(1000, &error) : QList<AuditEntry>()) {
            if (e.action == action)
                rows << e;
        }
        return rows;
    }

    // Moves an order's acceptance back by `minutes` (as if it had been accepted then).
    void acceptedAgo(const QString &orderNumber, int minutes)
    {
        QString error;
        auto db = Database::open(m_db, &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->sql());
        q.prepare(QStringLiteral("UPDATE console_push_jobs SET accepted_at = ? WHERE order_id = (SELECT id FROM orders_order WHERE order_number = ?)"));
        q.addBindValue(QDateTime::currentDateTimeUtc().toMSecsSinceEpoch() - qint64(minutes) * 60 * 1000);
        q.addBindValue(orderNumber);
        QVERIFY2(q.exec() && q.numRowsAffected() == 1, qPrintable(q.lastError().text()));
    }

    QJsonObject find(const QJsonArray &rows, const QString &orderNumber)
    {
        for (const QJsonValue &v : rows) {
            if (v.toObject().value(QStringLiteral("orderNumber")).toString() == orderNumber)
                return v.toObject();
        }
        return {};
    }

    // A signed confirm callback for `orderNumber`, as Haier sends it (`pad`: an extra field making the body long).
    QByteArray confirmBody(const QString &orderNumber, const QString &haierOrderNo, int pad = 0, int minutesAgo = 0)
    {
        const QString stamp = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo).toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"));
        QList<QPair<QString, QString>> fields{
            {QStringLiteral("AppKey"), QStringLiteral("demo-appkey")},
            {QStringLiteral("TimeStamp"), stamp},
            {QStringLiteral("Method"), QStringLiteral("hmm.scm_heorder.confirm")},
            {QStringLiteral("Data"), QStringLiteral("{\"ExtOrderNo\":\"%1\",\"PlatformOrderNo\":\"%2\",\"State\":1}").arg(haierOrderNo, orderNumber)}};
        if (pad > 0)
            fields.append({QStringLiteral("Note"), QString(pad, QLatin1Char('x'))});
        fields.append({QStringLiteral("Sign"), CallbackSignature::sign(fields, demoSecret)});
        QByteArray body;
        for (const auto &[key, value] : fields)
            body += (body.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        return body;
    }

private slots:
    // The threshold (the profile's 120 minutes, or --older-than) and the fields of `overdue --json`.
    void overdueListsAcceptedOrdersPastTheThreshold_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void overdueListsAcceptedOrdersPastTheThreshold()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        m_db = location;
        QProcess sim;
        QVERIFY(setUp(dir, sim, QStringLiteral("demo-appkey")));

        // Just accepted: nothing is overdue by the profile's 120 minutes.
        Run r = ctl({QStringLiteral("overdue"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().array().size(), 0);

        const QString old = m_accepted.at(0), recent = m_accepted.at(1);
        acceptedAgo(old, 180);
        acceptedAgo(recent, 60);
        r = ctl({QStringLiteral("overdue"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QJsonArray rows = r.json().array();
        QCOMPARE(rows.size(), 1);
        const QJsonObject row = rows.first().toObject();
        QCOMPARE(row.value(QStringLiteral("orderNumber")).toString(), old);
        QCOMPARE(row.value(QStringLiteral("soId")).toString(), jobOf(old).value(QStringLiteral("soId")).toString());
        QVERIFY2(row.value(QStringLiteral("haierOrderNo")).toString().startsWith(QLatin1String("SO.")), qPrintable(r.out));
        QVERIFY(row.value(QStringLiteral("ageMinutes")).toInt() >= 179);
        QVERIFY(row.contains(QStringLiteral("acceptedAt")));

        // --older-than wins over the profile's threshold.
        rows = ctl({QStringLiteral("overdue"), QStringLiteral("--older-than"), QStringLiteral("30"), QStringLiteral("--json")}).json().array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("orderNumber")).toString(), old); // the oldest first
        QCOMPARE(ctl({QStringLiteral("overdue"), QStringLiteral("--older-than"), QStringLiteral("soon")}).code, 2);

        // The text form names the order, its soId and Haier order number.
        r = ctl({QStringLiteral("overdue")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(old) && r.out.contains(row.value(QStringLiteral("haierOrderNo")).toString()), qPrintable(r.out));
        QVERIFY2(!r.out.contains(recent), qPrintable(r.out));
        sim.kill();
        sim.waitForFinished();
    }

    // reconcile shows what it would confirm without --yes (nothing changes); with --yes it confirms the
    // shipped ones with the evidence and leaves the others listed; confirm records a phone confirmation.
    void reconcileConfirmsShippedOnesAndConfirmRecordsAPhoneCall_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void reconcileConfirmsShippedOnesAndConfirmRecordsAPhoneCall()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        m_db = location;
        QProcess sim;
        QVERIFY(setUp(dir, sim, QStringLiteral("demo-appkey")));
        const QString shipped = m_accepted.at(0), waiting = m_accepted.at(1), unnumbered = m_accepted.at(2);
        acceptedAgo(shipped, 150);
        acceptedAgo(waiting, 150);
        acceptedAgo(unnumbered, 150);
        {
            // An order whose Haier SO number never came: logistics cannot be asked about it.
            QString error;
            auto db = Database::open(m_db, &error);
            QVERIFY2(db, qPrintable(error));
            QSqlQuery q(db->sql());
            QVERIFY(q.exec(QStringLiteral("UPDATE console_push_jobs SET haier_order_no = '' WHERE order_id = (SELECT id FROM orders_order "
                                          "WHERE order_number = '%1')").arg(unnumbered)));
            QVERIFY(q.exec(QStringLiteral("UPDATE orders_order SET haier_order_no = '' WHERE order_number = '%1'").arg(unnumbered)));
        }
        const QJsonArray overdue = ctl({QStringLiteral("overdue"), QStringLiteral("--json")}).json().array();
        QCOMPARE(overdue.size(), 3);
        QVERIFY(find(overdue, unnumbered).value(QStringLiteral("haierOrderNo")).isNull());
        const QString waitingSo = find(overdue, waiting).value(QStringLiteral("haierOrderNo")).toString();
        const QString shippedSo = find(overdue, shipped).value(QStringLiteral("haierOrderNo")).toString();
        QVERIFY(!waitingSo.isEmpty() && !shippedSo.isEmpty());
        // Haier's logistics knows a shipment of one of them only.
        simulate(QJsonObject{{QStringLiteral("callbackAfterAccept"), QStringLiteral("none")},
                             {QStringLiteral("unshippedOrderCodes"), QJsonArray{waitingSo}}});

        // Without --yes (not at a terminal): shown, nothing changed.
        Run r = ctl({QStringLiteral("reconcile"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QJsonObject report = r.json().object();
        QCOMPARE(report.value(QStringLiteral("applied")).toBool(), false);
        QCOMPARE(find(report.value(QStringLiteral("orders")).toArray(), shipped).value(QStringLiteral("verdict")).toString(), QStringLiteral("would_confirm"));
        QCOMPARE(find(report.value(QStringLiteral("orders")).toArray(), waiting).value(QStringLiteral("verdict")).toString(), QStringLiteral("not_shipped"));
        QCOMPARE(jobOf(shipped).value(QStringLiteral("state")).toString(), QStringLiteral("accepted"));
        QVERIFY(audit(QStringLiteral("reconcile")).isEmpty());

        // With --yes: the shipped one is confirmed with its evidence; the other stays overdue.
        r = ctl({QStringLiteral("reconcile"), QStringLiteral("--yes"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        report = r.json().object();
        QCOMPARE(report.value(QStringLiteral("applied")).toBool(), true);
        const QJsonObject confirmedRow = find(report.value(QStringLiteral("orders")).toArray(), shipped);
        QCOMPARE(confirmedRow.value(QStringLiteral("verdict")).toString(), QStringLiteral("confirmed"));
        QVERIFY2(confirmedRow.value(QStringLiteral("evidence")).toString().startsWith(QLatin1String("logistics shows shipped: WL")), qPrintable(r.out));
        QCOMPARE(find(report.value(QStringLiteral("orders")).toArray(), waiting).value(QStringLiteral("verdict")).toString(), QStringLiteral("not_shipped"));
        QCOMPARE(find(report.value(QStringLiteral("orders")).toArray(), unnumbered).value(QStringLiteral("verdict")).toString(), QStringLiteral("no_so_number"));
        QCOMPARE(jobOf(unnumbered).value(QStringLiteral("state")).toString(), QStringLiteral("accepted"));
        QJsonObject job = jobOf(shipped);
        QCOMPARE(job.value(QStringLiteral("state")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(job.value(QStringLiteral("change")).toString(), QStringLiteral("staff:reconcile"));
        QVERIFY2(job.value(QStringLiteral("message")).toString().contains(QLatin1String("logistics shows shipped")), qPrintable(job.value(QStringLiteral("message")).toString()));
        std::optional<Order> row = shopRow(shipped);
        QVERIFY(row);
        QCOMPARE(row->haierStatus, QStringLiteral("confirmed"));
        QCOMPARE(row->haierOrderNo, shippedSo);
        QVERIFY(!row->logisticsNo.isEmpty());
        const QList<AuditEntry> reconciled = audit(QStringLiteral("reconcile"));
        QCOMPARE(reconciled.size(), 1);
        QCOMPARE(reconciled.first().orderNumber, shipped);
        QVERIFY(reconciled.first().detail.contains(QLatin1String("logistics shows shipped")));
        const QJsonArray still = ctl({QStringLiteral("overdue"), QStringLiteral("--json")}).json().array();
        QCOMPARE(still.size(), 2);
        QVERIFY(!find(still, waiting).isEmpty() && !find(still, unnumbered).isEmpty());

        // Haier confirms the other one by phone.
        QCOMPARE(ctl({QStringLiteral("confirm"), waiting, QStringLiteral("--haier-order-no"), QStringLiteral("SO.20250101.000042")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("confirm"), QStringLiteral("NO-SUCH-ORDER"), QStringLiteral("--haier-order-no"), QStringLiteral("SO.1"),
                      QStringLiteral("--note"), QStringLiteral("x")}).code, 2);
        r = ctl({QStringLiteral("confirm"), waiting, QStringLiteral("--haier-order-no"), QStringLiteral("SO.20250101.000042"),
                 QStringLiteral("--note"), QStringLiteral("Ms Li at Haier's hotline, 10:05")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        job = jobOf(waiting);
        QCOMPARE(job.value(QStringLiteral("state")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(job.value(QStringLiteral("change")).toString(), QStringLiteral("staff:confirm"));
        row = shopRow(waiting);
        QVERIFY(row);
        QCOMPARE(row->haierStatus, QStringLiteral("confirmed"));
        QCOMPARE(row->haierOrderNo, QStringLiteral("SO.20250101.000042"));
        const QList<AuditEntry> phoned = audit(QStringLiteral("confirm_phone"));
        QCOMPARE(phoned.size(), 1);
        QCOMPARE(phoned.first().orderNumber, waiting);
        QVERIFY(phoned.first().detail.contains(QLatin1String("Ms Li at Haier's hotline")));
        QVERIFY(phoned.first().detail.contains(QLatin1String("SO.20250101.000042")));
        QCOMPARE(ctl({QStringLiteral("overdue"), QStringLiteral("--json")}).json().array().size(), 1); // the unnumbered one
        sim.kill();
        sim.waitForFinished();
    }

    // A confirm callback refused for a wrong AppKey is applied by a replay once the profile is right; one
    // whose body was cut is refused with a sentence; a second replay is refused; every replay is audited.
    void replayAppliesARefusedCallbackAfterTheFix_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void replayAppliesARefusedCallbackAfterTheFix()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        m_db = location;
        QProcess sim;
        QVERIFY(setUp(dir, sim, QStringLiteral("wrong-appkey")));
        const QString number = m_accepted.at(2);
        const QJsonArray overdue = ctl({QStringLiteral("overdue"), QStringLiteral("--older-than"), QStringLiteral("0"), QStringLiteral("--json")})
                                       .json().array();
        const QString haierOrderNo = find(overdue, number).value(QStringLiteral("haierOrderNo")).toString();
        QVERIFY(!haierOrderNo.isEmpty());

        // The receiver runs with the wrong AppKey: Haier's confirmations are refused.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess receiver;
        receiver.start(haierctl, withDb({QStringLiteral("serve-callbacks"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}));
        QVERIFY(receiver.waitForReadyRead(10000));
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/haier/callback").arg(port));
        // Accepted 30 minutes ago; Haier's confirmation stamped 20 minutes ago (outside the 10-minute window by
        // now); below, it is made to have been received then.
        acceptedAgo(number, 30);
        const QByteArray body = confirmBody(number, haierOrderNo, 0, 20);
        const QByteArray sign = body.mid(body.lastIndexOf("Sign=") + 5);
        QCOMPARE(sign.size(), 32);
        QVERIFY(post(url, "application/x-www-form-urlencoded", body).contains("bad_app_key"));
        QVERIFY(post(url, "application/x-www-form-urlencoded", confirmBody(m_accepted.at(1), QStringLiteral("SO.X"), 6000)).contains("bad_app_key"));
        receiver.terminate();
        receiver.waitForFinished(10000);
        {
            QString error;
            auto db = Database::open(m_db, &error);
            QVERIFY2(db, qPrintable(error));
            QSqlQuery q(db->sql());
            QVERIFY(q.exec(QStringLiteral("UPDATE console_callbacks SET received_at = received_at - %1 WHERE body_truncated = %2")
                               .arg(20 * 60 * 1000).arg(db->isPostgres() ? QStringLiteral("FALSE") : QStringLiteral("0"))));
            QCOMPARE(q.numRowsAffected(), 1);
        }

        // callbacks --json gives each callback's id; the Sign kept for a replay is never shown.
        qint64 refusedId = 0, cutId = 0;
        const Run listed = ctl({QStringLiteral("callbacks"), QStringLiteral("--json")});
        QVERIFY2(!listed.out.contains(QString::fromLatin1(sign), Qt::CaseInsensitive), qPrintable(listed.out));
        QVERIFY(!ctl({QStringLiteral("callbacks")}).out.contains(QString::fromLatin1(sign), Qt::CaseInsensitive));
        for (const QJsonValue &v : listed.json().array()) {
            const QJsonObject c = v.toObject();
            QVERIFY(c.value(QStringLiteral("id")).toInteger() > 0);
            QCOMPARE(c.value(QStringLiteral("valid")).toBool(), false);
            (c.value(QStringLiteral("bodyTruncated")).toBool() ? cutId : refusedId) = c.value(QStringLiteral("id")).toInteger();
        }
        QVERIFY(refusedId > 0 && cutId > 0);

        // Still the wrong AppKey: the replay is refused, changes nothing, and is audited.
        Run r = ctl({QStringLiteral("callbacks"), QStringLiteral("replay"), QString::number(refusedId)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("still refused")), qPrintable(r.err));
        QCOMPARE(jobOf(number).value(QStringLiteral("state")).toString(), QStringLiteral("accepted"));
        QCOMPARE(audit(QStringLiteral("callback_replay")).size(), 1);

        // The profile is put right; freshness is judged by when the callback was received (20 minutes ago,
        // when its TimeStamp was current), not by now.
        QVERIFY(importProfile(QStringLiteral("demo-appkey")));
        r = ctl({QStringLiteral("callbacks"), QStringLiteral("replay"), QString::number(refusedId)});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("applied")), qPrintable(r.out));
        QCOMPARE(jobOf(number).value(QStringLiteral("state")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(jobOf(number).value(QStringLiteral("change")).toString(), QStringLiteral("callback"));
        const std::optional<Order> row = shopRow(number);
        QVERIFY(row);
        QCOMPARE(row->haierStatus, QStringLiteral("confirmed"));
        QCOMPARE(row->haierOrderNo, haierOrderNo);

        // Applied once only; a cut body is never replayed.
        r = ctl({QStringLiteral("callbacks"), QStringLiteral("replay"), QString::number(refusedId)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("already")), qPrintable(r.err));
        r = ctl({QStringLiteral("callbacks"), QStringLiteral("replay"), QString::number(cutId)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("cannot be replayed")) && r.err.contains(QLatin1String("4096 bytes")), qPrintable(r.err));
        QCOMPARE(jobOf(m_accepted.at(1)).value(QStringLiteral("state")).toString(), QStringLiteral("accepted"));
        QCOMPARE(ctl({QStringLiteral("callbacks"), QStringLiteral("replay"), QStringLiteral("999999")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("callbacks"), QStringLiteral("replay")}).code, 2);

        // Every replay is audited, whatever its outcome.
        const QList<AuditEntry> replays = audit(QStringLiteral("callback_replay"));
        QCOMPARE(replays.size(), 5);
        int applied = 0;
        for (const AuditEntry &e : replays)
            applied += e.detail.contains(QStringLiteral("callback %1: applied").arg(refusedId)) ? 1 : 0;
        QCOMPARE(applied, 1);
        sim.kill();
        sim.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(TestOverdueCli)
#include "tst_overdue_cli.moc"
