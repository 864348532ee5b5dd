#include "models/orderlistmodel.h"

#include <QColor>
#include <QCoreApplication>
#include <QHash>
#include <QScopeGuard>
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

OrderListModel::OrderListModel(OrderStore &store, QObject *parent) : QAbstractTableModel(parent), m_store(store)
{
}

void OrderListModel::setQuery(const OrderQuery &query)
{
    m_query = query;
    reload();
}

void OrderListModel::reload()
{
    // The first page is loaded inside the reset; views asking for more while it is signalled are ignored.
    beginResetModel();
    m_resetting = true;
    m_rows.clear();
    m_error.clear();
    m_rows = m_store.page(m_query, 0, m_pageSize, &m_error);
    m_atEnd = !m_error.isEmpty() || m_rows.size() < m_pageSize;
    endResetModel();
    m_resetting = false;
    if (!m_error.isEmpty())
        emit loadFailed(m_error);
}

const OrderSummary *OrderListModel::summaryAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int OrderListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrderListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool OrderListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void OrderListModel::fetchMore(const QModelIndex &parent)
{
    // Views (and model testers) call fetchMore from inside our own change signals: one page at a time.
    if (parent.isValid() || m_atEnd || m_resetting || m_fetching)
        return;
    m_fetching = true;
    const auto done = qScopeGuard([this] { m_fetching = false; });
    const qint64 before = m_rows.isEmpty() ? 0 : m_rows.constLast().id;
    QString error;
    const QList<OrderSummary> page = m_store.page(m_query, before, m_pageSize, &error);
    if (!error.isEmpty()) {
        m_atEnd = true;
        m_error = error;
        emit loadFailed(error);
        return;
    }
    if (page.size() < m_pageSize)
        m_atEnd = true;
    if (page.isEmpty())
        return;
    beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size() + page.size() - 1));
    m_rows += page;
    endInsertRows();
}

QVariant OrderListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const OrderSummary &r = m_rows.at(index.row());
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

void OrderListModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column))
        return;
    const bool oldest = order == Qt::AscendingOrder;
    if (oldest == m_query.oldestFirst)
        return;
    m_query.oldestFirst = oldest;
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
