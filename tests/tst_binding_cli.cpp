// Which environment a database serves, and profile kinds, through the real `haierctl` (SQLite and
// PostgreSQL): a mock push on a production database is a dry run that leaves the shop's order alone and
// does not stand in the way of the real push; an import never turns production into mock by the way,
// and the receiver of a non-mock profile never trusts the public demo secret. Credentials for the
// production-kind profile pointed at the simulator go to the OS keychain (the test command runs one).
#include "models/auditlog.h"
#include "models/database.h"
#include "models/orderstore.h"
#include "net/callbacksignature.h"
#include "net/credentialstore.h"
#include "testdb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTimeZone>
#include <QtTest>


namespace {

const QString haierctl = QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl");
const QString simulator = QStringLiteral(CONSOLE_BINARY_DIR "/tools/ylh-sim/ylh-sim");

struct Run {
    int code = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

} // namespace

class TestBindingCli : public QObject
{
    Q_OBJECT

    QString m_db;
    QTemporaryDir m_dir;

    Run ctl(const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start(haierctl, QStringList{QStringLiteral("--db"), m_db} + args);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(300000))
            qFatal("haierctl did not finish");
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    QString writeJson(const QString &name, const QJsonObject &object)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(QJsonDocument(object).toJson());
        return f.fileName();
    }

    // A profile of `kind` whose YLH URLs are the simulator at `base`.
    QString importSimProfile(const QString &name, const QString &kind, const QUrl &base)
    {
        auto at = [&](const QString &path) { QUrl u = base; u.setPath(path); return u.toString(); };
        const QString file = writeJson(name + QStringLiteral(".json"), QJsonObject{
            {QStringLiteral("name"), name}, {QStringLiteral("kind"), kind},
            {QStringLiteral("ylh"), QJsonObject{{QStringLiteral("authBaseUrl"), at(QStringLiteral("/ylh-cloud-mgt-auth-dev"))},
                                                {QStringLiteral("orderBaseUrl"), at(QStringLiteral("/ylh-cloud-service-jst-order-dev"))},
                                                {QStringLiteral("orderServiceBaseUrl"), at(QStringLiteral("/ylh-cloud-service-order-dev"))},
                                                {QStringLiteral("stockBaseUrl"), at(QStringLiteral("/ylh-cloud-service-stock-dev"))}}},
            {QStringLiteral("codes"), QJsonObject{{QStringLiteral("sourceSystem"), QStringLiteral("GXSHOP")},
                                                  {QStringLiteral("shopName"), QStringLiteral("海尔智家旗舰店")},
                                                  {QStringLiteral("sellerCode"), QStringLiteral("8800539012")}}},
            {QStringLiteral("timeoutMs"), 5000}});
        const Run r = ctl({QStringLiteral("profile"), QStringLiteral("import"), file});
        if (r.code != 0)
            qFatal("import failed: %s", qPrintable(r.err));
        // The simulator's made-up account, kept in the keychain like any real one.
        const QList<std::pair<QString, QByteArray>> secrets{
            {QStringLiteral("ylh.client_id"), "demo-client"}, {QStringLiteral("ylh.client_secret"), "demo-client-secret"},
            {QStringLiteral("ylh.username"), "demo-user"}, {QStringLiteral("ylh.password"), "demo-password"}};
        for (const auto &[key, value] : secrets) {
            const Run set = ctl({QStringLiteral("credentials"), QStringLiteral("set"), name, key}, value + '\n');
            if (set.code != 0)
                qFatal("credentials set failed (is a Secret Service running?): %s", qPrintable(set.err));
        }
        return name;
    }

