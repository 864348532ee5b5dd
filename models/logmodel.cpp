#include "models/logmodel.h"

#include "models/csvexport.h"
#include "models/database.h"
#include "models/escaping.h"

#include <QDateTime>
#include <QHash>
#include <QIODevice>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextDocument>

namespace {

constexpr int ExportPageRows = 1000;
// More new rows than this since the last refresh: reload instead of inserting them one by one.
constexpr int RefreshPages = 5;
constexpr int MaxDistinctValues = 500;

// `LOWER(column) LIKE ?`: bind containsPattern(text).
QString containsClause(const QString &column)
{
    return QStringLiteral("LOWER(%1) LIKE ? ESCAPE '!'").arg(column);
}

// Finds `text` anywhere, case-insensitively, with LIKE's wildcards in it taken literally.
QString containsPattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(QLatin1Char('!'), QLatin1String("!!")).replace(QLatin1Char('%'), QLatin1String("!%")).replace(QLatin1Char('_'), QLatin1String("!_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// The first instant of a local calendar day, in epoch ms.
qint64 dayStartMs(const QDate &day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

} // namespace

LogModel::LogModel(Database &db, LogTable table, QObject *parent)
    : QAbstractTableModel(parent), m_db(db), m_table(std::move(table))
{
}

QString LogModel::displayText(const LogRow &row, int column) const
{
    if (column < 0 || column >= m_table.columns.size())
        return QString();
    return m_table.columns.at(column).text(row);
}

void LogModel::setFilter(const LogFilter &filter)
{
    m_filter = filter;
    reload();
}

void LogModel::fail(const QString &error)
{
    m_error = error;
    emit loadFailed(m_table.texts.readFailed.arg(error));
}

void LogModel::reload()
{
    // The first page is read inside the reset; views asking for more meanwhile are ignored.
    beginResetModel();
    m_resetting = true;
    m_rows.clear();
    m_error.clear();
    m_detailsId = 0;
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

qint64 LogModel::maxId(QString *error) const
{
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM %1").arg(m_table.table)) || !q.next()) {
        *error = sqlErrorText(q.lastError());
        return 0;
    }
    return q.value(0).toLongLong();
}

QList<LogRow> LogModel::query(qint64 beforeId, qint64 afterId, qint64 upToId, int limit, QString *error) const
{
    QStringList where;
    QVariantList binds;
    const QString text = m_filter.text.trimmed();
    if (!text.isEmpty() && !m_table.searchColumns.isEmpty()) {
        QStringList any;
        const QString pattern = containsPattern(text);
        for (const QString &column : m_table.searchColumns) {
            any << containsClause(column);
            binds << pattern;
        }
        where << QLatin1Char('(') + any.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    for (const LogChoiceFilter &choice : m_table.choices) {
        const QString value = m_filter.choice(choice.key);
        if (value.isEmpty())
            continue;
        QString clause;
        for (const LogChoice &option : choice.options) {
            if (option.value == value)
                clause = option.clause;
        }
        if (clause.isEmpty() && !choice.column.isEmpty())
            clause = choice.column + QStringLiteral(" = ?");
        if (clause.isEmpty())
            continue;
        where << clause;
        if (clause.contains(QLatin1Char('?')))
            binds << value;
    }
    if (m_filter.from.isValid()) {
        where << m_table.timeColumn + QStringLiteral(" >= ?");
        binds << dayStartMs(m_filter.from);
    }
    if (m_filter.to.isValid()) {
        where << m_table.timeColumn + QStringLiteral(" < ?");
        binds << dayStartMs(m_filter.to.addDays(1));
    }
    if (beforeId > 0) {
        where << m_table.idColumn + QStringLiteral(" < ?");
        binds << beforeId;
    }
    if (afterId > 0) {
        where << m_table.idColumn + QStringLiteral(" > ?");
        binds << afterId;
    }
    if (upToId >= 0) {
        where << m_table.idColumn + QStringLiteral(" <= ?");
        binds << upToId;
    }
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1, %2 FROM %3 %4 ORDER BY %1 DESC LIMIT %5")
                  .arg(m_table.idColumn, m_table.fields.join(QLatin1String(", ")), m_table.from,
                       where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND ")))
                  .arg(qMax(0, limit)));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    QList<LogRow> rows;
    if (!q.exec()) {
        *error = sqlErrorText(q.lastError());
        return rows;
    }
    const int fieldCount = int(m_table.fields.size());
    while (q.next()) {
        LogRow r;
        r.id = q.value(0).toLongLong();
        r.fields.reserve(fieldCount);
        for (int i = 1; i <= fieldCount; ++i)
            r.fields << q.value(i);
        rows.append(r);
    }
    return rows;
}

const LogRow *LogModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

std::optional<QStringList> LogModel::details(int row, QString *error) const
{
    const LogRow *r = rowAt(row);
    if (!r || m_table.detailColumns.isEmpty())
        return std::nullopt;
    if (m_detailsId == r->id)
        return m_details;
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(m_table.detailColumns.join(QLatin1String(", ")), m_table.table));
    q.addBindValue(r->id);
    if (!q.exec() || !q.next()) {
        if (error)
            *error = q.lastError().isValid() ? sqlErrorText(q.lastError()) : m_table.texts.rowGone;
        return std::nullopt;
    }
    QStringList values;
    for (int i = 0; i < m_table.detailColumns.size(); ++i)
        values << q.value(i).toString();
    m_details = values;
    m_detailsId = r->id;
    return m_details;
}

QStringList LogModel::distinctValues(const QString &key, QString *error) const
{
    QStringList values;
    for (const LogChoiceFilter &choice : m_table.choices) {
        if (choice.key != key || !choice.distinct || choice.column.isEmpty())
            continue;
        QSqlQuery q(m_db.sql());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT DISTINCT %1 FROM %2 WHERE %1 <> '' ORDER BY %1 LIMIT %3")
                        .arg(choice.column, m_table.table)
                        .arg(MaxDistinctValues))) {
            if (error)
                *error = sqlErrorText(q.lastError());
            return values;
        }
        while (q.next())
            values << q.value(0).toString();
    }
    return values;
}

int LogModel::refreshNewRows()
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
        const QList<LogRow> fresh = query(0, m_highWater, top, cap + 1, &error);
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
    return refreshLiveCounts() ? added : -1;
}

