#include "ui/orderspage.h"

#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "models/callbackstore.h"
#include "models/escaping.h"
#include "models/failuremodels.h"
#include "models/jobstore.h"
#include "models/envbinding.h"
#include "models/payloadmapper.h"
#include "net/logging.h"
#include "ui/wraplayout.h"
#include "net/orderactions.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QDateEdit>
#include <QDateTime>
#include <QInputDialog>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QTableWidget>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QScrollBar>
#include <QSet>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

OrdersPage::OrdersPage(OrderStore &store, const Profile &profile, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_profile(profile)
    , m_model(new OrderListModel(store, this))
    , m_search(new QLineEdit(this))
    , m_status(new QComboBox(this))
    , m_pushState(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_reviewTabs(new QTabWidget(this))
    , m_fields(new QTableWidget(this))
    , m_haier(new QPlainTextEdit(this))
    , m_cancel(new QPushButton(tr("Cancel at &Haier…"), this))
    , m_reschedule(new QPushButton(tr("Change &dates (改约)…"), this))
    , m_checkStock(new QPushButton(tr("Check s&tock"), this))
    , m_photos(new QPushButton(tr("Delivery &photos"), this))
    , m_logistics(new QPushButton(tr("R&efresh logistics"), this))
    , m_lines(new QPushButton(tr("A&vailability and prices"), this))
    , m_repush(new QPushButton(tr("Re-push with &new soId…"), this))
    , m_reopen(new QPushButton(tr("&Reopen…"), this))
    , m_table(new QTableView(this))
    , m_review(new QPlainTextEdit(this))
    , m_reviewTitle(new QLabel(this))
    , m_count(new QLabel(this))
    , m_searchDelay(new QTimer(this))
    , m_refresh(new QTimer(this))
{
    m_search->setPlaceholderText(tr("Order number, soId, Haier order number, phone or its last 4 digits, name"));
    m_search->setClearButtonEnabled(true);
    // Screen readers name a control by its accessible name; the filter bar has no labels to lend one.
    m_search->setAccessibleName(tr("Search orders"));
    m_search->setMinimumWidth(220); // stays readable on a 1366 px screen; the other filters wrap first
    m_status->setAccessibleName(tr("Shop status"));
    m_pushState->setAccessibleName(tr("Push state"));
    m_from->setAccessibleName(tr("Created from"));
    m_to->setAccessibleName(tr("Created until"));
    m_table->setAccessibleName(tr("Orders"));
    m_reviewTabs->setAccessibleName(tr("Review of the selected order"));
    m_review->setAccessibleName(tr("Payload as it would be sent"));
    m_fields->setAccessibleName(tr("Fields as they would be sent"));
    m_haier->setAccessibleName(tr("The order at Haier"));
    for (QComboBox *box : {m_status, m_pushState}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
    }
    m_status->addItem(tr("All statuses"), QString());
    const QList<QPair<QString, QString>> statuses{
        {QStringLiteral("paid"), tr("Paid (to ship)")}, {QStringLiteral("pending"), tr("Awaiting payment")},
        {QStringLiteral("shipped"), tr("Shipped")}, {QStringLiteral("completed"), tr("Completed")},
        {QStringLiteral("cancelled"), tr("Cancelled")}};
    for (const auto &s : statuses)
        m_status->addItem(s.second, s.first);
    m_status->setCurrentIndex(1);
    m_status->setToolTip(tr("Order status in the shop"));
    m_pushState->addItem(tr("Any push state"), QString());
    m_pushState->addItem(tr("Not pushed"), QStringLiteral("none"));
    for (const char *s : {"push_pending", "confirmed", "rejected", "out_of_stock", "cancelled", "partially_cancelled"})
        m_pushState->addItem(OrderListModel::haierStatusLabel(QString::fromLatin1(s)), QString::fromLatin1(s));
    m_pushState->setToolTip(tr("Where the order stands at Haier"));
    // Date range in the shop's days; the lowest date means "any".
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setMinimumDate(QDate(2000, 1, 1));
        edit->setSpecialValueText(edit == m_from ? tr("from any date") : tr("to any date"));
        edit->setDate(edit->minimumDate());
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // a million rows, one height
    m_table->horizontalHeader()->setResizeContentsPrecision(100);       // widths from rows already read
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Newest first by default; a click on any header sorts by that column in the database.
    m_table->horizontalHeader()->setSortIndicator(OrderListModel::CreatedAt, Qt::DescendingOrder);
    m_table->setSortingEnabled(true);

    m_fields->setColumnCount(3);
    m_fields->setHorizontalHeaderLabels({tr("Shop field"), tr("Haier field"), tr("Value sent")});
    m_fields->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fields->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_fields->verticalHeader()->hide();
    m_fields->horizontalHeader()->setStretchLastSection(true);
    m_fields->setObjectName(QStringLiteral("reviewFields"));
    m_haier->setReadOnly(true);
    m_haier->setObjectName(QStringLiteral("haierSide"));
    m_cancel->setEnabled(false);
    m_checkStock->setToolTip(tr("Ask Haier's open platform whether the order's products are in stock in its county; nothing is sent"));
    connect(m_checkStock, &QPushButton::clicked, this, [this] {
        if (const OrderSummary *s = m_model->summaryAt(m_table->currentIndex().row()))
            emit stockCheckRequested(s->orderNumber);
    });
    m_checkStock->setObjectName(QStringLiteral("checkStock"));
    m_photos->setObjectName(QStringLiteral("deliveryPhotos"));
    m_photos->setEnabled(false);
    m_photos->setToolTip(tr("The delivery and installation photos Haier holds for this order"));
    connect(m_photos, &QPushButton::clicked, this, [this] {
        if (const OrderSummary *s = m_model->summaryAt(m_table->currentIndex().row()))
            emit photosRequested(s->orderNumber);
    });
    // The rest of what haierctl does with one order, from its At Haier tab.
    m_logistics->setObjectName(QStringLiteral("refreshLogistics"));
    m_logistics->setToolTip(tr("Ask Haier for this order's logistics numbers by its Haier order number and store them "
                               "(the Actions menu does it for the selection or every accepted order)"));
    m_lines->setObjectName(QStringLiteral("linesAtHaier"));
    m_lines->setToolTip(tr("Ask Haier's open platform whether it sells you the order's products, and at what price; nothing is sent"));
    m_repush->setObjectName(QStringLiteral("repushAfterCancel"));
    m_repush->setToolTip(tr("Only when Haier cancelled the order or refused it after accepting it: push it again as a new order"));
    m_reopen->setObjectName(QStringLiteral("reopenJob"));
    m_reopen->setToolTip(tr("Undo \"resolved\": the job returns to the state it had before; asks for a note"));
    for (QPushButton *b : {m_logistics, m_lines, m_repush, m_reopen})
        b->setEnabled(false);
    auto current = [this] {
        const OrderSummary *s = m_model->summaryAt(m_table->currentIndex().row());
        return s ? s->orderNumber : QString();
    };
    connect(m_logistics, &QPushButton::clicked, this, [this, current] {
        if (const QString n = current(); !n.isEmpty())
            emit logisticsRequested({n});
    });
    connect(m_lines, &QPushButton::clicked, this, [this, current] {
        if (const QString n = current(); !n.isEmpty())
            emit linesRequested(n);
    });
    connect(m_repush, &QPushButton::clicked, this, [this, current] {
        if (const QString n = current(); !n.isEmpty())
            emit repushRequested({n});
    });
    connect(m_reopen, &QPushButton::clicked, this, [this, current] {
        if (const QString n = current(); !n.isEmpty())
            emit reopenRequested({n});
    });
    m_reschedule->setEnabled(false);
    m_reschedule->setToolTip(tr("New delivery and installation days; Haier needs its order number, so only after Haier confirmed"));
    connect(m_reschedule, &QPushButton::clicked, this, [this] {
        const OrderSummary *s = m_model->summaryAt(m_table->currentIndex().row());
        if (!s)
            return;
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Change dates of %1").arg(s->orderNumber));
        auto *form = new QFormLayout(&dialog);
        auto *delivery = new QDateEdit(QDate::currentDate().addDays(1), &dialog);
        auto *install = new QDateEdit(QDate::currentDate().addDays(1), &dialog);
        for (QDateEdit *e : {delivery, install}) {
            e->setCalendarPopup(true);
            e->setMinimumDate(QDate::currentDate());
            e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        }
        form->addRow(tr("&Delivery day:"), delivery);
        form->addRow(tr("&Installation day:"), install);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        form->addRow(buttons);
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        if (dialog.exec() == QDialog::Accepted)
            emit rescheduleRequested(s->orderNumber, delivery->date(), install->date());
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        const OrderSummary *s = m_model->summaryAt(m_table->currentIndex().row());
        if (!s)
            return;
        bool ok = false;
        const QString reason = QInputDialog::getText(this, tr("Cancel at Haier"),
            tr("Ask Haier to cancel %1?\nReason (sent to Haier and kept in the audit log):").arg(s->orderNumber), QLineEdit::Normal, QString(), &ok);
        if (ok && !reason.trimmed().isEmpty())
            emit cancelRequested({s->orderNumber}, reason.trimmed());
    });

    m_review->setReadOnly(true);
    m_review->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_review->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    // Ctrl+P belongs to the window's Actions menu (a second claim would make Qt fire neither).
    auto *pushButton = new QPushButton(tr("Push selected"), this);
    pushButton->setToolTip(tr("Push the selected orders to Haier (Ctrl+P)"));
    connect(pushButton, &QPushButton::clicked, this, [this] {
        const QStringList numbers = selectedOrderNumbers();
        if (!numbers.isEmpty())
            emit pushRequested(numbers);
    });
    auto *filters = new WrapLayout;
    filters->addWidget(m_search);
    filters->setStretchWidget(m_search);
    // On Linux a screen reader names a combo box by its label (AT-SPI labelled-by), so each has one;
    // label and box wrap together.
    for (const auto &[box, text] : {std::pair<QComboBox *, QString>{m_status, tr("Status:")}, {m_pushState, tr("At Haier:")}}) {
        auto *group = new QWidget(this);
        auto *row = new QHBoxLayout(group);
        row->setContentsMargins(0, 0, 0, 0);
        auto *label = new QLabel(text, group);
        label->setBuddy(box);
        row->addWidget(label);
        row->addWidget(box);
        filters->addWidget(group);
    }
    filters->addWidget(m_from);
    filters->addWidget(m_to);
    filters->addWidget(m_count);
    filters->addWidget(pushButton);
    m_count->setObjectName(QStringLiteral("orderCount"));
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_table);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_reviewTitle);
    auto *haierPage = new QWidget(this);
    auto *haierLayout = new QVBoxLayout(haierPage);
    haierLayout->setContentsMargins(0, 0, 0, 0);
    haierLayout->addWidget(m_haier);
    // The buttons wrap to a second line when the review is narrow.
    auto *haierButtons = new WrapLayout;
    for (QPushButton *b : {m_cancel, m_reschedule, m_checkStock, m_photos, m_logistics, m_lines, m_repush, m_reopen})
        haierButtons->addWidget(b);
    haierLayout->addLayout(haierButtons);
    m_reviewTabs->addTab(m_fields, tr("Fields"));
    m_reviewTabs->addTab(m_review, tr("JSON"));
    m_reviewTabs->addTab(haierPage, tr("At Haier"));
    rightLayout->addWidget(m_reviewTabs);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({760, 520});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // Typing waits a moment so each keystroke does not hit the database.
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    // Enter searches at once (the keyboard workflow: Ctrl+F, digits, Enter, Alt+Down, Ctrl+P).
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay->stop();
        applyFilter();
    });
    connect(m_searchDelay, &QTimer::timeout, this, &OrdersPage::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &OrdersPage::applyFilter);
    connect(m_pushState, &QComboBox::currentIndexChanged, this, &OrdersPage::applyFilter);
    connect(m_from, &QDateEdit::dateChanged, this, &OrdersPage::applyFilter);
    connect(m_to, &QDateEdit::dateChanged, this, &OrdersPage::applyFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &OrdersPage::showReview);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OrdersPage::showCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OrdersPage::showCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OrdersPage::showReview);
    applyFilter();
    m_table->resizeColumnsToContents();
    // The start-up benchmark waits for this line: the first page has been painted.
    m_table->viewport()->installEventFilter(this);

    // Other processes (haierctl, the callback receiver) change orders too: look for changes every
    // second and reload when there are some, keeping the selection.
    m_stamp = m_store.changeStamp();
    m_refresh->setInterval(1000);
    connect(m_refresh, &QTimer::timeout, this, &OrdersPage::refreshIfChanged);
    m_refresh->start();
}

