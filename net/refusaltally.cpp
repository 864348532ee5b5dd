#include "net/refusaltally.h"

#include <algorithm>

bool RefusalTally::add(const QString &reason, const QString &source, qint64 nowMs)
{
    auto it = m_sources.find(source);
    if (it == m_sources.end()) {
        if (m_sources.size() >= m_maxSources) {
            const auto oldest = std::min_element(m_sources.begin(), m_sources.end(),
                                                 [](const Source &a, const Source &b) { return a.lastSeenMs < b.lastSeenMs; });
            m_sources.erase(oldest);
        }
        it = m_sources.insert(source, Source());
    }
    ++it->perReason[reason];
    it->lastSeenMs = nowMs;

    Minute &minute = m_minute[reason];
    const bool first = minute.count == 0;
    ++minute.count;
    if (minute.perSource.contains(source) || minute.perSource.size() < m_maxSources)
        ++minute.perSource[source];
    return first;
}

QStringList RefusalTally::takeMinute()
{
    QStringList lines;
    for (auto it = m_minute.cbegin(); it != m_minute.cend(); ++it) {
        const Minute &m = it.value();
        QString top;
        qint64 topCount = 0;
        for (auto s = m.perSource.cbegin(); s != m.perSource.cend(); ++s) {
            if (s.value() > topCount || (s.value() == topCount && s.key() < top)) {
                top = s.key();
                topCount = s.value();
            }
        }
        lines.append(QStringLiteral("%1: %2 refused from %3 addresses, most from %4 (%5)")
                         .arg(it.key()).arg(m.count).arg(m.perSource.size()).arg(top).arg(topCount));
    }
    lines.sort();
    m_minute.clear();
    return lines;
}

qint64 RefusalTally::count(const QString &reason, const QString &source) const
{
    const auto it = m_sources.constFind(source);
    return it == m_sources.cend() ? 0 : it->perReason.value(reason);
}
