#pragma once

#include "models/profile.h"

#include <QFrame>

class Clock;
class Database;
class QLabel;

// The strip across the top of the window: where a push would go (profile, kind, URL, database, operator,
// the profile's warnings) in the kind's colour, and whether YLH answered lately.
class ProfileBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileBanner)

public:
    ProfileBanner(Database &db, const Clock &clock, QWidget *parent = nullptr);

    void setProfile(const Profile &profile);
    // From the sync log's last YLH call of the profile.
    void updateConnection();
    // While the database cannot be reached the banner says so (`why` on hover); cleared when it is back.
    void setDatabaseUnreachable(const QString &why);
    void setDatabaseReachable();
    bool databaseReachable() const { return m_reachable; }

    QLabel *label() const { return m_banner; }
    QLabel *connectionLabel() const { return m_connection; }
    QLabel *databaseLabel() const { return m_database; }

private:
    Database &m_db;
    const Clock &m_clock;
    Profile m_profile;
    QLabel *m_banner;
    QLabel *m_connection;
    QLabel *m_database;
    bool m_reachable = true;
};
