#include "ui/failurespage.h"

#include "models/database.h"
#include "models/failuremodels.h"
#include "models/orderstore.h"
#include "net/orderactions.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int maxJobs = 20000;

QTableView *makeTable(QAbstractItemModel *model, QAbstractItemView::SelectionMode mode, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(mode);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

FailuresPage::FailuresPage(Database &db, const QString &profile, QWidget *parent)
    : QWidget(parent)
    , m_db(db)
    , m_store(db)
    , m_profile(profile)
    , m_groups(new FailureGroupModel(this))
    , m_jobs(new FailedJobModel(this))
    , m_attempts(new AttemptModel(this))
    , m_groupView(makeTable(m_groups, QAbstractItemView::SingleSelection, this))
    , m_jobView(makeTable(m_jobs, QAbstractItemView::ExtendedSelection, this))
    , m_attemptView(makeTable(m_attempts, QAbstractItemView::SingleSelection, this))
    , m_search(new QLineEdit(this))
    , m_detail(new QPlainTextEdit(this))
    , m_summary(new QLabel(this))
    , m_retry(new QPushButton(tr("&Retry"), this))
    , m_repush(new QPushButton(tr("Re-push with &new soId"), this))
    , m_cancel(new QPushButton(tr("Cancel at &Haier"), this))
    , m_resolve(new QPushButton(tr("Mark re&solved"), this))
    , m_open(new QPushButton(tr("Open or&der"), this))
    , m_reconcile(new QPushButton(tr("R&econcile"), this))
    , m_confirmPhone(new QPushButton(tr("Confirmed by &phone…"), this))
    , m_searchDelay(new QTimer(this))
{
    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Failures"), question) == QMessageBox::Yes;
    };
    m_ask = [this](const QString &title, const QString &label) -> std::optional<QString> {
        bool ok = false;
        const QString text = QInputDialog::getText(this, title, label, QLineEdit::Normal, QString(), &ok);
        return ok ? std::optional<QString>(text) : std::nullopt;
    };
    m_search->setPlaceholderText(tr("Order number or soId (start)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search failures"));
    m_groupView->setAccessibleName(tr("Failure groups"));
    m_jobView->setAccessibleName(tr("Failed orders"));
    m_attemptView->setAccessibleName(tr("Attempts"));
    m_detail->setAccessibleName(tr("Request and answer"));
    m_groupView->setObjectName(QStringLiteral("failureGroups"));
    m_jobView->setObjectName(QStringLiteral("failedJobs"));
    m_attemptView->setObjectName(QStringLiteral("failureAttempts"));
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select an attempt to see the request and Haier's answer (secrets removed)."));
    m_retry->setToolTip(tr("Send again with the same soId (Ctrl+R). Applies to the selected orders, or to every order shown."));
    m_repush->setToolTip(tr("Only for orders Haier refused or cancelled after accepting them"));
    m_cancel->setToolTip(tr("Ask Haier to cancel orders it accepted and then ran out of stock for"));
    m_resolve->setToolTip(tr("Nothing more is to be done; kept with your note in the audit log"));
    m_reconcile->setToolTip(tr("Ask Haier's logistics about these orders and confirm the ones it shows shipped (the evidence is kept)"));
    m_confirmPhone->setToolTip(tr("Haier confirmed this order by phone: record Haier's order number and who confirmed it (audited)"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_summary);
    auto *actions = new QHBoxLayout;
    for (QPushButton *b : {m_retry, m_repush, m_cancel, m_resolve, m_open, m_reconcile, m_confirmPhone})
        actions->addWidget(b);
    actions->addStretch(1);

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->setObjectName(QStringLiteral("failuresTopSplitter"));
    top->addWidget(m_groupView);
    top->addWidget(m_jobView);
    top->setStretchFactor(0, 2);
    top->setStretchFactor(1, 3);
    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->setObjectName(QStringLiteral("failuresBottomSplitter"));
    bottom->addWidget(m_attemptView);
    bottom->addWidget(m_detail);
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(QStringLiteral("failuresSplitter"));
    vertical->addWidget(top);
    vertical->addWidget(bottom);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(vertical, 1);
    layout->addLayout(actions);

    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &FailuresPage::refresh);
    connect(m_groupView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FailuresPage::showGroup);
    connect(m_jobView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FailuresPage::showAttempts);
    connect(m_jobView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FailuresPage::updateButtons);
    connect(m_attemptView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FailuresPage::showAttemptDetail);
    connect(m_jobView, &QTableView::doubleClicked, this, &FailuresPage::openOrder);
    connect(m_retry, &QPushButton::clicked, this, &FailuresPage::retry);
    connect(m_repush, &QPushButton::clicked, this, &FailuresPage::repush);
    connect(m_cancel, &QPushButton::clicked, this, &FailuresPage::cancelAtHaier);
    connect(m_resolve, &QPushButton::clicked, this, &FailuresPage::markResolved);
    connect(m_open, &QPushButton::clicked, this, &FailuresPage::openOrder);
    connect(m_reconcile, &QPushButton::clicked, this, &FailuresPage::reconcile);
    connect(m_confirmPhone, &QPushButton::clicked, this, &FailuresPage::confirmByPhone);
    refresh();
    for (QTableView *view : {m_groupView, m_jobView, m_attemptView}) {
        view->resizeColumnsToContents();
        for (int c = 0; c < view->model()->columnCount(); ++c)
            view->setColumnWidth(c, qMin(view->columnWidth(c), 320));
    }
}

