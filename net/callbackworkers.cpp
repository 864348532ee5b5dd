#include "net/callbackworkers.h"

#include "models/callbackstore.h"
#include "models/database.h"
#include "net/logging.h"

#include <QHash>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>

namespace {

// One thread's connection, reopened after it broke.
struct Connection {
    std::unique_ptr<Database> db;
    std::unique_ptr<CallbackStore> store;
    std::chrono::steady_clock::time_point nextAttempt;
    int backoffMs = 0;
    QString lastError;

    bool open(const QString &location, const QString &password)
    {
        db = Database::open(location, &lastError, password);
        if (db)
            store = std::make_unique<CallbackStore>(*db);
        return db != nullptr;
    }
    void drop()
    {
        store.reset();
        db.reset();
    }
    // Whether the connection still answers; a broken one is dropped.
    bool check()
    {
        if (!db)
            return false;
        QSqlQuery q(db->sql());
        if (q.exec(QStringLiteral("SELECT 1")) && q.next())
            return true;
        drop();
        return false;
    }
    // Opens a dropped connection when its back-off allows; true when there is one.
    bool ensure(const QString &location, const QString &password, bool now)
    {
        if (db)
            return true;
        const auto t = std::chrono::steady_clock::now();
        if (!now && t < nextAttempt)
            return false;
        if (open(location, password)) {
            if (backoffMs > 0)
                qCInfo(lcCallback) << "database connection restored";
            backoffMs = 0;
            return true;
        }
        if (backoffMs == 0)
            qCWarning(lcCallback).noquote() << "database unreachable; answering 503 and retrying:" << lastError;
        backoffMs = std::min(CallbackWorkers::ReconnectMaxMs, std::max(100, backoffMs * 2));
        nextAttempt = t + std::chrono::milliseconds(backoffMs);
        return false;
    }
};

} // namespace

int CallbackWorkers::defaultCount(bool postgres)
{
    return postgres ? std::clamp(QThread::idealThreadCount(), 2, 8) : 1;
}

std::unique_ptr<CallbackWorkers> CallbackWorkers::start(int count, const QString &location, QString *error, const QString &password)
{
    std::unique_ptr<CallbackWorkers> workers(new CallbackWorkers());
    workers->m_location = location;
    workers->m_password = password;
    count = std::max(1, count);
    for (int i = 0; i < count; ++i)
        workers->m_lanes.push_back(std::make_unique<Lane>());
    for (int i = 0; i < count; ++i)
        workers->m_threads.emplace_back([w = workers.get(), i] { w->run(std::size_t(i)); });
    std::unique_lock lock(workers->m_mutex);
    workers->m_started.wait(lock, [&] { return workers->m_ready + workers->m_failed == count; });
    if (workers->m_failed > 0) {
        if (error)
            *error = workers->m_error;
        lock.unlock();
        return nullptr; // the destructor stops and joins the threads that did open
    }
    return workers;
}

CallbackWorkers::~CallbackWorkers()
{
    stop();
}

void CallbackWorkers::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        for (auto &lane : m_lanes)
            lane->jobs.clear();
    }
    for (auto &lane : m_lanes)
        lane->wake.notify_all();
    for (std::thread &t : m_threads) {
        if (t.joinable())
            t.join();
    }
}

void CallbackWorkers::submit(Job job)
{
    // A refused callback changes no order: it goes wherever is next, so a flood of them with one
    // PlatformOrderNo does not queue up on one thread.
    const QString key = job.record && job.record->valid ? job.record->platformOrderNo.toCaseFolded() : QString();
    Lane *lane = nullptr;
    {
        std::lock_guard lock(m_mutex);
        const std::size_t index = key.isEmpty() ? m_nextLane++ % m_lanes.size() : std::size_t(qHash(key)) % m_lanes.size();
        lane = m_lanes.at(index).get();
        lane->jobs.push_back(std::move(job));
    }
    lane->wake.notify_one();
}

namespace {

// Stores one job alone: once more after a conflict with a concurrent writer (busy, deadlock: it then
// sees the other's outcome), and once more after reconnecting a broken connection. Returns ok and sets
// *unavailable when the database could not be reached.
bool storeAlone(Connection &c, const QString &location, const QString &password, CallbackWorkers::Job &job, bool *unavailable, QString *error)
{
    *unavailable = false;
    if (!c.ensure(location, password, false)) {
        *unavailable = true;
        *error = c.lastError;
        return false;
    }
    bool ok = c.store->store(*job.record, error);
    if (!ok && c.check())
        ok = c.store->store(*job.record, error);
    // SQLite answers SELECT 1 even after a disk I/O error; reopen the file rather than trust it.
    if (!ok && c.db && !c.db->isPostgres() && error->contains(QLatin1String("I/O"), Qt::CaseInsensitive))
        c.drop();
    // A broken connection (the server restarted, an I/O error): nothing was committed; open it again at
    // once and store once more, else report the database unavailable.
    if (!ok && !c.check()) {
        if (c.ensure(location, password, true))
            ok = c.store->store(*job.record, error);
        else
            *error = c.lastError;
        *unavailable = !ok && !c.check();
    }
    if (ok && job.after)
        job.after(*c.store, *job.record);
    return ok;
}

} // namespace

void CallbackWorkers::run(std::size_t index)
{
    Connection c;
    const bool opened = c.open(m_location, m_password);
    {
        std::lock_guard lock(m_mutex);
        if (opened) {
            ++m_ready;
        } else {
            ++m_failed;
            m_error = c.lastError;
        }
    }
    m_started.notify_all();
    if (!opened)
        return;
    Lane &lane = *m_lanes.at(index);
    std::vector<Job> group;
    for (;;) {
        group.clear();
        {
            std::unique_lock lock(m_mutex);
            lane.wake.wait(lock, [&] { return m_stopping || !lane.jobs.empty(); });
            if (m_stopping)
                return;
            const std::size_t take = std::min<std::size_t>(lane.jobs.size(), CallbackStore::MaxGroup);
            for (std::size_t i = 0; i < take; ++i) {
                group.push_back(std::move(lane.jobs.front()));
                lane.jobs.pop_front();
            }
        }
        if (group.size() > 1 && c.ensure(m_location, m_password, false)) {
            QList<CallbackRecord *> records;
            for (Job &job : group)
                records.append(job.record.get());
            QString error;
            if (c.store->storeGroup(records, &error)) {
                for (Job &job : group) {
                    if (job.after)
                        job.after(*c.store, *job.record);
                    job.done(true, false, QString());
                }
                continue;
            }
            // Nothing of the group was committed: each on its own (a conflict, a broken connection).
        }
        for (Job &job : group) {
            QString error;
            bool unavailable = false;
            const bool ok = storeAlone(c, m_location, m_password, job, &unavailable, &error);
            job.done(ok, unavailable, error);
        }
    }
}
