// Credentials in the OS keychain (a real Secret Service: the test command runs gnome-keyring), used by a
// profile pointed at the simulator; afterwards no secret may be found in the database, settings or logs.
#include "net/credentialstore.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

namespace {
const QString haierctl = QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl");
const QString simulator = QStringLiteral(CONSOLE_BINARY_DIR "/tools/ylh-sim/ylh-sim");
}

class TestCredentialsCli : public QObject
{
    Q_OBJECT

    QString m_db;

    struct Run { int code; QString out; QString err; };
    Run ctl(const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        p.start(haierctl, QStringList{QStringLiteral("--db"), m_db} + args);
        p.write(input);
        p.closeWriteChannel();
        p.waitForFinished(120000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void keychainRoundTrip()
    {
        KeychainCredentialStore store;
        QString error;
        const QString profile = QStringLiteral("tst-%1").arg(QCoreApplication::applicationPid());
        QVERIFY2(store.write(profile, QStringLiteral("ylh.password"), QStringLiteral("made-up-pw-1"), &error), qPrintable(error));
        QCOMPARE(store.read(profile, QStringLiteral("ylh.password"), &error).value_or(QString()), QStringLiteral("made-up-pw-1"));
        QVERIFY(store.write(profile, QStringLiteral("ylh.password"), QStringLiteral("made-up-pw-2"), &error));
        QCOMPARE(store.read(profile, QStringLiteral("ylh.password"), &error).value_or(QString()), QStringLiteral("made-up-pw-2"));
        QVERIFY(store.remove(profile, QStringLiteral("ylh.password"), &error));
        QVERIFY(!store.read(profile, QStringLiteral("ylh.password"), &error));
        QVERIFY2(error.isEmpty(), qPrintable(error)); // absent is not an error
    }

    void memoryAndDemoStores()
    {
        MemoryCredentialStore memory;
        QString error;
        QVERIFY(!memory.read(QStringLiteral("p"), QStringLiteral("ylh.password"), &error));
        memory.write(QStringLiteral("p"), QStringLiteral("ylh.password"), QStringLiteral("x"), &error);
        QCOMPARE(*memory.read(QStringLiteral("p"), QStringLiteral("ylh.password"), &error), QStringLiteral("x"));
        DemoCredentialStore demo;
        for (const QString &key : CredentialStore::knownKeys())
            QVERIFY2(demo.read(QStringLiteral("mock"), key, &error), qPrintable(key));
        QVERIFY(!demo.write(QStringLiteral("mock"), QStringLiteral("ylh.password"), QStringLiteral("x"), &error));
        QVERIFY(CredentialStore::missingMessage(QStringLiteral("test"), QStringLiteral("ylh.password"))
                    .contains(QLatin1String("haierctl credentials set test ylh.password")));
    }

    void profileOnSimulatorWithKeychainCredentials()
    {
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("cred.sqlite"));
        QProcess sim;
        sim.start(simulator, {});
        QVERIFY(sim.waitForReadyRead(10000));
        const QUrl base(QString::fromUtf8(sim.readLine()).trimmed());
        auto at = [&](const QString &path) { QUrl u = base; u.setPath(path); return u.toString(); };
        const QString profileName = QStringLiteral("simtest%1").arg(QCoreApplication::applicationPid());
        QFile f(dir.filePath(QStringLiteral("p.json")));
        f.open(QIODevice::WriteOnly);
        f.write(QJsonDocument(QJsonObject{
            {QStringLiteral("name"), profileName}, {QStringLiteral("kind"), QStringLiteral("test")},
            {QStringLiteral("ylh"), QJsonObject{{QStringLiteral("authBaseUrl"), at(QStringLiteral("/ylh-cloud-mgt-auth-dev"))},
                                                {QStringLiteral("orderBaseUrl"), at(QStringLiteral("/ylh-cloud-service-jst-order-dev"))},
                                                {QStringLiteral("orderServiceBaseUrl"), at(QStringLiteral("/ylh-cloud-service-order-dev"))},
                                                {QStringLiteral("stockBaseUrl"), at(QStringLiteral("/ylh-cloud-service-stock-dev"))}}},
            {QStringLiteral("openplat"), QJsonObject{{QStringLiteral("baseUrl"), base.toString()}}},
            {QStringLiteral("codes"), QJsonObject{{QStringLiteral("sourceSystem"), QStringLiteral("GXSHOP")},
                                                  {QStringLiteral("shopName"), QStringLiteral("海尔智家旗舰店")},
                                                  {QStringLiteral("sellerCode"), QStringLiteral("8800539012")},
                                                  {QStringLiteral("customerCode"), QStringLiteral("8800633175")},
                                                  {QStringLiteral("sendToCode"), QStringLiteral("8800633175")}}}})
                    .toJson());
        f.close();
        QCOMPARE(ctl({QStringLiteral("profile"), QStringLiteral("import"), f.fileName()}).code, 0);
        QCOMPARE(ctl({QStringLiteral("demo-data"), QStringLiteral("--orders"), QStringLiteral("50")}).code, 0);

        Run r = ctl({QStringLiteral("--profile"), profileName, QStringLiteral("haier"), QStringLiteral("balance")});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(QStringLiteral("haierctl credentials set %1 openplat.client_id").arg(profileName)), qPrintable(r.err));
        QCOMPARE(ctl({QStringLiteral("credentials"), QStringLiteral("check"), profileName}).code, 3);
        QCOMPARE(ctl({QStringLiteral("credentials"), QStringLiteral("set"), profileName, QStringLiteral("no.such.key")}, "x\n").code, 2);

        const QList<std::pair<QString, QByteArray>> secrets{
            {QStringLiteral("ylh.client_id"), "demo-client"}, {QStringLiteral("ylh.client_secret"), "demo-client-secret"},
            {QStringLiteral("ylh.username"), "demo-user"}, {QStringLiteral("ylh.password"), "demo-password"},
            {QStringLiteral("openplat.client_id"), "demo-openplat-client"}, {QStringLiteral("openplat.client_secret"), "demo-openplat-secret"},
            {QStringLiteral("openplat.password"), "demo-account-password"}, {QStringLiteral("callback.secret"), "demo-secret-123"}};
        for (const auto &[key, value] : secrets) {
            r = ctl({QStringLiteral("credentials"), QStringLiteral("set"), profileName, key}, value + '\n');
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        r = ctl({QStringLiteral("credentials"), QStringLiteral("check"), profileName});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.count(QLatin1String("present")), 8);
        for (const auto &secret : secrets)
            QVERIFY(!r.out.contains(QString::fromUtf8(secret.second + "\n")) || secret.first.endsWith(QLatin1String("client_id")));

        r = ctl({QStringLiteral("--profile"), profileName, QStringLiteral("haier"), QStringLiteral("products"), QStringLiteral("BH0250A2G")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("BH0250A2G")));
        r = ctl({QStringLiteral("--profile"), profileName, QStringLiteral("push"), QStringLiteral("--all-paid"), QStringLiteral("--json")});
        QVERIFY2(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("accepted")).toArray().size() > 10, qPrintable(r.err));

        // No secret anywhere outside the keychain: the database, settings files, logs.
        QStringList places{dir.path(), QDir::homePath()};
        for (const QString &place : places) {
            QDirIterator it(place, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                if (path.contains(QLatin1String("/keyrings/")))
                    continue; // the Secret Service's own (encrypted) store
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly))
                    continue;
                const QByteArray content = file.readAll();
                for (const char *secret : {"demo-client-secret", "demo-password", "demo-openplat-secret", "demo-account-password", "demo-secret-123"})
                    QVERIFY2(!content.contains(secret), qPrintable(QStringLiteral("%1 found in %2").arg(QLatin1String(secret), path)));
            }
        }
        sim.kill();
        sim.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(TestCredentialsCli)
#include "tst_credentials_cli.moc"
