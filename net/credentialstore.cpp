#include "net/credentialstore.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <qt6keychain/keychain.h>

#include <memory>

QStringList CredentialStore::knownKeys()
{
    return {QStringLiteral("ylh.client_id"),       QStringLiteral("ylh.client_secret"), QStringLiteral("ylh.username"),
            QStringLiteral("ylh.password"),        QStringLiteral("openplat.client_id"), QStringLiteral("openplat.client_secret"),
            QStringLiteral("openplat.password"),   QStringLiteral("callback.secret")};
}

QString CredentialStore::missingMessage(const QString &profile, const QString &key)
{
    return QCoreApplication::translate("CredentialStore",
        "Missing credential %1 for profile %2: run `haierctl credentials set %2 %1`").arg(key, profile);
}

namespace {

QString entryKey(const QString &profile, const QString &key)
{
    return profile + QLatin1Char('/') + key;
}

// Runs a QtKeychain job to completion (the CLI and the composition root want an answer now).
bool runJob(QKeychain::Job &job, QString *error)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound)
        return true;
    if (error) {
        *error = (job.error() == QKeychain::NoBackendAvailable || job.error() == QKeychain::OtherError)
            ? QCoreApplication::translate("CredentialStore", "No Secret Service (keyring) is available: %1").arg(job.errorString())
            : QCoreApplication::translate("CredentialStore", "The keychain refused: %1").arg(job.errorString());
    }
    return false;
}

} // namespace

QString KeychainCredentialStore::serviceName()
{
    return QStringLiteral("haier-console");
}

std::optional<QString> KeychainCredentialStore::read(const QString &profile, const QString &key, QString *error)
{
    QKeychain::ReadPasswordJob job(serviceName());
    job.setInsecureFallback(false);
    job.setKey(entryKey(profile, key));
    if (!runJob(job, error) || job.error() == QKeychain::EntryNotFound)
        return std::nullopt;
    return job.textData();
}

bool KeychainCredentialStore::write(const QString &profile, const QString &key, const QString &value, QString *error)
{
    QKeychain::WritePasswordJob job(serviceName());
    job.setInsecureFallback(false);
    job.setKey(entryKey(profile, key));
    job.setTextData(value);
    return runJob(job, error);
}

bool KeychainCredentialStore::remove(const QString &profile, const QString &key, QString *error)
{
    QKeychain::DeletePasswordJob job(serviceName());
    job.setInsecureFallback(false);
    job.setKey(entryKey(profile, key));
    return runJob(job, error);
}

std::optional<QString> MemoryCredentialStore::read(const QString &profile, const QString &key, QString *)
{
    const auto it = m_values.constFind(entryKey(profile, key));
    if (it == m_values.constEnd())
        return std::nullopt;
    return *it;
}

bool MemoryCredentialStore::write(const QString &profile, const QString &key, const QString &value, QString *)
{
    m_values.insert(entryKey(profile, key), value);
    return true;
}

bool MemoryCredentialStore::remove(const QString &profile, const QString &key, QString *)
{
    m_values.remove(entryKey(profile, key));
    return true;
}

QString DemoCredentialStore::value(const QString &key)
{
    // Made-up values the simulator also uses; they open nothing real.
    static const QHash<QString, QString> values{
        {QStringLiteral("ylh.client_id"), QStringLiteral("demo-client")},
        {QStringLiteral("ylh.client_secret"), QStringLiteral("demo-client-secret")},
        {QStringLiteral("ylh.username"), QStringLiteral("demo-user")},
        {QStringLiteral("ylh.password"), QStringLiteral("demo-password")},
        {QStringLiteral("openplat.client_id"), QStringLiteral("demo-openplat-client")},
        {QStringLiteral("openplat.client_secret"), QStringLiteral("demo-openplat-secret")},
        {QStringLiteral("openplat.password"), QStringLiteral("demo-account-password")},
        {QStringLiteral("callback.secret"), QStringLiteral("demo-secret-123")},
    };
    return values.value(key);
}

std::optional<QString> DemoCredentialStore::read(const QString &, const QString &key, QString *)
{
    const QString v = value(key);
    if (v.isEmpty())
        return std::nullopt;
    return v;
}

bool DemoCredentialStore::write(const QString &, const QString &, const QString &, QString *error)
{
    if (error)
        *error = QCoreApplication::translate("CredentialStore", "The mock profile uses fixed demo credentials; nothing to store.");
    return false;
}

bool DemoCredentialStore::remove(const QString &, const QString &, QString *error)
{
    return write({}, {}, {}, error);
}
