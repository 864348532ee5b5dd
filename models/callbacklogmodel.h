#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QList>
#include <QString>

#include <optional>

class Database;
class QIODevice;

// What the callbacks page lists.
struct CallbackLogFilter
{
    enum class Validity { All, ValidOnly, RefusedOnly };
    QString text;   // contained in the order number, PlatformOrderNo or ExtOrderNo (any case)
    QString method; // exact Method; empty: any
    Validity validity = Validity::All;
    QDate from;     // local calendar days, both inclusive; invalid: no bound
    QDate to;
};

// One row of console_callbacks as listed (bodies are read only for the row being looked at).
struct CallbackLogRow
{
    qint64 id = 0;
    qint64 receivedAt = 0; // epoch ms
    QString profile;
    QString method;
    QString orderNumber;   // of the order it matched; empty for orphans and refused callbacks
    QString platformOrderNo;
    QString extOrderNo;
    QString state;         // as stored: "", "0", "1", "2"
    QString failMsg;
    bool valid = false;
    QString outcome;       // applied, duplicate, stale, orphan, refused, no_change
    QString refusalCode;
    QString refusalReason;
    int duplicateCount = 0;

    // The order number when the callback matched an order, else the PlatformOrderNo Haier sent.
    QString shownOrderNumber() const { return orderNumber.isEmpty() ? platformOrderNo : orderNumber; }
};

struct CallbackBodies
{
    QString rawBody; // redacted when stored
    QString data;    // the Data string as received
};

// Received callbacks, newest first, in keyset pages (never the whole table). refreshNewRows() adds
// callbacks that arrived since at the top without a reset, so a view keeps its selection and scroll.
class CallbackLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallbackLogModel)

public:
    enum Column { ReceivedAt, Method, OrderNumber, State, Validity, Outcome, Reason, Duplicates, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole + 1, IdRole, RawBodyRole, DataRole };

    explicit CallbackLogModel(Database &db, QObject *parent = nullptr);

    void setFilter(const CallbackLogFilter &filter); // reloads
    const CallbackLogFilter &filter() const { return m_filter; }
    void reload();
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    QString lastError() const { return m_error; }
    const CallbackLogRow *rowAt(int row) const;
    std::optional<CallbackBodies> bodies(int row, QString *error = nullptr) const;

    // Inserts the matching callbacks stored since the last load or refresh at the top and updates the
    // repeat counts of the newest rows. Returns how many rows were added (-1: the read failed).
    int refreshNewRows();

    // Every callback matching the filter (not only the loaded rows), read page by page: BOM, header, rows.
    bool exportCsv(QIODevice &out, QString *error) const;
    bool exportCsv(const QString &path, QString *error) const;

    static QString methodLabel(const QString &method);
    static QString outcomeLabel(const QString &outcome);
    static QString stateLabel(const QString &method, const QString &state);
    QString displayText(const CallbackLogRow &row, int column) const;

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
    QList<CallbackLogRow> query(qint64 beforeId, qint64 afterId, qint64 upToId, int limit, QString *error) const;
    qint64 maxId(QString *error) const;
    void fail(const QString &error);

    Database &m_db;
    CallbackLogFilter m_filter;
    QList<CallbackLogRow> m_rows;
    qint64 m_highWater = 0; // every callback up to this id has been considered
    int m_pageSize = 200;
    bool m_atEnd = true;
    bool m_resetting = false;
    bool m_fetching = false;
    QString m_error;
    mutable qint64 m_bodiesId = 0; // the one row whose bodies are kept, for the detail pane
    mutable CallbackBodies m_bodies;
};
