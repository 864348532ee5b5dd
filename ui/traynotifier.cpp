#include "ui/traynotifier.h"

#include "models/clock.h"
#include "models/database.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QWidget>

TrayNotifier::TrayNotifier(QWidget &window, Database &db, const Clock &clock, ProfileName profile, std::function<int()> overdueMinutes,
                           QObject *parent)
    : QObject(parent), m_window(window), m_db(db), m_clock(clock), m_profile(std::move(profile)), m_overdueMinutes(std::move(overdueMinutes)),
      m_tracker(clock), m_timer(new QTimer(this))
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
    m_tray->setToolTip(window.windowTitle());
    m_tray->show();
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        m_window.showNormal();
        m_window.activateWindow();
    });
    m_timer->setInterval(PollMs);
    connect(m_timer, &QTimer::timeout, this, &TrayNotifier::poll);
    m_timer->start();
}

QString TrayNotifier::message(const AttentionCounts &counts)
{
    return tr("New since you last looked: failed pushes %1, overdue confirmations %2, refused callbacks %3.")
        .arg(counts.failures)
        .arg(counts.overdue)
        .arg(counts.refusedCallbacks);
}

void TrayNotifier::poll()
{
    if (m_window.isVisible() && !m_window.isMinimized()) {
        m_tracker.markSeen();
        return;
    }
    if (!m_db.isReachable())
        return;
    const qint64 now = m_clock.nowUtc().toMSecsSinceEpoch();
    QString error;
    const std::optional<AttentionCounts> counts = AttentionCounts::since(m_db, m_profile(), m_overdueMinutes(), m_tracker.seenMs(), now, &error);
    if (!counts)
        return; // the database went away meanwhile: its watcher shows that
    if (const auto news = m_tracker.news(*counts))
        m_tray->showMessage(tr("Haier order push console"), message(*news), QSystemTrayIcon::Warning);
}
