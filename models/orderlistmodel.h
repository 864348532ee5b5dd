#pragma once

#include "models/orderstore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMap>

class QTimer;

// The order list for the console. It knows how many rows the query has and reads only the pages a view
// shows, by keyset from the nearest row it has already seen (or from either end), so a million orders
// cost a few hundred rows in memory wherever the list is scrolled to, the end included.
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
    // Counts again and forgets every row read (a reset).
    void reload();
    // After a change elsewhere: the rows are read again; without a reset when the count is the same.
    void refresh();
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    void setCachedPages(int pages) { m_maxPages = qMax(2, pages); }
    QString lastError() const { return m_error; }
    // The words staff read for the shop's and Haier's status codes.
    static QString statusLabel(const QString &status);
    static QString haierStatusLabel(const QString &status);

    // The row's order, reading its page now when needed; nullptr outside the list.
    const OrderSummary *summaryAt(int row);
    // The row showing this order among the pages read, or -1.
    int rowOfOrder(qint64 orderId) const;
    // Pages held in memory now (for tests and the benchmark).
    int cachedPages() const { return int(m_pages.size()); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Every column sorts, in the database, through the keyset (value, id): never the whole table in memory.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static OrderSortKey sortKeyFor(int column);
    static int columnFor(OrderSortKey key);
    int sortColumn() const { return columnFor(m_query.sortKey); }
    Qt::SortOrder sortOrder() const { return m_query.ascending ? Qt::AscendingOrder : Qt::DescendingOrder; }

signals:
    void loadFailed(const QString &message);

private:
    struct Page
    {
        QList<OrderSummary> rows;
        quint64 lastUse = 0;
    };

    const OrderSummary *cached(int row) const;
    void resetTo(qint64 count, const QString &countError);
    bool loadPage(int page);
    void loadWanted();
    void evict(int keep);
    void forgetRows();

    OrderStore &m_store;
    OrderQuery m_query;
    int m_count = 0;
    int m_pageSize = 200;
    int m_maxPages = 64;
    // What has been read: pages by number, and the keyset position of every page's first and last row
    // by row number (kept after a page is dropped, so a jump back starts from the nearest known row).
    mutable QHash<int, Page> m_pages;
    QMap<int, OrderCursor> m_cursors;
    mutable QList<int> m_wanted; // pages asked for by views, oldest first
    mutable quint64 m_tick = 0;
    QTimer *m_loadTimer;
    QString m_error;
};
