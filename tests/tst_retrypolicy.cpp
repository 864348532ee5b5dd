#include "net/retrypolicy.h"

#include <QtTest>

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void delays_data()
    {
        QTest::addColumn<int>("attemptsDone");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("retryAfterMs");
        QTest::addColumn<double>("draw");
        QTest::addColumn<bool>("jitter");
        QTest::addColumn<qint64>("expected"); // -1: stop
        const int timeout = int(ResultKind::Timeout);
        QTest::newRow("first retry 0.5 s") << 1 << timeout << qint64(-1) << 0.0 << false << qint64(500);
        QTest::newRow("second retry 1 s") << 2 << timeout << qint64(-1) << 0.0 << false << qint64(1000);
        QTest::newRow("third retry 2 s") << 3 << timeout << qint64(-1) << 0.0 << false << qint64(2000);
        QTest::newRow("no fourth retry") << 4 << timeout << qint64(-1) << 0.0 << false << qint64(-1);
        QTest::newRow("full jitter at top") << 3 << timeout << qint64(-1) << 0.999 << true << qint64(1998);
        QTest::newRow("full jitter at zero") << 3 << timeout << qint64(-1) << 0.0 << true << qint64(0);
        QTest::newRow("full jitter half") << 2 << int(ResultKind::Connection) << qint64(-1) << 0.5 << true << qint64(500);
        QTest::newRow("retry-after wins") << 1 << int(ResultKind::RateLimited) << qint64(7000) << 0.3 << true << qint64(7000);
        QTest::newRow("retry-after capped") << 1 << int(ResultKind::Server) << qint64(86400000) << 0.3 << true << RetryPolicy::MaxRetryAfterMs;
        QTest::newRow("server retried") << 1 << int(ResultKind::Server) << qint64(-1) << 0.0 << false << qint64(500);
        QTest::newRow("business rejection never") << 1 << int(ResultKind::BusinessRejection) << qint64(-1) << 0.0 << false << qint64(-1);
        QTest::newRow("auth never") << 1 << int(ResultKind::Auth) << qint64(-1) << 0.0 << false << qint64(-1);
        QTest::newRow("forbidden never") << 1 << int(ResultKind::Forbidden) << qint64(-1) << 0.0 << false << qint64(-1);
        QTest::newRow("malformed never") << 1 << int(ResultKind::Malformed) << qint64(-1) << 0.0 << false << qint64(-1);
        QTest::newRow("duplicate never") << 1 << int(ResultKind::Duplicate) << qint64(-1) << 0.0 << false << qint64(-1);
        QTest::newRow("ok never") << 1 << int(ResultKind::Ok) << qint64(-1) << 0.0 << false << qint64(-1);
    }
    void delays()
    {
        QFETCH(int, attemptsDone);
        QFETCH(int, kind);
        QFETCH(qint64, retryAfterMs);
        QFETCH(double, draw);
        QFETCH(bool, jitter);
        QFETCH(qint64, expected);
        RetrySettings s;
        s.jitter = jitter;
        const auto delay = RetryPolicy::nextDelayMs(s, attemptsDone, ResultKind(kind), retryAfterMs, draw);
        QCOMPARE(delay.value_or(-1), expected);
    }

    void capAtMaxDelay()
    {
        RetrySettings s;
        s.maxRetries = 10;
        s.jitter = false;
        QCOMPARE(*RetryPolicy::nextDelayMs(s, 6, ResultKind::Timeout, -1, 0), qint64(10000)); // 16 s capped to 10 s
        QCOMPARE(*RetryPolicy::nextDelayMs(s, 10, ResultKind::Timeout, -1, 0), qint64(10000));
        s.maxRetries = 0;
        QVERIFY(!RetryPolicy::nextDelayMs(s, 1, ResultKind::Timeout, -1, 0));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
