#pragma once

#include "models/metrics.h"
#include "models/metricscache.h"

#include <QDateTime>
#include <QWidget>

#include <memory>

class Clock;
class Database;
class MetricTile;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;

// The health of the YLH connection at a glance: the operations guide's five figures for a period
// and a profile, each a tile coloured by its limits, with its trend over the period.
class DashboardPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardPage)

public:
    enum class Period { LastHour, Last24Hours, Last7Days, Last30Days, Custom };
    Q_ENUM(Period)

    explicit DashboardPage(Database &db, QWidget *parent = nullptr);
    ~DashboardPage() override;

    // The source of "now" (not owned; null: the system clock). Takes effect at the next refresh().
    void setClock(const Clock *clock);

    Period period() const;
    void setPeriod(Period period);
    // Selects Custom with this range (UTC; shown in local time).
    void setCustomRange(const QDateTime &fromUtc, const QDateTime &toUtc);
    QString profileFilter() const; // empty: every profile
    void setProfileFilter(const QString &profile);
    QStringList profileChoices() const; // the names offered besides "All profiles"

    // The period and buckets a refresh at `nowUtc` asks for: the last span, widened to whole buckets.
    static Metrics::Query queryFor(Period period, qint64 nowMs, const QString &profile);

    MetricTile *tile(Metrics::Metric metric) const;
    QString valueText(Metrics::Metric metric) const;
    Metrics::Health health(Metrics::Metric metric) const;
    QString healthText(Metrics::Metric metric) const;
    const std::optional<Metrics::Report> &report() const { return m_report; }
    QString errorText() const;
    QComboBox *periodBox() const { return m_period; }
    QComboBox *profileBox() const { return m_profile; }
    // The Haier account balance: asked only when staff press the button (balanceRequested).
    QPushButton *balanceButton() const { return m_balanceButton; }
    QString balanceText() const;

public slots:
    // Recomputes every figure; cheap enough for a timer (settled buckets are not read again).
    void refresh();
    // What Haier said about the payer accounts (one line each), or why there is nothing to show.
    void showBalance(const QStringList &accounts, const QString &note, const QString &problem, const QDateTime &fetchedAt);

signals:
    void refreshed();
    void balanceRequested();

private:
    qint64 nowMs() const;
    void updateProfileChoices();
    void periodChanged();

    Database &m_db;
    std::unique_ptr<Clock> m_systemClock;
    const Clock *m_clock;
    MetricsCache m_cache;
    std::optional<Metrics::Report> m_report;
    QComboBox *m_period;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QComboBox *m_profile;
    QLabel *m_range;
    QLabel *m_error;
    QLabel *m_balance;
    QPushButton *m_balanceButton;
    std::array<MetricTile *, Metrics::MetricCount> m_tiles{};
};
