// Which environment a database serves (domain.md): only a profile of the bound kind (any profile on a
// training database) writes the shop's columns, through every writer; the others push as dry runs.
#include "models/auditlog.h"
#include "models/callbackstore.h"
#include "models/database.h"
#include "models/envbinding.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/profilestore.h"
#include "testdb.h"

#include <QtTest>

namespace {

std::unique_ptr<Database> openWithOrder(const QString &location)
{
    QString error;
    auto db = Database::open(location, &error);
    if (!db || db->migrate(&error) < 0 || !ProfileStore(*db).ensurePresets(&error))
        qFatal("cannot open: %s", qPrintable(error));
    QString sql = QStringLiteral("INSERT INTO orders_order (id, order_number, status, total_amount, created_at) "
                                 "VALUES (17, 'HMM1', 'paid', 10.00, '2025-11-24 02:30:00')");
    if (db->isPostgres())
        sql.replace(QLatin1String("'2025-11-24 02:30:00'"), QLatin1String("TIMESTAMPTZ '2025-11-24 02:30:00+00'"));
    if (!db->exec(sql, &error) || !db->exec(QStringLiteral("INSERT INTO catalog_product (id, name, product_code, source) "
                                                           "VALUES (1, 'A', 'P1', 'haier')"), &error)
        || !db->exec(QStringLiteral("INSERT INTO orders_orderitem (order_id, product_id, sku_code, quantity) VALUES (17, 1, 'P1', 2)"), &error))
        qFatal("insert: %s", qPrintable(error));
    return db;
}

// One accepted push of order 17 by `profile`, as the push engine records it.
qint64 acceptedPush(JobStore &jobs, const QString &profile, const QString &soId, qint64 now)
{
    QString error;
    const auto job = jobs.reserve(profile, 17, QStringLiteral("HMM1"), soId, {}, now, &error);
    if (!job || !jobs.claim(job->id, currentHolder(), now, 60000, {}, &error))
        qFatal("reserve: %s", qPrintable(error));
    JobApply r;
    const qint64 attempt = jobs.startAttempt(*jobs.get(job->id), currentHolder(), {}, "{}", now, &r);
    AttemptOutcome ok;
    ok.kind = ResultKind::Ok;
    ok.httpStatus = 200;
    ok.haierOrderNo = QStringLiteral("SO.%1").arg(profile);
    if (attempt <= 0 || !jobs.finishAttempt(r.job, attempt, ok, currentHolder(), now + 1).applied())
        qFatal("attempt: %s", qPrintable(r.message));
    jobs.release(job->id, currentHolder());
    return job->id;
}

} // namespace

