#pragma once

#include "models/profile.h"

#include <QMainWindow>

#include <functional>

class DashboardPage;
class Database;
class DatabaseWatcher;
class FailuresPage;
class LogPage;
class OrderActions;
class OrderStore;
class OrdersPage;
class ProfileBanner;
class PushProgress;
class QTabWidget;
class QTimer;
class WindowActions;

// Assembles the pages; holds no SQL and no HTTP of its own.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // Opens the settings (the composition root provides the dialog, which needs the keychain).
    using SettingsOpener = std::function<void(MainWindow *window)>;

    enum Page { Orders, Failures, Callbacks, SyncLog, Dashboard, Audit };

    // Every staff action goes through `actions` (built by the composition root for the active profile).
    MainWindow(Database &db, OrderStore &orders, OrderActions &actions, QWidget *parent = nullptr);
    ~MainWindow() override;

    OrdersPage *ordersPage() const { return m_orders; }
    FailuresPage *failuresPage() const { return m_failures; }
    LogPage *callbacksPage() const { return m_callbacks; }
    LogPage *syncLogPage() const { return m_syncLog; }
    LogPage *auditPage() const { return m_audit; }
    DashboardPage *dashboardPage() const { return m_dashboard; }
    PushProgress *pushProgress() const { return m_progress; }
    QTabWidget *tabs() const { return m_tabs; }
    ProfileBanner *banner() const { return m_banner; }
    // The staff actions as the window runs them (pages' requests, confirmation, outcomes).
    WindowActions *actions() const { return m_actions; }
    const Profile &profile() const;

    void setSettingsOpener(SettingsOpener opener);
    // File → Database…: choose the database the console, haierctl and the receiver use.
    void setDatabaseOpener(SettingsOpener opener);
    void showPage(Page page);
    // After a profile switch (the settings asked and audited it): the banner, the pages and the
    // actions follow the new profile.
    void setProfile(const Profile &profile);
    // The connection's state as `watcher` finds it: while the database is away the banner says so and
    // the pages wait; when it is back they load again.
    void setDatabaseWatcher(DatabaseWatcher *watcher);
    void setDatabaseReachable(bool reachable, const QString &why = QString());
    bool databaseReachable() const { return m_dbReachable; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void refreshVisible();
    void moveCurrent(int delta);
    void focusSearch();
    void listenForChanges();

    Database &m_db;
    OrderActions &m_orderActions;
    SettingsOpener m_settings;
    SettingsOpener m_databaseOpener;
    ProfileBanner *m_banner;
    QTabWidget *m_tabs;
    OrdersPage *m_orders;
    FailuresPage *m_failures;
    LogPage *m_callbacks;
    LogPage *m_syncLog;
    LogPage *m_audit;
    DashboardPage *m_dashboard;
    PushProgress *m_progress;
    WindowActions *m_actions;
    QTimer *m_refresh;
    qint64 m_lastDashboardMs = 0;
    bool m_dbReachable = true;
    bool m_listening = false;
};
