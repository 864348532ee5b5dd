#include "models/regioncodes.h"

#include "models/database.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace {

QString firstValue(QSqlQuery &q, QString *error)
{
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return {};
    }
    QString code;
    int rows = 0;
    while (q.next()) {
        code = q.value(0).toString();
        ++rows;
    }
    return rows == 1 ? code : QString(); // ambiguous or unknown
}

// Splits one CSV line (RFC 4180 quoting; no line breaks inside fields for this table).
QStringList splitCsvLine(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field.trimmed();
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field.trimmed();
    return fields;
}

} // namespace

QString RegionCodes::lookup(const QString &province, const QString &city, const QString &district, QString *error)
{
    const QString p = province.trimmed(), c = city.trimmed(), d = district.trimmed();
    if (d.isEmpty())
        return {};
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT county_code FROM console_region_codes WHERE province = ? AND city = ? AND district = ?"));
    q.addBindValue(p);
    q.addBindValue(c);
    q.addBindValue(d);
    QString code = firstValue(q, error);
    if (!code.isEmpty())
        return code;
    q.prepare(QStringLiteral("SELECT county_code FROM console_region_codes WHERE city = ? AND district = ?"));
    q.addBindValue(c);
    q.addBindValue(d);
    code = firstValue(q, error);
    if (!code.isEmpty())
        return code;
    q.prepare(QStringLiteral("SELECT county_code FROM console_region_codes WHERE district = ?"));
    q.addBindValue(d);
    return firstValue(q, error);
}

RegionCodes::ImportResult RegionCodes::importCsv(const QByteArray &csv, QString *error)
{
    ImportResult result;
    QByteArray bytes = csv;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QString text = QString::fromUtf8(bytes);
    if (text.contains(QChar::ReplacementCharacter) || text.contains(QChar(0))) {
        result.problems << QCoreApplication::translate("RegionCodes", "The file is not UTF-8 text; save it as UTF-8 CSV and import again.");
        return result;
    }
    static const QRegularExpression code(QStringLiteral("^\\d{6}$"));
    QList<RegionCode> rows;
    const QStringList lines = text.split(QRegularExpression(QStringLiteral("\\r?\\n")));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList f = splitCsvLine(line);
        if (i == 0 && f.size() == 4 && !f.at(3).contains(QRegularExpression(QStringLiteral("\\d"))))
            continue; // header
        const QString where = QCoreApplication::translate("RegionCodes", "line %1").arg(i + 1);
        if (f.size() != 4) {
            result.problems << QCoreApplication::translate("RegionCodes", "%1: expected 4 fields (province,city,district,code), found %2")
                                   .arg(where).arg(f.size());
        } else if (f.at(0).isEmpty() || f.at(1).isEmpty() || f.at(2).isEmpty()) {
            result.problems << QCoreApplication::translate("RegionCodes", "%1: province, city and district must not be empty").arg(where);
        } else if (!code.match(f.at(3)).hasMatch()) {
            result.problems << QCoreApplication::translate("RegionCodes", "%1: \"%2\" is not a 6-digit county code").arg(where, f.at(3).left(40));
        } else if (f.at(0).size() > 50 || f.at(1).size() > 50 || f.at(2).size() > 50) {
            result.problems << QCoreApplication::translate("RegionCodes", "%1: a name is longer than 50 characters").arg(where);
        } else {
            rows.append({f.at(0), f.at(1), f.at(2), f.at(3)});
        }
        if (result.problems.size() >= 20)
            break;
    }
    if (!result.problems.isEmpty())
        return result;
    if (rows.isEmpty()) {
        result.problems << QCoreApplication::translate("RegionCodes", "The file has no rows to import.");
        return result;
    }
    if (!m_db.beginWrite(error))
        return result;
    QSqlQuery exists(m_db.sql()), del(m_db.sql()), ins(m_db.sql());
    exists.prepare(QStringLiteral("SELECT 1 FROM console_region_codes WHERE province = ? AND city = ? AND district = ?"));
    del.prepare(QStringLiteral("DELETE FROM console_region_codes WHERE province = ? AND city = ? AND district = ?"));
    ins.prepare(QStringLiteral("INSERT INTO console_region_codes (province, city, district, county_code) VALUES (?, ?, ?, ?)"));
    ImportResult counted;
    for (const RegionCode &r : std::as_const(rows)) {
        for (QSqlQuery *q : {&exists, &del}) {
            q->addBindValue(r.province);
            q->addBindValue(r.city);
            q->addBindValue(r.district);
        }
        const bool had = exists.exec() && exists.next();
        ins.addBindValue(r.province);
        ins.addBindValue(r.city);
        ins.addBindValue(r.district);
        ins.addBindValue(r.countyCode);
        if (!del.exec() || !ins.exec()) {
            if (error)
                *error = sqlErrorText(ins.lastError().isValid() ? ins.lastError() : del.lastError());
            m_db.sql().rollback();
            return result;
        }
        had ? ++counted.replaced : ++counted.added;
    }
    if (!m_db.sql().commit()) {
        if (error)
            *error = sqlErrorText(m_db.sql().lastError());
        m_db.sql().rollback();
        return result;
    }
    return counted;
}

QList<RegionCode> RegionCodes::list(const QString &search, int limit, QString *error)
{
    QList<RegionCode> rows;
    QSqlQuery q(m_db.sql());
    q.setForwardOnly(true);
    const QString s = search.trimmed();
    if (s.isEmpty()) {
        q.prepare(QStringLiteral("SELECT province, city, district, county_code FROM console_region_codes "
                                 "ORDER BY county_code LIMIT ?"));
    } else {
        q.prepare(QStringLiteral("SELECT province, city, district, county_code FROM console_region_codes "
                                 "WHERE province = ? OR city = ? OR district = ? OR county_code LIKE ? ORDER BY county_code LIMIT ?"));
        q.addBindValue(s);
        q.addBindValue(s);
        q.addBindValue(s);
        q.addBindValue(QString(s).replace(QLatin1Char('%'), QString()).replace(QLatin1Char('_'), QString()) + QLatin1Char('%'));
    }
    q.addBindValue(qMax(1, limit));
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return rows;
    }
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
    return rows;
}

int RegionCodes::count(QString *error)
{
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM console_region_codes")) || !q.next()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return -1;
    }
    return q.value(0).toInt();
}
