// The request budget every process of one API client shares (domain.md, retry policy): two budget
// instances on separate connections to one database stand for two processes (or two desks). Time is
// a ManualClock, so every second's count is exact; the last case goes through the real YLH client and
// the simulator, which counts the requests it receives per second.
#include "testdb.h"

#include "models/clock.h"
#include "models/database.h"
#include "net/sharedratebudget.h"
#include "net/ylhclient.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QNetworkAccessManager>
#include <QtTest>

#include <map>

namespace {

// A whole second, so that the cases know where each second begins.
const QDateTime Start(QDate(2026, 1, 5), QTime(9, 0), QTimeZone::utc());

std::unique_ptr<Database> openMigrated(const QString &location)
{
    QString error;
    auto db = Database::open(location, &error);
    if (!db || db->migrate(&error) < 0)
        qFatal("cannot open the test database: %s", qPrintable(error));
    return db;
}

// A budget that refuses until told otherwise, and remembers the pauses it was asked for.
class ClosedBudget final : public RateBudget
{
public:
    bool open = false;
    int asked = 0;
    QList<qint64> pauses;
    qint64 acquire() override
    {
        ++asked;
        return open ? 0 : 50;
    }
    void pause(qint64 delayMs) override { pauses.append(delayMs); }
};

} // namespace

class TestRateBudget : public QObject
{
    Q_OBJECT

private slots:
    void twoProcessesNeverExceedTheBudget_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void twoProcessesNeverExceedTheBudget()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto dbA = openMigrated(location);
        auto dbB = openMigrated(location);
        ManualClock clock(Start);
        const QString key = SharedRateBudget::keyFor(QStringLiteral("ylh"), QStringLiteral("client-1"));
        SharedRateBudget a(*dbA, clock, key, 10);
        SharedRateBudget b(*dbB, clock, key, 10);
        // Another client's budget is its own: it never takes from this one.
        SharedRateBudget other(*dbB, clock, SharedRateBudget::keyFor(QStringLiteral("ylh"), QStringLiteral("client-2")), 10);

