#include "models/callbacklogmodel.h"

#include "models/csvexport.h"
#include "models/database.h"
#include "models/logsql.h"

#include <QDateTime>
#include <QHash>
#include <QIODevice>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

namespace {
constexpr int ExportPageRows = 1000;
// More new callbacks than this since the last refresh: reload instead of inserting them one by one.
constexpr int RefreshPages = 5;
} // namespace

CallbackLogModel::CallbackLogModel(Database &db, QObject *parent) : QAbstractTableModel(parent), m_db(db)
{
}

QString CallbackLogModel::methodLabel(const QString &method)
{
    if (method == QLatin1String("hmm.scm_heorder.confirm"))
        return tr("Confirmation");
    if (method == QLatin1String("hmm.scm_heorder.cancel"))
        return tr("Cancellation");
    if (method == QLatin1String("hmm.scm_heorder.oostock"))
        return tr("Out of stock");
    return method; // refused callbacks may name anything
}

QString CallbackLogModel::outcomeLabel(const QString &outcome)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("applied"), QT_TR_NOOP("Applied to the order")},
        {QStringLiteral("duplicate"), QT_TR_NOOP("Repeat (counted only)")},
        {QStringLiteral("stale"), QT_TR_NOOP("Older than the order's state (ignored)")},
        {QStringLiteral("orphan"), QT_TR_NOOP("Unknown order (kept)")},
        {QStringLiteral("refused"), QT_TR_NOOP("Refused")},
        {QStringLiteral("no_change"), QT_TR_NOOP("No change")}};
    const char *label = labels.value(outcome);
    return label ? tr(label) : outcome;
}

QString CallbackLogModel::stateLabel(const QString &method, const QString &state)
{
    if (method == QLatin1String("hmm.scm_heorder.confirm")) {
        if (state == QLatin1String("1"))
            return tr("Accepted");
        if (state == QLatin1String("0"))
            return tr("Refused");
    } else if (method == QLatin1String("hmm.scm_heorder.cancel")) {
        if (state == QLatin1String("1"))
            return tr("Cancelled");
        if (state == QLatin1String("0"))
            return tr("Not cancelled");
        if (state == QLatin1String("2"))
            return tr("Partly cancelled");
    }
    return state;
}

QString CallbackLogModel::displayText(const CallbackLogRow &r, int column) const
{
    switch (column) {
    case ReceivedAt: return QDateTime::fromMSecsSinceEpoch(r.receivedAt).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Method: return methodLabel(r.method);
    case OrderNumber: return r.shownOrderNumber();
    case State: return stateLabel(r.method, r.state);
    case Validity: return r.valid ? tr("Valid") : tr("Refused");
    case Outcome: return outcomeLabel(r.outcome);
    case Reason:
        if (r.valid)
            return r.failMsg;
        return r.refusalReason.isEmpty() ? r.refusalCode : r.refusalReason;
    case Duplicates: return QString::number(r.duplicateCount);
    default: return QString();
    }
}

void CallbackLogModel::setFilter(const CallbackLogFilter &filter)
{
    m_filter = filter;
    reload();
}

void CallbackLogModel::fail(const QString &error)
{
    m_error = error;
    emit loadFailed(tr("The callbacks could not be read from the database: %1").arg(error));
}

void CallbackLogModel::reload()
{
    // The first page is read inside the reset; views asking for more meanwhile are ignored.
    beginResetModel();
    m_resetting = true;
    m_rows.clear();
    m_error.clear();
    m_bodiesId = 0;
    QString error;
    m_highWater = maxId(&error);
    if (error.isEmpty())
        m_rows = query(0, 0, m_highWater, m_pageSize, &error);
    m_atEnd = !error.isEmpty() || m_rows.size() < m_pageSize;
    endResetModel();
    m_resetting = false;
    if (!error.isEmpty())
        fail(error);
}

qint64 CallbackLogModel::maxId(QString *error) const
{
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM console_callbacks")) || !q.next()) {
        *error = sqlErrorText(q.lastError());
        return 0;
    }
    return q.value(0).toLongLong();
}

