#pragma once

#include <QList>
#include <QString>

class Database;

struct RegionCode
{
    QString province;
    QString city;
    QString district;
    QString countyCode; // 6 digits (GB/T 2260)
};

// The county codes the open platform's stock call needs, looked up from an order's address names
// (console_region_codes). Shops import the national table as CSV; a few rows ship with the schema.
class RegionCodes final
{
public:
    explicit RegionCodes(Database &db) : m_db(db) {}

    // The code for an address: exact province + city + district first, then the district within the
    // city, then the district alone when it is unambiguous. Empty when unknown.
    QString lookup(const QString &province, const QString &city, const QString &district, QString *error = nullptr);

    struct ImportResult
    {
        int added = 0;
        int replaced = 0;
        QStringList problems; // "line 12: …" — nothing is written when there is any
    };
    // CSV in UTF-8 (a BOM is allowed): province,city,district,code per line; a header line is skipped.
    // All or nothing: one bad line and no row is written.
    ImportResult importCsv(const QByteArray &csv, QString *error);
    QList<RegionCode> list(const QString &search, int limit, QString *error = nullptr);
    int count(QString *error = nullptr);

private:
    Database &m_db;
};
