#pragma once

#include <QRect>
#include <QSize>

// The size a window or dialog opens at: the size it would like, but never more than the screen's
// available area (without panels and docks) leaves once the window frame is drawn around it.
QSize fitToScreen(const QSize &wanted, const QRect &available);
