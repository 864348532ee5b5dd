#include "net/pushengine.h"

#include "models/writetransaction.h"
#include "models/auditlog.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/envbinding.h"
#include "models/payloadmapper.h"
#include "models/regioncodes.h"
#include "net/logging.h"
#include "net/redaction.h"
#include "net/retrypolicy.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <utility>

namespace {

QString finalMessage(ResultKind kind, const QString &detail)
{
    switch (kind) {
    case ResultKind::Timeout:
    case ResultKind::Connection:
        return QCoreApplication::translate("PushEngine", "Network connection timed out; please try again later");
    case ResultKind::Server:
    case ResultKind::RateLimited:
        return QCoreApplication::translate("PushEngine", "The Haier system is temporarily unavailable; please try again later");
    case ResultKind::Auth:
        return QCoreApplication::translate("PushEngine", "Authentication expired; please sign in again");
    case ResultKind::Forbidden:
        return QCoreApplication::translate("PushEngine",
            "No permission for this interface, or this computer's IP address is not on the whitelist; "
            "ask the administrator to check the YLH account's permissions and the IP whitelist");
    case ResultKind::Malformed:
        return QCoreApplication::translate("PushEngine", "Haier's answer could not be understood and needs review: %1").arg(detail);
    default:
        return detail;
    }
}

// An order the push did not send because its database could not be reached.
QString notSentMessage()
{
    return QCoreApplication::translate("PushEngine", "Not sent: the database could not be reached. `haierctl resume` "
                                                     "pushes it once the database is back.");
}

} // namespace

PushEngine::PushEngine(Database &db, const Profile &profile, OrderSender &sender, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_profile(profile)
    , m_sender(sender)
    , m_clock(clock)
    , m_jobs(db)
    , m_orders(db)
    , m_limiter(profile.push.rateLimitPerSecond, profile.push.concurrency)
    , m_random(QRandomGenerator::securelySeeded())
    , m_operator(AuditLog::currentOperator())
    , m_holder(currentHolder())
    , m_concurrency(profile.push.concurrency)
    , m_leaseTimer(new QTimer(this))
{
    m_schedule = [this](qint64 delayMs, std::function<void()> task) {
        QTimer::singleShot(std::chrono::milliseconds(delayMs), this, std::move(task));
    };
    // Renew well before the lease runs out, so a live process never loses its claims.
    m_leaseTimer->setInterval(qMax(1000, profile.push.leaseSeconds * 1000 / 3));
    connect(m_leaseTimer, &QTimer::timeout, this, &PushEngine::renewLeases);
}

PushEngine::~PushEngine() = default;

qint64 PushEngine::nowMs() const
{
    return m_clock.nowUtc().toMSecsSinceEpoch();
}

QStringList PushEngine::allPaidCandidates(Database &db, const QString &profile, QString *error)
{
    QStringList numbers;
    QSqlQuery q(db.sql());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT o.order_number FROM orders_order o LEFT JOIN console_push_jobs j "
                             "ON j.order_id = o.id AND j.profile = ? WHERE o.status = 'paid' AND "
                             "(j.id IS NULL OR j.state IN ('queued', 'sending', 'backoff')) ORDER BY o.id"));
    q.addBindValue(profile);
    if (!q.exec()) {
        if (error)
            *error = sqlErrorText(q.lastError());
        return numbers;
    }
    while (q.next())
        numbers << q.value(0).toString();
    return numbers;
}

QStringList PushEngine::resumeCandidates(Database &db, const QString &profile, qint64 nowMs, QString *error)
{
    QStringList numbers;
    JobStore jobs(db);
    for (const PushJobRecord &job : jobs.unfinished(profile, error)) {
        if (job.holder.isEmpty() || job.leaseUntil < nowMs || isDeadLocalHolder(job.holder))
            numbers << job.orderNumber;
    }
    return numbers;
}

void PushEngine::start(const QList<PushRequest> &requests)
{
    m_pending += requests;
    m_total += int(requests.size());
    m_running = true;
    m_cancelled = false;
    m_leaseTimer->start();
    pump();
}

void PushEngine::cancel()
{
    m_cancelled = true;
    const QList<PushRequest> dropped = m_pending;
    m_pending.clear();
    m_total -= int(dropped.size());
    // Orders checked and claimed but not sent yet go back as they were (queued, for `resume`).
    for (const Item &item : std::as_const(m_ready))
        m_jobs.release(item.jobId, m_holder);
    m_total -= int(m_ready.size());
    m_ready.clear();
    pump();
}

