#pragma once

// Small helpers shared by the benchmarks: timing, percentiles, peak memory, the table line.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTextStream>
#include <QUrl>

#include <algorithm>
#include <cstdio>

namespace Bench {

inline double percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const qsizetype index = std::min<qsizetype>(samples.size() - 1, qsizetype(p * double(samples.size() - 1) + 0.5));
    return samples.at(index);
}

// Peak resident memory of this process in MiB (Linux VmHWM).
inline double peakRssMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}

inline void row(const QString &metric, const QString &value, const QString &target)
{
    QTextStream out(stdout);
    out << "| " << metric << " | " << value << " | " << target << " |" << Qt::endl;
}

// A new, empty database `name` on the PostgreSQL server of `serverUrl` (dropped first if it exists);
// its URL, or an empty string with *error set.
inline QString freshPgDatabase(const QString &serverUrl, const QString &name, QString *error)
{
    QUrl url(serverUrl);
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench-admin"));
        admin.setHostName(url.host());
        if (url.port() > 0)
            admin.setPort(url.port());
        admin.setUserName(url.userName());
        admin.setPassword(url.password());
        admin.setDatabaseName(url.path().mid(1));
        QSqlQuery q(admin);
        if (!admin.open() || !q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name))
            || !q.exec(QStringLiteral("CREATE DATABASE %1").arg(name))) {
            *error = admin.lastError().text() + q.lastError().text();
            return QString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-admin"));
    url.setPath(QLatin1Char('/') + name);
    return url.toString();
}

} // namespace Bench