QList<CallbackLogRow> CallbackLogModel::query(qint64 beforeId, qint64 afterId, qint64 upToId, int limit,
                                              QString *error) const
{
    QStringList where;
    QVariantList binds;
    const QString text = m_filter.text.trimmed();
    if (!text.isEmpty()) {
        where << QStringLiteral("(%1 OR %2 OR %3)")
                     .arg(LogSql::containsClause(QStringLiteral("c.platform_order_no")),
                          LogSql::containsClause(QStringLiteral("c.ext_order_no")),
                          LogSql::containsClause(QStringLiteral("COALESCE(o.order_number, '')")));
        const QString pattern = LogSql::containsPattern(text);
        binds << pattern << pattern << pattern;
    }
    if (!m_filter.method.isEmpty()) {
        where << QStringLiteral("c.method = ?");
        binds << m_filter.method;
    }
    if (m_filter.validity != CallbackLogFilter::Validity::All) {
        where << QStringLiteral("c.valid = ?");
        binds << m_db.boolToDb(m_filter.validity == CallbackLogFilter::Validity::ValidOnly);
    }
    if (m_filter.from.isValid()) {
        where << QStringLiteral("c.received_at >= ?");
        binds << LogSql::dayStartMs(m_filter.from);
    }
    if (m_filter.to.isValid()) {
        where << QStringLiteral("c.received_at < ?");
        binds << LogSql::dayStartMs(m_filter.to.addDays(1));
    }
    if (beforeId > 0) {
        where << QStringLiteral("c.id < ?");
        binds << beforeId;
    }
    if (afterId > 0) {
        where << QStringLiteral("c.id > ?");
        binds << afterId;
    }
    if (upToId >= 0) {
        where << QStringLiteral("c.id <= ?");
        binds << upToId;
    }
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT c.id, c.received_at, c.profile, c.method, COALESCE(o.order_number, ''), c.platform_order_no, "
                             "c.ext_order_no, c.state, c.fail_msg, c.valid, c.outcome, c.refusal_code, c.refusal_reason, "
                             "c.duplicate_count FROM console_callbacks c LEFT JOIN orders_order o ON o.id = c.order_id "
                             "%1 ORDER BY c.id DESC LIMIT %2")
                  .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND ")))
                  .arg(qMax(0, limit)));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    QList<CallbackLogRow> rows;
    if (!q.exec()) {
        *error = sqlErrorText(q.lastError());
        return rows;
    }
    while (q.next()) {
        CallbackLogRow r;
        r.id = q.value(0).toLongLong();
        r.receivedAt = q.value(1).toLongLong();
        r.profile = q.value(2).toString();
        r.method = q.value(3).toString();
        r.orderNumber = q.value(4).toString();
        r.platformOrderNo = q.value(5).toString();
        r.extOrderNo = q.value(6).toString();
        r.state = q.value(7).toString();
        r.failMsg = q.value(8).toString();
        r.valid = q.value(9).toBool();
        r.outcome = q.value(10).toString();
        r.refusalCode = q.value(11).toString();
        r.refusalReason = q.value(12).toString();
        r.duplicateCount = q.value(13).toInt();
        rows.append(r);
    }
    return rows;
}

const CallbackLogRow *CallbackLogModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

std::optional<CallbackBodies> CallbackLogModel::bodies(int row, QString *error) const
{
    const CallbackLogRow *r = rowAt(row);
    if (!r)
        return std::nullopt;
    if (m_bodiesId == r->id)
        return m_bodies;
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT raw_body, data FROM console_callbacks WHERE id = ?"));
    q.addBindValue(r->id);
    if (!q.exec() || !q.next()) {
        if (error)
            *error = q.lastError().isValid() ? sqlErrorText(q.lastError()) : tr("the callback is no longer stored");
        return std::nullopt;
    }
    m_bodies = {q.value(0).toString(), q.value(1).toString()};
    m_bodiesId = r->id;
    return m_bodies;
}

int CallbackLogModel::refreshNewRows()
{
    if (m_resetting || m_fetching)
        return 0;
    QString error;
    const qint64 top = maxId(&error);
    if (!error.isEmpty()) {
        fail(error);
        return -1;
    }
    int added = 0;
    if (top > m_highWater) {
        const int cap = m_pageSize * RefreshPages;
        const QList<CallbackLogRow> fresh = query(0, m_highWater, top, cap + 1, &error);
        if (!error.isEmpty()) {
            fail(error);
            return -1;
        }
        if (fresh.size() > cap) {
            reload();
            return int(fresh.size());
        }
        m_highWater = top;
        if (!fresh.isEmpty()) {
            // Views and testers asking for the next page while we insert are told to wait.
            m_fetching = true;
            beginInsertRows(QModelIndex(), 0, int(fresh.size()) - 1);
            m_rows = fresh + m_rows;
            endInsertRows();
            m_fetching = false;
            added = int(fresh.size());
        }
    }

    // A repeat of a stored callback only raises its count: re-read the counts of the newest page.
    const int newest = int(qMin<qsizetype>(m_rows.size(), m_pageSize));
    if (newest == 0)
        return added;
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, duplicate_count FROM console_callbacks WHERE id >= ? AND id <= ? AND duplicate_count > 0"));
    q.addBindValue(m_rows.at(newest - 1).id);
    q.addBindValue(m_rows.at(0).id);
    if (!q.exec()) {
        fail(sqlErrorText(q.lastError()));
        return -1;
    }
    QHash<qint64, int> counts;
    while (q.next())
        counts.insert(q.value(0).toLongLong(), q.value(1).toInt());
    for (int row = 0; row < newest; ++row) {
        CallbackLogRow &r = m_rows[row];
        const int count = counts.value(r.id, 0);
        if (count != r.duplicateCount) {
            r.duplicateCount = count;
            emit dataChanged(index(row, Duplicates), index(row, Duplicates));
        }
    }
    return added;
}

int CallbackLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CallbackLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool CallbackLogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void CallbackLogModel::fetchMore(const QModelIndex &parent)
{
    // Views (and model testers) call fetchMore from inside our own change signals: one page at a time.
    if (parent.isValid() || m_atEnd || m_resetting || m_fetching || m_rows.isEmpty())
        return;
    m_fetching = true;
    const auto done = qScopeGuard([this] { m_fetching = false; });
    QString error;
    const QList<CallbackLogRow> page = query(m_rows.constLast().id, 0, -1, m_pageSize, &error);
    if (!error.isEmpty()) {
        m_atEnd = true;
        fail(error);
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

QVariant CallbackLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return QVariant();
    const CallbackLogRow &r = m_rows.at(index.row());
    switch (role) {
    case IdRole: return r.id;
    case RawBodyRole:
    case DataRole: {
        const std::optional<CallbackBodies> b = bodies(index.row());
        if (!b)
            return QVariant();
        return role == RawBodyRole ? b->rawBody : b->data;
    }
    case Qt::TextAlignmentRole:
        return index.column() == Duplicates ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        return index.column() == Method ? r.method : displayText(r, index.column());
    case Qt::DisplayRole: return displayText(r, index.column());
    case RawValueRole:
        switch (index.column()) {
        case ReceivedAt: return r.receivedAt;
        case Method: return r.method;
        case OrderNumber: return r.shownOrderNumber();
        case State: return r.state;
        case Validity: return r.valid;
        case Outcome: return r.outcome;
        case Reason: return displayText(r, Reason);
        case Duplicates: return r.duplicateCount;
        default: return QVariant();
        }
    default: return QVariant();
    }
}

QVariant CallbackLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ReceivedAt: return tr("Received");
    case Method: return tr("Method");
    case OrderNumber: return tr("Order number");
    case State: return tr("State");
    case Validity: return tr("Valid / refused");
    case Outcome: return tr("Outcome");
    case Reason: return tr("Reason / message");
    case Duplicates: return tr("Repeats");
    default: return QVariant();
    }
}

bool CallbackLogModel::exportCsv(QIODevice &out, QString *error) const
{
    QStringList header;
    for (int column = 0; column < ColumnCount; ++column)
        header << headerData(column, Qt::Horizontal).toString();
    header << tr("PlatformOrderNo") << tr("Haier order number (ExtOrderNo)") << tr("Profile");
    if (out.write(Csv::bom() + Csv::record(header)) < 0) {
        if (error)
            *error = tr("The export could not be written: %1").arg(out.errorString());
        return false;
    }
    qint64 before = 0;
    for (;;) {
        QString readError;
        const QList<CallbackLogRow> page = query(before, 0, -1, ExportPageRows, &readError);
        if (!readError.isEmpty()) {
            if (error)
                *error = tr("The callbacks could not be read from the database: %1").arg(readError);
            return false;
        }
        QByteArray chunk;
        for (const CallbackLogRow &r : page) {
            QStringList fields;
            for (int column = 0; column < ColumnCount; ++column)
                fields << displayText(r, column);
            fields << r.platformOrderNo << r.extOrderNo << r.profile;
            chunk += Csv::record(fields);
        }
        if (out.write(chunk) < 0) {
            if (error)
                *error = tr("The export could not be written: %1").arg(out.errorString());
            return false;
        }
        if (page.size() < ExportPageRows)
            return true;
        before = page.constLast().id;
    }
}

bool CallbackLogModel::exportCsv(const QString &path, QString *error) const
{
    return Csv::writeFile(path, [this](QIODevice &out, QString *e) { return exportCsv(out, e); }, error);
}
