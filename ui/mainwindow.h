#pragma once

#include "models/profile.h"

#include <QMainWindow>

#include <functional>

class DashboardPage;
class Database;
class FailuresPage;
class LogPage;
class OrderSender;
class OrderStore;
class OrdersPage;
class PushProgress;
class QLabel;
class QTabWidget;
class QTimer;
class StockChecker;
class YlhClient;

// Assembles the pages; holds no SQL and no HTTP of its own.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // What a push needs from the network side (built on first use by the composition root).
    struct PushServices
    {
        OrderSender *sender = nullptr; // null: *error says why
        StockChecker *stock = nullptr; // for profiles with the stock check on
        YlhClient *ylh = nullptr;      // cancel and 改约
    };
    using SenderProvider = std::function<PushServices(QString *error)>;
    // Asks staff to confirm a push of `count` orders under `profile` (a dialog by default; tests replace it).
    using Confirmer = std::function<bool(const Profile &profile, int count)>;
    // Opens the settings (the composition root provides the dialog, which needs the keychain).
    using SettingsOpener = std::function<void(MainWindow *window)>;

    enum Page { Orders, Failures, Callbacks, SyncLog, Dashboard, Audit };

    MainWindow(Database &db, OrderStore &orders, const Profile &profile, SenderProvider senders, QWidget *parent = nullptr);
    ~MainWindow() override;

    OrdersPage *ordersPage() const { return m_orders; }
    FailuresPage *failuresPage() const { return m_failures; }
    LogPage *callbacksPage() const { return m_callbacks; }
    LogPage *syncLogPage() const { return m_syncLog; }
    DashboardPage *dashboardPage() const { return m_dashboard; }
    LogPage *auditPage() const { return m_audit; }
    PushProgress *pushProgress() const { return m_progress; }
    QTabWidget *tabs() const { return m_tabs; }
    QLabel *banner() const { return m_banner; }
    QLabel *connectionLabel() const { return m_connection; }
    const Profile &profile() const { return m_profile; }

    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }
    void setSenderProvider(SenderProvider senders) { m_senders = std::move(senders); }
    void setSettingsOpener(SettingsOpener opener);
    // File → Database…: choose the database the console, haierctl and the receiver use.
    void setDatabaseOpener(SettingsOpener opener);
    void showPage(Page page);
    void push(const QStringList &orderNumbers);
    void retry(const QStringList &orderNumbers);
    void repush(const QStringList &orderNumbers);
    void cancelAtHaier(const QStringList &orderNumbers, const QString &reason);
    void reschedule(const QString &orderNumber, const QDate &distribution, const QDate &install);
    // The review's optional stock check: asks, shows the verdict, sends nothing.
    void checkStock(const QString &orderNumber);
    // Asks YLH for the order's delivery and installation photos and lists their links.
    void showPhotos(const QString &orderNumber);
    // After a profile switch (the settings asked and audited it): the banner, the pages and the
    // network side follow the new profile.
    void setProfile(const Profile &profile);

    // The confirmation rule: production needs the profile's name typed exactly.
    static bool confirmationAccepted(const Profile &profile, const QString &typed);

signals:
    void pushFinished();
    void cancelFinished(const QStringList &problems);
    void rescheduleFinished(bool ok, const QString &message);
    void stockChecked(const QString &orderNumber, int outcome, const QString &message);
    void photosShown(const QString &orderNumber, const QStringList &urls, const QString &problem);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    bool askToConfirm(const Profile &profile, int count);
    void run(const QStringList &orderNumbers, bool newSoId, bool confirm);
    void updateBanner();
    void warnLater(const QString &title, const QString &text);
    void updateConnection();
    void refreshVisible();
    void moveCurrent(int delta);
    void focusSearch();
    void saveLayout() const;
    void restoreLayout();
    void listenForChanges();

    Database &m_db;
    Profile m_profile;
    SenderProvider m_senders;
    Confirmer m_confirm;
    SettingsOpener m_settings;
    SettingsOpener m_databaseOpener;
    QLabel *m_banner;
    QLabel *m_connection;
    QTabWidget *m_tabs;
    OrdersPage *m_orders;
    FailuresPage *m_failures;
    LogPage *m_callbacks;
    LogPage *m_syncLog;
    DashboardPage *m_dashboard;
    LogPage *m_audit;
    PushProgress *m_progress;
    QTimer *m_refresh;
    qint64 m_lastDashboardMs = 0;
    bool m_pushing = false;
};