void FailuresPage::setProfile(const QString &profile)
{
    m_profile = profile;
    refresh();
}

void FailuresPage::refreshIfChanged()
{
    const QString stamp = OrderStore(m_db).changeStamp();
    const bool aMinute = m_actions && m_sinceRefresh.isValid() && m_sinceRefresh.elapsed() > 60 * 1000;
    if ((stamp.isEmpty() || stamp == m_stamp) && !aMinute)
        return;
    refresh();
}

void FailuresPage::refresh()
{
    m_stamp = OrderStore(m_db).changeStamp();
    m_sinceRefresh.start();
    // Keep the chosen group and job across reloads.
    const FailureGroup *current = m_groups->groupAt(m_groupView->currentIndex().row());
    const std::optional<FailureGroup> keep = current ? std::optional<FailureGroup>(*current) : std::nullopt;
    const PushJobRecord *job = m_jobs->jobAt(m_jobView->currentIndex().row());
    const qint64 keepJob = job ? job->id : 0;

    QString error;
    bool truncated = false;
    m_all = FailureData::load(m_store, m_profile, m_search->text(), maxJobs, &truncated, &error);
    if (!error.isEmpty()) {
        m_summary->setText(tr("The failures could not be read: %1").arg(error));
        return;
    }
    QList<FailureGroup> groups = FailureData::group(m_all);
    FailureGroup all;
    all.all = true;
    all.count = int(m_all.size());
    groups.prepend(all);
    // Accepted orders Haier has not confirmed in time: a group of their own, second, while there are any.
    m_overdue.clear();
    if (m_actions) {
        QString why;
        const QString search = m_search->text().trimmed();
        for (const OverdueOrder &o : m_actions->overdue(-1, &why)) {
            if (!search.isEmpty() && !o.orderNumber.startsWith(search) && !o.soId.startsWith(search))
                continue;
            // What the list says about it: how long it has waited, and whether logistics can be asked.
            PushJobRecord shown = o.job;
            shown.lastMessage = o.haierOrderNo.isEmpty()
                ? tr("No confirmation for %n minute(s); no Haier order number yet", nullptr, int(o.ageMinutes))
                : tr("No confirmation for %n minute(s); Haier order number %1", nullptr, int(o.ageMinutes)).arg(o.haierOrderNo);
            m_overdue.append(shown);
        }
    }
    if (!m_overdue.isEmpty()) {
        FailureGroup overdue;
        overdue.overdue = true;
        overdue.count = int(m_overdue.size());
        groups.insert(1, overdue);
    }
    m_groups->setGroups(groups);
    m_summary->setText(truncated ? tr("The newest %1 failures are shown; narrow the search to see older ones.").arg(maxJobs)
                                 : tr("%n failure(s)", nullptr, int(m_all.size())));
    int row = 0;
    for (int r = 0; keep && r < m_groups->rowCount(); ++r) {
        const FailureGroup *g = m_groups->groupAt(r);
        if (g->all == keep->all && g->overdue == keep->overdue && g->kind == keep->kind && g->message == keep->message)
            row = r;
    }
    m_groupView->setCurrentIndex(m_groups->index(row, 0));
    showGroup();
    int jobRow = m_jobs->rowCount() > 0 ? 0 : -1;
    for (int r = 0; keepJob && r < m_jobs->rowCount(); ++r) {
        if (m_jobs->jobAt(r)->id == keepJob)
            jobRow = r;
    }
    if (jobRow >= 0) {
        // The current job without selecting it: actions apply to all shown until staff select some.
        m_jobView->selectionModel()->setCurrentIndex(m_jobs->index(jobRow, 0), QItemSelectionModel::NoUpdate);
        showAttempts();
    }
}

