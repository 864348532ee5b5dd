#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

// Counts refused callbacks per reason and source address, in memory and bounded: the table keeps the
// MaxSources most recently seen sources (the least recent is forgotten first), and the current minute's
// counts feed one summary line per reason for errors.log, so a flood of forged requests adds a few
// lines a minute to the log instead of one per request and cannot rotate real errors out of it.
class RefusalTally final
{
public:
    static constexpr int DefaultMaxSources = 1000;
    explicit RefusalTally(int maxSources = DefaultMaxSources) : m_maxSources(qMax(1, maxSources)) {}

    // Counts one refusal; true when it is the first of its reason this minute (worth a line of its own).
    bool add(const QString &reason, const QString &source, qint64 nowMs);
    // One line per reason refused since the last call ("bad_sign: 2950 refused from 3 addresses, most
    // from 10.0.0.7 (2900)"), and starts a new minute.
    QStringList takeMinute();

    qint64 count(const QString &reason, const QString &source) const;
    int sourceCount() const { return int(m_sources.size()); }

private:
    struct Source {
        QHash<QString, qint64> perReason;
        qint64 lastSeenMs = 0;
    };
    struct Minute {
        qint64 count = 0;
        QHash<QString, qint64> perSource; // at most maxSources entries; later ones count only in `count`
    };
    int m_maxSources;
    QHash<QString, Source> m_sources;
    QHash<QString, Minute> m_minute;
};
