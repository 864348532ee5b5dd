#pragma once

#include "models/profile.h"
#include "net/orderactions.h"

#include <QDateTime>
#include <QObject>

#include <functional>
#include <optional>

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
    // Asks staff a yes/no question (a dialog by default; tests replace it).
    using Questioner = std::function<bool(const QString &title, const QString &question)>;
    // Asks for a note; nullopt when staff cancelled (a dialog by default; tests replace it).
    using NoteAsker = std::function<std::optional<QString>(const QString &title, const QString &label)>;

    WindowActions(OrderActions &actions, QWidget *window, QStatusBar *status, PushProgress *progress);

    OrderActions &orderActions() const { return m_actions; }
    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }
    void setQuestioner(Questioner questioner) { m_question = std::move(questioner); }
    void setNoteAsker(NoteAsker asker) { m_askNote = std::move(asker); }

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
    // Stores Haier's logistics numbers of the named orders; says how many were updated and why any
    // could not be asked about.
    void refreshLogistics(const QStringList &orderNumbers);
    // The same for every accepted or confirmed order of the profile.
    void refreshAllLogistics();
    // Availability and price of the order's lines at Haier, in a table (nothing is sent to YLH).
    void showLinesAtHaier(const QString &orderNumber);
    // The Haier account balance, asked on demand (balanceFetched carries it).
    void refreshBalance();
    // Asks, then re-pushes with a new soId orders whose soId is dead at Haier (cancelled, or refused after accepting).
    void repushAfterCancel(const QStringList &orderNumbers);
    // Asks for a note, then reopens resolved jobs: each returns to the state it had before.
    void reopen(const QStringList &orderNumbers);
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
    void logisticsRefreshed(bool ok, const QString &message, const QStringList &updated, const QStringList &skipped);
    // The table of the order's lines is open (or `problem` says why not).
    void linesShown(const QString &orderNumber, const QString &problem);
    // `accounts`: one line per payer account; `note`: what the figures are (e.g. the simulator's);
    // `problem`: why there are none.
    void balanceFetched(const QStringList &accounts, const QString &note, const QString &problem, const QDateTime &fetchedAt);
    void reopenFinished(const QStringList &problems);
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
    Questioner m_question;
    NoteAsker m_askNote;
};
