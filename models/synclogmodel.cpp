#include "models/synclogmodel.h"

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
// More new calls than this since the last refresh: reload instead of inserting them one by one.
constexpr int RefreshPages = 5;
} // namespace

SyncLogModel::SyncLogModel(Database &db, QObject *parent) : QAbstractTableModel(parent), m_db(db)
{
}

QStringList SyncLogModel::knownOperations()
{
    return {QStringLiteral("ylh.token"),          QStringLiteral("ylh.create_order"),
            QStringLiteral("ylh.cancel_order"),   QStringLiteral("ylh.update_distribution_time"),
            QStringLiteral("ylh.delivery_images"), QStringLiteral("ylh.logistics"),
            QStringLiteral("openplat.token"),     QStringLiteral("openplat.products"),
            QStringLiteral("openplat.prices"),    QStringLiteral("openplat.stock"),
            QStringLiteral("openplat.logistics"), QStringLiteral("openplat.balance")};
}

QString SyncLogModel::kindLabel(const QString &kind)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("ok"), QT_TR_NOOP("OK")},
        {QStringLiteral("duplicate"), QT_TR_NOOP("Already at Haier (same soId)")},
        {QStringLiteral("business_rejection"), QT_TR_NOOP("Refused by Haier")},
        {QStringLiteral("auth"), QT_TR_NOOP("Sign-in failed")},
        {QStringLiteral("forbidden"), QT_TR_NOOP("No permission or IP not whitelisted")},
        {QStringLiteral("timeout"), QT_TR_NOOP("No answer in time")},
        {QStringLiteral("connection"), QT_TR_NOOP("Could not connect")},
        {QStringLiteral("server"), QT_TR_NOOP("Haier server error")},
        {QStringLiteral("rate_limited"), QT_TR_NOOP("Too many requests")},
        {QStringLiteral("malformed"), QT_TR_NOOP("Answer not understood")},
        {QStringLiteral("refused"), QT_TR_NOOP("Stopped before sending")}};
    const char *label = labels.value(kind);
    return label ? tr(label) : kind;
}

QString SyncLogModel::displayText(const SyncLogRow &r, int column) const
{
    switch (column) {
    case At: return QDateTime::fromMSecsSinceEpoch(r.at).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Operation: return r.operation;
    case OrderNumber: return r.orderNumber;
    case HttpStatus: return r.httpStatus > 0 ? QString::number(r.httpStatus) : QString();
    case Latency: return QString::number(r.latencyMs);
    case Kind: return kindLabel(r.kind);
    case Message: return r.message;
    default: return QString();
    }
}

void SyncLogModel::setFilter(const SyncLogFilter &filter)
{
    m_filter = filter;
    reload();
}

void SyncLogModel::fail(const QString &error)
{
    m_error = error;
    emit loadFailed(tr("The sync log could not be read from the database: %1").arg(error));
}

void SyncLogModel::reload()
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

qint64 SyncLogModel::maxId(QString *error) const
{
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM console_sync_log")) || !q.next()) {
        *error = sqlErrorText(q.lastError());
        return 0;
    }
    return q.value(0).toLongLong();
}

QList<SyncLogRow> SyncLogModel::query(qint64 beforeId, qint64 afterId, qint64 upToId, int limit, QString *error) const
{
    QStringList where;
    QVariantList binds;
    const QString text = m_filter.text.trimmed();
    if (!text.isEmpty()) {
        where << QStringLiteral("(%1 OR %2)")
                     .arg(LogSql::containsClause(QStringLiteral("order_number")), LogSql::containsClause(QStringLiteral("message")));
        const QString pattern = LogSql::containsPattern(text);
        binds << pattern << pattern;
    }
    if (!m_filter.operation.isEmpty()) {
        where << QStringLiteral("operation = ?");
        binds << m_filter.operation;
    }
    if (m_filter.result == SyncLogFilter::Result::OkOnly)
        where << QStringLiteral("kind IN ('ok', 'duplicate')");
    else if (m_filter.result == SyncLogFilter::Result::ErrorsOnly)
        where << QStringLiteral("kind NOT IN ('ok', 'duplicate')");
    if (m_filter.from.isValid()) {
        where << QStringLiteral("at >= ?");
        binds << LogSql::dayStartMs(m_filter.from);
    }
    if (m_filter.to.isValid()) {
        where << QStringLiteral("at < ?");
        binds << LogSql::dayStartMs(m_filter.to.addDays(1));
    }
    if (beforeId > 0) {
        where << QStringLiteral("id < ?");
        binds << beforeId;
    }
    if (afterId > 0) {
        where << QStringLiteral("id > ?");
        binds << afterId;
    }
    if (upToId >= 0) {
        where << QStringLiteral("id <= ?");
        binds << upToId;
    }
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at, profile, operation, order_number, http_status, latency_ms, kind, message "
                             "FROM console_sync_log %1 ORDER BY id DESC LIMIT %2")
                  .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND ")))
                  .arg(qMax(0, limit)));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    QList<SyncLogRow> rows;
    if (!q.exec()) {
        *error = sqlErrorText(q.lastError());
        return rows;
    }
    while (q.next()) {
        SyncLogRow r;
        r.id = q.value(0).toLongLong();
        r.at = q.value(1).toLongLong();
        r.profile = q.value(2).toString();
        r.operation = q.value(3).toString();
        r.orderNumber = q.value(4).toString();
        r.httpStatus = q.value(5).toInt();
        r.latencyMs = q.value(6).toLongLong();
        r.kind = q.value(7).toString();
        r.message = q.value(8).toString();
        rows.append(r);
    }
    return rows;
}

