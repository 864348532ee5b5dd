#include "ui/orderspage.h"

#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"
#include "net/logging.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
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
    , m_table(new QTableView(this))
    , m_review(new QPlainTextEdit(this))
    , m_reviewTitle(new QLabel(this))
    , m_searchDelay(new QTimer(this))
    , m_refresh(new QTimer(this))
{
    m_search->setPlaceholderText(tr("Order number, soId, Haier order number, phone or its last 4 digits, name"));
    m_search->setClearButtonEnabled(true);
    m_status->addItem(tr("All statuses"), QString());
    const QList<QPair<QString, QString>> statuses{
        {QStringLiteral("paid"), tr("Paid (to ship)")}, {QStringLiteral("pending"), tr("Awaiting payment")},
        {QStringLiteral("shipped"), tr("Shipped")}, {QStringLiteral("completed"), tr("Completed")},
        {QStringLiteral("cancelled"), tr("Cancelled")}};
    for (const auto &s : statuses)
        m_status->addItem(s.second, s.first);
    m_status->setCurrentIndex(1);

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_review->setReadOnly(true);
    m_review->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_review->setFont(QFont(QStringLiteral("monospace")));

    auto *pushButton = new QPushButton(tr("Push selected"), this);
    pushButton->setShortcut(QKeySequence(QStringLiteral("Ctrl+P")));
    pushButton->setToolTip(tr("Push the selected orders to Haier (Ctrl+P)"));
    connect(pushButton, &QPushButton::clicked, this, [this] {
        const QStringList numbers = selectedOrderNumbers();
        if (!numbers.isEmpty())
            emit pushRequested(numbers);
    });
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_status);
    filters->addWidget(pushButton);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_table);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_reviewTitle);
    rightLayout->addWidget(m_review);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // Typing waits a moment so each keystroke does not hit the database.
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &OrdersPage::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &OrdersPage::applyFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &OrdersPage::showReview);
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
    const QStringList selected = selectedOrderNumbers();
    m_model->reload();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (selected.contains(m_model->index(row, OrderListModel::OrderNumber).data().toString()))
            m_table->selectionModel()->select(m_model->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    showReview();
}

void OrdersPage::applyFilter()
{
    OrderQuery q;
    q.status = m_status->currentData().toString();
    q.search = m_search->text();
    m_model->setQuery(q);
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
}

void OrdersPage::showReview()
{
    const OrderSummary *summary = m_model->summaryAt(m_table->currentIndex().row());
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
    const MappingResult result = PayloadMapper::map(*order, m_profile);
    if (!result.ok()) {
        m_reviewTitle->setText(tr("%1 cannot be pushed:").arg(order->orderNumber));
        QStringList lines;
        for (const MappingProblem &p : result.problems)
            lines << QStringLiteral("• ") + p.message;
        m_review->setPlainText(lines.join(QLatin1Char('\n')));
        return;
    }
    m_reviewTitle->setText(tr("%1 → soId %2, as it would be sent:").arg(order->orderNumber, result.soId));
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
    m_stamp = m_store.changeStamp();
    m_model->reload();
}
