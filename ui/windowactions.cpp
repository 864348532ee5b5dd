#include "ui/windowactions.h"

#include "models/clock.h"
#include "ui/pushprogress.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include "models/escaping.h"

#include <QInputDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QWidget>

WindowActions::WindowActions(OrderActions &actions, QWidget *window, QStatusBar *status, PushProgress *progress)
    : QObject(window), m_actions(actions), m_window(window), m_status(status), m_progress(progress)
{
    m_confirm = [this](const Profile &p, int count) { return askToConfirm(p, count); };
    m_question = [this](const QString &title, const QString &question) {
        return QMessageBox::question(m_window, title, question) == QMessageBox::Yes;
    };
    m_askNote = [this](const QString &title, const QString &label) -> std::optional<QString> {
        bool ok = false;
        const QString text = QInputDialog::getText(m_window, title, label, QLineEdit::Normal, QString(), &ok);
        return ok ? std::optional<QString>(text) : std::nullopt;
    };
    // Production's deliberate step is asked through the same question as every push in the window.
    m_actions.setConfirmer([this](const Profile &p, int count) { return m_confirm(p, count); });
    connect(&m_actions, &OrderActions::pushStarted, this, [this](PushEngine *engine) { m_progress->track(engine); });
    connect(&m_actions, &OrderActions::pushFinished, this, [this] { emit pushFinished(); });
}