const SyncLogRow *SyncLogModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

std::optional<SyncLogBodies> SyncLogModel::bodies(int row, QString *error) const
{
    const SyncLogRow *r = rowAt(row);
    if (!r)
        return std::nullopt;
    if (m_bodiesId == r->id)
        return m_bodies;
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT request_body, response_body FROM console_sync_log WHERE id = ?"));
    q.addBindValue(r->id);
    if (!q.exec() || !q.next()) {
        if (error)
            *error = q.lastError().isValid() ? sqlErrorText(q.lastError()) : tr("the call is no longer in the log");
        return std::nullopt;
    }
    m_bodies = {q.value(0).toString(), q.value(1).toString()};
    m_bodiesId = r->id;
    return m_bodies;
}

int SyncLogModel::refreshNewRows()
{
    if (m_resetting || m_fetching)
        return 0;
    QString error;
    const qint64 top = maxId(&error);
    if (!error.isEmpty()) {
        fail(error);
        return -1;
    }
    if (top <= m_highWater)
        return 0;
    const int cap = m_pageSize * RefreshPages;
    const QList<SyncLogRow> fresh = query(0, m_highWater, top, cap + 1, &error);
    if (!error.isEmpty()) {
        fail(error);
        return -1;
    }
    if (fresh.size() > cap) {
        reload();
        return int(fresh.size());
    }
    m_highWater = top;
    if (fresh.isEmpty())
        return 0;
    // Views and testers asking for the next page while we insert are told to wait.
    m_fetching = true;
    beginInsertRows(QModelIndex(), 0, int(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    endInsertRows();
    m_fetching = false;
    return int(fresh.size());
}

int SyncLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SyncLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool SyncLogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void SyncLogModel::fetchMore(const QModelIndex &parent)
{
    // Views (and model testers) call fetchMore from inside our own change signals: one page at a time.
    if (parent.isValid() || m_atEnd || m_resetting || m_fetching || m_rows.isEmpty())
        return;
    m_fetching = true;
    const auto done = qScopeGuard([this] { m_fetching = false; });
    QString error;
    const QList<SyncLogRow> page = query(m_rows.constLast().id, 0, -1, m_pageSize, &error);
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

QVariant SyncLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return QVariant();
    const SyncLogRow &r = m_rows.at(index.row());
    switch (role) {
    case IdRole: return r.id;
    case RequestBodyRole:
    case ResponseBodyRole: {
        const std::optional<SyncLogBodies> b = bodies(index.row());
        if (!b)
            return QVariant();
        return role == RequestBodyRole ? b->request : b->response;
    }
    case Qt::TextAlignmentRole:
        return index.column() == HttpStatus || index.column() == Latency ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        return index.column() == Kind ? r.kind : displayText(r, index.column());
    case Qt::DisplayRole: return displayText(r, index.column());
    case RawValueRole:
        switch (index.column()) {
        case At: return r.at;
        case Operation: return r.operation;
        case OrderNumber: return r.orderNumber;
        case HttpStatus: return r.httpStatus;
        case Latency: return r.latencyMs;
        case Kind: return r.kind;
        case Message: return r.message;
        default: return QVariant();
        }
    default: return QVariant();
    }
}

QVariant SyncLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case At: return tr("Time");
    case Operation: return tr("Operation");
    case OrderNumber: return tr("Order number");
    case HttpStatus: return tr("HTTP");
    case Latency: return tr("Latency (ms)");
    case Kind: return tr("Result");
    case Message: return tr("Message");
    default: return QVariant();
    }
}

bool SyncLogModel::exportCsv(QIODevice &out, QString *error) const
{
    QStringList header;
    for (int column = 0; column < ColumnCount; ++column)
        header << headerData(column, Qt::Horizontal).toString();
    header << tr("Result code") << tr("Profile");
    if (out.write(Csv::bom() + Csv::record(header)) < 0) {
        if (error)
            *error = tr("The export could not be written: %1").arg(out.errorString());
        return false;
    }
    qint64 before = 0;
    for (;;) {
        QString readError;
        const QList<SyncLogRow> page = query(before, 0, -1, ExportPageRows, &readError);
        if (!readError.isEmpty()) {
            if (error)
                *error = tr("The sync log could not be read from the database: %1").arg(readError);
            return false;
        }
        QByteArray chunk;
        for (const SyncLogRow &r : page) {
            QStringList fields;
            for (int column = 0; column < ColumnCount; ++column)
                fields << displayText(r, column);
            fields << r.kind << r.profile;
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

bool SyncLogModel::exportCsv(const QString &path, QString *error) const
{
    return Csv::writeFile(path, [this](QIODevice &out, QString *e) { return exportCsv(out, e); }, error);
}
