#pragma once

#include <QDate>
#include <QString>

// SQL pieces the log models share (both dialects).
namespace LogSql {

// `LOWER(column) LIKE ?`: bind containsPattern(text).
QString containsClause(const QString &column);
// Finds `text` anywhere, case-insensitively, with LIKE's wildcards in it taken literally.
QString containsPattern(const QString &text);
// The first instant of a local calendar day, in epoch ms.
qint64 dayStartMs(const QDate &day);

} // namespace LogSql