void PushEngine::pump()
{
    // Fill the free send slots, from orders already checked and claimed first.
    while (!m_cancelled && !m_dbWaiting && m_active < m_concurrency) {
        if (m_ready.isEmpty()) {
            if (m_pending.isEmpty() || m_checking >= m_concurrency)
                break;
            if (!prepareNext())
                continue;
        }
        Item item = m_ready.takeFirst();
        item.inSlot = true;
        ++m_active;
        send(item);
    }
    // While those are on the wire, check and claim the next few, so a slot that frees up sends at once
    // instead of waiting for database work. Done from the event loop, after answers already waiting.
    if (!m_cancelled && !m_dbWaiting && !m_prepareScheduled && m_ready.size() + m_checking < m_concurrency && !m_pending.isEmpty()) {
        m_prepareScheduled = true;
        QMetaObject::invokeMethod(this, &PushEngine::prepareAhead, Qt::QueuedConnection);
    }
    if (m_running && m_active == 0 && m_checking == 0 && m_pending.isEmpty() && m_ready.isEmpty()) {
        m_running = false;
        m_leaseTimer->stop();
        emit finished(m_results);
    }
}

void PushEngine::prepareAhead()
{
    m_prepareScheduled = false;
    if (!m_cancelled && !m_dbWaiting && m_ready.size() + m_checking < m_concurrency && !m_pending.isEmpty())
        prepareNext();
    pump();
}

bool PushEngine::prepareNext()
{
    // Checks and the claim read and write the database: with it gone, nothing more is taken until it is
    // back (an order already taken when it went reports its own database error).
    if (!m_db.ping()) {
        whenDatabaseBack([] {}, [] {});
        return false;
    }
    Item item;
    item.request = m_pending.takeFirst();
    if (prepare(item) != Prepared::Ready)
        return false;
    m_ready.append(item);
    return true;
}

void PushEngine::refuse(const Item &item, const QString &kind, const QString &message) {
    finish(item, PushItemResult::Bucket::Refused, QString(), kind, message);
}

void PushEngine::finish(const Item &item, PushItemResult::Bucket bucket, const QString &state, const QString &kind,
                        const QString &message)
{
    if (item.jobId > 0)
        m_jobs.release(item.jobId, m_holder);
    PushItemResult r;
    r.bucket = bucket;
    r.orderNumber = item.request.orderNumber;
    r.soId = item.soId;
    r.state = state;
    r.kind = kind;
    r.message = message;
    m_results.append(r);
    // A push that failed or was refused by Haier goes to errors.log; accepted and refused-before-sending stay info.
    if (bucket == PushItemResult::Bucket::Failed && kind != QLatin1String("cancelled"))
        qCWarning(lcPush).noquote() << r.orderNumber << "soId" << r.soId << "→" << (state.isEmpty() ? QStringLiteral("-") : state)
                                    << kind << message;
    else
        qCInfo(lcPush).noquote() << r.orderNumber << "soId" << r.soId << "→" << (state.isEmpty() ? QStringLiteral("-") : state)
                                 << kind << message;
    if (item.inSlot)
        --m_active;
    emit progress(int(m_results.size()), m_total, r);
    // Let the caller's signal handlers run before the next item starts.
    QMetaObject::invokeMethod(this, &PushEngine::pump, Qt::QueuedConnection);
}

JobApply PushEngine::applyAudited(const PushJobRecord &read, const JobEvent &event, const JobWrite &write, const AuditEntry &entry)
{
    // A staff decision and its audit row are one transaction: both are written, or neither.
    JobApply r;
    r.status = ApplyStatus::Failed;
    r.job = read;
    QString error;
    inWriteTransaction(m_db, [&](QString *why) {
        r = m_jobs.apply(read, event, write, nowMs());
        if (r.applied() && m_audit && !m_audit->record(entry, why)) {
            r.status = ApplyStatus::Failed;
            r.message = *why;
            r.job = read;
        }
        return r.applied();
    }, &error);
    if (r.applied() && !error.isEmpty()) { // the commit failed
        r.status = ApplyStatus::Failed;
        r.message = error;
        r.job = read;
    }
    return r;
}

