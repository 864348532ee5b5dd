#include "models/orderlistmodel.h"

#include <algorithm>
#include <limits>

#include <QColor>
#include <QCoreApplication>
#include <QHash>
#include <QTimer>
#include <QTimeZone>

QString OrderListModel::statusLabel(const QString &status)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("pending"), QT_TRANSLATE_NOOP("OrderListModel", "Awaiting payment")},
        {QStringLiteral("paid"), QT_TRANSLATE_NOOP("OrderListModel", "Paid")},
        {QStringLiteral("shipped"), QT_TRANSLATE_NOOP("OrderListModel", "Shipped")},
        {QStringLiteral("completed"), QT_TRANSLATE_NOOP("OrderListModel", "Completed")},
        {QStringLiteral("cancelled"), QT_TRANSLATE_NOOP("OrderListModel", "Cancelled")},
        {QStringLiteral("returning"), QT_TRANSLATE_NOOP("OrderListModel", "Returning")},
        {QStringLiteral("refunding"), QT_TRANSLATE_NOOP("OrderListModel", "Refunding")},
        {QStringLiteral("refunded"), QT_TRANSLATE_NOOP("OrderListModel", "Refunded")}};
    const char *label = labels.value(status);
    return label ? QCoreApplication::translate("OrderListModel", label) : status;
}

QString OrderListModel::haierStatusLabel(const QString &status)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("push_pending"), QT_TRANSLATE_NOOP("OrderListModel", "Pushed, awaiting Haier")},
        {QStringLiteral("confirmed"), QT_TRANSLATE_NOOP("OrderListModel", "Confirmed by Haier")},
        {QStringLiteral("rejected"), QT_TRANSLATE_NOOP("OrderListModel", "Refused by Haier")},
        {QStringLiteral("out_of_stock"), QT_TRANSLATE_NOOP("OrderListModel", "Out of stock")},
        {QStringLiteral("cancelled"), QT_TRANSLATE_NOOP("OrderListModel", "Cancelled")},
        {QStringLiteral("partially_cancelled"), QT_TRANSLATE_NOOP("OrderListModel", "Partly cancelled")}};
    const char *label = labels.value(status);
    return label ? QCoreApplication::translate("OrderListModel", label) : status;
}

OrderListModel::OrderListModel(OrderStore &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_loadTimer(new QTimer(this))
{
    m_query.sortKey = OrderSortKey::CreatedAt; // newest first, by the order's date
    // Rows a view asks for are read once the event loop turns: a scrollbar dragged across a million
    // rows reads only where it stops, not every position it passed.
    m_loadTimer->setSingleShot(true);
    m_loadTimer->setInterval(0);
    connect(m_loadTimer, &QTimer::timeout, this, &OrderListModel::loadWanted);
}

void OrderListModel::setQuery(const OrderQuery &query)
{
    m_query = query;
    reload();
}

void OrderListModel::forgetRows()
{
    m_pages.clear();
    m_cursors.clear();
    m_wanted.clear();
    m_loadTimer->stop();
}

void OrderListModel::reload()
{
    QString error;
    const qint64 count = m_store.count(m_query, &error);
    resetTo(count, error);
}

void OrderListModel::resetTo(qint64 count, const QString &countError)
{
    beginResetModel();
    forgetRows();
    m_error = countError;
    m_count = count < 0 ? 0 : int(qMin<qint64>(count, std::numeric_limits<int>::max()));
    if (m_error.isEmpty())
        loadPage(0); // the first page comes with the reset, so a view paints real rows at once (it says its own error)
    endResetModel();
    if (!countError.isEmpty())
        emit loadFailed(countError);
}

void OrderListModel::refresh()
{
    QString error;
    const qint64 count = m_store.count(m_query, &error);
    if (!error.isEmpty() || count != m_count)
        return resetTo(count, error);
    forgetRows();
    if (m_count > 0)
        emit dataChanged(index(0, 0), index(m_count - 1, ColumnCount - 1));
}

const OrderSummary *OrderListModel::cached(int row) const
{
    if (row < 0 || row >= m_count)
        return nullptr;
    const auto it = m_pages.find(row / m_pageSize);
    if (it == m_pages.end())
        return nullptr;
    it->lastUse = ++m_tick;
    const int at = row % m_pageSize;
    return at < it->rows.size() ? &it->rows.at(at) : nullptr;
}

const OrderSummary *OrderListModel::summaryAt(int row)
{
    if (row < 0 || row >= m_count)
        return nullptr;
    if (const OrderSummary *r = cached(row))
        return r;
    loadPage(row / m_pageSize);
    evict(row / m_pageSize);
    return cached(row);
}

int OrderListModel::rowOfOrder(qint64 orderId) const
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        for (int i = 0; i < it->rows.size(); ++i) {
            if (it->rows.at(i).id == orderId)
                return it.key() * m_pageSize + i;
        }
    }
    return -1;
}

