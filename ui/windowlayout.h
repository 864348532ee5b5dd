#pragma once

#include <QString>

class QMainWindow;
class QTabWidget;
class QWidget;

// Remembers the window's size, its page, and every named splitter's and table's layout between runs.
class WindowLayout final
{
public:
    // Names splitters and tables that have none (prefix + number), so their sizes can be remembered.
    static void nameChildren(QWidget *page, const QString &prefix);
    static void save(const QMainWindow &window, const QTabWidget &tabs);
    static void restore(QMainWindow &window, QTabWidget &tabs);
};