PushEngine::Prepared PushEngine::prepare(Item &item)
{
    const QString refusedKind = resultKindName(ResultKind::Refused);
    QString error;
    std::optional<Order> order = m_orders.loadByNumber(item.request.orderNumber, &error);
    if (!order) {
        refuse(item, refusedKind, error.isEmpty()
            ? QCoreApplication::translate("PushEngine", "No order numbered \"%1\".").arg(item.request.orderNumber) : error);
        return Prepared::Refused;
    }
    item.orderId = order->id;
    std::optional<PushJobRecord> job = m_jobs.findForOrder(m_profile.name, order->id);
    if (job)
        item.soId = job->soId;

    if (item.request.resume && (!job || !isUnfinished(job->state))) {
        refuse(item, refusedKind, QCoreApplication::translate("PushEngine", "Nothing left to resume for this order"));
        return Prepared::Refused;
    }
    // What the job says decides, never the shop's row; the claim below reads it again before anything is written.
    if (item.request.newSoId) {
        const JobTransition t = transition(job ? job->facts() : JobFacts{}, JobEvent::of(JobEvent::Type::NewSoId));
        if (!t.allowed) {
            refuse(item, refusedKind, t.refusal);
            return Prepared::Refused;
        }
    } else if (job && !item.request.resume && job->state != JobState::Queued && job->state != JobState::Sending) {
        const JobTransition t = transition(job->facts(), JobEvent::of(JobEvent::Type::Retry));
        if (!t.allowed) {
            refuse(item, refusedKind, t.refusal);
            return Prepared::Refused;
        }
    }

    PushContext context;
    // Already pushed: this profile's job, or the job of the environment the database serves (domain.md).
    EnvBinding binding(m_db);
    context.hasJob = job.has_value() || binding.hasJob(order->id);
    context.jobAccepted = (job && isAlreadyPushed(job->state)) || binding.pushedJob(order->id).has_value();
    const QString soId = !job ? PayloadMapper::defaultSoId(*order)
        : item.request.newSoId ? PayloadMapper::repushSoId(*order, qMax(2, job->soSeq + 1))
                               : job->soId;
    MappingResult mapped = PayloadMapper::map(*order, m_profile, soId, context);
    if (!mapped.ok()) {
        QStringList messages;
        for (const MappingProblem &p : mapped.problems)
            messages << p.message;
        item.soId = job ? job->soId : QString();
        refuse(item, refusedKind, messages.join(QStringLiteral("; ")));
        return Prepared::Refused;
    }
    item.order = order;
    item.job = job;
    item.reserveSoId = soId;
    item.mapped = mapped;
    item.context = context;
    if (!m_profile.push.stockCheck)
        return claim(item) ? Prepared::Ready : Prepared::Refused;

    // The optional stock check (domain.md): before anything is reserved, with what would be sent.
    if (!m_stock) {
        refuse(item, refusedKind, QCoreApplication::translate("PushEngine",
            "The stock check is on for this profile, but no open-platform connection is set up; set its credentials or turn the check off"));
        return Prepared::Refused;
    }
    const QString county = RegionCodes(m_db).lookup(order->province, order->city, order->district, &error);
    if (county.isEmpty()) {
        refuse(item, refusedKind, error.isEmpty()
            ? QCoreApplication::translate("PushEngine", "No county code is known for %1 %2 %3, so stock cannot be checked; "
                                          "import region codes (haierctl regions import) or turn the stock check off")
                  .arg(order->province, order->city, order->district)
            : error);
        return Prepared::Refused;
    }
    const QList<StockNeed> needs = StockNeed::fromPayload(mapped.payload);
    ++m_checking;
    QPointer<PushEngine> self(this);
    m_stock->check(county, needs, [self, item](const StockVerdict &verdict) {
        if (self)
            self->onStockVerdict(item, verdict);
    });
    return Prepared::Checking;
}

void PushEngine::onStockVerdict(Item item, const StockVerdict &verdict)
{
    --m_checking;
    const QString refusedKind = resultKindName(ResultKind::Refused);
    if (m_cancelled) {
        --m_total; // dropped like the orders not started
    } else if (verdict.outcome == StockVerdict::Outcome::NotEnough) {
        refuse(item, refusedKind, QCoreApplication::translate("PushEngine", "Not enough Haier stock: %1").arg(verdict.detail));
    } else if (verdict.outcome == StockVerdict::Outcome::CouldNotCheck) {
        refuse(item, refusedKind, QCoreApplication::translate("PushEngine",
            "The stock check could not be done, so nothing was sent (%1); try again later").arg(verdict.detail));
    } else if (claim(item)) {
        m_ready.append(item);
    }
    pump();
}

