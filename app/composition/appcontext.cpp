#include "app/composition/appcontext.h"

#include "models/databasechoice.h"
#include "net/credentialstore.h"

#include <QCoreApplication>

AppContext::AppContext(std::unique_ptr<Database> db)
    : m_db(std::move(db)), m_profiles(*m_db), m_orders(*m_db), m_jobs(*m_db), m_audit(*m_db)
{
}

std::unique_ptr<AppContext> AppContext::open(const QString &location, QString *error, CredentialStore *credentials)
{
    // --db, then CONSOLE_DB, then the choice made in File → Database…, then the default file.
    const DatabaseLocation where = DatabaseLocation::resolve(location, qEnvironmentVariable("CONSOLE_DB"), DatabaseChoice::load());
    QString password;
    if (where.wantsStoredPassword) {
        KeychainCredentialStore keychain;
        CredentialStore &store = credentials ? *credentials : keychain;
        QString why;
        const std::optional<QString> stored = store.read(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), &why);
        if (!why.isEmpty()) {
            *error = QCoreApplication::translate("AppContext", "The password of the chosen database could not be read from the keychain: %1")
                         .arg(why);
            return nullptr;
        }
        password = stored.value_or(QString()); // none stored: the server may trust the user, or ~/.pgpass has it
    }
    std::unique_ptr<Database> db = Database::open(where.location, error, password);
    if (!db)
        return nullptr;
    if (db->migrate(error) < 0)
        return nullptr;
    std::unique_ptr<AppContext> context(new AppContext(std::move(db)));
    if (!context->profiles().ensurePresets(error))
        return nullptr;
    return context;
}

std::unique_ptr<AppContext> AppContext::openResolved(const QString &location, const QString &password, QString *error)
{
    std::unique_ptr<Database> db = Database::open(location, error, password);
    if (!db || db->migrate(error) < 0)
        return nullptr;
    std::unique_ptr<AppContext> context(new AppContext(std::move(db)));
    if (!context->profiles().ensurePresets(error))
        return nullptr;
    return context;
}

std::optional<Profile> AppContext::resolveProfile(const QString &name, QString *error)
{
    if (name.isEmpty())
        return m_profiles.active(error);
    QString why;
    auto profile = m_profiles.get(name, &why);
    if (!profile && error)
        *error = QCoreApplication::translate("AppContext", "Unknown profile \"%1\".").arg(name);
    return profile;
}
