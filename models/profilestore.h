#pragma once

#include "models/profile.h"

#include <QList>
#include <QString>

#include <optional>

class Database;

// The profiles table (console_profiles): non-secret settings only, as the import format's JSON.
class ProfileStore final
{
public:
    explicit ProfileStore(Database &db) : m_db(db) {}

    // Adds the presets mock, test, pre and production when none exists; mock becomes active.
    bool ensurePresets(QString *error);

    QList<Profile> list(QString *error = nullptr);
    std::optional<Profile> get(const QString &name, QString *error = nullptr);
    QString activeName(QString *error = nullptr);
    std::optional<Profile> active(QString *error = nullptr);
    // Inserts or replaces (same name), keeping the active flag of a replaced profile.
    bool save(const Profile &profile, QString *error);
    bool setActive(const QString &name, QString *error);
    bool remove(const QString &name, QString *error);

private:
    Database &m_db;
};