bool PushEngine::claim(Item &item)
{
    const QString refusedKind = resultKindName(ResultKind::Refused);
    QString error;
    const std::optional<Order> &order = item.order;
    std::optional<PushJobRecord> job = item.job;
    MappingResult &mapped = item.mapped;
    const PushContext &context = item.context;
    if (!job) {
        job = m_jobs.reserve(m_profile.name, order->id, order->orderNumber, item.reserveSoId, m_operator, nowMs(), &error);
        if (!job) {
            finish(item, PushItemResult::Bucket::Failed, QString(), refusedKind, error);
            return false;
        }
    }
    item.jobId = job->id;
    item.soId = job->soId;

    const QString takeOver = isDeadLocalHolder(job->holder) ? job->holder : QString();
    if (!m_jobs.claim(job->id, m_holder, nowMs(), qint64(m_profile.push.leaseSeconds) * 1000, takeOver, &error)) {
        item.jobId = 0; // not ours to release
        refuse(item, refusedKind, error.isEmpty()
            ? QCoreApplication::translate("PushEngine", "Another process (%1) is pushing this order").arg(job->holder) : error);
        return false;
    }
    // Claimed: every decision from here reads the job as it is now (another process may have moved it).
    job = m_jobs.get(job->id, &error);
    if (!job) {
        finish(item, PushItemResult::Bucket::Failed, QString(), refusedKind, error);
        return false;
    }
    item.soId = job->soId;
    auto refuseWith = [&](const QString &why) {
        item.soId = job->soId;
        refuse(item, refusedKind, why);
        return false;
    };
    const JobState now = job->state;
    bool audited = false;
    if (item.request.newSoId) {
        // Only the holder assigns a soId, from the job row read under the claim.
        JobWrite w;
        w.change = QStringLiteral("staff:new_so_id");
        w.soSeq = qMax(2, job->soSeq + 1);
        w.soId = PayloadMapper::repushSoId(*order, w.soSeq);
        w.message = QString();
        w.holder = m_holder;
        const JobApply r = applyAudited(*job, JobEvent::of(JobEvent::Type::NewSoId), w,
                                        {0, {}, m_operator, QStringLiteral("repush"), m_profile.name, order->orderNumber,
                                         QStringLiteral("new soId %1").arg(w.soId)});
        if (!r.applied())
            return refuseWith(r.message);
        job = r.job;
    } else if (isAlreadyPushed(now)) {
        return refuseWith(QCoreApplication::translate("PayloadMapper", "This order has already been pushed to Haier"));
    } else if (item.request.resume || item.request.onlyUnfinished) {
        if (!isUnfinished(now)) {
            return refuseWith(item.request.resume
                ? QCoreApplication::translate("PushEngine", "Nothing left to resume for this order")
                : QCoreApplication::translate("PushEngine", "Another process ended this push meanwhile (%1); use retry to send it again")
                      .arg(jobStateName(now)));
        }
    } else if (now != JobState::Queued && now != JobState::Sending) {
        // Staff push again what failed or was refused: a new push with a fresh retry budget, same soId.
        JobWrite w;
        w.change = QStringLiteral("staff:retry");
        w.holder = m_holder;
        const JobApply r = applyAudited(*job, JobEvent::of(JobEvent::Type::Retry), w,
                                        {0, {}, m_operator, QStringLiteral("retry"), m_profile.name, order->orderNumber, job->soId});
        if (!r.applied())
            return refuseWith(r.message);
        job = r.job;
        audited = true;
    }
    if (job->soId != mapped.soId)
        mapped = PayloadMapper::map(*order, m_profile, job->soId, context);
    item.soId = job->soId;
    item.payload = mapped.payload;
    if (m_audit && !audited && !item.request.resume && !item.request.newSoId)
        m_audit->record({0, {}, m_operator, job->attemptCount > 0 ? QStringLiteral("retry") : QStringLiteral("push"),
                         m_profile.name, order->orderNumber, item.soId});
    item.current = *job;
    // What was only needed until the claim.
    item.order.reset();
    item.job.reset();
    item.mapped = MappingResult();
    return true;
}