void FailuresPage::showGroup()
{
    const FailureGroup *g = m_groups->groupAt(m_groupView->currentIndex().row());
    QList<PushJobRecord> jobs;
    for (const PushJobRecord &j : std::as_const(m_all)) {
        if (g && g->overdue)
            break;
        if (!g || g->all || (j.lastKind == g->kind && j.lastMessage == g->message))
            jobs.append(j);
    }
    if (g && g->overdue)
        jobs = m_overdue;
    m_jobs->setJobs(jobs);
    m_attempts->setAttempts({});
    m_detail->clear();
    updateButtons();
}

void FailuresPage::showAttempts()
{
    const PushJobRecord *job = m_jobs->jobAt(m_jobView->currentIndex().row());
    QString error;
    m_attempts->setAttempts(job ? m_store.attempts(job->id, &error) : QList<PushAttemptRecord>());
    m_detail->clear();
    if (!error.isEmpty())
        m_detail->setPlainText(tr("The attempts could not be read: %1").arg(error));
    else if (m_attempts->rowCount() > 0)
        m_attemptView->setCurrentIndex(m_attempts->index(m_attempts->rowCount() - 1, 0));
    else if (job)
        m_detail->setPlainText(tr("Nothing was sent for %1: %2").arg(job->orderNumber, job->lastMessage));
}

void FailuresPage::showAttemptDetail()
{
    const PushAttemptRecord *a = m_attempts->attemptAt(m_attemptView->currentIndex().row());
    if (!a) {
        m_detail->clear();
        return;
    }
    m_detail->setPlainText(tr("Attempt %1, soId %2, %3\n\nRequest:\n%4\n\nAnswer (HTTP %5):\n%6")
                               .arg(a->attemptNo)
                               .arg(a->soId, QDateTime::fromMSecsSinceEpoch(a->startedAt).toLocalTime().toString(Qt::ISODate),
                                    QString::fromUtf8(a->requestBody))
                               .arg(a->httpStatus)
                               .arg(a->responseBody.isEmpty() ? tr("(no answer)") : QString::fromUtf8(a->responseBody)));
}

QList<PushJobRecord> FailuresPage::targets() const
{
    QList<PushJobRecord> chosen;
    const QModelIndexList rows = m_jobView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return m_jobs->jobs();
    for (const QModelIndex &index : rows) {
        if (const PushJobRecord *j = m_jobs->jobAt(index.row()))
            chosen.append(*j);
    }
    return chosen;
}

void FailuresPage::updateButtons()
{
    const QList<PushJobRecord> jobs = targets();
    auto any = [&](bool (*allowed)(const PushJobRecord &)) {
        return std::any_of(jobs.begin(), jobs.end(), allowed);
    };
    m_retry->setEnabled(any(&OrderActions::canRetry));
    m_repush->setEnabled(any(&OrderActions::canRepush));
    m_cancel->setEnabled(any(&OrderActions::canCancel));
    m_resolve->setEnabled(m_actions && any(&OrderActions::canResolve));
    m_open->setEnabled(m_jobs->jobAt(m_jobView->currentIndex().row()) != nullptr);
    // The overdue group's own actions, shown with it.
    const bool overdue = showingOverdue();
    m_reconcile->setVisible(overdue);
    m_confirmPhone->setVisible(overdue);
    m_reconcile->setEnabled(overdue && !jobs.isEmpty());
    m_confirmPhone->setEnabled(overdue && m_jobs->jobAt(m_jobView->currentIndex().row()) != nullptr);
}

bool FailuresPage::showingOverdue() const
{
    const FailureGroup *g = m_groups->groupAt(m_groupView->currentIndex().row());
    return g && g->overdue;
}

