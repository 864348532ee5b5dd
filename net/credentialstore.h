#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

// Secrets per profile. Only the keychain implementation persists anything; nothing secret is ever
// written to the database, a settings file or a log.
class CredentialStore
{
public:
    virtual ~CredentialStore() = default;
    // nullopt without *error when the key is simply not set; with *error when the store failed.
    virtual std::optional<QString> read(const QString &profile, const QString &key, QString *error) = 0;
    virtual bool write(const QString &profile, const QString &key, const QString &value, QString *error) = 0;
    virtual bool remove(const QString &profile, const QString &key, QString *error) = 0;

    // The keys a profile may hold (a contract shared with the docs and the CLI).
    static QStringList knownKeys();
    // "Missing credential ylh.password for profile test: run `haierctl credentials set test ylh.password`"
    static QString missingMessage(const QString &profile, const QString &key);
};

// The OS keychain through QtKeychain (Secret Service on Linux). Never falls back to plaintext.
class KeychainCredentialStore final : public CredentialStore
{
public:
    std::optional<QString> read(const QString &profile, const QString &key, QString *error) override;
    bool write(const QString &profile, const QString &key, const QString &value, QString *error) override;
    bool remove(const QString &profile, const QString &key, QString *error) override;
    static QString serviceName();
};

// Tests, and layering over another store.
class MemoryCredentialStore final : public CredentialStore
{
public:
    std::optional<QString> read(const QString &profile, const QString &key, QString *error) override;
    bool write(const QString &profile, const QString &key, const QString &value, QString *error) override;
    bool remove(const QString &profile, const QString &key, QString *error) override;

private:
    QHash<QString, QString> m_values;
};

// The fixed, made-up credentials of the mock profile's simulator: zero set-up, no keychain needed.
class DemoCredentialStore final : public CredentialStore
{
public:
    std::optional<QString> read(const QString &profile, const QString &key, QString *error) override;
    bool write(const QString &, const QString &, const QString &, QString *error) override;
    bool remove(const QString &, const QString &, QString *error) override;
    static QString value(const QString &key);
};