void PushEngine::send(Item item)
{
    const qint64 wait = m_limiter.acquire(m_clock.monotonicMs());
    if (wait > 0)
        return m_schedule(wait, [this, item] { send(item); });

    const QByteArray request = Redaction::bytes(QJsonDocument(item.payload).toJson(QJsonDocument::Compact));
    JobApply started;
    const qint64 attemptId = m_jobs.startAttempt(item.current, m_holder, m_operator, request, nowMs(), &started);
    if (attemptId <= 0 && started.status == ApplyStatus::Failed && !m_db.ping()) {
        // Nothing went on the wire and nothing was written: send once the database is back.
        return whenDatabaseBack([this, item] {
            if (m_cancelled) // staff cancelled meanwhile: it stays as it is, for `resume`
                return finish(item, PushItemResult::Bucket::Failed, jobStateName(item.current.state), QStringLiteral("cancelled"),
                              QCoreApplication::translate("PushEngine", "Cancelled; `haierctl resume` continues"));
            send(item);
        }, [this, item] {
            finish(item, PushItemResult::Bucket::Failed, jobStateName(item.current.state), resultKindName(ResultKind::Refused),
                   notSentMessage());
        });
    }
    if (attemptId <= 0) {
        if (started.status != ApplyStatus::Failed)
            item.jobId = 0; // someone else's now, or moved on: not ours to release
        return finish(item, PushItemResult::Bucket::Failed, jobStateName(started.job.state),
                      resultKindName(ResultKind::Refused), started.message);
    }
    item.current = started.job;
    emit attemptStarted(item.request.orderNumber);
    m_sender.createOrder(item.payload, item.request.orderNumber, [this, item, attemptId](const SendResult &result) {
        onAnswer(item, attemptId, result);
    });
}

void PushEngine::onAnswer(Item item, qint64 attemptId, const SendResult &result)
{
    AttemptOutcome outcome;
    outcome.kind = result.kind;
    outcome.httpStatus = result.httpStatus;
    outcome.latencyMs = result.latencyMs;
    outcome.responseBody = result.redactedResponse;
    outcome.haierOrderNo = result.retailOrderNo;
    outcome.message = result.message;

    std::optional<qint64> delay;
    if (result.kind == ResultKind::Duplicate) {
        // YLH already holds this soId: an earlier attempt got through.
        outcome.message = QCoreApplication::translate("PushEngine", "YLH already holds soId %1; recorded as accepted (%2)")
                              .arg(item.soId, result.message);
    } else if (result.kind != ResultKind::Ok && result.kind != ResultKind::BusinessRejection) {
        // The budget is the current push's: a staff retry starts a fresh one.
        delay = m_cancelled ? std::nullopt
                            : RetryPolicy::nextDelayMs(m_profile.retry, item.current.pushAttempts, result.kind,
                                                       result.retryAfterMs, m_random.generateDouble());
        outcome.willRetry = delay.has_value();
        if (!delay)
            outcome.message = finalMessage(result.kind, result.message);
        else
            outcome.nextAttemptAt = nowMs() + *delay;
    }
    const JobApply r = m_jobs.finishAttempt(item.current, attemptId, outcome, m_holder, nowMs());
    const QString kind = resultKindName(result.kind);
    if (r.status == ApplyStatus::Failed && !m_db.ping()) {
        // The connection dropped after the send: the answer is kept here and stored once it is back, so
        // the order is neither sent again nor half-written. Given up, the job stays `sending` under
        // this attempt, which `resume` finishes (YLH recognises the soId as a duplicate).
        qCWarning(lcPush).noquote() << item.request.orderNumber << "answer" << resultKindName(result.kind)
                                    << "waits for the database:" << r.message;
        return whenDatabaseBack([this, item, attemptId, result] { onAnswer(item, attemptId, result); }, [this, item, result] {
            finish(item, PushItemResult::Bucket::Failed, jobStateName(JobState::Sending), resultKindName(result.kind),
                   QCoreApplication::translate("PushEngine", "Sent, but Haier's answer (%1) could not be stored: the database "
                                                             "could not be reached. The order stays \"sending\"; `haierctl resume` "
                                                             "finishes it without creating it twice.")
                       .arg(result.message));
        });
    }
    if (r.status == ApplyStatus::Failed) {
        qCWarning(lcPush).noquote() << item.request.orderNumber << "attempt could not be recorded:" << r.message;
        return finish(item, PushItemResult::Bucket::Failed, jobStateName(JobState::Sending), kind, r.message);
    }
    item.current = r.job;
    if (!r.applied()) {
        // Lost the claim (the attempt is recorded as such, nothing else changed), or a callback moved the
        // job on first: the job stays as the other writer left it.
        qCWarning(lcPush).noquote() << item.request.orderNumber << "answer" << kind << "changes nothing:" << r.message;
        if (r.status == ApplyStatus::Lost && r.job.holder != m_holder)
            item.jobId = 0; // not ours to release
        const PushItemResult::Bucket bucket = isAlreadyPushed(r.job.state) ? PushItemResult::Bucket::Accepted
                                                                            : PushItemResult::Bucket::Failed;
        return finish(item, bucket, jobStateName(r.job.state), kind, r.message);
    }
    const JobState state = r.job.state;
    if (m_cancelled && state == JobState::Backoff)
        return finish(item, PushItemResult::Bucket::Failed, jobStateName(JobState::Backoff), kind, outcome.message);
    if (state == JobState::Backoff && delay) {
        qCInfo(lcPush).noquote() << item.request.orderNumber << kind << "- retry in" << *delay << "ms";
        emit retryScheduled(item.request.orderNumber, *delay);
        return m_schedule(*delay, [this, item] {
            if (m_cancelled)
                return finish(item, PushItemResult::Bucket::Failed, jobStateName(JobState::Backoff),
                              QStringLiteral("cancelled"), QCoreApplication::translate("PushEngine", "Cancelled; `haierctl resume` continues"));
            send(item);
        });
    }
    const PushItemResult::Bucket bucket = state == JobState::Accepted ? PushItemResult::Bucket::Accepted
                                                                     : PushItemResult::Bucket::Failed;
    finish(item, bucket, jobStateName(state), kind, outcome.message);
}

