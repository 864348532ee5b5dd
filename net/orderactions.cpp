#include "net/orderactions.h"

#include "models/writetransaction.h"
#include "models/clock.h"
#include "models/database.h"
#include "net/logging.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlError>

namespace {

constexpr auto result = &ActionResult::of;

PushItemResult refusedItem(const QString &orderNumber, const QString &soId, const QString &state, const QString &message)
{
    PushItemResult r;
    r.bucket = PushItemResult::Bucket::Refused;
    r.orderNumber = orderNumber;
    r.soId = soId;
    r.state = state;
    r.kind = resultKindName(ResultKind::Refused);
    r.message = message;
    return r;
}

} // namespace

OrderActions::OrderActions(Database &db, const Clock &clock, const Profile &profile, ServiceProvider services, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
    , m_profile(profile)
    , m_services(std::move(services))
    , m_operator(AuditLog::currentOperator())
    , m_orders(db)
    , m_jobs(db)
    , m_audit(db)
{
    m_engines = [this](const Profile &p, OrderSender &sender, QObject *owner) {
        return new PushEngine(m_db, p, sender, m_clock, owner);
    };
}

OrderActions::~OrderActions() = default;

qint64 OrderActions::nowMs() const
{
    return m_clock.nowUtc().toMSecsSinceEpoch();
}

// ---- the production-confirm rule

bool OrderActions::needsConfirmation(const Profile &profile, int count)
{
    return profile.kind == ProfileKind::Production && count > 0;
}

bool OrderActions::confirmationAccepted(const Profile &profile, const QString &typed)
{
    return profile.kind != ProfileKind::Production || typed.trimmed() == profile.name;
}

// ---- the questions

JobFacts OrderActions::factsOf(const PushJobRecord &job)
{
    return job.facts();
}

QString OrderActions::whyNot(const PushJobRecord &job, JobEvent::Type type)
{
    const JobTransition t = transition(factsOf(job), JobEvent::of(type));
    return t.allowed ? QString() : t.refusal;
}

bool OrderActions::canRetry(const PushJobRecord &job)
{
    return permits(factsOf(job), JobEvent::Type::Retry);
}

bool OrderActions::canRepush(const PushJobRecord &job)
{
    return permits(factsOf(job), JobEvent::Type::NewSoId);
}

bool OrderActions::canCancel(const PushJobRecord &job)
{
    return permits(factsOf(job), JobEvent::Type::StaffCancel);
}

bool OrderActions::canResolve(const PushJobRecord &job)
{
    return permits(factsOf(job), JobEvent::Type::Resolve);
}

bool OrderActions::canReopen(const PushJobRecord &job)
{
    return permits(factsOf(job), JobEvent::Type::Reopen);
}

// ---- shared parts

OrderActions::Located OrderActions::locate(const QString &orderNumber, ActionResult *r)
{
    Located found;
    if (!m_db.isReachable()) { // the console's watcher is reconnecting: refuse rather than half-try
        *r = result(ActionResult::Outcome::Failed, orderNumber, Database::unreachableMessage());
        return found;
    }
    QString error;
    found.order = m_orders.loadByNumber(orderNumber, &error);
    if (!found.order) {
        *r = result(error.isEmpty() ? ActionResult::Outcome::NotFound : ActionResult::Outcome::Failed, orderNumber,
                    error.isEmpty() ? tr("No order numbered \"%1\".").arg(orderNumber) : error);
        return found;
    }
    found.job = m_jobs.findForOrder(m_profile.name, found.order->id, &error);
    if (!error.isEmpty())
        *r = result(ActionResult::Outcome::Failed, orderNumber, error);
    return found;
}

AuditEntry OrderActions::auditEntry(const QString &action, const QString &orderNumber, const QString &detail) const
{
    return {0, m_clock.nowUtc(), m_operator, action, m_profile.name, orderNumber, detail};
}

bool OrderActions::inTransaction(const std::function<bool(QString *error)> &work, QString *error)
{
    if (!m_db.isReachable()) {
        if (error)
            *error = Database::unreachableMessage();
        return false;
    }
    return inWriteTransaction(m_db, work, error);
}

ActionResult OrderActions::decide(const QString &orderNumber, const PushJobRecord &read, const JobEvent &event, const QString &change,
                                  const QString &message, const QString &auditAction, const QString &auditDetail,
                                  const std::function<bool(QString *error)> &shopWrite)
{
    JobWrite write;
    write.change = QStringLiteral("staff:") + change;
    write.message = message;
    return decideWrite(orderNumber, read, event, write, auditAction, auditDetail, shopWrite);
}

ActionResult OrderActions::decideWrite(const QString &orderNumber, const PushJobRecord &read, const JobEvent &event, const JobWrite &write,
                                       const QString &auditAction, const QString &auditDetail,
                                       const std::function<bool(QString *error)> &shopWrite)
{
    const JobTransition t = transition(read.facts(), event);
    if (!t.allowed)
        return result(ActionResult::Outcome::Refused, orderNumber, t.refusal);
    JobApply applied;
    QString error;
    const bool stored = inTransaction([&](QString *why) {
        // Compare-and-set on the job as read: another process that moved it first wins, and nothing is written.
        applied = m_jobs.apply(read, event, write, nowMs());
        if (!applied.applied()) {
            *why = applied.message;
            return false;
        }
        if (shopWrite && !shopWrite(why))
            return false;
        return m_audit.record(auditEntry(auditAction, orderNumber, auditDetail), why);
    }, &error);
    if (!stored) {
        if (applied.status == ApplyStatus::Refused)
            return result(ActionResult::Outcome::Refused, orderNumber, applied.message);
        return result(ActionResult::Outcome::Failed, orderNumber, applied.status == ApplyStatus::Lost
            ? tr("The order changed meanwhile (another process is working on it); look again") : error);
    }
    emit changed();
    ActionResult done = result(ActionResult::Outcome::Done, orderNumber, write.message.value_or(QString()));
    done.state = jobStateName(applied.job.state);
    return done;
}

OrderActions::Services OrderActions::services(QString *error)
{
    return m_services ? m_services(error) : Services();
}

OpenPlatClient *OrderActions::openPlatform(QString *error)
{
    return m_openplat ? m_openplat(error) : nullptr;
}

void OrderActions::runEach(const QStringList &orderNumbers, std::function<void(const QString &, Done)> step, AllDone done)
{
    // One order at a time, each result written as it comes; the caller's event loop stays free meanwhile.
    struct Run
    {
        QStringList pending;
        QList<ActionResult> results;
        std::function<void(const QString &, Done)> step;
        AllDone done;
    };
    auto run = std::make_shared<Run>();
    run->pending = orderNumbers;
    run->step = std::move(step);
    run->done = std::move(done);
    auto next = std::make_shared<std::function<void()>>();
    std::weak_ptr<std::function<void()>> weakNext = next;
    QPointer<OrderActions> guard(this);
    *next = [guard, run, weakNext]() {
        const std::shared_ptr<std::function<void()>> self = weakNext.lock();
        if (!guard || !self)
            return;
        if (run->pending.isEmpty())
            return run->done(run->results);
        const QString number = run->pending.takeFirst();
        run->step(number, [run, self](const ActionResult &r) {
            run->results.append(r);
            QMetaObject::invokeMethod(QCoreApplication::instance(), [self] { (*self)(); }, Qt::QueuedConnection);
        });
    };
    // Whoever waits to run the next step (a network answer, the queued call) keeps it alive.
    QMetaObject::invokeMethod(this, [next] { (*next)(); }, Qt::QueuedConnection);
}

// ---- pushes

bool OrderActions::startPush(const PushPlan &plan, QString *why, int *exitCode)
{
    auto fail = [&](const QString &text, int code) {
        if (why)
            *why = text;
        if (exitCode)
            *exitCode = code;
        return false;
    };
    if (isPushing())
        return fail(tr("A push is still running; wait for it to finish."), 1);
    if (!m_db.isReachable())
        return fail(Database::unreachableMessage(), 3);
    using Mode = PushPlan::Mode;
    QString error;
    QList<PushRequest> requests;
    QList<PushItemResult> decided;
    QSet<QString> seen;
    auto add = [&](const PushRequest &r) {
        if (!seen.contains(r.orderNumber)) {
            seen.insert(r.orderNumber);
            requests.append(r);
        }
    };
    if (plan.resumeFirst || plan.mode == Mode::Resume) {
        for (const QString &n : PushEngine::resumeCandidates(m_db, m_profile.name, nowMs(), &error))
            add({n, false, true});
    }
    switch (plan.mode) {
    case Mode::Resume:
        break;
    case Mode::Push:
        for (const QString &n : plan.orderNumbers)
            add({n, false, false});
        break;
    case Mode::AllPaid:
        for (const QString &n : PushEngine::allPaidCandidates(m_db, m_profile.name, &error))
            add({n, false, false, true});
        break;
    case Mode::NewSoId:
    case Mode::Retry:
        for (const QString &n : plan.orderNumbers) {
            ActionResult r;
            const Located found = locate(n, &r);
            if (!found.order || !r.ok()) {
                decided.append(refusedItem(n, QString(), QString(), r.message));
                continue;
            }
            const JobEvent::Type type = plan.mode == Mode::NewSoId ? JobEvent::Type::NewSoId : JobEvent::Type::Retry;
            if (!found.job) {
                // Never pushed under this profile: a retry is a first push; a new soId has nothing to replace.
                if (type == JobEvent::Type::Retry)
                    add({n, false, false});
                else
                    decided.append(refusedItem(n, QString(), QString(), tr("This order has not been pushed under profile %1").arg(m_profile.name)));
                continue;
            }
            const QString refusal = whyNot(*found.job, type);
            if (!refusal.isEmpty()) {
                decided.append(refusedItem(n, found.job->soId, jobStateName(found.job->state), refusal));
                continue;
            }
            // Allowed for the job as read; the engine applies it again under its claim (the job may move meanwhile).
            add({n, type == JobEvent::Type::NewSoId, false});
        }
        break;
    case Mode::RetryFailed: {
        QSet<QString> matching;
        if (!plan.search.isEmpty()) {
            OrderQuery q;
            q.search = plan.search;
            for (const OrderSummary &s : m_orders.page(q, 0, 1000000))
                matching.insert(s.orderNumber);
        }
        for (const JobState state : {JobState::Failed, JobState::Rejected}) {
            for (const PushJobRecord &j : m_jobs.list(m_profile.name, jobStateName(state), 1000000, &error)) {
                if (!canRetry(j) || (!plan.search.isEmpty() && !matching.contains(j.orderNumber)) || seen.contains(j.orderNumber))
                    continue;
                add({j.orderNumber, false, false});
            }
        }
        break;
    }
    }
    if (!error.isEmpty())
        return fail(error, 3);

    if (needsConfirmation(m_profile, int(requests.size())) && !plan.confirmed && !(m_confirm && m_confirm(m_profile, int(requests.size()))))
        return fail(QString(), 2);

    Services s;
    if (!requests.isEmpty()) {
        s = services(&error);
        if (!s.sender)
            return fail(error.isEmpty() ? tr("No connection to YLH is set up for this profile.") : error, 3);
    }
    m_decided = decided;
    if (requests.isEmpty()) {
        QMetaObject::invokeMethod(this, [this] {
            const QList<PushItemResult> results = m_decided;
            m_decided.clear();
            emit pushFinished(results);
        }, Qt::QueuedConnection);
        return true;
    }
    PushEngine *engine = m_engines(m_profile, *s.sender, this);
    engine->setOperator(m_operator);
    engine->setStockChecker(s.stock);
    // The engine applies push, retry (a new push with a fresh retry budget) and the new soId under its
    // claim, and audits each with it.
    engine->setAuditLog(&m_audit);
    if (plan.concurrency > 0)
        engine->setConcurrency(plan.concurrency);
    m_engine = engine;
    connect(engine, &PushEngine::finished, this, [this, engine](const QList<PushItemResult> &results) {
        const QList<PushItemResult> all = m_decided + results;
        m_decided.clear();
        m_engine.clear();
        engine->deleteLater();
        emit changed();
        emit pushFinished(all);
    });
    emit pushStarted(engine);
    engine->start(requests);
    return true;
}

// ---- decisions the console records

QList<ActionResult> OrderActions::resolve(const QStringList &orderNumbers, const QString &note)
{
    QList<ActionResult> results;
    for (const QString &n : orderNumbers) {
        ActionResult r;
        Located found = locate(n, &r);
        if (!found.order || !r.ok()) {
            results.append(r);
            continue;
        }
        if (!found.job) {
            // Never pushed: a job that says "resolved" keeps `push --all-paid` from taking it.
            QString error;
            found.job = m_jobs.reserve(m_profile.name, found.order->id, found.order->orderNumber, QString(), m_operator, nowMs(), &error);
            if (!found.job) {
                results.append(result(ActionResult::Outcome::Failed, n, error));
                continue;
            }
        }
        results.append(decide(n, *found.job, JobEvent::of(JobEvent::Type::Resolve), QStringLiteral("resolve"), note,
                              QStringLiteral("resolve"), note));
    }
    return results;
}

QList<ActionResult> OrderActions::resolveJobs(const QList<PushJobRecord> &jobsAsRead, const QString &note)
{
    QList<ActionResult> results;
    for (const PushJobRecord &j : jobsAsRead)
        results.append(decide(j.orderNumber, j, JobEvent::of(JobEvent::Type::Resolve), QStringLiteral("resolve"), note,
                              QStringLiteral("resolve"), note));
    return results;
}

QList<ActionResult> OrderActions::reopen(const QStringList &orderNumbers, const QString &note)
{
    QList<ActionResult> results;
    for (const QString &n : orderNumbers) {
        ActionResult r;
        const Located found = locate(n, &r);
        if (!found.order || !r.ok()) {
            results.append(r);
            continue;
        }
        if (!found.job) {
            results.append(result(ActionResult::Outcome::Refused, n, tr("Only a resolved order can be reopened")));
            continue;
        }
        results.append(decide(n, *found.job, JobEvent::of(JobEvent::Type::Reopen), QStringLiteral("reopen"), note,
                              QStringLiteral("reopen"), note));
    }
    return results;
}
