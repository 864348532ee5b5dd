#include "ui/metrictile.h"

#include "ui/sparkline.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

using Metrics::Health;
using Metrics::Metric;

MetricTile::MetricTile(Metric metric, QWidget *parent)
    : QFrame(parent)
    , m_metric(metric)
    , m_name(new QLabel(metricName(metric), this))
    , m_value(new QLabel(this))
    , m_status(new QLabel(this))
    , m_samples(new QLabel(this))
    , m_limits(new QLabel(limitsText(metric), this))
    , m_chart(new Sparkline(this))
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("tile_") + Metrics::metricKey(metric));

    QFont nameFont = m_name->font();
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 2);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_status->setAutoFillBackground(true);
    m_status->setMargin(2);
    m_status->setAlignment(Qt::AlignCenter);
    m_samples->setForegroundRole(QPalette::PlaceholderText);
    m_limits->setForegroundRole(QPalette::PlaceholderText);

    const Metrics::Threshold t = Metrics::threshold(metric);
    m_chart->setThresholds(t.normal, t.alarm);
    m_chart->setBounds(0.0, Metrics::isPercent(metric) ? std::optional<double>(100.0) : std::nullopt);

    auto *top = new QHBoxLayout;
    top->addWidget(m_name, 1);
    top->addWidget(m_status);
    auto *layout = new QVBoxLayout(this);
    // Room on the left for the health bar painted in paintEvent().
    layout->setContentsMargins(layout->contentsMargins() + QMargins(6, 0, 0, 0));
    layout->addLayout(top);
    layout->addWidget(m_value);
    layout->addWidget(m_samples);
    layout->addWidget(m_limits);
    layout->addWidget(m_chart);
    setValue({}, {});
}

void MetricTile::setValue(const Metrics::Value &value, const QList<Metrics::Value> &series)
{
    m_health = Metrics::classify(m_metric, value);
    m_value->setText(formatValue(m_metric, value.value));
    m_status->setText(healthName(m_health));
    QPalette statusPalette = m_status->palette();
    const QColor colour = healthColour(m_health);
    statusPalette.setColor(QPalette::Window, colour);
    statusPalette.setColor(QPalette::WindowText, m_health == Health::Warning ? QColor(Qt::black) : QColor(Qt::white));
    m_status->setPalette(statusPalette);

    switch (m_metric) {
    case Metric::PushSuccess:
        m_samples->setText(tr("%n create-order answer(s)", nullptr, int(std::min<qint64>(value.samples, INT_MAX))));
        break;
    case Metric::AuthSuccess:
        m_samples->setText(tr("%n token call(s)", nullptr, int(std::min<qint64>(value.samples, INT_MAX))));
        break;
    case Metric::Availability:
        m_samples->setText(tr("%n YLH call(s)", nullptr, int(std::min<qint64>(value.samples, INT_MAX))));
        break;
    case Metric::ResponseTime:
    case Metric::ErrorRate:
        m_samples->setText(tr("%n call(s)", nullptr, int(std::min<qint64>(value.samples, INT_MAX))));
        break;
    }

    QList<std::optional<double>> points;
    points.reserve(series.size());
    for (const Metrics::Value &v : series)
        points.append(v.value);
    m_chart->setValues(points);
    setToolTip(tr("%1: %2 (%3). %4").arg(metricName(m_metric), m_value->text(), m_status->text(), m_limits->text()));
    update();
}

QString MetricTile::title() const
{
    return m_name->text();
}

QString MetricTile::valueText() const
{
    return m_value->text();
}

QString MetricTile::healthText() const
{
    return m_status->text();
}

QString MetricTile::samplesText() const
{
    return m_samples->text();
}

QString MetricTile::thresholdText() const
{
    return m_limits->text();
}

QString MetricTile::metricName(Metric metric)
{
    switch (metric) {
    case Metric::PushSuccess:
        return tr("Push success rate");
    case Metric::ResponseTime:
        return tr("Average API response time");
    case Metric::AuthSuccess:
        return tr("Authentication success rate");
    case Metric::ErrorRate:
        return tr("Error rate");
    case Metric::Availability:
        return tr("YLH availability");
    }
    return QString();
}

QString MetricTile::formatValue(Metric metric, std::optional<double> value)
{
    if (!value)
        return tr("—");
    const QLocale locale;
    if (Metrics::isPercent(metric))
        return tr("%1 %").arg(locale.toString(*value, 'f', 2));
    if (*value < 1000)
        return tr("%1 ms").arg(locale.toString(std::round(*value), 'f', 0));
    return tr("%1 s").arg(locale.toString(*value / 1000, 'f', 2));
}

QString MetricTile::healthName(Health health)
{
    switch (health) {
    case Health::NoData:
        return tr("No data");
    case Health::Normal:
        return tr("Normal");
    case Health::Warning:
        return tr("Warning");
    case Health::Alarm:
        return tr("Alarm");
    }
    return QString();
}

QString MetricTile::limitsText(Metric metric)
{
    const Metrics::Threshold t = Metrics::threshold(metric);
    const QLocale locale;
    auto number = [&](double v) {
        return Metrics::isPercent(metric) ? tr("%1 %").arg(locale.toString(v, 'g', 4))
                                          : tr("%1 s").arg(locale.toString(v / 1000, 'g', 4));
    };
    return t.higherIsBetter ? tr("normal > %1, alarm < %2").arg(number(t.normal), number(t.alarm))
                            : tr("normal < %1, alarm > %2").arg(number(t.normal), number(t.alarm));
}

QColor MetricTile::healthColour(Health health)
{
    switch (health) {
    case Health::Normal:
        return {0x2e, 0x7d, 0x32};
    case Health::Warning:
        return {0xf9, 0xa8, 0x25};
    case Health::Alarm:
        return {0xc6, 0x28, 0x28};
    case Health::NoData:
        break;
    }
    return {0x75, 0x75, 0x75};
}

void MetricTile::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    QPainter p(this);
    const QRect r = contentsRect();
    p.fillRect(QRect(r.left(), r.top(), 4, r.height()), healthColour(m_health));
}
