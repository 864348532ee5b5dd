#include "models/csvexport.h"

#include "models/privatefile.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace Csv {

QByteArray field(const QString &value)
{
    QString text = value;
    if (!text.isEmpty()) {
        const QChar first = text.at(0);
        bool number = false;
        text.toDouble(&number);
        if (!number && (first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-')
                        || first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r')))
            text.prepend(QLatin1Char('\''));
    }
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n'))
                       || text.contains(QLatin1Char('\r'));
    if (!quote)
        return text.toUtf8();
    text.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return '"' + text.toUtf8() + '"';
}

QByteArray record(const QStringList &fields)
{
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += field(fields.at(i));
    }
    line += "\r\n";
    return line;
}

QByteArray bom()
{
    return QByteArrayLiteral("\xEF\xBB\xBF");
}

bool writeFile(const QString &path, const std::function<bool(QIODevice &, QString *)> &writeRows, QString *error)
{
    auto fail = [&](const QString &reason) {
        if (error)
            *error = QCoreApplication::translate("Csv", "The file %1 could not be written: %2").arg(path, reason);
        return false;
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    // Exports hold names, phones and addresses: owner-only before the first row is written.
    if (!PrivateFile::restrict(file))
        return fail(file.errorString());
    QString rowsError;
    if (!writeRows(file, &rowsError)) {
        file.cancelWriting();
        if (error)
            *error = rowsError;
        return false;
    }
    if (!file.commit())
        return fail(file.errorString());
    return true;
}

} // namespace Csv
