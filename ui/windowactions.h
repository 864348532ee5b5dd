#pragma once

#include "models/profile.h"
#include "net/orderactions.h"

#include <QObject>

#include <functional>

class PushProgress;
class QStatusBar;
class QWidget;

// The window's side of the staff actions: takes the pages' requests to OrderActions and tells staff how
// they went (status bar, non-blocking dialogs). Asks before a push; the rule of what production needs is
// OrderActions'. Holds no workflow of its own.
class WindowActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowActions)

public:
    // Asks staff to confirm a push of `count` orders under `profile` (a dialog by default; tests replace it).
    using Confirmer = std::function<bool(const Profile &profile, int count)>;

    WindowActions(OrderActions &actions, QWidget *window, QStatusBar *status, PushProgress *progress);

    OrderActions &orderActions() const { return m_actions; }
    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }

public slots:
    void push(const QStringList &orderNumbers);
    void retry(const QStringList &orderNumbers);
    void repush(const QStringList &orderNumbers);
    void cancelAtHaier(const QStringList &orderNumbers, const QString &reason);
    void reschedule(const QString &orderNumber, const QDate &distribution, const QDate &install);
    // The review's optional stock check: asks, shows the verdict, sends nothing.
    void checkStock(const QString &orderNumber);
    // Asks YLH for the order's delivery and installation photos and lists their links.
    void showPhotos(const QString &orderNumber);
    // Overdue confirmations: ask Haier's logistics about these orders and confirm the shipped ones; record
    // a confirmation Haier gave by phone.
    void reconcile(const QStringList &orderNumbers);
    void confirmByPhone(const QString &orderNumber, const QString &haierOrderNo, const QString &note);
    // Verifies a refused callback again under the current profile and applies it when valid now.
    void replayCallback(qint64 callbackId);

signals:
    void pushFinished();
    void cancelFinished(const QStringList &problems);
    void rescheduleFinished(bool ok, const QString &message);
    void stockChecked(const QString &orderNumber, int outcome, const QString &message);
    void photosShown(const QString &orderNumber, const QStringList &urls, const QString &problem);
    void reconcileFinished(bool ok, const QString &message);
    void confirmFinished(bool ok, const QString &message);
    void replayFinished(bool ok, const QString &message);

private:
    bool askToConfirm(const Profile &profile, int count);
    void run(const OrderActions::PushPlan &plan);
    void warnLater(const QString &title, const QString &text);

    OrderActions &m_actions;
    QWidget *m_window;
    QStatusBar *m_status;
    PushProgress *m_progress;
    Confirmer m_confirm;
};
