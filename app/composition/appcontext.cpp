#include "app/composition/appcontext.h"

#include "models/databasechoice.h"
#include "net/credentialstore.h"
#include "net/orderactions.h"

#include <QCoreApplication>

AppContext::AppContext(std::unique_ptr<Database> db)
    : m_db(std::move(db)), m_profiles(*m_db), m_orders(*m_db), m_jobs(*m_db), m_audit(*m_db)
{
}

std::unique_ptr<AppContext> AppContext::open(const QString &location, QString *error, CredentialStore *credentials)
{
    return openAt(location, error, credentials, false);
}

std::unique_ptr<AppContext> AppContext::openWaiting(const QString &location, QString *error, CredentialStore *credentials)
{
    return openAt(location, error, credentials, true);
}

bool AppContext::load(QString *error)
{
    if (m_db->migrate(error) < 0 || !m_profiles.ensurePresets(error))
        return false;
    m_loaded = true;
    return true;
}

std::unique_ptr<AppContext> AppContext::openAt(const QString &location, QString *error, CredentialStore *credentials, bool wait)
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
    std::unique_ptr<Database> db = wait ? Database::openOrDefer(where.location, error, password)
                                        : Database::open(where.location, error, password);
    if (!db)
        return nullptr;
    std::unique_ptr<AppContext> context(new AppContext(std::move(db)));
    if (wait && !context->db().isReachable())
        return context; // *error says why; a DatabaseWatcher loads it once the server answers
    if (!context->load(error)) {
        // The server went away in between: the same as not reachable at all when waiting.
        if (wait && !context->db().ping())
            return context;
        return nullptr;
    }
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
    context->m_loaded = true;
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

DatabaseWatcher::Preparation AppContext::consolePreparation(OrderActions &actions, const QString &profileName,
                                                            std::function<void(const QString &error)> unknownProfile)
{
    auto resolved = std::make_shared<bool>(m_loaded);
    return [this, &actions, profileName, unknownProfile, resolved](QString *error) {
        if (!load(error))
            return false;
        if (*resolved)
            return true;
        QString why;
        const std::optional<Profile> profile = resolveProfile(profileName, &why);
        if (!profile) {
            if (!m_db->ping()) { // gone again meanwhile: the watcher keeps trying
                *error = why;
                return false;
            }
            *resolved = true;
            if (unknownProfile)
                unknownProfile(why);
            return true;
        }
        *resolved = true;
        actions.setProfile(*profile);
        return true;
    };
}
