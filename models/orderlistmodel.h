#pragma once

#include "models/orderstore.h"

#include <QAbstractTableModel>

// The order list for the console: pages of OrderStore rows fetched on demand (keyset, newest first),
// so a million orders cost only the rows that were scrolled to.
class OrderListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderListModel)

public:
    enum Column { OrderNumber, Status, HaierStatus, Consignee, Total, CreatedAt, SoId, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole + 1, OrderIdRole };

    explicit OrderListModel(OrderStore &store, QObject *parent = nullptr);

    void setQuery(const OrderQuery &query);
    const OrderQuery &query() const { return m_query; }
    void reload();
    void setPageSize(int rows) { m_pageSize = rows; }
    QString lastError() const { return m_error; }
    // The words staff read for the shop's and Haier's status codes.
    static QString statusLabel(const QString &status);
    static QString haierStatusLabel(const QString &status);
    const OrderSummary *summaryAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Newest or oldest first (by order number / date: the keyset order); other columns do not sort,
    // since sorting a million rows by them would need the whole table.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool isOldestFirst() const { return m_query.oldestFirst; }
    static bool isSortable(int column) { return column == OrderNumber || column == CreatedAt; }
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loadFailed(const QString &message);

private:
    OrderStore &m_store;
    OrderQuery m_query;
    QList<OrderSummary> m_rows;
    int m_pageSize = 200;
    bool m_atEnd = false;
    bool m_resetting = false;
    bool m_fetching = false;
    QString m_error;
};
