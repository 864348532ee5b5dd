#include "models/clock.h"
#include "models/database.h"
#include "models/metrics.h"
#include "models/synclogstore.h"
#include "ui/dashboardpage.h"
#include "ui/metrictile.h"
#include "ui/sparkline.h"

#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using Metrics::Health;
using Metrics::Metric;

namespace {

const QDateTime Now(QDate(2025, 11, 24), QTime(10, 30), QTimeZone::utc());

void add(Database &db, qint64 msAgo, const QString &operation, ResultKind kind, int http, qint64 latency,
         const QString &profile = QStringLiteral("mock"))
{
    SyncLogEntry e;
    e.at = Now.addMSecs(-msAgo);
    e.profile = profile;
    e.operation = operation;
    e.kind = kind;
    e.httpStatus = http;
    e.latencyMs = latency;
    QString error;
    if (!SyncLogStore(db).append(e, &error))
        qFatal("append: %s", qPrintable(error));
}

QImage renderOf(QWidget &widget)
{
    QImage image(widget.size() * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2); // as on a high-DPI screen
    image.fill(Qt::transparent);
    widget.render(&image);
    return image;
}

const QString Create = QStringLiteral("ylh.create_order");
const QString Token = QStringLiteral("ylh.token");
constexpr qint64 Minute = 60 * 1000;

} // namespace

