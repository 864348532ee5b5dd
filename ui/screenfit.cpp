#include "ui/screenfit.h"

QSize fitToScreen(const QSize &wanted, const QRect &available)
{
    if (!available.isValid())
        return wanted;
    // Room for the frame the window manager adds: the borders and the title bar.
    const QSize frame(16, 48);
    const QSize room = (available.size() - frame).expandedTo(QSize(320, 240));
    return wanted.boundedTo(room);
}
