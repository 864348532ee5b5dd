#include "ui/windowlayout.h"

#include <QHeaderView>
#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>

void WindowLayout::nameChildren(QWidget *page, const QString &prefix)
{
    int i = 0;
    for (QSplitter *s : page->findChildren<QSplitter *>()) {
        if (s->objectName().isEmpty())
            s->setObjectName(QStringLiteral("%1Splitter%2").arg(prefix).arg(i++));
    }
    i = 0;
    for (QTableView *t : page->findChildren<QTableView *>()) {
        if (t->objectName().isEmpty())
            t->setObjectName(QStringLiteral("%1Table%2").arg(prefix).arg(i++));
    }
}

void WindowLayout::save(const QMainWindow &window, const QTabWidget &tabs)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), window.saveGeometry());
    settings.setValue(QStringLiteral("window/state"), window.saveState());
    settings.setValue(QStringLiteral("window/page"), tabs.currentIndex());
    for (const QSplitter *s : window.findChildren<QSplitter *>()) {
        if (!s->objectName().isEmpty())
            settings.setValue(QStringLiteral("splitters/") + s->objectName(), s->saveState());
    }
    for (const QTableView *t : window.findChildren<QTableView *>()) {
        if (!t->objectName().isEmpty())
            settings.setValue(QStringLiteral("columns/") + t->objectName(), t->horizontalHeader()->saveState());
    }
}

void WindowLayout::restore(QMainWindow &window, QTabWidget &tabs)
{
    QSettings settings;
    window.restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    window.restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter *s : window.findChildren<QSplitter *>()) {
        const QByteArray state = settings.value(QStringLiteral("splitters/") + s->objectName()).toByteArray();
        if (!s->objectName().isEmpty() && !state.isEmpty())
            s->restoreState(state);
    }
    for (QTableView *t : window.findChildren<QTableView *>()) {
        const QByteArray state = settings.value(QStringLiteral("columns/") + t->objectName()).toByteArray();
        if (!t->objectName().isEmpty() && !state.isEmpty())
            t->horizontalHeader()->restoreState(state);
    }
    tabs.setCurrentIndex(qBound(0, settings.value(QStringLiteral("window/page"), 0).toInt(), tabs.count() - 1));
}