    // A paid order the mapper accepts and the shop has not pushed.
    QString pushableOrder()
    {
        const QJsonArray orders = QJsonDocument::fromJson(ctl({QStringLiteral("orders"), QStringLiteral("--status"), QStringLiteral("paid"),
                                                               QStringLiteral("--limit"), QStringLiteral("100"), QStringLiteral("--json")})
                                                              .out.toUtf8()).array();
        for (const QJsonValue &v : orders) {
            const QString number = v.toObject().value(QStringLiteral("orderNumber")).toString();
            if (v.toObject().value(QStringLiteral("haierStatus")).toString().isEmpty()
                && ctl({QStringLiteral("payload"), number}).code == 0)
                return number;
        }
        return QString();
    }

    std::optional<Order> shopRow(const QString &number)
    {
        QString error;
        auto db = Database::open(m_db, &error);
        if (!db)
            qFatal("cannot open: %s", qPrintable(error));
        return OrderStore(*db).loadByNumber(number);
    }

    QList<AuditEntry> audit(const QString &action)
    {
        QString error;
        auto db = Database::open(m_db, &error);
        QList<AuditEntry> rows;
        for (const AuditEntry &e : AuditLog(*db).recent(1000)) {
            if (e.action == action)
                rows.append(e);
        }
        return rows;
    }

    static QByteArray signedCallback(const QString &appKey, const QString &secret, const QString &data)
    {
        const QString stamp = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"));
        QList<QPair<QString, QString>> fields{{QStringLiteral("AppKey"), appKey}, {QStringLiteral("TimeStamp"), stamp},
                                              {QStringLiteral("Method"), QStringLiteral("hmm.scm_heorder.confirm")},
                                              {QStringLiteral("Data"), data}};
        fields.append({QStringLiteral("Sign"), CallbackSignature::sign(fields, secret)});
        QByteArray body;
        for (const auto &f : fields)
            body += (body.isEmpty() ? "" : "&") + f.first.toUtf8() + '=' + QUrl::toPercentEncoding(f.second);
        return body;
    }

    static QJsonObject post(quint16 port, const QByteArray &body)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/haier/callback").arg(port)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply = network.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(10000);
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return o;
    }

