#pragma once

#include <QLayout>
#include <QList>

// Lays its widgets out left to right and starts a new line when the next one does not fit, so a
// filter bar stays usable on a narrow screen. One widget may be named to stretch: it never goes below
// its minimum width and takes the room left on its line; the others keep their preferred width.
class WrapLayout final : public QLayout
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WrapLayout)

public:
    explicit WrapLayout(QWidget *parent = nullptr);
    ~WrapLayout() override;

    void setStretchWidget(QWidget *widget) { m_stretch = widget; }

    void addItem(QLayoutItem *item) override;
    int count() const override { return int(m_items.size()); }
    QLayoutItem *itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return Qt::Horizontal; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return arrange(QRect(0, 0, width, 0), false); }
    QSize sizeHint() const override;
    QSize minimumSize() const override;
    void setGeometry(const QRect &rect) override;

private:
    int gap() const;
    int widthOf(const QLayoutItem *item) const;
    int arrange(const QRect &rect, bool apply) const; // returns the height used
    QList<QLayoutItem *> m_items;
    QWidget *m_stretch = nullptr;
};
