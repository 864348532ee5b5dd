// The callback receiver as a server runs it: `haierctl serve-callbacks` under the shipped systemd unit,
// with its secrets from systemd credentials and no D-Bus, under a flood of forged requests, and across
// a PostgreSQL restart.
#include "models/callbackstore.h"
#include "models/database.h"
#include "models/refusedbodies.h"
#include "net/callbacksignature.h"
#include "net/refusaltally.h"

#include <QDir>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUrl>


namespace {

const QString haierctl = QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl");
const QString sourceDir = QStringLiteral(CONSOLE_TEST_DATA_DIR "/../..");
const QString appKey = QStringLiteral("made-up-receiver-appkey");
const QString secret = QStringLiteral("made-up-receiver-secret-7f3a");

struct Run {
    int code = -1;
    QString out;
    QString err;
};

struct Reply {
    int status = 0;
    QJsonObject json;
};

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

QByteArray signedCallback(const QString &key, const QString &withSecret, const QString &data)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMddHHmmss"));
    QList<QPair<QString, QString>> fields{{QStringLiteral("AppKey"), key}, {QStringLiteral("TimeStamp"), stamp},
                                          {QStringLiteral("Method"), QStringLiteral("hmm.scm_heorder.confirm")}, {QStringLiteral("Data"), data}};
    fields.append({QStringLiteral("Sign"), CallbackSignature::sign(fields, withSecret)});
    QByteArray body;
    for (const auto &f : fields)
        body += (body.isEmpty() ? "" : "&") + f.first.toUtf8() + '=' + QUrl::toPercentEncoding(f.second);
    return body;
}

} // namespace

