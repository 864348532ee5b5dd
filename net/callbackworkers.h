#pragma once

#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

class CallbackStore;

// Threads that store callbacks, each with a database connection and a CallbackStore of its own (a Qt
// SQL connection belongs to the thread that opened it). Jobs run in the order they were submitted, on
// whichever thread is free; several callbacks are thus applied at once, each in its own transaction.
class CallbackWorkers final
{
public:
    using Job = std::function<void(CallbackStore &store)>;

    // Opens `count` connections to `location` (Database::open); null with *error when one cannot be opened.
    static std::unique_ptr<CallbackWorkers> start(int count, const QString &location, QString *error);
    // Finishes the jobs already taken, drops the rest, and joins the threads.
    ~CallbackWorkers();
    CallbackWorkers(const CallbackWorkers &) = delete;
    CallbackWorkers &operator=(const CallbackWorkers &) = delete;

    void submit(Job job);
    int size() const { return int(m_threads.size()); }

private:
    CallbackWorkers() = default;
    void run(const QString &location);
    void stop();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_started;
    std::deque<Job> m_queue;
    bool m_stopping = false;
    int m_ready = 0;
    int m_failed = 0;
    QString m_error;
    std::vector<std::thread> m_threads;
};
