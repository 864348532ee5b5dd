#pragma once

#include "models/auditlog.h"
#include "models/jobstate.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/profile.h"
#include "net/pushengine.h"
#include "net/stockchecker.h"

#include <QDate>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class Clock;
class Database;
class OpenPlatClient;
class OrderSender;
class YlhClient;

// How one staff action on one order ended.
struct ActionResult
{
    enum class Outcome {
        Done,        // what was asked happened (Haier took it, or the console recorded it)
        Refused,     // the job's state does not allow it (the transition function's sentence), or Haier lacks what it needs
        Failed,      // Haier said no, the network failed, or the database could not store it
        NotFound,    // no such order
        Unavailable, // no connection to Haier is set up for this profile (credentials, keychain), or Haier
                     // refused the credentials or the caller (401, 403: not something a retry changes)
    };
    Outcome outcome = Outcome::Done;
    QString orderNumber;
    QString message;   // Haier's answer when done, else the sentence why not
    QStringList lines; // photos: one link each; logistics: the orders updated
    QStringList skipped; // logistics: a sentence for each order that could not be asked about (the rest were)
    QString state;     // the job's state after a decision the console recorded
    QJsonValue data;   // the open platform's questions: Haier's answer (products, prices, balance, the order's lines)

    bool ok() const { return outcome == Outcome::Done; }
    static ActionResult of(Outcome outcome, const QString &orderNumber, const QString &message)
    {
        ActionResult r;
        r.outcome = outcome;
        r.orderNumber = orderNumber;
        r.message = message;
        return r;
    }
};

// An accepted order whose confirmation from Haier has not come within the threshold (domain.md,
// "Accepted but never confirmed").
struct OverdueOrder
{
    QString orderNumber;
    QString soId;
    QString haierOrderNo; // Haier's SO number (the create answer's retailOrderNo); empty: logistics cannot be asked
    qint64 acceptedAt = 0; // epoch ms
    qint64 ageMinutes = 0;
    PushJobRecord job;     // as read
};

// What reconciling found for one overdue order.
struct ReconcileItem
{
    enum class Verdict {
        Confirmed,    // logistics shows it shipped; confirmed with that evidence
        WouldConfirm, // shipped, but only shown (no --yes)
        NotShipped,   // logistics knows no shipment yet: stays overdue
        NoSoNumber,   // no Haier SO number to ask with: stays overdue
        NotRecorded,  // shipped, but the confirmation could not be recorded (the sentence says why)
    };
    OverdueOrder order;
    Verdict verdict = Verdict::NotShipped;
    QString evidence; // "logistics shows shipped: …"
    QString message;  // why not, when not confirmed
};

// Every staff action on orders and their push jobs, once, for the window and `haierctl` alike:
// push, retry, re-push with a new soId, cancel at Haier, 改约, resolve and reopen, logistics refresh,
// delivery photos, the stock check, the open platform's products, prices and balance, the questions the window asks before offering an action, and the
// production-confirm rule. Each decision is the transition function's (models/jobstate.h) for the job as
// read; each action writes the job, the shop's row and the audit in one transaction. The push engine does
// the sending. Built by the composition root with the clock and the network side of the active profile.
class OrderActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderActions)