bool OrdersPage::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_firstPaintLogged && watched == m_table->viewport() && event->type() == QEvent::Paint) {
        m_firstPaintLogged = true;
        QTimer::singleShot(0, this, [this] { qCInfo(lcApp).noquote() << "first page shown:" << m_model->rowCount() << "orders"; });
    }
    return QWidget::eventFilter(watched, event);
}

void OrdersPage::refreshIfChanged()
{
    const QString stamp = m_store.changeStamp();
    if (stamp.isEmpty() || stamp == m_stamp)
        return;
    m_stamp = stamp;
    reread(false);
}

void OrdersPage::reread(bool reset)
{
    // Keep the selection by order, not by row: a push may have moved rows (a push-state filter or sort).
    QSet<qint64> selected;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        if (const OrderSummary *s = m_model->summaryAt(index.row()))
            selected.insert(s->id);
    }
    const OrderSummary *current = m_model->summaryAt(m_table->currentIndex().row());
    const qint64 currentId = current ? current->id : 0;
    const int scroll = m_table->verticalScrollBar()->value();
    if (reset)
        m_model->reload();
    else
        m_model->refresh();
    m_table->verticalScrollBar()->setValue(scroll);
    // Read the rows in view now, so the selection is matched against what the operator sees.
    const int top = qMax(0, m_table->rowAt(0));
    const int bottom = m_table->rowAt(m_table->viewport()->height() - 1);
    for (int row = top; row <= (bottom < 0 ? top : bottom); ++row)
        m_model->summaryAt(row);
    QItemSelection selection;
    for (qint64 id : std::as_const(selected)) {
        const int row = m_model->rowOfOrder(id);
        if (row >= 0)
            selection.select(m_model->index(row, 0), m_model->index(row, OrderListModel::ColumnCount - 1));
    }
    {
        const QSignalBlocker block(m_table->selectionModel());
        const int row = currentId ? m_model->rowOfOrder(currentId) : -1;
        if (row >= 0)
            m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::NoUpdate);
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    showReview();
}

