#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

class QIODevice;

// CSV for the operators' spreadsheets: RFC 4180 (quoted when needed, CRLF), UTF-8 with a BOM so
// Excel reads Chinese text correctly.
namespace Csv {

// One field: quoted when it holds a comma, quote, CR or LF (quotes doubled). Text that a spreadsheet
// would run as a formula (=, +, -, @ at the start, not a number) gets a leading apostrophe: callbacks
// can come from anyone on the internet.
QByteArray field(const QString &value);
// A whole record, CRLF included.
QByteArray record(const QStringList &fields);
QByteArray bom();

// Writes `path` all at once (a half-written file never replaces an existing one) with whatever
// `writeRows` writes (starting with bom()). False with *error a sentence for the operator.
bool writeFile(const QString &path, const std::function<bool(QIODevice &out, QString *error)> &writeRows, QString *error);

} // namespace Csv
