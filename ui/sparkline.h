#pragma once

#include <QList>
#include <QWidget>

#include <optional>

// A small line chart of one series (drawn with QPainter; Qt Charts is GPL-only). Empty entries are
// gaps, not zeros; the normal and alarm limits are drawn as dashed lines. Colours come from the
// palette, except the limits' green and red; sizes from the font, so it follows high-DPI scaling.
class Sparkline final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Sparkline)

public:
    explicit Sparkline(QWidget *parent = nullptr);

    void setValues(const QList<std::optional<double>> &values);
    const QList<std::optional<double>> &values() const { return m_values; }
    void setThresholds(std::optional<double> normal, std::optional<double> alarm);
    // The scale follows the data and the limits but never goes beyond these (e.g. 0–100 for percentages).
    void setBounds(std::optional<double> floor, std::optional<double> ceiling);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QList<std::optional<double>> m_values;
    std::optional<double> m_normal;
    std::optional<double> m_alarm;
    std::optional<double> m_floor;
    std::optional<double> m_ceiling;
};