void PushEngine::whenDatabaseBack(std::function<void()> back, std::function<void()> gaveUp)
{
    m_dbWaiters.append({std::move(back), std::move(gaveUp)});
    if (m_dbWaiting)
        return;
    m_dbWaiting = true;
    m_dbTries = 0;
    m_dbBackoff.reset();
    qCWarning(lcPush).noquote() << "database unreachable; the push waits and reconnects";
    m_schedule(m_dbBackoff.nextMs(), [this] { retryDatabase(); });
}

void PushEngine::retryDatabase()
{
    QString why;
    if (m_db.ping() || m_db.reconnect(&why)) {
        qCInfo(lcPush).noquote() << "database reachable again; the push goes on";
        m_dbWaiting = false;
        const QList<DatabaseWaiter> waiters = std::exchange(m_dbWaiters, {});
        for (const DatabaseWaiter &w : waiters)
            w.back();
        pump();
        return;
    }
    if (++m_dbTries >= DatabaseRetryLimit)
        return giveUpWaiting();
    m_schedule(m_dbBackoff.nextMs(), [this] { retryDatabase(); });
}

void PushEngine::giveUpWaiting()
{
    qCWarning(lcPush).noquote() << "database still unreachable; the push stops, leaving its jobs for `resume`";
    m_dbWaiting = false;
    const QList<DatabaseWaiter> waiters = std::exchange(m_dbWaiters, {});
    for (const DatabaseWaiter &w : waiters)
        w.gaveUp();
    // Orders not sent: reported, left as they are (a claim lapses with its lease).
    const QString notSent = notSentMessage();
    const QList<Item> ready = std::exchange(m_ready, {});
    const QList<PushRequest> pending = std::exchange(m_pending, {});
    for (const Item &item : ready)
        finish(item, PushItemResult::Bucket::Failed, QString(), resultKindName(ResultKind::Refused), notSent);
    for (const PushRequest &request : pending) {
        Item item;
        item.request = request;
        finish(item, PushItemResult::Bucket::Failed, QString(), resultKindName(ResultKind::Refused), notSent);
    }
    pump();
}

void PushEngine::renewLeases()
{
    m_jobs.renewLease(m_holder, nowMs(), qint64(m_profile.push.leaseSeconds) * 1000);
}
