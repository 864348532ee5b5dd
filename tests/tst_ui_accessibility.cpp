// What a screen reader is told: every control the keyboard reaches has a name (its label, buddy,
// placeholder or own name), and within each window every Alt+letter belongs to one control only.
#include "models/database.h"
#include "models/demodata.h"
#include "models/orderstore.h"
#include "net/credentialstore.h"
#include "models/clock.h"
#include "net/orderactions.h"
#include "ui/databasedialog.h"
#include "ui/firstrundialog.h"
#include "ui/mainwindow.h"
#include "ui/orderspage.h"
#include "ui/settingsdialog.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QMenuBar>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString mnemonicOf(const QString &text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toUpper();
    }
    return QString();
}

QString describe(const QWidget *w)
{
    return QStringLiteral("%1 \"%2\" in %3")
        .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
             w->parentWidget() ? QString::fromLatin1(w->parentWidget()->metaObject()->className()) : QString());
}

// Every widget that takes keyboard focus, shown or on another tab, has a non-empty accessible name.
QStringList unnamedControls(QWidget *window)
{
    QStringList unnamed;
    QList<QWidget *> widgets = window->findChildren<QWidget *>();
    for (QWidget *w : std::as_const(widgets)) {
        // Popups (a combo box's list, a calendar) are windows of their own; a label's name is its text.
        if (w->focusPolicy() == Qt::NoFocus || w->window() != window || qobject_cast<QLabel *>(w))
            continue;
        // A spin box's own line edit is part of the spin box (named with it), not a control of its own.
        if (w->parentWidget() && (w->focusProxy() == w->parentWidget() || w->parentWidget()->focusProxy() == w))
            continue;
        QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
        if (!a || a->text(QAccessible::Name).trimmed().isEmpty())
            unnamed << describe(w);
    }
    return unnamed;
}

// The Alt+letters active at one moment: the menu bar, the tab bars, the visible buttons, group boxes
// and labels with a buddy. Returns the clashes.
QStringList clashes(QWidget *window)
{
    QHash<QString, QString> owner;
    QStringList found;
    auto claim = [&](const QString &text) {
        const QString letter = mnemonicOf(text);
        if (letter.isEmpty())
            return;
        if (owner.contains(letter))
            found << QStringLiteral("Alt+%1: \"%2\" and \"%3\"").arg(letter, owner.value(letter), text);
        owner.insert(letter, text);
    };
    for (QMenuBar *bar : window->findChildren<QMenuBar *>()) {
        for (QAction *menu : bar->actions())
            claim(menu->text());
    }
    for (QTabBar *tabs : window->findChildren<QTabBar *>()) {
        if (!tabs->isVisibleTo(window))
            continue;
        for (int i = 0; i < tabs->count(); ++i)
            claim(tabs->tabText(i));
    }
    for (QAbstractButton *b : window->findChildren<QAbstractButton *>()) {
        if (b->isVisibleTo(window))
            claim(b->text());
    }
    for (QGroupBox *g : window->findChildren<QGroupBox *>()) {
        if (g->isVisibleTo(window))
            claim(g->title());
    }
    for (QLabel *l : window->findChildren<QLabel *>()) {
        if (l->buddy() && l->isVisibleTo(window))
            claim(l->text());
    }
    return found;
}

// Every combination of the window's tab pages in turn (one tab widget at a time).
QStringList clashesOnEveryPage(QWidget *window)
{
    QStringList found = clashes(window);
    for (QTabWidget *tabs : window->findChildren<QTabWidget *>()) {
        const int before = tabs->currentIndex();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            for (const QString &c : clashes(window))
                found << QStringLiteral("%1 (tab \"%2\")").arg(c, tabs->tabText(i));
        }
        tabs->setCurrentIndex(before);
    }
    found.removeDuplicates();
    return found;
}

} // namespace

class TestUiAccessibility : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("haier-console-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_accessibility"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        QString error;
        m_db = Database::open(m_dir.filePath(QStringLiteral("a11y.sqlite")), &error);
        QVERIFY2(m_db && m_db->migrate(&error) > 0, qPrintable(error));
        QVERIFY2(DemoData(*m_db).generate(30, 2, nullptr, &error), qPrintable(error));
    }

    void mainWindowControlsAreNamed()
    {
        OrderStore store(*m_db);
        SystemClock actionsClock;
        OrderActions actions(*m_db, actionsClock, Profile::preset(ProfileKind::Mock), [](QString *) { return OrderActions::Services(); });
        MainWindow window(*m_db, store, actions);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QStringList unnamed = unnamedControls(&window);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
        // The controls the issue found nameless say what they are.
        QAccessibleInterface *search = QAccessible::queryAccessibleInterface(window.ordersPage()->searchBox());
        QCOMPARE(search->text(QAccessible::Name), QStringLiteral("Search orders"));
    }

    void mainWindowMnemonicsAreUnique()
    {
        OrderStore store(*m_db);
        SystemClock actionsClock;
        OrderActions actions(*m_db, actionsClock, Profile::preset(ProfileKind::Mock), [](QString *) { return OrderActions::Services(); });
        MainWindow window(*m_db, store, actions);
        window.show();
        const QStringList found = clashesOnEveryPage(&window);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    void settingsDialogIsNamedAndUnique()
    {
        MemoryCredentialStore credentials;
        SettingsDialog dialog(*m_db, credentials, QStringLiteral("mock"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QStringList unnamed = unnamedControls(&dialog);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
        const QStringList found = clashesOnEveryPage(&dialog);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    void databaseAndFirstRunDialogsAreNamedAndUnique()
    {
        MemoryCredentialStore credentials;
        DatabaseDialog database(credentials);
        database.show();
        FirstRunDialog firstRun(QStringLiteral("SQLite /tmp/x.sqlite"));
        firstRun.show();
        for (QWidget *dialog : std::initializer_list<QWidget *>{&database, &firstRun}) {
            const QStringList unnamed = unnamedControls(dialog);
            QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
            const QStringList found = clashesOnEveryPage(dialog);
            QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
        }
    }

    void theCheckFindsANamelessControlAndAClash()
    {
        // The checks themselves catch what they are for.
        QWidget window;
        auto *edit = new QLineEdit(&window);
        auto *one = new QPushButton(QStringLiteral("&Open"), &window);
        auto *two = new QPushButton(QStringLiteral("&Other"), &window);
        one->move(0, 40);
        two->move(0, 80);
        window.show();
        QCOMPARE(unnamedControls(&window).size(), 1);
        QCOMPARE(clashes(&window).size(), 1);
        edit->setAccessibleName(QStringLiteral("Something"));
        two->setText(QStringLiteral("O&ther"));
        QVERIFY(unnamedControls(&window).isEmpty());
        QVERIFY(clashes(&window).isEmpty());
    }
};

QTEST_MAIN(TestUiAccessibility)
#include "tst_ui_accessibility.moc"
