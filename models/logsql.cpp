#include "models/logsql.h"

#include <QDateTime>

namespace LogSql {

QString containsClause(const QString &column)
{
    return QStringLiteral("LOWER(%1) LIKE ? ESCAPE '!'").arg(column);
}

QString containsPattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(QLatin1Char('!'), QLatin1String("!!")).replace(QLatin1Char('%'), QLatin1String("!%")).replace(QLatin1Char('_'), QLatin1String("!_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

qint64 dayStartMs(const QDate &day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

} // namespace LogSql