private slots:
    // Issue 12, problem 3.
    void mockPushOnAProductionDatabaseIsADryRun_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void mockPushOnAProductionDatabaseIsADryRun()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        m_db = location;
        // Demo orders on a new database make a training database; this one is the shop's production one.
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("40"), QStringLiteral("--seed"), QStringLiteral("3")}).code, 0);
        QCOMPARE(ctl({QStringLiteral("db"), QStringLiteral("bind")}).out.trimmed(), QStringLiteral("training"));
        Run r = ctl({QStringLiteral("db"), QStringLiteral("bind"), QStringLiteral("production")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(ctl({QStringLiteral("db"), QStringLiteral("bind")}).out.trimmed(), QStringLiteral("production"));
        QCOMPARE(ctl({QStringLiteral("db"), QStringLiteral("bind"), QStringLiteral("mock")}).code, 2); // not an environment
        QCOMPARE(audit(QStringLiteral("db_bind")).first().detail, QStringLiteral("training → production"));
        const QString number = pushableOrder();
        QVERIFY(!number.isEmpty());

        // The default mock profile (its own simulator, confirmations through its own receiver).
        r = ctl({QStringLiteral("push"), number, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toArray().size(), 1);
        QCOMPARE(r.json().value(QStringLiteral("dryRun")).toBool(), true);
        QVERIFY2(r.err.contains(QLatin1String("Dry run: the shop's order is not changed")), qPrintable(r.err));
        const QString mockSoId = r.json().value(QStringLiteral("accepted")).toArray().first().toObject().value(QStringLiteral("soId")).toString();
        std::optional<Order> row = shopRow(number);
        QVERIFY(row);
        QVERIFY2(row->haierSoId.isEmpty(), qPrintable(row->haierSoId));
        QVERIFY(row->haierStatus.isEmpty());
        QVERIFY(row->haierOrderNo.isEmpty());
        // The job and the confirmation are kept under the mock profile.
        const QJsonArray mockJobs = QJsonDocument::fromJson(ctl({QStringLiteral("jobs"), QStringLiteral("--json")}).out.toUtf8()).array();
        QCOMPARE(mockJobs.size(), 1);
        QCOMPARE(mockJobs.first().toObject().value(QStringLiteral("soId")).toString(), mockSoId);
        QCOMPARE(ctl({QStringLiteral("payload"), number}).code, 2); // the mock environment holds it now
        const QString other = pushableOrder();
        QVERIFY(!other.isEmpty() && other != number);
        r = ctl({QStringLiteral("payload"), other});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("Dry run: the shop's order is not changed")), qPrintable(r.out));

        // The production push of that order is not refused as already pushed, and writes the shop's row.
        QProcess sim;
        sim.start(simulator, {});
        QVERIFY(sim.waitForReadyRead(10000));
        const QUrl base(QString::fromUtf8(sim.readLine()).trimmed());
        const QString pid = QString::number(QCoreApplication::applicationPid());
        const QString prod = importSimProfile(QStringLiteral("prodsim") + pid, QStringLiteral("production"), base);
        r = ctl({QStringLiteral("--profile"), prod, QStringLiteral("payload"), number});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(!r.out.contains(QLatin1String("Dry run")));
        r = ctl({QStringLiteral("--profile"), prod, QStringLiteral("push"), number, QStringLiteral("--yes"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QCOMPARE(r.json().value(QStringLiteral("dryRun")).toBool(), false);
        const QString prodSoId = r.json().value(QStringLiteral("accepted")).toArray().first().toObject().value(QStringLiteral("soId")).toString();
        QVERIFY(!prodSoId.isEmpty());
        row = shopRow(number);
        QCOMPARE(row->haierSoId, prodSoId);
        QCOMPARE(row->haierStatus, QStringLiteral("push_pending"));

        // A second profile of the bound kind is refused: the environment already holds the order.
        const QString prod2 = importSimProfile(QStringLiteral("prodsimtwo") + pid, QStringLiteral("production"), base);
        r = ctl({QStringLiteral("--profile"), prod2, QStringLiteral("push"), number, QStringLiteral("--yes"), QStringLiteral("--json")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.json().value(QStringLiteral("refused")).toArray().size(), 1);
        QVERIFY2(r.json().value(QStringLiteral("refused")).toArray().first().toObject().value(QStringLiteral("message")).toString()
                     .contains(QLatin1String("already been pushed")), qPrintable(r.out));
        QCOMPARE(ctl({QStringLiteral("--profile"), prod2, QStringLiteral("payload"), number}).code, 2);
        sim.kill();
        sim.waitForFinished();
        KeychainCredentialStore keychain;
        for (const QString &profile : {prod, prod2}) {
            for (const char *key : {"ylh.client_id", "ylh.client_secret", "ylh.username", "ylh.password"})
                keychain.remove(profile, QLatin1String(key), nullptr);
        }
    }

    // Issue 12, problem 4.
    void importNeverChangesAKindByTheWay_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void importNeverChangesAKindByTheWay()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        m_db = location;
        QCOMPARE(ctl({QStringLiteral("db"), QStringLiteral("migrate")}).code, 0);
        // Each run has a profile name of its own, so the keychain entries of parallel runs never meet.
        const QString name = QStringLiteral("production%1%2").arg(backend).arg(QCoreApplication::applicationPid());
        const QString appKey = QStringLiteral("made-up-appkey");
        Run r = ctl({QStringLiteral("profile"), QStringLiteral("import"),
                     writeJson(QStringLiteral("p1.json"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("production")},
                                                                     {QStringLiteral("callback"), QJsonObject{{QStringLiteral("appKey"), appKey}}}})});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString toMock = writeJson(QStringLiteral("p2.json"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("mock")}});
        auto kindOf = [&](const QString &profile) {
            return QJsonDocument::fromJson(ctl({QStringLiteral("profile"), QStringLiteral("show"), profile}).out.toUtf8())
                .object().value(QStringLiteral("kind")).toString();
        };
        for (const QString &preset : {QStringLiteral("production"), name}) {
            const QString file = preset == name ? toMock
                : writeJson(QStringLiteral("p3.json"), QJsonObject{{QStringLiteral("name"), preset}, {QStringLiteral("kind"), QStringLiteral("mock")}});
            r = ctl({QStringLiteral("profile"), QStringLiteral("import"), file});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(QLatin1String("--change-kind")) && r.err.contains(QLatin1String("nothing was changed")), qPrintable(r.err));
            QCOMPARE(kindOf(preset), QStringLiteral("production"));
        }
        // --change-kind alone does not turn production into anything else.
        r = ctl({QStringLiteral("profile"), QStringLiteral("import"), toMock, QStringLiteral("--change-kind")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("--yes")), qPrintable(r.err));
        QCOMPARE(kindOf(name), QStringLiteral("production"));
        QVERIFY(audit(QStringLiteral("profile_kind_change")).isEmpty());

        // Its receiver trusts only its own secret from the keychain, never the demo one.
        KeychainCredentialStore keychain;
        QString error;
        const QString secret = QStringLiteral("made-up-callback-secret-%1").arg(QCoreApplication::applicationPid());
        QVERIFY2(keychain.write(name, QStringLiteral("callback.secret"), secret, &error), qPrintable(error));
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess receiver;
        receiver.start(haierctl, {QStringLiteral("--db"), m_db, QStringLiteral("--profile"), name, QStringLiteral("serve-callbacks"),
                                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)});
        QVERIFY2(receiver.waitForReadyRead(10000), qPrintable(QString::fromUtf8(receiver.readAllStandardError())));
        const QString data = QStringLiteral("{\"ExtOrderNo\":\"SO.1\",\"PlatformOrderNo\":\"NOT-OURS-1\",\"State\":1}");
        QJsonObject answer = post(port, signedCallback(appKey, DemoCredentialStore::value(QStringLiteral("callback.secret")), data));
        QCOMPARE(answer.value(QStringLiteral("success")).toBool(), false);
        QCOMPARE(answer.value(QStringLiteral("code")).toString(), QStringLiteral("bad_sign"));
        answer = post(port, signedCallback(appKey, secret, data));
        QCOMPARE(answer.value(QStringLiteral("success")).toBool(), true);
        receiver.terminate(); // SIGTERM: the receiver stops cleanly
        QVERIFY(receiver.waitForFinished(10000));
        // The demo secret stored for it does not make it start either.
        QVERIFY(keychain.write(name, QStringLiteral("callback.secret"), DemoCredentialStore::value(QStringLiteral("callback.secret")), &error));
        r = ctl({QStringLiteral("--profile"), name, QStringLiteral("serve-callbacks"), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:%1").arg(port)});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(QLatin1String("public demo secret")), qPrintable(r.err));
        keychain.remove(name, QStringLiteral("callback.secret"), nullptr);

        // Deliberately: --change-kind --yes changes it, audited with the old and the new kind.
        r = ctl({QStringLiteral("profile"), QStringLiteral("import"), toMock, QStringLiteral("--change-kind"), QStringLiteral("--yes")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(kindOf(name), QStringLiteral("mock"));
        const QList<AuditEntry> changes = audit(QStringLiteral("profile_kind_change"));
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().profile, name);
        QCOMPARE(changes.first().detail, QStringLiteral("production → mock"));
        // A non-production kind changes with --change-kind alone.
        r = ctl({QStringLiteral("profile"), QStringLiteral("import"),
                 writeJson(QStringLiteral("p4.json"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("test")}}),
                 QStringLiteral("--change-kind")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(kindOf(name), QStringLiteral("test"));
        QCOMPARE(audit(QStringLiteral("profile_kind_change")).first().detail, QStringLiteral("mock → test"));
    }
};

QTEST_GUILESS_MAIN(TestBindingCli)
#include "tst_binding_cli.moc"
