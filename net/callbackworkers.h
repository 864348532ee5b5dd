#pragma once

#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

class CallbackStore;
struct CallbackRecord;
class Database;

// Threads that store callbacks, each with a database connection and a CallbackStore of its own (a Qt
// SQL connection belongs to the thread that opened it), and each with a queue of its own: callbacks with
// the same PlatformOrderNo (copies of one callback, states of one order) go to the same thread, in the
// order they were submitted, so threads seldom wait on each other's locks; callbacks about other orders
// are applied at once on the other threads. A thread that finds several queued takes them (at most
// CallbackStore::MaxGroup) and commits them together: a burst costs one commit per group instead of one
// per callback, and a copy in the same group costs no read. A group that fails is stored again one by one.
//
// A connection that breaks (PostgreSQL restarted, an SQLite I/O error) is dropped and opened again,
// with back-off (at most ReconnectMaxMs between attempts, so storing resumes within seconds of the
// database coming back). Meanwhile jobs are reported "unavailable" without being run.
class CallbackWorkers final
{
public:
    struct Job {
        // What to store (CallbackStore::store, or with the callbacks queued beside it in one group).
        std::shared_ptr<CallbackRecord> record;
        // On the worker thread after the record's commit: bookkeeping whose failure loses nothing.
        std::function<void(CallbackStore &store, CallbackRecord &record)> after;
        // On the same thread afterwards. `unavailable`: the database could not be reached (try later).
        std::function<void(bool ok, bool unavailable, const QString &error)> done;
    };
    static constexpr int ReconnectMaxMs = 2000;
    // Threads when none are asked for: SQLite has one writer at a time; on PostgreSQL one per processor
    // core (2 to 8): each thread's group is then large, and threads seldom wait on each other.
    static int defaultCount(bool postgres);

    // Opens `count` connections to `location` (Database::open, with `password` for a PostgreSQL URL
    // that carries none); null with *error when one cannot be opened.
    static std::unique_ptr<CallbackWorkers> start(int count, const QString &location, QString *error, const QString &password = QString());
    // Finishes the jobs already taken, drops the rest, and joins the threads.
    ~CallbackWorkers();
    CallbackWorkers(const CallbackWorkers &) = delete;
    CallbackWorkers &operator=(const CallbackWorkers &) = delete;

    void submit(Job job);
    int size() const { return int(m_threads.size()); }

private:
    CallbackWorkers() = default;
    void run(std::size_t index);
    void stop();

    // One thread's queue and what wakes it.
    struct Lane {
        std::deque<Job> jobs;
        std::condition_variable wake;
    };

    QString m_location;
    QString m_password;
    std::mutex m_mutex;
    std::condition_variable m_started;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    std::size_t m_nextLane = 0; // where a refused callback, or one without a PlatformOrderNo, goes
    bool m_stopping = false;
    int m_ready = 0;
    int m_failed = 0;
    QString m_error;
    std::vector<std::thread> m_threads;
};
