#pragma once

#include "models/metrics.h"

#include <QFrame>

class QLabel;
class Sparkline;

// One dashboard figure: its name, the value, how many calls it rests on, its health as a coloured
// word (colour is never the only signal), the operations guide's limits and a small chart.
class MetricTile final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricTile)

public:
    explicit MetricTile(Metrics::Metric metric, QWidget *parent = nullptr);

    void setValue(const Metrics::Value &value, const QList<Metrics::Value> &series);

    Metrics::Metric metric() const { return m_metric; }
    Metrics::Health health() const { return m_health; }
    QString title() const;
    QString valueText() const;
    QString healthText() const;
    QString samplesText() const;
    QString thresholdText() const;
    Sparkline *sparkline() const { return m_chart; }

    // The words and colours, for the page and for tests.
    static QString metricName(Metrics::Metric metric);
    static QString formatValue(Metrics::Metric metric, std::optional<double> value);
    static QString healthName(Metrics::Health health);
    static QString limitsText(Metrics::Metric metric);
    static QColor healthColour(Metrics::Health health);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Metrics::Metric m_metric;
    Metrics::Health m_health = Metrics::Health::NoData;
    QLabel *m_name;
    QLabel *m_value;
    QLabel *m_status;
    QLabel *m_samples;
    QLabel *m_limits;
    Sparkline *m_chart;
};
