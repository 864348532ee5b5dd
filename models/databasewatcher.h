#pragma once

#include <QObject>
#include <QString>

#include <functional>

class Database;
class QTimer;

// The wait before the next reconnect attempt: short at first, doubling, capped so that work resumes
// within a few seconds of the database coming back.
class ReconnectBackoff final
{
public:
    static constexpr int FirstMs = 250;
    static constexpr int MaxMs = 4000;

    // The delay before the next attempt (each call doubles it, up to MaxMs).
    int nextMs();
    // After a connection that worked: the next outage starts short again.
    void reset() { m_ms = 0; }

private:
    int m_ms = 0;
};

// Keeps a long-running process's connection (the console's, on its thread) alive: looks at it every
// few seconds, and when it broke (PostgreSQL restarted or stopped, an SQLite I/O error) reconnects with
// back-off. `lost` when it found the database away, `restored` when it is back and prepared.
class DatabaseWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabaseWatcher)

public:
    static constexpr int CheckIntervalMs = 2000;
    // What a fresh connection needs before use (the console: the schema, the profiles); runs after each
    // reconnect before `restored`. False with *error: the watcher keeps retrying.
    using Preparation = std::function<bool(QString *error)>;

    explicit DatabaseWatcher(Database &db, QObject *parent = nullptr);

    void setPreparation(Preparation preparation) { m_prepare = std::move(preparation); }
    // Starts watching. A database not reachable yet (Database::openOrDefer) is reconnected at once.
    // `why`: why it is not reachable, when the caller knows (shown until the first attempt's own reason).
    void start(const QString &why = QString());
    // Looks at once (someone saw a query fail).
    void checkNow();

    bool isReachable() const { return m_up; }
    QString lastError() const { return m_error; }
    // Milliseconds until the next reconnect attempt (for tests and the log; 0 while reachable).
    int retryDelayMs() const { return m_up ? 0 : m_delayMs; }

signals:
    void lost(const QString &error);
    void restored();

private:
    void check();
    void tryReconnect();

    Database &m_db;
    QTimer *m_timer;
    Preparation m_prepare;
    ReconnectBackoff m_backoff;
    bool m_up = true;
    bool m_announced = false; // `lost` was emitted for the current outage
    int m_delayMs = 0;
    int m_generation = 0; // the connection's, when last seen working
    QString m_error;
};
