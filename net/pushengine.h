#pragma once

#include "models/auditlog.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/profile.h"
#include "net/ordersender.h"
#include "net/ratelimiter.h"
#include "net/stockchecker.h"
#include "models/payloadmapper.h"
#include "models/databasewatcher.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QRandomGenerator>

#include <functional>

class Clock;
class Database;
class QTimer;

// What to push: an order number, and how.
struct PushRequest
{
    QString orderNumber;
    bool newSoId = false;   // the deliberate re-push of an order Haier refused or cancelled after accepting
    bool resume = false;    // finishing what a dead process left; sends only jobs still queued/sending/backoff
    bool onlyUnfinished = false; // `push --all-paid`: a job another process ended meanwhile is left as it is
};

// How one order ended in this run.
struct PushItemResult
{
    enum class Bucket { Accepted, Failed, Refused };
    Bucket bucket = Bucket::Refused;
    QString orderNumber;
    QString soId;           // empty when none was reserved
    QString state;          // the job's state, empty when there is no job
    QString kind;           // result kind (domain.md spelling)
    QString message;
};

// Pushes orders through an OrderSender with bounded concurrency, the profile's rate limit and retry
// policy, and claims so that no two processes send one order at once. Every transition is committed
// (JobStore) before the next network step; a soId is reserved once and reused.
class PushEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushEngine)

public:
    using Scheduler = std::function<void(qint64 delayMs, std::function<void()> task)>;
    // Reconnect attempts (with back-off, about a minute in all) before a push whose database went away
    // gives up: what was not sent is reported "not sent"; an answer that could not be stored leaves
    // the job `sending` for `resume` (which YLH's duplicate check makes safe).
    static constexpr int DatabaseRetryLimit = 20;

    PushEngine(Database &db, const Profile &profile, OrderSender &sender, const Clock &clock, QObject *parent = nullptr);
    ~PushEngine() override;

    void setOperator(const QString &name) { m_operator = name; }
    void setConcurrency(int n) { m_concurrency = qMax(1, n); }
    void setAuditLog(AuditLog *audit) { m_audit = audit; }
    // Used when the profile turns the stock check on (without one, such pushes are refused with a reason).
    void setStockChecker(StockChecker *checker) { m_stock = checker; }
    // Replaces the QTimer-based delay (tests run back-off without sleeping).
    void setScheduler(Scheduler scheduler) { m_schedule = std::move(scheduler); }
    void setRandomSeed(quint32 seed) { m_random.seed(seed); }
    void setHolder(const QString &holder) { m_holder = holder; }

    // Starts pushing; finished() follows when every request has an outcome (or after cancel()).
    void start(const QList<PushRequest> &requests);
    // Stops starting new sends; requests already on the wire finish, back-offs are left for `resume`.
    void cancel();
    bool isRunning() const { return m_running; }
    const QList<PushItemResult> &results() const { return m_results; }

    // Order numbers `push --all-paid` takes: paid orders with no job in this profile, or whose job is
    // still queued/sending/backoff (the claim then skips those a live process holds).
    static QStringList allPaidCandidates(Database &db, const QString &profile, QString *error);
    // Jobs a dead or lease-expired holder left unfinished (for `resume`).
    static QStringList resumeCandidates(Database &db, const QString &profile, qint64 nowMs, QString *error);

signals:
    void progress(int done, int total, const PushItemResult &latest);
    void finished(const QList<PushItemResult> &results);
    // An attempt went on the wire; an attempt failed and will be retried after `delayMs`.
    void attemptStarted(const QString &orderNumber);
    void retryScheduled(const QString &orderNumber, qint64 delayMs);

private:
    struct Item {
        PushRequest request;
        qint64 orderId = 0;
        qint64 jobId = 0;
        QString soId;
        QJsonObject payload;
        PushJobRecord current; // the job as this engine last wrote it (every write compares against it)
        bool inSlot = false; // holds one of the concurrency slots (sending or waiting to retry)
        // Between the checks and the claim (the stock check runs in between):
        std::optional<Order> order;
        std::optional<PushJobRecord> job;
        QString reserveSoId;
        MappingResult mapped;
        PushContext context;
    };
    enum class Prepared { Ready, Refused, Checking };

    void pump();
    void prepareAhead();
    bool prepareNext();
    // Loads, checks and maps, then (after the optional stock check) reserves and claims. Refused: the
    // result is recorded. Checking: the stock check answers later (onStockVerdict).
    JobApply applyAudited(const PushJobRecord &read, const JobEvent &event, const JobWrite &write, const AuditEntry &entry);
    Prepared prepare(Item &item);
    void onStockVerdict(Item item, const StockVerdict &verdict);
    bool claim(Item &item);
    void send(Item item);
    void onAnswer(Item item, qint64 attemptId, const SendResult &result);
    void finish(const Item &item, PushItemResult::Bucket bucket, const QString &state, const QString &kind, const QString &message);
    void refuse(const Item &item, const QString &kind, const QString &message);
    void renewLeases();
    qint64 nowMs() const;
    // The connection is gone: `back` once it is open again (reconnected with back-off), or `gaveUp`
    // after DatabaseRetryLimit attempts. Nothing is prepared or sent meanwhile.
    void whenDatabaseBack(std::function<void()> back, std::function<void()> gaveUp);
    void retryDatabase();
    void giveUpWaiting();

    Database &m_db;
    Profile m_profile;
    OrderSender &m_sender;
    const Clock &m_clock;
    JobStore m_jobs;
    OrderStore m_orders;
    AuditLog *m_audit = nullptr;
    StockChecker *m_stock = nullptr;
    int m_checking = 0;     // stock checks under way
    RateLimiter m_limiter;
    Scheduler m_schedule;
    QRandomGenerator m_random;
    QString m_operator;
    QString m_holder;
    int m_concurrency;
    QList<PushRequest> m_pending;
    QList<Item> m_ready;    // checked and claimed, waiting for a send slot
    bool m_prepareScheduled = false;
    int m_active = 0;
    int m_total = 0;
    bool m_running = false;
    bool m_cancelled = false;
    QList<PushItemResult> m_results;
    QTimer *m_leaseTimer;
    struct DatabaseWaiter {
        std::function<void()> back;
        std::function<void()> gaveUp;
    };
    QList<DatabaseWaiter> m_dbWaiters;
    bool m_dbWaiting = false;
    int m_dbTries = 0;
    ReconnectBackoff m_dbBackoff;
};
