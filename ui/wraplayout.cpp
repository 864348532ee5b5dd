#include "ui/wraplayout.h"

#include <QWidget>

WrapLayout::WrapLayout(QWidget *parent)
    : QLayout(parent)
{
}

WrapLayout::~WrapLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void WrapLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
}

QLayoutItem *WrapLayout::takeAt(int index)
{
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

int WrapLayout::gap() const
{
    return spacing() >= 0 ? spacing() : 6;
}

int WrapLayout::widthOf(const QLayoutItem *item) const
{
    if (item->widget() && item->widget() == m_stretch)
        return qMax(item->minimumSize().width(), item->widget()->minimumWidth());
    return item->sizeHint().width();
}

QSize WrapLayout::sizeHint() const
{
    // Everything on one line.
    int width = 0, height = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        width += (width > 0 ? gap() : 0) + (item->widget() == m_stretch ? item->sizeHint().width() : widthOf(item));
        height = qMax(height, item->sizeHint().height());
    }
    const QMargins m = contentsMargins();
    return QSize(width + m.left() + m.right(), height + m.top() + m.bottom());
}

QSize WrapLayout::minimumSize() const
{
    // The widest single item: anything wider wraps.
    QSize size;
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            size = size.expandedTo(QSize(widthOf(item), item->minimumSize().height()));
    }
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

void WrapLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int WrapLayout::arrange(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int space = gap();
    int y = area.y();
    QList<QLayoutItem *> line;
    auto place = [&](const QList<QLayoutItem *> &items) {
        int used = 0, height = 0;
        for (const QLayoutItem *item : items) {
            used += (used > 0 ? space : 0) + widthOf(item);
            height = qMax(height, item->sizeHint().height());
        }
        if (apply) {
            const int extra = qMax(0, area.width() - used);
            int x = area.x();
            for (QLayoutItem *item : items) {
                const int w = widthOf(item) + (item->widget() == m_stretch ? extra : 0);
                item->setGeometry(QRect(x, y + (height - item->sizeHint().height()) / 2, w, item->sizeHint().height()));
                x += w + space;
            }
        }
        y += height + space;
    };
    int lineWidth = 0;
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const int w = widthOf(item);
        if (!line.isEmpty() && lineWidth + space + w > area.width()) {
            place(line);
            line.clear();
            lineWidth = 0;
        }
        lineWidth += (line.isEmpty() ? 0 : space) + w;
        line.append(item);
    }
    if (!line.isEmpty())
        place(line);
    const QMargins m = contentsMargins();
    return y - area.y() - (y > area.y() ? space : 0) + m.top() + m.bottom();
}
