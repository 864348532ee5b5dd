#pragma once

#include "models/attention.h"

#include <QObject>

#include <functional>

class Clock;
class Database;
class QSystemTrayIcon;
class QTimer;
class QWidget;

// A desktop notification (system tray) when new failures, overdue confirmations or refused callbacks
// come up while the console's window is minimised or hidden. Nothing where there is no system tray.
// The counting is AttentionCounts/AttentionTracker's; this only looks at the window and shows the message.
class TrayNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayNotifier)

public:
    static constexpr int PollMs = 15000;
    using ProfileName = std::function<QString()>;

    TrayNotifier(QWidget &window, Database &db, const Clock &clock, ProfileName profile, std::function<int()> overdueMinutes,
                 QObject *parent = nullptr);

    // The sentence a notification shows for `counts`.
    static QString message(const AttentionCounts &counts);
    bool isActive() const { return m_tray != nullptr; }

private:
    void poll();

    QWidget &m_window;
    Database &m_db;
    const Clock &m_clock;
    ProfileName m_profile;
    std::function<int()> m_overdueMinutes; // the profile's callback.confirmWithinMinutes, as it is now
    AttentionTracker m_tracker;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_timer;
};