bool WindowActions::askToConfirm(const Profile &profile, int count)
{
    if (OrderActions::needsConfirmation(profile, count)) {
        bool ok = false;
        const QString typed = QInputDialog::getText(m_window, tr("Push to production"),
            tr("Push %n order(s) to PRODUCTION (profile %1)?\nType the profile name to go on:", nullptr, count).arg(profile.name),
            QLineEdit::Normal, QString(), &ok);
        return ok && OrderActions::confirmationAccepted(profile, typed);
    }
    // Yes is the default: Enter confirms (the keyboard workflow ends Ctrl+P, Enter).
    return QMessageBox::question(m_window, tr("Push orders"), tr("Push %n order(s) with profile %1?", nullptr, count).arg(profile.name),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
        == QMessageBox::Yes;
}

void WindowActions::warnLater(const QString &title, const QString &text)
{
    // Window-modal and not blocking: network answers keep arriving while it is open.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_window);
    box->setTextFormat(Qt::PlainText); // a sentence may quote what a request brought (a refused callback's Method)
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void WindowActions::push(const QStringList &orderNumbers)
{
    // Every push from the window is asked about; production's question is the typed name (asked by OrderActions).
    const int count = int(orderNumbers.size());
    if (orderNumbers.isEmpty() || (!OrderActions::needsConfirmation(m_actions.profile(), count) && !m_confirm(m_actions.profile(), count)))
        return;
    OrderActions::PushPlan plan;
    plan.orderNumbers = orderNumbers;
    run(plan);
}

void WindowActions::retry(const QStringList &orderNumbers)
{
    // The failures page asked already (stating the count); production still needs its deliberate step.
    OrderActions::PushPlan plan;
    plan.mode = OrderActions::PushPlan::Mode::Retry;
    plan.orderNumbers = orderNumbers;
    run(plan);
}

void WindowActions::repush(const QStringList &orderNumbers)
{
    OrderActions::PushPlan plan;
    plan.mode = OrderActions::PushPlan::Mode::NewSoId;
    plan.orderNumbers = orderNumbers;
    run(plan);
}

void WindowActions::run(const OrderActions::PushPlan &plan)
{
    if (plan.orderNumbers.isEmpty())
        return;
    if (m_actions.isPushing()) {
        m_status->showMessage(tr("A push is still running; wait for it to finish."), 5000);
        return;
    }
    QString why;
    if (!m_actions.startPush(plan, &why) && !why.isEmpty())
        QMessageBox::warning(m_window, tr("Cannot push"), why);
}

void WindowActions::cancelAtHaier(const QStringList &orderNumbers, const QString &reason)
{
    if (orderNumbers.isEmpty())
        return;
    m_status->showMessage(tr("Asking Haier to cancel %n order(s)…", nullptr, int(orderNumbers.size())));
    m_actions.cancel(orderNumbers, reason, [this, guard = QPointer<WindowActions>(this)](const QList<ActionResult> &results) {
        if (!guard)
            return; // the window is gone; what Haier did shows on the next look
        QStringList problems;
        for (const ActionResult &r : results) {
            if (!r.ok())
                problems << tr("%1: %2").arg(r.orderNumber, r.message);
        }
        emit cancelFinished(problems);
        if (!problems.isEmpty())
            warnLater(tr("Cancel at Haier"), tr("Not every cancellation went through:\n%1").arg(problems.join(QLatin1Char('\n'))));
        else
            m_status->showMessage(tr("Cancellation sent to Haier; its answer follows by callback."), 5000);
    });
}

void WindowActions::reschedule(const QString &orderNumber, const QDate &distribution, const QDate &install)
{
    m_status->showMessage(tr("Sending new dates for %1…").arg(orderNumber));
    m_actions.reschedule(orderNumber, distribution, install, [this, guard = QPointer<WindowActions>(this)](const ActionResult &r) {
        if (!guard)
            return;
        emit rescheduleFinished(r.ok(), r.message);
        if (r.ok())
            m_status->showMessage(r.message, 5000);
        else
            warnLater(tr("Change dates"), r.message);
    });
}

void WindowActions::showPhotos(const QString &orderNumber)
{
    m_status->showMessage(tr("Asking Haier for the photos of %1…").arg(orderNumber));
    m_actions.photos(orderNumber, [this, guard = QPointer<WindowActions>(this), orderNumber](const ActionResult &r) {
        if (!guard)
            return;
        m_status->clearMessage();
        emit photosShown(orderNumber, r.lines, r.ok() ? QString() : r.message);
        if (!r.ok())
            return warnLater(tr("Delivery photos"), r.message);
        QStringList links;
        for (const QString &u : r.lines)
            links << QStringLiteral("<a href=\"%1\">%1</a>").arg(u.toHtmlEscaped());
        auto *box = new QMessageBox(QMessageBox::Information, tr("Delivery photos of %1").arg(orderNumber),
                                    r.lines.isEmpty() ? tr("Haier has no photos for this order yet.") : links.join(QStringLiteral("<br>")),
                                    QMessageBox::Ok, m_window);
        box->setTextFormat(Qt::RichText);
        box->setTextInteractionFlags(Qt::TextBrowserInteraction);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void WindowActions::checkStock(const QString &orderNumber)
{
    m_status->showMessage(tr("Asking Haier for stock of %1…").arg(orderNumber));
    m_actions.checkStock(orderNumber, [this, guard = QPointer<WindowActions>(this), orderNumber](StockVerdict::Outcome outcome,
                                                                                               const ActionResult &r) {
        if (!guard)
            return;
        emit stockChecked(orderNumber, int(outcome), r.message);
        if (outcome == StockVerdict::Outcome::Enough)
            m_status->showMessage(r.message, 8000);
        else
            warnLater(tr("Stock check"), r.message);
    });
}

void WindowActions::refreshLogistics(const QStringList &orderNumbers)
{
    if (orderNumbers.isEmpty())
        return;
    m_status->showMessage(tr("Asking Haier for the logistics of %n order(s)…", nullptr, int(orderNumbers.size())));
    m_actions.refreshLogistics(orderNumbers, [this, guard = QPointer<WindowActions>(this)](const ActionResult &r) {
        if (!guard)
            return;
        m_status->clearMessage();
        emit logisticsRefreshed(r.ok(), r.message, r.lines, r.skipped);
        // The orders that could not be asked about are named with why (their sentences are in the message
        // when none could be asked).
        QString text = r.message;
        for (const QString &why : r.skipped) {
            if (!text.contains(why))
                text += QLatin1Char('\n') + why;
        }
        if (r.ok() && r.skipped.isEmpty()) {
            m_status->showMessage(text, 8000);
            return;
        }
        auto *box = new QMessageBox(r.ok() ? QMessageBox::Information : QMessageBox::Warning, tr("Logistics"), text, QMessageBox::Ok, m_window);
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void WindowActions::refreshAllLogistics()
{
    m_status->showMessage(tr("Asking Haier for the logistics of every accepted order…"));
    m_actions.refreshLogistics({}, [this, guard = QPointer<WindowActions>(this)](const ActionResult &r) {
        if (!guard)
            return;
        m_status->clearMessage();
        emit logisticsRefreshed(r.ok(), r.message, r.lines, r.skipped);
        if (r.ok())
            m_status->showMessage(r.message, 8000);
        else
            warnLater(tr("Logistics"), r.message);
    });
}

void WindowActions::showLinesAtHaier(const QString &orderNumber)
{
    m_status->showMessage(tr("Asking Haier for the products and prices of %1…").arg(orderNumber));
    m_actions.linesAtHaier(orderNumber, [this, guard = QPointer<WindowActions>(this), orderNumber](const ActionResult &r) {
        if (!guard)
            return;
        m_status->clearMessage();
        if (!r.ok()) {
            emit linesShown(orderNumber, r.message);
            return warnLater(tr("Availability and prices"), r.message);
        }
        // Window-modal and not blocking, like the other answers from Haier.
        auto *dialog = new QDialog(m_window);
        dialog->setObjectName(QStringLiteral("linesAtHaierDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("Availability and prices of %1").arg(orderNumber));
        auto *layout = new QVBoxLayout(dialog);
        auto *summary = new QLabel(r.message, dialog);
        summary->setTextFormat(Qt::PlainText);
        layout->addWidget(summary);
        const QJsonArray rows = r.data.toArray();
        const QStringList keys{QStringLiteral("productCode"), QStringLiteral("quantity"), QStringLiteral("productModel"), QStringLiteral("isSales"),
                               QStringLiteral("noSalesReason"), QStringLiteral("supplyPrice"), QStringLiteral("invoicePrice"), QStringLiteral("reason")};
        auto *table = new QTableWidget(int(rows.size()), int(keys.size()), dialog);
        table->setObjectName(QStringLiteral("linesAtHaierTable"));
        table->setAccessibleName(tr("The order's products at Haier"));
        table->setHorizontalHeaderLabels({tr("Product code"), tr("Quantity"), tr("Model"), tr("Haier sells it"), tr("Why not"),
                                          tr("Supply price"), tr("Invoice price"), tr("Price note")});
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->verticalHeader()->hide();
        for (int row = 0; row < rows.size(); ++row) {
            const QJsonObject o = rows.at(row).toObject();
            for (int c = 0; c < keys.size(); ++c) {
                const QJsonValue v = o.value(keys.at(c));
                QString text;
                if (v.isBool())
                    text = v.toBool() ? tr("yes") : tr("no");
                else if (v.isDouble())
                    text = QString::number(v.toInt());
                else if (v.isNull() || v.isUndefined())
                    text = tr("no answer");
                else
                    text = v.toString(); // Haier's text: shown as text, never as markup
                table->setItem(row, c, new QTableWidgetItem(text));
            }
        }
        table->resizeColumnsToContents();
        layout->addWidget(table);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
        layout->addWidget(buttons);
        dialog->resize(720, 320);
        dialog->open();
        emit linesShown(orderNumber, QString());
    });
}

void WindowActions::refreshBalance()
{
    m_status->showMessage(tr("Asking Haier for the account balance…"));
    const bool simulated = m_actions.profile().kind == ProfileKind::Mock;
    m_actions.balance([this, guard = QPointer<WindowActions>(this), simulated](const ActionResult &r) {
        if (!guard)
            return;
        m_status->clearMessage();
        const QString note = simulated ? tr("The mock profile's figures come from the simulator, not from Haier.") : QString();
        emit balanceFetched(r.ok() ? r.lines : QStringList(), note, r.ok() ? (r.lines.isEmpty() ? r.message : QString()) : r.message,
                            m_actions.clock().nowUtc());
    });
}

void WindowActions::repushAfterCancel(const QStringList &orderNumbers)
{
    if (orderNumbers.isEmpty())
        return;
    if (!m_question(tr("Re-push with a new soId"),
                    tr("Push %n order(s) again with a new soId? Haier takes each as a new order.", nullptr, int(orderNumbers.size()))))
        return;
    repush(orderNumbers);
}

void WindowActions::reopen(const QStringList &orderNumbers)
{
    if (orderNumbers.isEmpty())
        return;
    const std::optional<QString> note = m_askNote(tr("Reopen"), tr("Why the order is open again (kept in the audit log):"));
    if (!note || note->trimmed().isEmpty())
        return;
    QStringList problems;
    for (const ActionResult &r : m_actions.reopen(orderNumbers, note->trimmed())) {
        if (!r.ok())
            problems << tr("%1: %2").arg(r.orderNumber, r.message);
    }
    emit reopenFinished(problems);
    if (!problems.isEmpty())
        warnLater(tr("Reopen"), tr("Not every order could be reopened:\n%1").arg(problems.join(QLatin1Char('\n'))));
    else
        m_status->showMessage(tr("Reopened %n order(s).", nullptr, int(orderNumbers.size())), 5000);
}

void WindowActions::reconcile(const QStringList &orderNumbers)
{
    if (orderNumbers.isEmpty())
        return;
    // Every accepted order the page named, however long it has waited by now.
    QString error;
    QList<OverdueOrder> chosen;
    for (const OverdueOrder &o : m_actions.overdue(0, &error)) {
        if (orderNumbers.contains(o.orderNumber))
            chosen.append(o);
    }
    if (!error.isEmpty())
        return warnLater(tr("Reconcile"), error);
    m_status->showMessage(tr("Asking Haier's logistics about %n order(s)…", nullptr, int(chosen.size())));
    m_actions.reconcileOrders(chosen, true, [this, guard = QPointer<WindowActions>(this)](const ActionResult &overall,
                                                                                         const QList<ReconcileItem> &items) {
        if (!guard)
            return;
        QStringList rest;
        for (const ReconcileItem &item : items) {
            if (item.verdict != ReconcileItem::Verdict::Confirmed)
                rest << tr("%1: %2").arg(item.order.orderNumber, item.message);
        }
        emit reconcileFinished(overall.ok(), overall.message);
        if (!overall.ok())
            warnLater(tr("Reconcile"), overall.message + (rest.isEmpty() ? QString() : QStringLiteral("\n\n") + rest.join(QLatin1Char('\n'))));
        else
            m_status->showMessage(overall.message, 8000);
    });
}

void WindowActions::confirmByPhone(const QString &orderNumber, const QString &haierOrderNo, const QString &note)
{
    const ActionResult r = m_actions.confirmByPhone(orderNumber, haierOrderNo, note);
    emit confirmFinished(r.ok(), r.message);
    if (r.ok())
        m_status->showMessage(tr("%1 is confirmed (by phone).").arg(orderNumber), 8000);
    else
        warnLater(tr("Confirmed by phone"), r.message);
}

void WindowActions::replayCallback(qint64 callbackId)
{
    const ActionResult r = m_actions.replayCallback(callbackId);
    emit replayFinished(r.ok(), r.message);
    if (r.ok())
        m_status->showMessage(r.message, 8000);
    else
        warnLater(tr("Replay callback"), Escaping::controls(r.message));
}
