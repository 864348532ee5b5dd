#pragma once

// Small helpers shared by the benchmarks: timing, percentiles, peak memory, the table line.

#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QString>
#include <QTextStream>

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

} // namespace Bench