public:
    // The network side, built on first use (so opening the console never waits for the keychain).
    struct Services
    {
        OrderSender *sender = nullptr; // null: *error says why
        StockChecker *stock = nullptr; // the open-platform stock check
        YlhClient *ylh = nullptr;      // cancel, 改约, photos, logistics
    };
    using ServiceProvider = std::function<Services(QString *error)>;
    // Haier's open platform with its credentials (products, prices, balance); null: *error says why.
    using OpenPlatProvider = std::function<OpenPlatClient *(QString *error)>;
    // Builds the engine of one push run (tests replace the scheduler or the seed through it).
    using EngineFactory = std::function<PushEngine *(const Profile &profile, OrderSender &sender, QObject *parent)>;
    // Production's deliberate step: asked with the profile and the number of orders; true to go on.
    using Confirmer = std::function<bool(const Profile &profile, int count)>;
    using Done = std::function<void(const ActionResult &)>;
    using AllDone = std::function<void(const QList<ActionResult> &)>;

    OrderActions(Database &db, const Clock &clock, const Profile &profile, ServiceProvider services, QObject *parent = nullptr);
    ~OrderActions() override;

    const Profile &profile() const { return m_profile; }
    // After a profile switch: the next action works under `profile` (a push still running finishes with its own).
    void setProfile(const Profile &profile) { m_profile = profile; }
    void setServiceProvider(ServiceProvider services) { m_services = std::move(services); }
    void setOpenPlatProvider(OpenPlatProvider openplat) { m_openplat = std::move(openplat); }
    void setEngineFactory(EngineFactory factory) { m_engines = std::move(factory); }
    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }
    void setOperator(const QString &name) { m_operator = name; }
    const Clock &clock() const { return m_clock; }

    // --- The production-confirm rule (one place): a production push needs a deliberate step, the
    // profile's name typed exactly (or `--yes` in the CLI). Other kinds go on without one.
    static bool needsConfirmation(const Profile &profile, int count);
    static bool confirmationAccepted(const Profile &profile, const QString &typed);

    // --- The questions the window asks: exactly what the transition function says for the job as read.
    static JobFacts factsOf(const PushJobRecord &job);
    static bool canRetry(const PushJobRecord &job);
    static bool canRepush(const PushJobRecord &job);
    static bool canCancel(const PushJobRecord &job);
    static bool canResolve(const PushJobRecord &job);
    static bool canReopen(const PushJobRecord &job);
    // The sentence why `type` is not allowed for `job` (empty when it is).
    static QString whyNot(const PushJobRecord &job, JobEvent::Type type);

    // --- Pushes. The engine sends; OrderActions decides what goes, asks the confirmation rule, audits
    // staff decisions. One run at a time; pushStarted/pushFinished frame it.
    struct PushPlan
    {
        enum class Mode {
            Push,        // the named orders
            AllPaid,     // every paid order not pushed yet (a job another process ended meanwhile is left)
            Retry,       // the named orders again with their soId and a fresh retry budget
            RetryFailed, // every job a retry is allowed for (optionally only those matching `search`)
            NewSoId,     // the deliberate re-push of the named orders, whose soId is dead at Haier
            Resume,      // only what a dead process left
        };
        Mode mode = Mode::Push;
        QStringList orderNumbers;
        QString search;          // RetryFailed
        bool resumeFirst = false; // finish what a dead process left first, with its soIds
        int concurrency = 0;      // 0: the profile's
        bool confirmed = false;   // the deliberate step was taken already (`--yes`)
    };
    // Starts a run. False (with *why, empty when staff declined) when nothing was started.
    // *exitCode follows haierctl's codes: 2 declined, 3 no connection to Haier.
    bool startPush(const PushPlan &plan, QString *why, int *exitCode = nullptr);
    bool isPushing() const { return !m_engine.isNull(); }

    // --- Follow-ups at Haier (asynchronous; `done` is called once, on this thread).
    // Asks YLH to cancel each order in turn; a taken request moves the job to cancel_requested.
    void cancel(const QStringList &orderNumbers, const QString &reason, AllDone done);
    // 改约: new delivery and installation days (China dates, sent as 23:59:59).
    void reschedule(const QString &orderNumber, const QDate &distribution, const QDate &install, Done done);
    void photos(const QString &orderNumber, Done done);
    // Stores Haier's logistics numbers for the named orders (or, with none named, every accepted or
    // confirmed one of the profile).
    void refreshLogistics(const QStringList &orderNumbers, Done done);
    // Asks the open platform whether the order's products are in stock in its county; sends nothing.
    // The result's message says the verdict; `verdict` gets its outcome.
    void checkStock(const QString &orderNumber, std::function<void(StockVerdict::Outcome, const ActionResult &)> done);

    // --- Questions to Haier's open platform: nothing is sent to YLH and nothing is stored. The result's
    // `data` is Haier's answer (a list of objects), `lines` one sentence per row where it has one.
    // Purchasable products (List<ProductOutInfoDto>) and supply prices (List<PriceSupplyVo>) of product codes.
    void products(const QStringList &codes, Done done);
    void prices(const QStringList &codes, Done done);
    // The balances of the customer's payer accounts; `lines`: "sale group (account): balance".
    void balance(Done done);
    // Availability and price of the order's lines: one object per product code its payload sends, with
    // productCode, quantity, productModel, isSales, noSalesReason, supplyPrice, invoicePrice, reason.
    void linesAtHaier(const QString &orderNumber, Done done);

    // --- Decisions the console records by itself.
    // Marks each order's job resolved with `note` (an order never pushed gets a job that says so).
    QList<ActionResult> resolve(const QStringList &orderNumbers, const QString &note);
    // The same for jobs as the window showed them: one that moved on since is left as it is.
    QList<ActionResult> resolveJobs(const QList<PushJobRecord> &jobsAsRead, const QString &note);
    // Undoes resolve: the job returns to the state it had before.
    QList<ActionResult> reopen(const QStringList &orderNumbers, const QString &note);

    // --- Confirmations that never came, and refused callbacks (net/orderactionsconfirm.cpp).
    // Where a refused callback's replay gets the profile's callback.secret (the keychain, or the demo
    // secret of a mock profile); nullopt with *error when there is none.
    using CallbackSecret = std::function<std::optional<QString>(const Profile &profile, QString *error)>;
    void setCallbackSecret(CallbackSecret secret) { m_callbackSecret = std::move(secret); }
    // Accepted jobs of the profile without confirmation for at least `olderThanMinutes` (< 0: the
    // profile's callback.confirmWithinMinutes), oldest first.
    QList<OverdueOrder> overdue(int olderThanMinutes, QString *error);
    // Asks Haier's logistics (by SO number) about the overdue orders that have one; with `apply`, confirms
    // the shipped ones (ManualConfirm, the evidence in the job and the audit), else only says which it would.
    using ReconcileDone = std::function<void(const ActionResult &overall, const QList<ReconcileItem> &items)>;
    void reconcile(int olderThanMinutes, bool apply, ReconcileDone done);
    // The same for the orders named (the window's selection), each as the page read it.
    void reconcileOrders(const QList<OverdueOrder> &orders, bool apply, ReconcileDone done);
    // Records a confirmation Haier gave by phone: ManualConfirm, Haier's order number on the job and the
    // shop's row (as a confirm callback writes it), the note in the audit.
    ActionResult confirmByPhone(const QString &orderNumber, const QString &haierOrderNo, const QString &note);
    // Verifies a stored refused callback again under the current profile (AppKey, secret), judging its
    // freshness by when it was received; a valid one is applied through the receiver's own path. Audited
    // whatever the outcome.
    ActionResult replayCallback(qint64 callbackId);

