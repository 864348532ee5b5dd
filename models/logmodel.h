#pragma once

#include "models/logtable.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class Database;
class QIODevice;

// One log table (callbacks, sync log, audit log: see LogTables), newest first, in keyset pages (never the
// whole table). refreshNewRows() adds rows stored since at the top without a reset, so a view keeps its
// selection and scroll. Text shown by the display and tool-tip roles has its control characters escaped,
// and a tool tip that would pass for rich text is given as rich text that shows its characters.
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    // DetailRole + n: the n-th of the table's detail texts for that row.
    enum Role { RawValueRole = Qt::UserRole + 1, IdRole, DetailRole };

    LogModel(Database &db, LogTable table, QObject *parent = nullptr);

    const LogTable &table() const { return m_table; }
    void setFilter(const LogFilter &filter); // reloads
    const LogFilter &filter() const { return m_filter; }
    void reload();
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    QString lastError() const { return m_error; }
    // Every row up to this id has been considered (rises when anything new is stored, matching or not).
    qint64 highWater() const { return m_highWater; }
    const LogRow *rowAt(int row) const;
    // The row's detail texts (table().detailColumns), read once for the row being looked at.
    std::optional<QStringList> details(int row, QString *error = nullptr) const;
    // The stored values of a distinct-valued choice filter, sorted (at most a few hundred).
    QStringList distinctValues(const QString &key, QString *error = nullptr) const;

    // Inserts the matching rows stored since the last load or refresh at the top and updates the live
    // counts of the newest rows. Returns how many rows were added (-1: the read failed).
    int refreshNewRows();

    // Every row matching the filter (not only the loaded rows), read page by page: BOM, header, rows.
    bool exportCsv(QIODevice &out, QString *error) const;
    bool exportCsv(const QString &path, QString *error) const;

    // The column's text as stored (not escaped): what the CSV export writes.
    QString displayText(const LogRow &row, int column) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loadFailed(const QString &message);

private:
    // Matching rows with afterId < id <= upToId (upToId < 0: no bound) and id < beforeId (0: no bound).
    QList<LogRow> query(qint64 beforeId, qint64 afterId, qint64 upToId, int limit, QString *error) const;
    qint64 maxId(QString *error) const;
    bool refreshLiveCounts();
    void fail(const QString &error);

    Database &m_db;
    const LogTable m_table;
    LogFilter m_filter;
    QList<LogRow> m_rows;
    qint64 m_highWater = 0;
    int m_pageSize = 200;
    bool m_atEnd = true;
    bool m_resetting = false;
    bool m_fetching = false;
    QString m_error;
    mutable qint64 m_detailsId = 0; // the one row whose details are kept, for the detail pane
    mutable QStringList m_details;
};