QList<PushJobRecord> FailuresPage::confirmAction(const QString &verb, const std::function<bool(const PushJobRecord &)> &allowed)
{
    const bool selection = !m_jobView->selectionModel()->selectedRows().isEmpty();
    const QList<PushJobRecord> all = targets();
    QList<PushJobRecord> eligible;
    for (const PushJobRecord &j : all) {
        if (allowed(j))
            eligible.append(j);
    }
    if (eligible.isEmpty())
        return {};
    QString question = selection ? tr("%1 %n selected order(s)?", nullptr, int(eligible.size())).arg(verb)
                                 : tr("%1 all %n order(s) shown?", nullptr, int(eligible.size())).arg(verb);
    if (eligible.size() < all.size())
        question += QLatin1Char('\n') + tr("%n other order(s) are left out: the action does not apply to them.", nullptr,
                                           int(all.size() - eligible.size()));
    if (!m_confirm(question))
        return {};
    return eligible;
}

void FailuresPage::retry()
{
    const QList<PushJobRecord> jobs = confirmAction(tr("Retry"), &OrderActions::canRetry);
    QStringList numbers;
    for (const PushJobRecord &j : jobs)
        numbers << j.orderNumber;
    if (!numbers.isEmpty())
        emit retryRequested(numbers);
}

void FailuresPage::repush()
{
    const QList<PushJobRecord> jobs = confirmAction(tr("Re-push with a new soId"), &OrderActions::canRepush);
    QStringList numbers;
    for (const PushJobRecord &j : jobs)
        numbers << j.orderNumber;
    if (!numbers.isEmpty())
        emit repushRequested(numbers);
}

void FailuresPage::cancelAtHaier()
{
    const QList<PushJobRecord> jobs = confirmAction(tr("Ask Haier to cancel"), &OrderActions::canCancel);
    if (jobs.isEmpty())
        return;
    const std::optional<QString> reason = m_ask(tr("Cancel at Haier"), tr("Reason (sent to Haier and kept in the audit log):"));
    if (!reason || reason->trimmed().isEmpty())
        return;
    QStringList numbers;
    for (const PushJobRecord &j : jobs)
        numbers << j.orderNumber;
    emit cancelRequested(numbers, reason->trimmed());
}

void FailuresPage::markResolved()
{
    if (!m_actions)
        return;
    const QList<PushJobRecord> jobs = confirmAction(tr("Mark resolved"), &OrderActions::canResolve);
    if (jobs.isEmpty())
        return;
    const std::optional<QString> note = m_ask(tr("Mark resolved"), tr("Why nothing more is to be done (kept in the audit log):"));
    if (!note || note->trimmed().isEmpty())
        return;
    QStringList problems;
    for (const ActionResult &r : m_actions->resolveJobs(jobs, note->trimmed())) {
        if (!r.ok())
            problems << QStringLiteral("%1: %2").arg(r.orderNumber, r.message);
    }
    if (!problems.isEmpty())
        QMessageBox::warning(this, tr("Mark resolved"), tr("Some orders could not be marked:\n%1").arg(problems.join(QLatin1Char('\n'))));
    refresh();
}

void FailuresPage::reconcile()
{
    if (!showingOverdue())
        return;
    const QList<PushJobRecord> jobs = confirmAction(tr("Reconcile with Haier's logistics"),
                                                    [](const PushJobRecord &) { return true; });
    QStringList numbers;
    for (const PushJobRecord &j : jobs)
        numbers << j.orderNumber;
    if (!numbers.isEmpty())
        emit reconcileRequested(numbers);
}

void FailuresPage::confirmByPhone()
{
    const PushJobRecord *j = showingOverdue() ? m_jobs->jobAt(m_jobView->currentIndex().row()) : nullptr;
    if (!j)
        return;
    const QString orderNumber = j->orderNumber;
    const std::optional<QString> number = m_ask(tr("Confirmed by phone"), tr("Haier order number of %1 (SO.…), as Haier gave it:").arg(orderNumber));
    if (!number || number->trimmed().isEmpty())
        return;
    const std::optional<QString> note = m_ask(tr("Confirmed by phone"), tr("Who at Haier confirmed it, and when (kept in the audit log):"));
    if (!note || note->trimmed().isEmpty())
        return;
    emit confirmByPhoneRequested(orderNumber, number->trimmed(), note->trimmed());
}

void FailuresPage::openOrder()
{
    if (const PushJobRecord *j = m_jobs->jobAt(m_jobView->currentIndex().row()))
        emit orderActivated(j->orderNumber);
}
