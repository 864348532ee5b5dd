#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimeZone>

// The one source of "now" for code that schedules or stamps; tests pass a ManualClock.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
    // Monotonic milliseconds for latencies and deadlines.
    virtual qint64 monotonicMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    SystemClock() { m_timer.start(); }
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }
    qint64 monotonicMs() const override { return m_timer.elapsed(); }

private:
    QElapsedTimer m_timer;
};

class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &start = QDateTime(QDate(2025, 11, 24), QTime(2, 30), QTimeZone::utc()))
        : m_now(start) {}
    QDateTime nowUtc() const override { return m_now; }
    qint64 monotonicMs() const override { return m_mono; }
    void advanceMs(qint64 ms) { m_now = m_now.addMSecs(ms); m_mono += ms; }
    void setNow(const QDateTime &now) { m_now = now; }

private:
    QDateTime m_now;
    qint64 m_mono = 0;
};