bool OrderListModel::loadPage(int page)
{
    const int first = page * m_pageSize;
    const int rows = qMin(m_pageSize, m_count - first);
    if (rows <= 0 || m_pages.contains(page))
        return true;
    // Start from the nearest row whose keyset position is known: forwards from one above (or the start),
    // or backwards from one below (or the end), skipping what lies between through the index.
    const int last = first + rows - 1;
    qint64 forwardSkip = first;
    OrderCursor forwardFrom;
    auto below = m_cursors.lowerBound(first); // the nearest known row before `first`
    if (below != m_cursors.begin()) {
        --below;
        forwardSkip = first - below.key() - 1;
        forwardFrom = below.value();
    }
    qint64 backwardSkip = qint64(m_count) - 1 - last;
    OrderCursor backwardFrom;
    const auto above = m_cursors.upperBound(last);
    if (above != m_cursors.end()) {
        backwardSkip = above.key() - last - 1;
        backwardFrom = above.value();
    }
    QString error;
    QList<OrderSummary> read;
    if (forwardSkip <= backwardSkip) {
        read = m_store.page(m_query, forwardFrom, rows, forwardSkip, &error);
    } else {
        OrderQuery reversed = m_query;
        reversed.ascending = !reversed.ascending;
        read = m_store.page(reversed, backwardFrom, rows, backwardSkip, &error);
        std::reverse(read.begin(), read.end());
    }
    if (!error.isEmpty()) {
        m_error = error;
        emit loadFailed(error);
        return false;
    }
    if (read.isEmpty())
        return true; // rows went away meanwhile: the next refresh counts again
    m_cursors.insert(first, OrderCursor::after(read.constFirst()));
    m_cursors.insert(first + int(read.size()) - 1, OrderCursor::after(read.constLast()));
    m_pages.insert(page, Page{read, ++m_tick});
    return true;
}

void OrderListModel::evict(int keep)
{
    while (m_pages.size() > m_maxPages) {
        auto oldest = m_pages.end();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it.key() != keep && (oldest == m_pages.end() || it->lastUse < oldest->lastUse))
                oldest = it;
        }
        if (oldest == m_pages.end())
            return;
        m_pages.erase(oldest);
    }
}

void OrderListModel::loadWanted()
{
    // Only the latest requests matter: they are what is on screen now. Something asking for every row
    // (a size hint over the whole column) gets the few pages it asked for last, not the whole table.
    QList<int> pages = m_wanted.mid(qMax<qsizetype>(0, m_wanted.size() - qMin(8, m_maxPages / 2)));
    m_wanted.clear();
    std::sort(pages.begin(), pages.end());
    for (int page : std::as_const(pages)) {
        if (m_pages.contains(page) || !loadPage(page))
            continue;
        const int first = page * m_pageSize;
        const int last = qMin(m_count, first + m_pageSize) - 1;
        evict(page);
        if (last >= first)
            emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    }
}

int OrderListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int OrderListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_count)
        return QVariant();
    const OrderSummary *row = cached(index.row());
    if (!row) {
        const int page = index.row() / m_pageSize;
        if (m_wanted.isEmpty() || m_wanted.constLast() != page) {
            m_wanted.removeOne(page);
            m_wanted.append(page);
        }
        if (!m_loadTimer->isActive())
            m_loadTimer->start();
        return role == Qt::DisplayRole && index.column() == OrderNumber ? QVariant(QStringLiteral("…")) : QVariant();
    }
    const OrderSummary &r = *row;
    if (role == OrderIdRole)
        return r.id;
    if (role == Qt::TextAlignmentRole && index.column() == Total)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    // The push state as a coloured badge, with Haier's reason on hover.
    if (index.column() == HaierStatus && (role == Qt::BackgroundRole || role == Qt::ForegroundRole)) {
        const QString s = r.haierStatus;
        QColor back;
        if (s == QLatin1String("confirmed"))
            back = QColor(0x2e, 0x7d, 0x32);
        else if (s == QLatin1String("push_pending"))
            back = QColor(0x15, 0x65, 0xc0);
        else if (s == QLatin1String("rejected") || s == QLatin1String("out_of_stock"))
            back = QColor(0xc6, 0x28, 0x28);
        else if (s == QLatin1String("cancelled") || s == QLatin1String("partially_cancelled"))
            back = QColor(0x61, 0x61, 0x61);
        if (!back.isValid())
            return QVariant();
        return role == Qt::BackgroundRole ? QVariant(back) : QVariant(QColor(Qt::white));
    }
    if (role == Qt::ToolTipRole && index.column() == HaierStatus) {
        if (r.haierStatus.isEmpty())
            return tr("Not pushed to Haier yet");
        return r.haierFailMsg.isEmpty() ? haierStatusLabel(r.haierStatus)
                                        : tr("%1: %2").arg(haierStatusLabel(r.haierStatus), r.haierFailMsg);
    }
    if (role != Qt::DisplayRole && role != RawValueRole && role != Qt::ToolTipRole)
        return QVariant();
    const bool raw = role == RawValueRole;
    switch (index.column()) {
    case OrderNumber: return r.orderNumber;
    case Status: return raw ? QVariant(r.status) : QVariant(statusLabel(r.status));
    case HaierStatus: return raw ? QVariant(r.haierStatus) : QVariant(haierStatusLabel(r.haierStatus));
    case Consignee: return r.consigneeName;
    case Total: return raw ? QVariant(r.totalAmount.cents()) : QVariant(r.totalAmount.toString());
    case CreatedAt:
        return raw ? QVariant(r.createdAt)
                   : QVariant(r.createdAt.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    case SoId: return r.haierSoId;
    default: return QVariant();
    }
}

OrderSortKey OrderListModel::sortKeyFor(int column)
{
    switch (column) {
    case OrderNumber: return OrderSortKey::OrderNumber;
    case Status: return OrderSortKey::Status;
    case HaierStatus: return OrderSortKey::HaierStatus;
    case Consignee: return OrderSortKey::Consignee;
    case Total: return OrderSortKey::Total;
    case SoId: return OrderSortKey::SoId;
    case CreatedAt:
    default: return OrderSortKey::CreatedAt;
    }
}

int OrderListModel::columnFor(OrderSortKey key)
{
    for (int c = 0; c < ColumnCount; ++c) {
        if (sortKeyFor(c) == key)
            return c;
    }
    return CreatedAt; // Id: the order they were entered in, which is the date's
}

void OrderListModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    const OrderSortKey key = sortKeyFor(column);
    const bool ascending = order == Qt::AscendingOrder;
    if (key == m_query.sortKey && ascending == m_query.ascending)
        return;
    m_query.sortKey = key;
    m_query.ascending = ascending;
    reload();
}

QVariant OrderListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case OrderNumber: return QCoreApplication::translate("OrderListModel", "Order number");
    case Status: return QCoreApplication::translate("OrderListModel", "Status");
    case HaierStatus: return QCoreApplication::translate("OrderListModel", "Haier status");
    case Consignee: return QCoreApplication::translate("OrderListModel", "Consignee");
    case Total: return QCoreApplication::translate("OrderListModel", "Total");
    case CreatedAt: return QCoreApplication::translate("OrderListModel", "Created");
    case SoId: return QCoreApplication::translate("OrderListModel", "soId");
    default: return QVariant();
    }
}