signals:
    void pushStarted(PushEngine *engine);
    // Every order of the run: those the engine handled, and those refused before it started.
    void pushFinished(const QList<PushItemResult> &results);
    // Jobs or orders changed through an action (the window reloads what it shows).
    void changed();

private:
    struct Located
    {
        std::optional<Order> order;
        std::optional<PushJobRecord> job;
    };
    // The order and its job under the profile; *result says why not when there is no order.
    Located locate(const QString &orderNumber, ActionResult *result);
    // One staff decision about a job, written in one transaction: the job (compare-and-set on the state
    // as read), the shop's row (`shopWrite`, optional) and the audit. Refused when transition() refuses.
    ActionResult decide(const QString &orderNumber, const PushJobRecord &read, const JobEvent &event, const QString &change,
                        const QString &message, const QString &auditAction, const QString &auditDetail,
                        const std::function<bool(QString *error)> &shopWrite = {});
    // decide() with the whole job write (ManualConfirm also writes Haier's order number).
    ActionResult decideWrite(const QString &orderNumber, const PushJobRecord &read, const JobEvent &event, const JobWrite &write,
                             const QString &auditAction, const QString &auditDetail, const std::function<bool(QString *error)> &shopWrite);
    ActionResult auditedReplay(qint64 callbackId, ActionResult result);
    bool inTransaction(const std::function<bool(QString *error)> &work, QString *error);
    AuditEntry auditEntry(const QString &action, const QString &orderNumber, const QString &detail) const;
    Services services(QString *error);
    OpenPlatClient *openPlatform(QString *error);
    qint64 nowMs() const;
    void runEach(const QStringList &orderNumbers, std::function<void(const QString &, Done)> step, AllDone done);

    Database &m_db;
    const Clock &m_clock;
    Profile m_profile;
    ServiceProvider m_services;
    OpenPlatProvider m_openplat;
    EngineFactory m_engines;
    Confirmer m_confirm;
    QString m_operator;
    OrderStore m_orders;
    JobStore m_jobs;
    AuditLog m_audit;
    QPointer<PushEngine> m_engine;
    QList<PushItemResult> m_decided; // refused before the run started
    CallbackSecret m_callbackSecret;
};