void OrdersPage::showCount()
{
    // How many orders the filter matches (the list reads only the rows in view), and how many are picked.
    const int selected = int(m_table->selectionModel()->selectedRows().size());
    const int count = m_model->rowCount();
    m_count->setText(selected > 1 ? tr("%Ln order(s), %1 selected", nullptr, count).arg(QLocale().toString(selected))
                                  : tr("%Ln order(s)", nullptr, count));
}

void OrdersPage::applyFilter()
{
    OrderQuery q;
    q.status = m_status->currentData().toString();
    q.haierStatus = m_pushState->currentData().toString();
    q.search = m_search->text();
    if (m_from->date() != m_from->minimumDate())
        q.createdFrom = m_from->date();
    if (m_to->date() != m_to->minimumDate())
        q.createdTo = m_to->date();
    q.sortKey = m_model->query().sortKey;
    q.ascending = m_model->query().ascending;
    m_model->setQuery(q);
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
}

void OrdersPage::showReview()
{
    const OrderSummary *summary = m_model->summaryAt(m_table->currentIndex().row());
    m_fields->setRowCount(0);
    m_haier->clear();
    m_cancel->setEnabled(false);
    m_reschedule->setEnabled(false);
    m_photos->setEnabled(false);
    for (QPushButton *b : {m_logistics, m_lines, m_repush, m_reopen})
        b->setEnabled(false);
    if (!summary) {
        m_reviewTitle->setText(tr("Select an order to review what would be sent."));
        m_review->clear();
        return;
    }
    QString error;
    const std::optional<Order> order = m_store.loadById(summary->id, &error);
    if (!order) {
        m_reviewTitle->setText(tr("The order could not be read: %1").arg(error));
        m_review->clear();
        return;
    }
    // Already pushed: this profile's job, or the job of the environment the database serves; a profile
    // the database's binding does not let write the shop's columns pushes as a dry run, and says so.
    PushContext context;
    QString dryRun;
    if (m_db) {
        EnvBinding binding(*m_db);
        const auto job = JobStore(*m_db).findForOrder(m_profile.name, order->id);
        context.hasJob = job.has_value() || binding.hasJob(order->id);
        context.jobAccepted = (job && isAlreadyPushed(job->state)) || binding.pushedJob(order->id).has_value();
        dryRun = binding.dryRunNote(m_profile);
    }
    const auto title = [&dryRun](const QString &text) { return dryRun.isEmpty() ? text : dryRun + QLatin1Char('\n') + text; };
    const MappingResult result = PayloadMapper::map(*order, m_profile, QString(), context);
    showHaierSide(*order);
    // The field table: shop column → Haier field → value; a field with a problem is marked with it.
    QHash<QString, QString> problemOf;
    for (const MappingProblem &p : result.problems) {
        if (!p.field.isEmpty())
            problemOf[p.field] += (problemOf.contains(p.field) ? QStringLiteral("; ") : QString()) + p.message;
    }
    m_fields->setRowCount(int(result.rows.size()));
    for (int i = 0; i < result.rows.size(); ++i) {
        const MappingRow &row = result.rows.at(i);
        const QString problem = problemOf.take(row.haierField);
        const QStringList cells{row.localField, row.haierField, problem.isEmpty() ? row.value : QStringLiteral("⚠ %1 — %2").arg(row.value, problem)};
        for (int c = 0; c < 3; ++c) {
            auto *cell = new QTableWidgetItem(cells.at(c));
            if (!problem.isEmpty()) {
                cell->setBackground(QColor(0xff, 0xcd, 0xd2));
                cell->setForeground(QColor(Qt::black));
                cell->setToolTip(problem);
            }
            m_fields->setItem(i, c, cell);
        }
    }
    m_fields->resizeColumnsToContents();
    if (!result.ok()) {
        m_reviewTitle->setText(title(tr("%1 cannot be pushed:").arg(order->orderNumber)));
        QStringList lines;
        for (const MappingProblem &p : result.problems)
            lines << QStringLiteral("• ") + p.message;
        m_review->setPlainText(lines.join(QLatin1Char('\n')));
        return;
    }
    m_reviewTitle->setText(title(tr("%1 → soId %2, as it would be sent:").arg(order->orderNumber, result.soId)));
    m_review->setPlainText(QString::fromUtf8(QJsonDocument(result.payload).toJson(QJsonDocument::Indented)));
}