bool LogModel::refreshLiveCounts()
{
    // A repeat of a stored row only raises its count: re-read the counts of the newest page.
    const int newest = int(qMin<qsizetype>(m_rows.size(), m_pageSize));
    if (m_table.liveCountColumn.isEmpty() || newest == 0)
        return true;
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, %1 FROM %2 WHERE id >= ? AND id <= ? AND %1 > 0").arg(m_table.liveCountColumn, m_table.table));
    q.addBindValue(m_rows.at(newest - 1).id);
    q.addBindValue(m_rows.at(0).id);
    if (!q.exec()) {
        fail(sqlErrorText(q.lastError()));
        return false;
    }
    QHash<qint64, int> counts;
    while (q.next())
        counts.insert(q.value(0).toLongLong(), q.value(1).toInt());
    const int field = m_table.liveCountField;
    const int column = m_table.liveCountDisplayColumn;
    for (int row = 0; row < newest; ++row) {
        LogRow &r = m_rows[row];
        const int count = counts.value(r.id, 0);
        if (count != r.value(field).toInt()) {
            r.fields[field] = count;
            emit dataChanged(index(row, column), index(row, column));
        }
    }
    return true;
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.columns.size());
}

bool LogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void LogModel::fetchMore(const QModelIndex &parent)
{
    // Views (and model testers) call fetchMore from inside our own change signals: one page at a time.
    if (parent.isValid() || m_atEnd || m_resetting || m_fetching || m_rows.isEmpty())
        return;
    m_fetching = true;
    const auto done = qScopeGuard([this] { m_fetching = false; });
    QString error;
    const QList<LogRow> page = query(m_rows.constLast().id, 0, -1, m_pageSize, &error);
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

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_table.columns.size())
        return QVariant();
    const LogRow &r = m_rows.at(index.row());
    const LogColumn &column = m_table.columns.at(index.column());
    if (role >= DetailRole) {
        const std::optional<QStringList> d = details(index.row());
        const int which = role - DetailRole;
        return d && which < d->size() ? QVariant(d->at(which)) : QVariant();
    }
    switch (role) {
    case IdRole: return r.id;
    case Qt::TextAlignmentRole: return column.alignRight ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole: {
        // Tool tips guess rich text from the text itself: received markup is shown as the characters it is.
        const QString tip = Escaping::controls(column.toolTip ? column.toolTip(r) : column.text(r));
        return Qt::mightBeRichText(tip) ? Qt::convertFromPlainText(tip, Qt::WhiteSpaceNoWrap) : tip;
    }
    case Qt::DisplayRole: return Escaping::controls(column.text(r));
    case RawValueRole: return column.raw ? column.raw(r) : QVariant(column.text(r));
    default: return QVariant();
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_table.columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return m_table.columns.at(section).header;
}

bool LogModel::exportCsv(QIODevice &out, QString *error) const
{
    QStringList header;
    for (const LogColumn &column : m_table.columns)
        header << column.header;
    header << m_table.extraExportHeaders;
    if (out.write(Csv::bom() + Csv::record(header)) < 0) {
        if (error)
            *error = tr("The export could not be written: %1").arg(out.errorString());
        return false;
    }
    qint64 before = 0;
    for (;;) {
        QString readError;
        const QList<LogRow> page = query(before, 0, -1, ExportPageRows, &readError);
        if (!readError.isEmpty()) {
            if (error)
                *error = m_table.texts.readFailed.arg(readError);
            return false;
        }
        QByteArray chunk;
        for (const LogRow &r : page) {
            QStringList fields;
            for (const LogColumn &column : m_table.columns)
                fields << column.text(r);
            if (m_table.extraExportFields)
                fields << m_table.extraExportFields(r);
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

bool LogModel::exportCsv(const QString &path, QString *error) const
{
    return Csv::writeFile(path, [this](QIODevice &out, QString *e) { return exportCsv(out, e); }, error);
}
