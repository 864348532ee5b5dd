#include "ui/sparkline.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace {
const QColor NormalColour(0x2e, 0x7d, 0x32);
const QColor AlarmColour(0xc6, 0x28, 0x28);
} // namespace

Sparkline::Sparkline(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void Sparkline::setValues(const QList<std::optional<double>> &values)
{
    m_values = values;
    update();
}

void Sparkline::setThresholds(std::optional<double> normal, std::optional<double> alarm)
{
    m_normal = normal;
    m_alarm = alarm;
    update();
}

void Sparkline::setBounds(std::optional<double> floor, std::optional<double> ceiling)
{
    m_floor = floor;
    m_ceiling = ceiling;
    update();
}

QSize Sparkline::sizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 12, line * 3};
}

QSize Sparkline::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 4, line * 2};
}

void Sparkline::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        update();
    QWidget::changeEvent(event);
}

void Sparkline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(contentsRect()).adjusted(2, 3, -2, -3);
    if (area.width() <= 0 || area.height() <= 0)
        return;

    // The scale: the data and both limits, padded a little, kept within the bounds.
    double lo = 0, hi = 0;
    bool any = false;
    auto take = [&](double v) {
        lo = any ? std::min(lo, v) : v;
        hi = any ? std::max(hi, v) : v;
        any = true;
    };
    bool hasData = false;
    for (const auto &v : std::as_const(m_values)) {
        if (v) {
            take(*v);
            hasData = true;
        }
    }
    if (m_normal)
        take(*m_normal);
    if (m_alarm)
        take(*m_alarm);
    const double pad = hi > lo ? (hi - lo) * 0.1 : std::max(1.0, std::abs(hi) * 0.05);
    lo -= pad;
    hi += pad;
    if (m_floor)
        lo = std::max(lo, *m_floor);
    if (m_ceiling)
        hi = std::min(hi, *m_ceiling);
    if (hi <= lo)
        hi = lo + 1;
    auto yOf = [&](double v) { return area.bottom() - (std::clamp(v, lo, hi) - lo) / (hi - lo) * area.height(); };

    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawLine(area.bottomLeft(), area.bottomRight());

    auto limitLine = [&](std::optional<double> v, QColor colour) {
        if (!v)
            return;
        colour.setAlpha(170);
        QPen pen(colour, 1, Qt::DashLine);
        pen.setCosmetic(true);
        p.setPen(pen);
        const double y = yOf(*v);
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
    };
    limitLine(m_normal, NormalColour);
    limitLine(m_alarm, AlarmColour);

    if (!hasData) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter, tr("no data"));
        return;
    }

    // Runs of consecutive values are lines; an empty bucket breaks the line, a lone value is a dot.
    const int n = int(m_values.size());
    auto xOf = [&](int i) { return area.left() + (i + 0.5) * area.width() / n; };
    const QColor lineColour = palette().color(QPalette::Highlight);
    QPen pen(lineColour, 1.5);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(lineColour);
    const double dot = std::max(1.5, fontMetrics().height() / 8.0);
    int i = 0;
    while (i < n) {
        if (!m_values[i]) {
            ++i;
            continue;
        }
        int end = i;
        while (end + 1 < n && m_values[end + 1])
            ++end;
        if (end == i) {
            p.drawEllipse(QPointF(xOf(i), yOf(*m_values[i])), dot, dot);
        } else {
            QPainterPath path(QPointF(xOf(i), yOf(*m_values[i])));
            for (int k = i + 1; k <= end; ++k)
                path.lineTo(xOf(k), yOf(*m_values[k]));
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
            p.setBrush(lineColour);
        }
        i = end + 1;
    }
}