class TestUiDashboard : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        m_db = Database::open(m_dir.filePath(QStringLiteral("dash%1.sqlite").arg(m_count++)), &error);
        QVERIFY2(m_db && m_db->migrate(&error) > 0, qPrintable(error));
    }
    void cleanup() { m_db.reset(); }

    void showsValuesAndHealthForKnownData()
    {
        // Last hour: 19 of 20 pushes accepted (95 %, a warning), one 401 token call out of 2 (50 %, alarm),
        // every YLH call answered (100 %, normal), mean latency 1.5 s (normal), 1 error in 22 calls (4.55 %, warning).
        for (int i = 0; i < 18; ++i)
            add(*m_db, (i + 1) * Minute, Create, ResultKind::Ok, 200, 1500);
        add(*m_db, 2 * Minute, Create, ResultKind::Duplicate, 200, 1500);
        add(*m_db, 3 * Minute, Create, ResultKind::BusinessRejection, 200, 1500);
        add(*m_db, 4 * Minute, Token, ResultKind::Ok, 200, 1500);
        add(*m_db, 5 * Minute, Token, ResultKind::Auth, 401, 1500, QStringLiteral("production"));
        // Two days ago: outside the last hour and the last 24 hours.
        add(*m_db, 48 * 60 * Minute, Create, ResultKind::Timeout, 0, 30000, QStringLiteral("old"));

        ManualClock clock(Now);
        DashboardPage page(*m_db);
        page.setClock(&clock);
        page.setPeriod(DashboardPage::Period::LastHour);
        page.resize(1000, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        QCOMPARE(page.health(Metric::PushSuccess), Health::Warning);
        QCOMPARE(page.valueText(Metric::PushSuccess), QStringLiteral("95.00 %"));
        QCOMPARE(page.healthText(Metric::PushSuccess), QStringLiteral("Warning"));
        QCOMPARE(page.tile(Metric::PushSuccess)->samplesText(), QStringLiteral("20 create-order answer(s)"));
        QCOMPARE(page.tile(Metric::PushSuccess)->thresholdText(), QStringLiteral("normal > 95 %, alarm < 90 %"));
        QCOMPARE(page.health(Metric::ResponseTime), Health::Normal);
        QCOMPARE(page.valueText(Metric::ResponseTime), QStringLiteral("1.50 s"));
        QCOMPARE(page.tile(Metric::ResponseTime)->thresholdText(), QStringLiteral("normal < 2 s, alarm > 5 s"));
        QCOMPARE(page.health(Metric::AuthSuccess), Health::Alarm);
        QCOMPARE(page.valueText(Metric::AuthSuccess), QStringLiteral("50.00 %"));
        QCOMPARE(page.healthText(Metric::AuthSuccess), QStringLiteral("Alarm"));
        QCOMPARE(page.health(Metric::Availability), Health::Normal);
        QCOMPARE(page.valueText(Metric::Availability), QStringLiteral("100.00 %"));
        QCOMPARE(page.tile(Metric::Availability)->thresholdText(), QStringLiteral("normal > 99.5 %, alarm < 99 %"));
        QCOMPARE(page.health(Metric::ErrorRate), Health::Warning);
        QCOMPARE(page.valueText(Metric::ErrorRate), QStringLiteral("4.55 %")); // 1 of 22
        QCOMPARE(page.tile(Metric::ErrorRate)->samplesText(), QStringLiteral("22 call(s)"));
        // Every profile that made calls in the period is offered.
        QCOMPARE(page.profileChoices(), (QStringList{QStringLiteral("mock"), QStringLiteral("production")}));

        // One profile only: production made one failed token call and nothing else.
        page.setProfileFilter(QStringLiteral("production"));
        QCOMPARE(page.health(Metric::AuthSuccess), Health::Alarm);
        QCOMPARE(page.health(Metric::PushSuccess), Health::NoData);
        QCOMPARE(page.valueText(Metric::PushSuccess), QStringLiteral("—"));
        QCOMPARE(page.healthText(Metric::PushSuccess), QStringLiteral("No data"));
        QCOMPARE(page.profileChoices(), (QStringList{QStringLiteral("mock"), QStringLiteral("production")}));

        // The last 7 days include the old timeout and its profile.
        page.setProfileFilter(QString());
        page.setPeriod(DashboardPage::Period::Last7Days);
        QCOMPARE(page.tile(Metric::ErrorRate)->samplesText(), QStringLiteral("23 call(s)"));
        QVERIFY(page.profileChoices().contains(QStringLiteral("old")));
    }

    void noDataIsGreyNotZero()
    {
        ManualClock clock(Now);
        DashboardPage page(*m_db);
        page.setClock(&clock);
        page.refresh();
        for (Metric m : Metrics::AllMetrics) {
            QCOMPARE(page.health(m), Health::NoData);
            QCOMPARE(page.healthText(m), QStringLiteral("No data"));
            QCOMPARE(page.tile(m)->samplesText().left(2), QStringLiteral("0 "));
        }
        QVERIFY(page.errorText().isEmpty());
    }

    void refreshPicksUpNewCalls()
    {
        add(*m_db, 2 * Minute, Create, ResultKind::Ok, 200, 100);
        ManualClock clock(Now);
        DashboardPage page(*m_db);
        page.setClock(&clock);
        page.setPeriod(DashboardPage::Period::LastHour);
        QCOMPARE(page.health(Metric::PushSuccess), Health::Normal);
        QCOMPARE(page.valueText(Metric::PushSuccess), QStringLiteral("100.00 %"));

        // Another process logs a rejection; a minute later the timer refreshes.
        add(*m_db, 0, Create, ResultKind::BusinessRejection, 200, 100);
        clock.advanceMs(Minute);
        QSignalSpy refreshed(&page, &DashboardPage::refreshed);
        page.refresh();
        QCOMPARE(refreshed.count(), 1);
        QCOMPARE(page.valueText(Metric::PushSuccess), QStringLiteral("50.00 %"));
        QCOMPARE(page.health(Metric::PushSuccess), Health::Alarm);
        QCOMPARE(page.tile(Metric::PushSuccess)->samplesText(), QStringLiteral("2 create-order answer(s)"));

        // Two hours later both calls have left the last hour.
        clock.advanceMs(120 * Minute);
        page.refresh();
        QCOMPARE(page.health(Metric::PushSuccess), Health::NoData);
    }

    void customRangeCountsOnlyThatRange()
    {
        add(*m_db, 30 * Minute, Create, ResultKind::Ok, 200, 100);
        add(*m_db, 90 * Minute, Create, ResultKind::BusinessRejection, 200, 100);
        ManualClock clock(Now);
        DashboardPage page(*m_db);
        page.setClock(&clock);
        page.setCustomRange(Now.addSecs(-2 * 3600), Now.addSecs(-3600));
        QCOMPARE(page.period(), DashboardPage::Period::Custom);
        QCOMPARE(page.valueText(Metric::PushSuccess), QStringLiteral("0.00 %"));
        QCOMPARE(page.health(Metric::PushSuccess), Health::Alarm);
        QCOMPARE(page.report()->query.fromMs, Now.addSecs(-2 * 3600).toMSecsSinceEpoch());
    }

    void queryCoversTheWholeSpanInWholeBuckets()
    {
        const qint64 now = Now.toMSecsSinceEpoch() + 12345;
        const auto q = DashboardPage::queryFor(DashboardPage::Period::Last24Hours, now, QString());
        QVERIFY(q.fromMs <= now - 24 * 60 * Minute);
        QVERIFY(q.toMs > now);
        QCOMPARE((q.toMs - q.fromMs) % q.buckets, qint64(0));
        QCOMPARE((q.toMs - q.fromMs) / q.buckets, 30 * Minute);
        QCOMPARE(q.fromMs % (30 * Minute), qint64(0));
        // A refresh a little later asks for the same buckets, so settled ones are reused.
        QCOMPARE(DashboardPage::queryFor(DashboardPage::Period::Last24Hours, now + Minute, QString()).fromMs, q.fromMs);
    }

    void sparklinePaintsDataLimitsAndGaps()
    {
        Sparkline chart;
        chart.resize(chart.sizeHint());
        QVERIFY(chart.sizeHint().width() > chart.sizeHint().height());
        QVERIFY(chart.minimumSizeHint().isValid());
        const QImage empty = renderOf(chart);
        QVERIFY(!empty.isNull());

        chart.setThresholds(95.0, 90.0);
        chart.setBounds(0.0, 100.0);
        const QImage limitsOnly = renderOf(chart);
        QVERIFY(limitsOnly != empty);

        chart.setValues({99.0, 97.0, std::nullopt, std::nullopt, 80.0, 85.0, std::nullopt, 96.0});
        const QImage withData = renderOf(chart);
        QVERIFY(withData != limitsOnly);

        // A gap is not drawn as a line through zero or through its neighbours.
        chart.setValues({99.0, 97.0, 0.0, 0.0, 80.0, 85.0, 0.0, 96.0});
        QVERIFY(renderOf(chart) != withData);

        // Palette aware: another highlight colour paints another line.
        QPalette palette = chart.palette();
        palette.setColor(QPalette::Highlight, Qt::magenta);
        chart.setValues({99.0, 97.0, std::nullopt, std::nullopt, 80.0, 85.0, std::nullopt, 96.0});
        chart.setPalette(palette);
        const QImage magenta = renderOf(chart);
        QVERIFY(magenta != withData);
        bool found = false;
        for (int y = 0; y < magenta.height() && !found; ++y) {
            for (int x = 0; x < magenta.width() && !found; ++x)
                found = magenta.pixelColor(x, y) == QColor(Qt::magenta);
        }
        QVERIFY(found);

        // Degenerate inputs paint without trouble.
        chart.setValues({42.0});
        chart.setThresholds(std::nullopt, std::nullopt);
        chart.setBounds(std::nullopt, std::nullopt);
        QVERIFY(!renderOf(chart).isNull());
        chart.resize(1, 1);
        QVERIFY(!renderOf(chart).isNull());
    }

    void tileChartFollowsTheData()
    {
        ManualClock clock(Now);
        DashboardPage page(*m_db);
        page.setClock(&clock);
        page.setPeriod(DashboardPage::Period::LastHour);
        page.resize(1000, 600);
        Sparkline *chart = page.tile(Metric::ResponseTime)->sparkline();
        const QImage before = renderOf(*chart);
        for (const auto &v : chart->values())
            QVERIFY(!v.has_value());

        add(*m_db, 10 * Minute, Create, ResultKind::Ok, 200, 800);
        add(*m_db, 5 * Minute, Create, ResultKind::Ok, 200, 2500);
        page.refresh();
        QCOMPARE(chart->values().size(), 61);
        int withData = 0;
        for (const auto &v : chart->values())
            withData += v.has_value() ? 1 : 0;
        QCOMPARE(withData, 2);
        QCOMPARE(*chart->values()[chart->values().size() - 1 - 10], 800.0);
        QVERIFY(renderOf(*chart) != before);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    int m_count = 0;
};

QTEST_MAIN(TestUiDashboard)
#include "tst_ui_dashboard.moc"
