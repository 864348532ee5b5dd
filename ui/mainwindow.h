#pragma once

#include "models/profile.h"

#include <QMainWindow>

#include <functional>

class Database;
class OrderSender;
class StockChecker;
class OrderStore;
class OrdersPage;
class PushProgress;

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
    };
    using SenderProvider = std::function<PushServices(QString *error)>;
    // Asks staff to confirm a push of `count` orders under `profile` (a dialog by default; tests replace it).
    using Confirmer = std::function<bool(const Profile &profile, int count)>;

    MainWindow(Database &db, OrderStore &orders, const Profile &profile, SenderProvider senders, QWidget *parent = nullptr);
    OrdersPage *ordersPage() const { return m_orders; }
    PushProgress *pushProgress() const { return m_progress; }
    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }
    void push(const QStringList &orderNumbers);

    // The confirmation rule: production needs the profile's name typed exactly.
    static bool confirmationAccepted(const Profile &profile, const QString &typed);

signals:
    void pushFinished();

private:
    bool askToConfirm(const Profile &profile, int count);

    Database &m_db;
    Profile m_profile;
    SenderProvider m_senders;
    Confirmer m_confirm;
    OrdersPage *m_orders;
    PushProgress *m_progress;
    bool m_pushing = false;
};