class TestReceiver : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcessEnvironment m_env;

    // A service's environment: no D-Bus session (so no keychain), a throwaway home.
    QProcessEnvironment serviceEnv(bool withCredentials) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        env.remove(QStringLiteral("CONSOLE_DB"));
        env.remove(QStringLiteral("CREDENTIALS_DIRECTORY"));
        env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/.local/share")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/.config")));
        if (withCredentials)
            env.insert(QStringLiteral("CREDENTIALS_DIRECTORY"), m_dir.filePath(QStringLiteral("credentials")));
        return env;
    }

    Run ctl(const QString &db, const QStringList &args, bool withCredentials = false)
    {
        QProcess p;
        p.setProcessEnvironment(serviceEnv(withCredentials));
        p.start(haierctl, QStringList{QStringLiteral("--db"), db} + args);
        if (!p.waitForFinished(120000))
            qFatal("haierctl did not finish");
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    // A production profile "prod" with a made-up AppKey.
    bool prepare(const QString &db)
    {
        QFile f(m_dir.filePath(QStringLiteral("prod.json")));
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("prod")}, {QStringLiteral("kind"), QStringLiteral("production")},
                                          {QStringLiteral("callback"), QJsonObject{{QStringLiteral("appKey"), appKey}}}})
                    .toJson());
        f.close();
        const Run r = ctl(db, {QStringLiteral("profile"), QStringLiteral("import"), f.fileName()});
        if (r.code != 0)
            qWarning("%s", qPrintable(r.err));
        return r.code == 0;
    }

    void startReceiver(QProcess &receiver, const QString &db, quint16 port, const QStringList &extra = {}, bool underSystemd = false)
    {
        QProcessEnvironment env = serviceEnv(true);
        if (underSystemd)
            env.insert(QStringLiteral("JOURNAL_STREAM"), QStringLiteral("8:12345"));
        receiver.setProcessEnvironment(env);
        receiver.setProcessChannelMode(QProcess::SeparateChannels);
        receiver.start(haierctl, QStringList{QStringLiteral("--db"), db, QStringLiteral("--profile"), QStringLiteral("prod"),
                                             QStringLiteral("serve-callbacks"), QStringLiteral("--listen"),
                                             QStringLiteral("127.0.0.1:%1").arg(port)} + extra);
        QVERIFY(receiver.waitForStarted(10000));
    }

    static void stopReceiver(QProcess &receiver)
    {
        receiver.terminate(); // SIGTERM: the receiver stops cleanly
        QVERIFY(receiver.waitForFinished(20000));
    }

    static Reply post(QNetworkAccessManager &network, quint16 port, const QByteArray &body)
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/haier/callback").arg(port)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply = network.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(15000);
        Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), QJsonDocument::fromJson(reply->readAll()).object()};
        reply->deleteLater();
        return r;
    }

    // Posts a valid callback until it is stored; the milliseconds it took, -1 when not within `maxMs`.
    static qint64 untilStored(QNetworkAccessManager &network, quint16 port, const QString &data, int maxMs, QList<int> *statuses)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < maxMs) {
            const Reply r = post(network, port, signedCallback(appKey, secret, data));
            statuses->append(r.status);
            if (r.status == 200 && r.json.value(QStringLiteral("success")).toBool())
                return t.elapsed();
            QTest::qWait(250);
        }
        return -1;
    }

    void writeCredentials(const QString &dbPassword)
    {
        QDir().mkpath(m_dir.filePath(QStringLiteral("credentials")));
        for (const auto &[name, value] : {std::pair{QStringLiteral("callback.secret"), secret}, std::pair{QStringLiteral("db.password"), dbPassword}}) {
            QFile f(m_dir.filePath(QStringLiteral("credentials/") + name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(value.toUtf8() + '\n');
        }
    }

    static qint64 fileBytes(const QString &path)
    {
        return QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QDir().mkpath(m_dir.filePath(QStringLiteral("home")));
    }

    // The shipped unit passes systemd's own check (with ExecStart pointing at the built binary), never
    // restarts on a configuration error, and gives the secrets as credentials, not in the environment.
    void unitVerifies()
    {
        const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
        if (analyze.isEmpty())
            QSKIP("systemd-analyze is not installed");
        QFile unit(sourceDir + QStringLiteral("/resources/deploy/haier-callbacks.service"));
        QVERIFY(unit.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(unit.readAll());
        for (const char *needed : {"RestartPreventExitStatus=3", "LoadCredential=callback.secret:", "LoadCredential=db.password:",
                                   "StateDirectory=haier-console", "CONSOLE_DB=postgresql://"})
            QVERIFY2(text.contains(QLatin1String(needed)), needed);
        QVERIFY(!text.contains(QRegularExpression(QStringLiteral("postgresql://[^@\\s]*:[^@\\s]*@")))); // no password in the URL
        QVERIFY(text.contains(QLatin1String("/usr/local/bin/haierctl")));
        text.replace(QLatin1String("/usr/local/bin/haierctl"), haierctl);
        QFile copy(m_dir.filePath(QStringLiteral("haier-callbacks.service")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(text.toUtf8());
        copy.close();
        QProcess verify;
        verify.setProcessChannelMode(QProcess::MergedChannels);
        verify.start(analyze, {QStringLiteral("verify"), copy.fileName()});
        QVERIFY(verify.waitForFinished(60000));
        QVERIFY2(verify.exitCode() == 0, verify.readAll().constData());
    }

    // No keychain (no D-Bus) and no credentials: one sentence naming both ways, exit 3.
    void withoutSecretsItExitsThree()
    {
        const QString db = m_dir.filePath(QStringLiteral("nosecret.sqlite"));
        QVERIFY(prepare(db));
        const Run r = ctl(db, {QStringLiteral("--profile"), QStringLiteral("prod"), QStringLiteral("serve-callbacks"), QStringLiteral("--listen"),
                               QStringLiteral("127.0.0.1:%1").arg(freePort())});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(QLatin1String("LoadCredential=callback.secret")) && r.err.contains(QLatin1String("keychain"))
                     && r.err.contains(QLatin1String("haierctl credentials set prod callback.secret")),
                 qPrintable(r.err));
    }

    void tallyIsBounded()
    {
        RefusalTally tally(3);
        QVERIFY(tally.add(QStringLiteral("bad_sign"), QStringLiteral("10.0.0.1"), 1));
        QVERIFY(!tally.add(QStringLiteral("bad_sign"), QStringLiteral("10.0.0.1"), 2));
        QVERIFY(tally.add(QStringLiteral("stale"), QStringLiteral("10.0.0.2"), 3));
        tally.add(QStringLiteral("bad_sign"), QStringLiteral("10.0.0.3"), 4);
        tally.add(QStringLiteral("bad_sign"), QStringLiteral("10.0.0.4"), 5); // forgets 10.0.0.1, the least recent
        QCOMPARE(tally.sourceCount(), 3);
        QCOMPARE(tally.count(QStringLiteral("bad_sign"), QStringLiteral("10.0.0.1")), 0);
        QCOMPARE(tally.count(QStringLiteral("bad_sign"), QStringLiteral("10.0.0.4")), 1);
        const QStringList lines = tally.takeMinute();
        QCOMPARE(lines, (QStringList{QStringLiteral("bad_sign: 4 refused from 3 addresses, most from 10.0.0.1 (2)"),
                                     QStringLiteral("stale: 1 refused from 1 addresses, most from 10.0.0.2 (1)")}));
        QVERIFY(tally.takeMinute().isEmpty());
        QVERIFY(tally.add(QStringLiteral("bad_sign"), QStringLiteral("10.0.0.4"), 60001)); // a new minute
    }

    // The total of refused bodies is bounded: the oldest are emptied first and marked cut.
    void refusedBodiesArePruned()
    {
        std::unique_ptr<Database> db = Database::open(m_dir.filePath(QStringLiteral("prune.sqlite")), nullptr);
        QString error;
        QVERIFY(db && db->migrate(&error) == Database::SchemaVersion);
        CallbackStore store(*db);
        for (int i = 0; i < 10; ++i) {
            CallbackRecord r;
            r.receivedAt = 1000 + i;
            r.refusalCode = QStringLiteral("bad_sign");
            r.rawBody = QString(1000, QLatin1Char('a' + i));
            r.dedupeKey = QString::number(i);
            QVERIFY2(store.store(r, &error), qPrintable(error));
        }
        QCOMPARE(RefusedBodies::total(*db, &error), 10000);
        QCOMPARE(RefusedBodies::prune(*db, 4500, &error), 6);
        QCOMPARE(RefusedBodies::total(*db, &error), 4000);
        QSqlQuery q(db->sql());
        QVERIFY(q.exec(QStringLiteral("SELECT raw_body, body_truncated FROM console_callbacks ORDER BY id")));
        int row = 0;
        while (q.next()) {
            QCOMPARE(q.value(0).toString().isEmpty(), row < 6);
            QCOMPARE(q.value(1).toBool(), row < 6);
            ++row;
        }
        QCOMPARE(row, 10);
        QCOMPARE(RefusedBodies::prune(*db, 4500, &error), 0);
    }

    // The refused rows themselves are bounded too: the oldest beyond the limit are deleted, applied
    // callbacks are never touched.
    void refusedRowsAreBounded()
    {
        std::unique_ptr<Database> db = Database::open(m_dir.filePath(QStringLiteral("rows.sqlite")), nullptr);
        QString error;
        QVERIFY(db && db->migrate(&error) == Database::SchemaVersion);
        CallbackStore store(*db);
        for (int i = 0; i < 12; ++i) {
            CallbackRecord r;
            r.receivedAt = 1000 + i;
            r.valid = i % 4 == 0; // an orphan every fourth: kept whatever the limit
            r.outcome = r.valid ? QStringLiteral("orphan") : QStringLiteral("refused");
            r.refusalCode = r.valid ? QString() : QStringLiteral("bad_sign");
            r.platformOrderNo = QStringLiteral("P%1").arg(i);
            r.dedupeKey = QString::number(i);
            QVERIFY2(store.store(r, &error), qPrintable(error));
        }
        QCOMPARE(RefusedBodies::pruneRows(*db, 5, &error), 4); // 9 refused, the 4 oldest go
        QSqlQuery q(db->sql());
        QVERIFY(q.exec(QStringLiteral("SELECT platform_order_no FROM console_callbacks ORDER BY id")));
        QStringList left;
        while (q.next())
            left << q.value(0).toString();
        QCOMPARE(left, (QStringList{QStringLiteral("P0"), QStringLiteral("P4"), QStringLiteral("P6"), QStringLiteral("P7"), QStringLiteral("P8"), QStringLiteral("P9"),
                                    QStringLiteral("P10"), QStringLiteral("P11")}));
        QCOMPARE(RefusedBodies::pruneRows(*db, 5, &error), 0);
    }

    // 3,000 forged 60 KB requests: each is refused and kept with at most 4 KiB of its body, marked cut;
    // the database grows by at most 20 MB and errors.log gets a summary, not 3,000 lines. The secret
    // comes from the systemd credential (a valid callback signed with it is accepted), with no D-Bus.
    void floodOnSqliteWithCredentials()
    {
        writeCredentials(QStringLiteral("made-up-db-password"));
        const QString db = m_dir.filePath(QStringLiteral("flood.sqlite"));
        QVERIFY(prepare(db));
        const quint16 port = freePort();
        QProcess receiver;
        startReceiver(receiver, db, port);
        QVERIFY2(receiver.waitForReadyRead(15000), receiver.readAllStandardError().constData());
        const qint64 before = fileBytes(db);
        QNetworkAccessManager network;
        Reply ok = post(network, port, signedCallback(appKey, secret, QStringLiteral("{\"ExtOrderNo\":\"SO.1\",\"PlatformOrderNo\":\"X-1\",\"State\":1}")));
        QCOMPARE(ok.status, 200);
        QVERIFY2(ok.json.value(QStringLiteral("success")).toBool(), QJsonDocument(ok.json).toJson().constData());

        const QByteArray forged = "AppKey=" + appKey.toUtf8() + "&TimeStamp=20260101000000&Method=hmm.scm_heorder.confirm&Data="
            + QByteArray(60 * 1024, 'x') + "&Sign=0123456789abcdef";
        const int total = 3000;
        int answered = 0;
        int refused = 0;
        int sent = 0;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/haier/callback").arg(port)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        std::function<void()> sendOne = [&] {
            QNetworkReply *reply = network.post(request, forged);
            ++sent;
            connect(reply, &QNetworkReply::finished, this, [&, reply] {
                ++answered;
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200
                    && !QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("success")).toBool())
                    ++refused;
                reply->deleteLater();
                if (sent < total)
                    sendOne();
            });
        };
        for (int i = 0; i < 16; ++i)
            sendOne();
        QTRY_VERIFY_WITH_TIMEOUT(answered == total, 300000);
        QCOMPARE(refused, total);
        stopReceiver(receiver);
        const qint64 grown = fileBytes(db) - before;
        qInfo("database grew by %lld bytes for %d forged 60 KB requests", grown, total);
        QVERIFY2(grown <= 20LL * 1024 * 1024, qPrintable(QString::number(grown)));

        {
            std::unique_ptr<Database> d = Database::open(db, nullptr);
            QVERIFY(d);
            QSqlQuery q(d->sql());
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), MAX(LENGTH(raw_body)), SUM(body_truncated) FROM console_callbacks WHERE valid = 0")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), total);
            QVERIFY(q.value(1).toInt() <= RefusedBodies::MaxBodyBytes);
            QCOMPARE(q.value(2).toInt(), total);
        }
        // errors.log: the first refusal of the minute, then a summary with the count.
        QFile log(m_dir.filePath(QStringLiteral("home/.local/share/haier-console/haier-console/logs/errors.log")));
        QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
        const QStringList lines = QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() < 20, qPrintable(lines.join(QLatin1Char('\n')).left(4000)));
        qint64 summed = 0;
        static const QRegularExpression count(QStringLiteral(": (\\d+) refused from"));
        for (const QString &line : lines) {
            const auto m = count.match(line);
            if (m.hasMatch())
                summed += m.captured(1).toLongLong();
        }
        QCOMPARE(summed, qint64(total));
    }

    // One source address may hold at most --max-connections-per-source connections; the next gets 503.
    // Started by systemd (JOURNAL_STREAM), the warning about it reaches stderr, i.e. the journal.
    void connectionsPerSourceAreCapped()
    {
        writeCredentials(QString());
        const QString db = m_dir.filePath(QStringLiteral("conns.sqlite"));
        QVERIFY(prepare(db));
        const quint16 port = freePort();
        QProcess receiver;
        startReceiver(receiver, db, port, {QStringLiteral("--max-connections-per-source"), QStringLiteral("2")}, true);
        QVERIFY2(receiver.waitForReadyRead(15000), receiver.readAllStandardError().constData());
        QTcpSocket a, b, c;
        for (QTcpSocket *s : {&a, &b}) {
            s->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(s->waitForConnected(5000));
        }
        QTest::qWait(200);
        c.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(c.waitForConnected(5000));
        QVERIFY(c.waitForReadyRead(5000));
        QVERIFY(c.readAll().startsWith("HTTP/1.1 503"));
        stopReceiver(receiver);
        const QByteArray journal = receiver.readAllStandardError();
        QVERIFY2(journal.contains("warning") && journal.contains("connection limit reached"), journal.constData());
    }

    // On PostgreSQL (a server of this test's own, so that stopping it disturbs no other test): the
    // receiver answers 503 while the server is down, stores again within seconds of its return, and
    // also starts while the server is not there yet, answering 503 until it is.
    void acrossPostgresRestart()
    {
        if (qEnvironmentVariable("CONSOLE_TEST_PG_URL").isEmpty())
            QSKIP("CONSOLE_TEST_PG_URL is not set (no PostgreSQL for tests)");
        const QString script = sourceDir + QStringLiteral("/scripts/pg-test-server.sh");
        const QString pgDir = QStringLiteral("/tmp/tst_receiver_pg_%1").arg(QCoreApplication::applicationPid());
        auto pg = [&](const QString &action) {
            QProcess p;
            p.start(script, {action, pgDir});
            p.waitForFinished(120000);
            if (p.exitCode() != 0)
                qWarning("%s", p.readAllStandardError().constData());
            return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        };
        const QString url = pg(QStringLiteral("start"));
        QVERIFY2(url.startsWith(QLatin1String("postgresql://")), qPrintable(url));
        auto cleanup = qScopeGuard([&] { pg(QStringLiteral("stop")); });
        writeCredentials(QStringLiteral("made-up-db-password"));
        QVERIFY(prepare(url));
        QNetworkAccessManager network;
        QList<int> statuses;

        const quint16 port = freePort();
        QProcess receiver;
        startReceiver(receiver, url, port, {QStringLiteral("--workers"), QStringLiteral("2")});
        QVERIFY2(receiver.waitForReadyRead(15000), receiver.readAllStandardError().constData());
        QVERIFY(untilStored(network, port, QStringLiteral("{\"ExtOrderNo\":\"SO.1\",\"PlatformOrderNo\":\"PG-1\",\"State\":1}"), 5000, &statuses) >= 0);

        pg(QStringLiteral("pause"));
        for (int i = 0; i < 3; ++i) {
            const Reply r = post(network, port, signedCallback(appKey, secret, QStringLiteral("{\"ExtOrderNo\":\"SO.2\",\"PlatformOrderNo\":\"PG-2\",\"State\":1}")));
            QCOMPARE(r.status, 503);
            QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("storage_unavailable"));
        }
        pg(QStringLiteral("resume"));
        statuses.clear();
        const qint64 recovered = untilStored(network, port, QStringLiteral("{\"ExtOrderNo\":\"SO.2\",\"PlatformOrderNo\":\"PG-2\",\"State\":1}"), 10000, &statuses);
        qInfo("stored again %lld ms after PostgreSQL came back", recovered);
        QVERIFY(recovered >= 0 && recovered < 10000);
        QVERIFY(receiver.state() == QProcess::Running);
        stopReceiver(receiver);

        // Started before the database: it listens and answers 503, then stores once the server is back.
        pg(QStringLiteral("pause"));
        QProcess early;
        startReceiver(early, url, port);
        auto stopEarly = qScopeGuard([&] { if (early.state() == QProcess::Running) stopReceiver(early); });
        QTRY_COMPARE_WITH_TIMEOUT(post(network, port, signedCallback(appKey, secret, QStringLiteral("{\"PlatformOrderNo\":\"PG-3\",\"State\":1}"))).status,
                                  503, 10000);
        pg(QStringLiteral("resume"));
        statuses.clear();
        QVERIFY(untilStored(network, port, QStringLiteral("{\"ExtOrderNo\":\"SO.3\",\"PlatformOrderNo\":\"PG-3\",\"State\":1}"), 15000, &statuses) >= 0);
        QVERIFY(early.readAllStandardError().contains("answering 503"));
    }
};

QTEST_GUILESS_MAIN(TestReceiver)
#include "tst_receiver.moc"
