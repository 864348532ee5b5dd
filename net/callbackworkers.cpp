#include "net/callbackworkers.h"

#include "models/callbackstore.h"
#include "models/database.h"

std::unique_ptr<CallbackWorkers> CallbackWorkers::start(int count, const QString &location, QString *error)
{
    std::unique_ptr<CallbackWorkers> workers(new CallbackWorkers());
    count = std::max(1, count);
    for (int i = 0; i < count; ++i)
        workers->m_threads.emplace_back([w = workers.get(), location] { w->run(location); });
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
        m_queue.clear();
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads) {
        if (t.joinable())
            t.join();
    }
}

void CallbackWorkers::submit(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void CallbackWorkers::run(const QString &location)
{
    QString error;
    std::unique_ptr<Database> db = Database::open(location, &error);
    {
        std::lock_guard lock(m_mutex);
        if (db) {
            ++m_ready;
        } else {
            ++m_failed;
            m_error = error;
        }
    }
    m_started.notify_all();
    if (!db)
        return;
    CallbackStore store(*db);
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                return;
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        job(store);
    }
}
