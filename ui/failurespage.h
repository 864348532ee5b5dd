#pragma once

#include "models/jobstore.h"

#include <QElapsedTimer>
#include <QWidget>

#include <functional>
#include <optional>

class AttemptModel;
class Database;
class OrderActions;
class FailedJobModel;
class FailureGroupModel;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

// Failed and rejected pushes grouped by what went wrong, each job's attempts, and what staff can do
// about them: retry, re-push with a new soId (only after Haier refused an accepted order), cancel at
// Haier, mark resolved — on one job, the selection, or everything the filter shows. Bulk actions say
// the count and ask first. The window runs the pushes and cancellations (signals).
class FailuresPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailuresPage)

public:
    // Asks staff a yes/no question (a dialog by default; tests replace it).
    using Confirmer = std::function<bool(const QString &question)>;
    // Asks for a note or reason; nullopt when staff cancelled.
    using TextAsker = std::function<std::optional<QString>(const QString &title, const QString &label)>;

    FailuresPage(Database &db, const QString &profile, QWidget *parent = nullptr);
    void setProfile(const QString &profile);
    // What the page asks before offering an action, and where "Mark resolved" is recorded.
    // (Also what lists the overdue confirmations: the page reloads with them.)
    void setActions(OrderActions *actions)
    {
        m_actions = actions;
        refresh();
    }
    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }
    void setTextAsker(TextAsker asker) { m_ask = std::move(asker); }

    FailureGroupModel *groupModel() const { return m_groups; }
    FailedJobModel *jobModel() const { return m_jobs; }
    AttemptModel *attemptModel() const { return m_attempts; }
    QTableView *groupTable() const { return m_groupView; }
    QTableView *jobTable() const { return m_jobView; }
    QTableView *attemptTable() const { return m_attemptView; }
    QLineEdit *searchBox() const { return m_search; }
    QPlainTextEdit *detailText() const { return m_detail; }
    QLabel *summaryLabel() const { return m_summary; }
    QPushButton *reconcileButton() const { return m_reconcile; }
    QPushButton *confirmByPhoneButton() const { return m_confirmPhone; }
    // Whether the group shown is "No confirmation from Haier" (accepted orders overdue for a confirmation).
    bool showingOverdue() const;

    // The jobs an action applies to: the selected ones, else every one the filter shows.
    QList<PushJobRecord> targets() const;

public slots:
    void refresh();
    // What the window's timer calls: reloads only when pushes changed since the last look.
    void refreshIfChanged();
    void retry();
    void repush();
    void cancelAtHaier();
    void markResolved();
    void openOrder();
    // The overdue group's actions: ask Haier's logistics and confirm the shipped ones; record a
    // confirmation Haier gave by phone (asks for Haier's order number and a note).
    void reconcile();
    void confirmByPhone();

signals:
    void retryRequested(const QStringList &orderNumbers);
    void repushRequested(const QStringList &orderNumbers);
    void cancelRequested(const QStringList &orderNumbers, const QString &reason);
    void orderActivated(const QString &orderNumber);
    void reconcileRequested(const QStringList &orderNumbers);
    void confirmByPhoneRequested(const QString &orderNumber, const QString &haierOrderNo, const QString &note);

private:
    void showGroup();
    void showAttempts();
    void showAttemptDetail();
    void updateButtons();
    // Filters `jobs` by `allowed`, states the scope and count, and asks; the eligible ones or empty.
    QList<PushJobRecord> confirmAction(const QString &verb, const std::function<bool(const PushJobRecord &)> &allowed);

    Database &m_db;
    JobStore m_store;
    OrderActions *m_actions = nullptr;
    QString m_profile;
    QList<PushJobRecord> m_all;
    QList<PushJobRecord> m_overdue; // accepted, unconfirmed for longer than the profile allows
    FailureGroupModel *m_groups;
    FailedJobModel *m_jobs;
    AttemptModel *m_attempts;
    QTableView *m_groupView;
    QTableView *m_jobView;
    QTableView *m_attemptView;
    QLineEdit *m_search;
    QPlainTextEdit *m_detail;
    QLabel *m_summary;
    QPushButton *m_retry;
    QPushButton *m_repush;
    QPushButton *m_cancel;
    QPushButton *m_resolve;
    QPushButton *m_open;
    QPushButton *m_reconcile;
    QPushButton *m_confirmPhone;
    QTimer *m_searchDelay;
    Confirmer m_confirm;
    TextAsker m_ask;
    QString m_stamp;
    QElapsedTimer m_sinceRefresh; // orders become overdue as time passes, with no change to notice
};
