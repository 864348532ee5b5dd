#pragma once

#include "models/auditlog.h"
#include "models/database.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/profile.h"
#include "models/profilestore.h"

#include <memory>

class CredentialStore;
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
    static std::unique_ptr<AppContext> openResolved(const QString &location, const QString &password, QString *error);

    Database &db() { return *m_db; }
    ProfileStore &profiles() { return m_profiles; }
    OrderStore &orders() { return m_orders; }
    JobStore &jobs() { return m_jobs; }
    AuditLog &audit() { return m_audit; }

    // The profile named by --profile, else the active one. Sets *error when unknown.
    std::optional<Profile> resolveProfile(const QString &name, QString *error);

private:
    explicit AppContext(std::unique_ptr<Database> db);
    std::unique_ptr<Database> m_db;
    ProfileStore m_profiles;
    OrderStore m_orders;
    JobStore m_jobs;
    AuditLog m_audit;
};