        std::map<qint64, int> perSecond;
        int grantedA = 0, grantedB = 0, grantedOther = 0;
        // Both "processes" ask far more often than the budget allows, for three seconds.
        for (int step = 0; step < 3000 / 7; ++step) {
            const qint64 second = clock.nowUtc().toMSecsSinceEpoch() / 1000;
            for (int i = 0; i < 5; ++i) {
                if (a.acquire() == 0) {
                    ++perSecond[second];
                    ++grantedA;
                }
                if (b.acquire() == 0) {
                    ++perSecond[second];
                    ++grantedB;
                }
            }
            if (other.acquire() == 0)
                ++grantedOther;
            clock.advanceMs(7);
        }
        QCOMPARE(int(perSecond.size()), 3);
        for (const auto &[second, count] : perSecond)
            QVERIFY2(count == 10, qPrintable(QStringLiteral("second %1 sent %2 requests, the budget is 10").arg(second).arg(count)));
        QVERIFY(grantedA > 0 && grantedB > 0);
        QCOMPARE(grantedA + grantedB, 30);
        QCOMPARE(grantedOther, 30);
    }

    void refusalSaysHowLongToWait_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void refusalSaysHowLongToWait()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto db = openMigrated(location);
        ManualClock clock(Start);
        SharedRateBudget budget(*db, clock, QStringLiteral("ylh:test"), 2, 50);
        clock.advanceMs(300);
        QCOMPARE(budget.acquire(), 0);
        QCOMPARE(budget.acquire(), 0);
        QCOMPARE(budget.acquire(), 700); // full: until the next second
        clock.advanceMs(700);
        QCOMPARE(budget.acquire(), 0);
        clock.advanceMs(960); // 960 ms into the second: inside the guard, nothing is started
        QCOMPARE(budget.acquire(), 40);
        clock.advanceMs(40);
        QCOMPARE(budget.acquire(), 0);
        QCOMPARE(budget.acquire(), 0);
        QVERIFY(budget.acquire() > 0);
    }

    void pauseIsSeenByTheOtherProcess_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void pauseIsSeenByTheOtherProcess()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        auto dbA = openMigrated(location);
        auto dbB = openMigrated(location);
        ManualClock clock(Start);
        SharedRateBudget a(*dbA, clock, QStringLiteral("ylh:shared"), 100);
        SharedRateBudget b(*dbB, clock, QStringLiteral("ylh:shared"), 100);
        QCOMPARE(b.acquire(), 0);
        a.pause(1500); // A got a 429 with Retry-After
        QCOMPARE(b.acquire(), 1500);
        QCOMPARE(a.acquire(), 1500);
        b.pause(200); // a shorter pause never shortens a longer one
        clock.advanceMs(500);
        QCOMPARE(b.acquire(), 1000);
        clock.advanceMs(1000);
        QCOMPARE(b.acquire(), 0);
        QCOMPARE(a.acquire(), 0);
    }

    // Nothing goes on the wire while the budget refuses; calls then go in the order they were made, and
    // a cancel drops those still waiting with kind connection.
    void callsWaitForTheBudget()
    {
        YlhSimulator sim;
        QVERIFY(sim.listen());
        QNetworkAccessManager network;
        SystemClock clock;
        Profile profile = sim.pointedAt(Profile::preset(ProfileKind::Test));
        ClosedBudget budget;
        YlhClient client(network, clock);
        client.setProfile(profile);
        client.setCredentials({QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                               QStringLiteral("demo-password")});
        client.setRateBudget(&budget);
        QList<ApiResult> answers;
        client.logistics({QStringLiteral("SO-1")}, [&](const ApiResult &r) { answers.append(r); });
        QTRY_VERIFY(budget.asked >= 3); // asked again and again, refused every time
        QCOMPARE(sim.requestCount(QStringLiteral("ylh.token")), 0);
        budget.open = true;
        QTRY_COMPARE(answers.size(), 1);
        QVERIFY2(answers.first().ok(), qPrintable(answers.first().message));
        QCOMPARE(sim.requestCount(QStringLiteral("ylh.token")), 1);
        QVERIFY(budget.pauses.isEmpty());

        budget.open = false;
        client.logistics({QStringLiteral("SO-2")}, [&](const ApiResult &r) { answers.append(r); });
        client.abortAll();
        QCOMPARE(answers.size(), 2);
        QCOMPARE(answers.last().kind, ResultKind::Connection);
        QCOMPARE(sim.requestCount(QStringLiteral("ylh.logistics")), 1);

        // A 503 with Retry-After 2 s asks the budget to pause for it.
        SimConfig unavailable = sim.config();
        unavailable.faults.unavailableRate = 1.0;
        unavailable.faults.retryAfterSeconds = 2;
        sim.setConfig(unavailable);
        budget.open = true;
        client.logistics({QStringLiteral("SO-3")}, [&](const ApiResult &r) { answers.append(r); });
        QTRY_COMPARE(answers.size(), 3);
        QCOMPARE(budget.pauses.size(), 1);
        QVERIFY2(budget.pauses.first() > 1000 && budget.pauses.first() <= 2000, qPrintable(QString::number(budget.pauses.first())));
    }

    // Two desks' YLH clients on one SQLite file, a budget of 4 requests/s: the simulator never sees
    // more than 4 in a second, and a 503 one client gets holds the other back too.
    void clientsShareTheBudgetAtTheSimulator()
    {
        QTemporaryDir dir;
        const QString location = dir.filePath(QStringLiteral("desk.sqlite"));
        auto dbA = openMigrated(location);
        auto dbB = openMigrated(location);
        SystemClock clock;
        YlhSimulator sim;
        QVERIFY(sim.listen());
        QNetworkAccessManager network;
        Profile profile = sim.pointedAt(Profile::preset(ProfileKind::Test));
        profile.timeoutMs = 5000;
        const YlhCredentials demo{QStringLiteral("demo-client"), QStringLiteral("demo-client-secret"), QStringLiteral("demo-user"),
                                  QStringLiteral("demo-password")};
        const QString key = SharedRateBudget::keyFor(QStringLiteral("ylh"), demo.clientId);
        SharedRateBudget budgetA(*dbA, clock, key, 4, 300);
        SharedRateBudget budgetB(*dbB, clock, key, 4, 300);
        YlhClient a(network, clock), b(network, clock);
        for (auto [client, budget] : {std::pair{&a, &budgetA}, std::pair{&b, &budgetB}}) {
            client->setProfile(profile);
            client->setCredentials(demo);
            client->setRateBudget(budget);
        }
        int done = 0;
        for (int i = 0; i < 5; ++i) {
            a.logistics({QStringLiteral("SO-A-%1").arg(i)}, [&](const ApiResult &r) { QVERIFY2(r.ok(), qPrintable(r.message)); ++done; });
            b.logistics({QStringLiteral("SO-B-%1").arg(i)}, [&](const ApiResult &r) { QVERIFY2(r.ok(), qPrintable(r.message)); ++done; });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 10, 20000);
        QCOMPARE(sim.requestCount(QStringLiteral("ylh.logistics")) + sim.requestCount(QStringLiteral("ylh.token")), 12);
        QVERIFY2(sim.busiestSecondRequests() <= 4, qPrintable(QString::number(sim.busiestSecondRequests())));
        QVERIFY(sim.busiestSecondRequests() >= 2);

        // A 503 with Retry-After: 3 s for client A pauses client B as well.
        SimConfig unavailable = sim.config();
        unavailable.faults.unavailableRate = 1.0;
        unavailable.faults.retryAfterSeconds = 3;
        sim.setConfig(unavailable);
        ApiResult answer;
        bool answered = false;
        a.logistics({QStringLiteral("SO-A-X")}, [&](const ApiResult &r) { answer = r; answered = true; });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 5000);
        QCOMPARE(answer.httpStatus, 503);
        const qint64 wait = budgetB.acquire();
        QVERIFY2(wait > 2000 && wait <= 3000, qPrintable(QString::number(wait)));
    }
};

QTEST_GUILESS_MAIN(TestRateBudget)
#include "tst_ratebudget.moc"
