#include "models/databasewatcher.h"

#include "models/database.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcDbWatch, "console.models.database.watch", QtInfoMsg)

int ReconnectBackoff::nextMs()
{
    m_ms = m_ms == 0 ? FirstMs : qMin(MaxMs, m_ms * 2);
    return m_ms;
}

DatabaseWatcher::DatabaseWatcher(Database &db, QObject *parent) : QObject(parent), m_db(db), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &DatabaseWatcher::check);
}

void DatabaseWatcher::start(const QString &why)
{
    m_up = m_db.isReachable();
    m_generation = m_db.generation();
    if (m_up) {
        m_timer->start(CheckIntervalMs);
        return;
    }
    m_error = why;
    tryReconnect();
}

void DatabaseWatcher::checkNow()
{
    m_timer->stop();
    check();
}

void DatabaseWatcher::check()
{
    if (!m_up) {
        tryReconnect();
        return;
    }
    if (m_db.ping()) {
        // Someone else (a long push) reconnected meanwhile: what lived in the old connection is gone.
        if (m_db.generation() != m_generation) {
            m_generation = m_db.generation();
            emit restored();
        }
        m_timer->start(CheckIntervalMs);
        return;
    }
    m_up = false;
    m_announced = false;
    m_backoff.reset();
    qCWarning(lcDbWatch).noquote() << "connection to" << m_db.describe() << "lost; reconnecting";
    tryReconnect();
}

void DatabaseWatcher::tryReconnect()
{
    QString why;
    // A long push may have reconnected it already: a working connection is kept.
    if ((m_db.ping() || m_db.reconnect(&why)) && (!m_prepare || m_prepare(&why))) {
        m_up = true;
        m_announced = false;
        m_error.clear();
        m_delayMs = 0;
        m_backoff.reset();
        m_generation = m_db.generation();
        qCInfo(lcDbWatch).noquote() << "connection to" << m_db.describe() << "restored";
        emit restored();
        m_timer->start(CheckIntervalMs);
        return;
    }
    if (!why.isEmpty())
        m_error = why;
    m_delayMs = m_backoff.nextMs();
    if (!m_announced) {
        m_announced = true;
        qCWarning(lcDbWatch).noquote() << "database unreachable, retrying:" << m_error;
        emit lost(m_error);
    }
    m_timer->start(m_delayMs);
}
