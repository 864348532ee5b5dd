#pragma once

#include "models/auditlog.h"
#include "models/database.h"
#include "models/databasewatcher.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/profile.h"
#include "models/profilestore.h"

#include <functional>
#include <memory>

class CredentialStore;
class OrderActions;
#include <optional>

// The composition root's shared part: one database connection (migrated, presets in place) and the
// stores over it. Both executables build one and hand its parts to the UI or the CLI commands.
class AppContext final
{
public:
    // Opens the database (see Database::open), creates/upgrades the schema and the preset profiles.
    // `location` is --db; when empty, CONSOLE_DB, then the stored DatabaseChoice (its PostgreSQL
    // password read from `credentials`, the keychain when null), then the default file.
    static std::unique_ptr<AppContext> open(const QString &location, QString *error, CredentialStore *credentials = nullptr);
    // Opens an already resolved location with a PostgreSQL password given by the caller (the receiver's
    // systemd credential), migrating it like open().
    // For the console, which opens even while its PostgreSQL server is away: like open(), but a server
    // that cannot be reached now gives a context that is not loaded yet (isLoaded() false, *error says
    // why); load() finishes it once the database answers (a DatabaseWatcher's preparation).
    static std::unique_ptr<AppContext> openWaiting(const QString &location, QString *error, CredentialStore *credentials = nullptr);
    bool isLoaded() const { return m_loaded; }
    // Creates/upgrades the schema and the preset profiles; harmless to repeat after a reconnect.
    bool load(QString *error);
    static std::unique_ptr<AppContext> openResolved(const QString &location, const QString &password, QString *error);

    Database &db() { return *m_db; }
    ProfileStore &profiles() { return m_profiles; }
    OrderStore &orders() { return m_orders; }
    JobStore &jobs() { return m_jobs; }
    AuditLog &audit() { return m_audit; }

    // The profile named by --profile, else the active one. Sets *error when unknown.
    std::optional<Profile> resolveProfile(const QString &name, QString *error);

    // The console's DatabaseWatcher preparation: after each reconnect loads the context (schema, presets)
    // and, the first time it answers, gives `actions` the profile (`profileName`, else the active one).
    // A profile that turns out unknown is given to `unknownProfile` (the console says so and quits).
    DatabaseWatcher::Preparation consolePreparation(OrderActions &actions, const QString &profileName,
                                                    std::function<void(const QString &error)> unknownProfile);

private:
    explicit AppContext(std::unique_ptr<Database> db);
    static std::unique_ptr<AppContext> openAt(const QString &location, QString *error, CredentialStore *credentials, bool wait);
    std::unique_ptr<Database> m_db;
    bool m_loaded = false;
    ProfileStore m_profiles;
    OrderStore m_orders;
    JobStore m_jobs;
    AuditLog m_audit;
};