class TestEnvBinding : public QObject
{
    Q_OBJECT

private slots:
    void whoWrites_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("binding");
        QTest::addColumn<bool>("writes");
        const QList<ProfileKind> kinds{ProfileKind::Mock, ProfileKind::Test, ProfileKind::Pre, ProfileKind::Production};
        const QList<DbBinding> bindings{DbBinding::Production, DbBinding::Pre, DbBinding::Test, DbBinding::Training};
        for (ProfileKind k : kinds) {
            for (DbBinding b : bindings) {
                const bool writes = b == DbBinding::Training || profileKindName(k) == dbBindingName(b);
                QTest::newRow(qPrintable(profileKindName(k) + QLatin1Char('@') + dbBindingName(b))) << int(k) << int(b) << writes;
            }
        }
    }
    void whoWrites()
    {
        QFETCH(int, kind);
        QFETCH(int, binding);
        QFETCH(bool, writes);
        QCOMPARE(EnvBinding::kindWrites(ProfileKind(kind), DbBinding(binding)), writes);
    }

    void namesRoundTrip()
    {
        for (DbBinding b : {DbBinding::Production, DbBinding::Pre, DbBinding::Test, DbBinding::Training})
            QCOMPARE(dbBindingFromName(dbBindingName(b)), std::optional<DbBinding>(b));
        QVERIFY(!dbBindingFromName(QStringLiteral("mock"))); // mock is a profile kind, never a binding
        QVERIFY(!dbBindingFromName(QStringLiteral("Production")));
    }

    void bindIsRecordedAndAudited_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void bindIsRecordedAndAudited()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        EnvBinding binding(*db);
        QString error;
        QVERIFY(!binding.recorded(&error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(binding.current(), DbBinding::Production); // unbound serves production
        QVERIFY2(binding.bind(DbBinding::Test, &error), qPrintable(error));
        QCOMPARE(binding.recorded(), std::optional<DbBinding>(DbBinding::Test));
        QVERIFY(binding.bind(DbBinding::Training, &error));
        QCOMPARE(binding.current(), DbBinding::Training);
        QList<AuditEntry> audit;
        for (const AuditEntry &e : AuditLog(*db).recent(100)) {
            if (e.action == QLatin1String("db_bind"))
                audit.append(e);
        }
        QCOMPARE(audit.size(), 2);
        QCOMPARE(audit.at(0).detail, QStringLiteral("test → training"));
        QVERIFY(audit.at(1).detail.endsWith(QStringLiteral("→ test")));
        // Another connection sees it.
        auto other = Database::open(location, &error);
        QCOMPARE(EnvBinding(*other).current(), DbBinding::Training);
    }

    void demoDataBindsOnlyAFreshDatabase_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void demoDataBindsOnlyAFreshDatabase()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = Database::open(location, &error);
        QVERIFY(db && db->migrate(&error) > 0);
        bool bound = false;
        QVERIFY2(EnvBinding(*db).bindIfFresh(DbBinding::Training, &bound, &error), qPrintable(error));
        QVERIFY(bound);
        QCOMPARE(EnvBinding(*db).current(), DbBinding::Training);
        // A bound database keeps its binding.
        QVERIFY(EnvBinding(*db).bind(DbBinding::Production, &error));
        QVERIFY(EnvBinding(*db).bindIfFresh(DbBinding::Training, &bound, &error));
        QVERIFY(!bound);
        QCOMPARE(EnvBinding(*db).current(), DbBinding::Production);

        // An unbound database that already holds the shop's orders is not made a training one.
        CONSOLE_FRESH_DB(backend, dir2, location2);
        auto shop = openWithOrder(location2);
        QVERIFY(EnvBinding(*shop).bindIfFresh(DbBinding::Training, &bound, &error));
        QVERIFY(!bound);
        QVERIFY(!EnvBinding(*shop).recorded());
    }

    void profilesByName_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void profilesByName()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        EnvBinding binding(*db);
        QVERIFY(binding.profileNameWritesShop(QStringLiteral("production")));
        QVERIFY(!binding.profileNameWritesShop(QStringLiteral("mock")));
        QVERIFY(!binding.profileNameWritesShop(QStringLiteral("test")));
        QVERIFY(!binding.profileNameWritesShop(QStringLiteral("no-such-profile")));
        QVERIFY(!binding.dryRunNote(Profile::preset(ProfileKind::Mock)).isEmpty());
        QVERIFY(binding.dryRunNote(Profile::preset(ProfileKind::Production)).isEmpty());
        QString error;
        QVERIFY(binding.bind(DbBinding::Test, &error));
        QVERIFY(binding.profileNameWritesShop(QStringLiteral("test")));
        QVERIFY(!binding.profileNameWritesShop(QStringLiteral("production")));
        QVERIFY(binding.bind(DbBinding::Training, &error));
        for (const char *name : {"mock", "test", "pre", "production", "no-such-profile"})
            QVERIFY2(binding.profileNameWritesShop(QLatin1String(name)), name);
        QVERIFY(binding.dryRunNote(Profile::preset(ProfileKind::Mock)).isEmpty());
    }

    // Problem 3 at the storage level: a mock push on a production database is kept in the console's own
    // tables and leaves the shop's row alone; the production push after it writes the row.
    void pushesOfAnotherKindAreDryRuns_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void pushesOfAnotherKindAreDryRuns()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        OrderStore orders(*db);
        EnvBinding binding(*db);
        const qint64 mockJob = acceptedPush(jobs, QStringLiteral("mock"), QStringLiteral("HMM1-17"), 100);
        QCOMPARE(jobs.get(mockJob)->state, JobState::Accepted);
        auto order = orders.loadById(17);
        QVERIFY(order->haierSoId.isEmpty());
        QVERIFY(order->haierStatus.isEmpty());
        QVERIFY(order->haierOrderNo.isEmpty());
        QVERIFY(!binding.pushedJob(17)); // the mock job is not the bound environment's
        QVERIFY(!binding.hasJob(17));

        acceptedPush(jobs, QStringLiteral("production"), QStringLiteral("HMM1-17"), 200);
        order = orders.loadById(17);
        QCOMPARE(order->haierSoId, QStringLiteral("HMM1-17"));
        QCOMPARE(order->haierStatus, QStringLiteral("push_pending"));
        QCOMPARE(order->haierOrderNo, QStringLiteral("SO.production"));
        QVERIFY(binding.hasJob(17));
        const auto pushed = binding.pushedJob(17);
        QVERIFY(pushed);
        QCOMPARE(pushed->profile, QStringLiteral("production"));
        QCOMPARE(pushed->state, QStringLiteral("accepted"));

        // On a database bound to test, the production job no longer counts.
        QString error;
        QVERIFY(binding.bind(DbBinding::Test, &error));
        QVERIFY(!binding.pushedJob(17));
        QVERIFY(binding.bind(DbBinding::Training, &error));
        QCOMPARE(binding.pushedJob(17)->profile, QStringLiteral("mock")); // on training every job counts
    }

    // Callbacks follow the same rule: a callback received for a profile of another kind changes its job only.
    void callbacksOfAnotherKindTouchOnlyTheirJob_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void callbacksOfAnotherKindTouchOnlyTheirJob()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openWithOrder(location);
        JobStore jobs(*db);
        OrderStore orders(*db);
        const qint64 mockJob = acceptedPush(jobs, QStringLiteral("mock"), QStringLiteral("HMM1-17"), 100);
        CallbackStore callbacks(*db);
        auto cancel = [&](const QString &profile, const QString &key) {
            CallbackRecord r;
            r.profile = profile;
            r.method = QStringLiteral("hmm.scm_heorder.cancel");
            r.platformOrderNo = QStringLiteral("HMM1");
            r.state = 1;
            r.valid = true;
            r.timestampMs = 1000;
            r.dedupeKey = key;
            r.items = {CallbackLine{QStringLiteral("P1"), 2, 0, 0, 2}};
            QString error;
            if (!callbacks.store(r, &error))
                qFatal("store: %s", qPrintable(error));
            return r.outcome;
        };
        QCOMPARE(cancel(QStringLiteral("mock"), QStringLiteral("k1")), QStringLiteral("applied"));
        QCOMPARE(jobs.get(mockJob)->state, JobState::Cancelled);
        auto order = orders.loadById(17);
        QVERIFY(order->haierStatus.isEmpty());
        QCOMPARE(order->lines.at(0).rejectQty, 0);

        // The bound kind's callback writes the shop's row and lines.
        acceptedPush(jobs, QStringLiteral("production"), QStringLiteral("HMM1-17"), 200);
        QCOMPARE(cancel(QStringLiteral("production"), QStringLiteral("k2")), QStringLiteral("applied"));
        order = orders.loadById(17);
        QCOMPARE(order->haierStatus, QStringLiteral("cancelled"));
        QCOMPARE(order->lines.at(0).rejectQty, 2);
    }
};

QTEST_GUILESS_MAIN(TestEnvBinding)
#include "tst_envbinding.moc"