QStringList OrdersPage::selectedOrderNumbers() const
{
    QStringList numbers;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        if (const OrderSummary *s = m_model->summaryAt(index.row()))
            numbers << s->orderNumber;
    }
    return numbers;
}

void OrdersPage::showHaierSide(const Order &order)
{
    QStringList lines;
    lines << tr("Haier status: %1").arg(order.haierStatus.isEmpty() ? tr("not pushed") : OrderListModel::haierStatusLabel(order.haierStatus));
    if (!order.haierSoId.isEmpty())
        lines << tr("soId: %1").arg(order.haierSoId);
    if (!order.haierOrderNo.isEmpty())
        lines << tr("Haier order number: %1").arg(order.haierOrderNo);
    if (!order.haierFailMsg.isEmpty())
        lines << tr("Haier's reason: %1").arg(order.haierFailMsg);
    if (!order.logisticsNo.isEmpty() || !order.deliveryRecordCode.isEmpty() || !order.snCode.isEmpty())
        lines << tr("Logistics: %1, delivery record %2, SN %3").arg(order.logisticsNo, order.deliveryRecordCode, order.snCode);
    bool cancellable = false;
    bool live = false;
    bool repushable = false;
    bool reopenable = false;
    QString jobHaierOrderNo;
    if (m_db) {
        JobStore jobs(*m_db);
        if (const auto job = jobs.findForOrder(m_profile.name, order.id)) {
            // The same questions every front end asks, answered by the transition function.
            cancellable = OrderActions::canCancel(*job);
            repushable = OrderActions::canRepush(*job);
            reopenable = OrderActions::canReopen(*job);
            live = isAlreadyPushed(job->state);
            jobHaierOrderNo = job->haierOrderNo;
            lines << QString() << tr("Push job (%1): %2, %n attempt(s), last: %3", nullptr, job->attemptCount)
                                      .arg(m_profile.name, jobStateLabel(jobStateName(job->state)), job->lastMessage);
        }
        CallbackStore callbacks(*m_db);
        const QList<CallbackRecord> received = callbacks.list(order.orderNumber, 20);
        if (!received.isEmpty()) {
            lines << QString() << tr("Callbacks from Haier:");
            for (const CallbackRecord &c : received) {
                lines << QStringLiteral("  %1  %2  State %3  %4 %5")
                             .arg(QDateTime::fromMSecsSinceEpoch(c.receivedAt).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                  Escaping::controls(c.method))
                             .arg(c.state)
                             .arg(c.valid ? c.outcome : tr("refused: %1").arg(Escaping::controls(c.refusalReason)), Escaping::controls(c.failMsg));
            }
        }
    }
    m_haier->setPlainText(lines.join(QLatin1Char('\n')));
    m_cancel->setEnabled(cancellable);
    m_reschedule->setEnabled(live && !order.haierOrderNo.isEmpty());
    m_photos->setEnabled(!order.haierOrderNo.isEmpty());
    // Logistics are asked by Haier's order number: a live job without one yet is told why when asked.
    m_logistics->setEnabled(live || !order.haierOrderNo.isEmpty() || !jobHaierOrderNo.isEmpty());
    m_lines->setEnabled(true);
    // Exactly what the transition function allows for the job as read.
    m_repush->setEnabled(repushable);
    m_reopen->setEnabled(reopenable);
}

void OrdersPage::setProfile(const Profile &profile)
{
    m_profile = profile;
    showReview();
}

void OrdersPage::showOrder(const QString &orderNumber)
{
    m_status->setCurrentIndex(0); // any status
    m_search->setText(orderNumber);
    m_searchDelay->stop();
    applyFilter();
}

void OrdersPage::reload()
{
    // Everything read again; the order staff were looking at stays selected (an action just changed it).
    m_stamp = m_store.changeStamp();
    reread(true);
}
