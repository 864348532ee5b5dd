#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class Database;
class QIODevice;

// What the sync log page lists.
struct SyncLogFilter
{
    // "OK" counts a duplicate-soId answer too: YLH already holds the order, which is never an error.
    enum class Result { All, OkOnly, ErrorsOnly };
    QString text;      // contained in the order number or the message (any case)
    QString operation; // exact ("ylh.create_order"); empty: any
    Result result = Result::All;
    QDate from;        // local calendar days, both inclusive; invalid: no bound
    QDate to;
};

// One row of console_sync_log as listed (bodies are read only for the row being looked at).
struct SyncLogRow
{
    qint64 id = 0;
    qint64 at = 0; // epoch ms
    QString profile;
    QString operation;
    QString orderNumber;
    int httpStatus = 0;
    qint64 latencyMs = 0;
    QString kind; // resultKindName() spelling, as stored
    QString message;
};

struct SyncLogBodies
{
    QString request;  // redacted when stored
    QString response; // redacted when stored
};

// Every API call, newest first, in keyset pages (never the whole table). refreshNewRows() adds calls
// made since at the top without a reset, so a view keeps its selection and scroll.
class SyncLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncLogModel)

public:
    enum Column { At, Operation, OrderNumber, HttpStatus, Latency, Kind, Message, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole + 1, IdRole, RequestBodyRole, ResponseBodyRole };

    explicit SyncLogModel(Database &db, QObject *parent = nullptr);

    void setFilter(const SyncLogFilter &filter); // reloads
    const SyncLogFilter &filter() const { return m_filter; }
    void reload();
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    QString lastError() const { return m_error; }
    const SyncLogRow *rowAt(int row) const;
    std::optional<SyncLogBodies> bodies(int row, QString *error = nullptr) const;

    // Inserts the matching calls logged since the last load or refresh at the top. Returns how many
    // rows were added (-1: the read failed).
    int refreshNewRows();

    // Every call matching the filter (not only the loaded rows), read page by page: BOM, header, rows.
    bool exportCsv(QIODevice &out, QString *error) const;
    bool exportCsv(const QString &path, QString *error) const;

    // The operations the clients log, for the filter.
    static QStringList knownOperations();
    static QString kindLabel(const QString &kind);
    QString displayText(const SyncLogRow &row, int column) const;

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
    QList<SyncLogRow> query(qint64 beforeId, qint64 afterId, qint64 upToId, int limit, QString *error) const;
    qint64 maxId(QString *error) const;
    void fail(const QString &error);

    Database &m_db;
    SyncLogFilter m_filter;
    QList<SyncLogRow> m_rows;
    qint64 m_highWater = 0; // every call up to this id has been considered
    int m_pageSize = 200;
    bool m_atEnd = true;
    bool m_resetting = false;
    bool m_fetching = false;
    QString m_error;
    mutable qint64 m_bodiesId = 0; // the one row whose bodies are kept, for the detail pane
    mutable SyncLogBodies m_bodies;
};
