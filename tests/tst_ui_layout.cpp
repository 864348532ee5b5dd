// The window and the dialogs on a 1366×768 laptop screen: sized from the screen's available area,
// and the order filter bar keeping a readable search box while the other filters wrap.
#include "models/database.h"
#include "models/demodata.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "net/credentialstore.h"
#include "models/clock.h"
#include "net/orderactions.h"
#include "ui/databasedialog.h"
#include "ui/firstrundialog.h"
#include "ui/mainwindow.h"
#include "ui/orderspage.h"
#include "ui/screenfit.h"
#include "ui/settingsdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QLineEdit>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

class TestUiLayout : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

    static void verifyInside(QWidget *w, const QRect &available)
    {
        QVERIFY2(w->width() <= available.width() && w->height() <= available.height(),
                 qPrintable(QStringLiteral("%1 is %2×%3 on a %4×%5 screen")
                                .arg(QString::fromLatin1(w->metaObject()->className()))
                                .arg(w->width()).arg(w->height()).arg(available.width()).arg(available.height())));
    }

    // Each filter lies wholly inside the bar: nothing is cut off or pushed out of view.
    static void verifyFiltersInside(OrdersPage *page)
    {
        QWidget *bar = page->searchBox()->parentWidget();
        const QList<QWidget *> filters{page->searchBox(), page->statusBox(), page->pushStateBox(), page->fromDate(), page->toDate()};
        for (QWidget *w : filters) {
            const QRect inBar(w->mapTo(bar, QPoint(0, 0)), w->size());
            QVERIFY2(bar->rect().contains(inBar), qPrintable(QStringLiteral("%1 at %2,%3 %4×%5 outside %6×%7")
                .arg(w->accessibleName()).arg(inBar.x()).arg(inBar.y()).arg(w->width()).arg(w->height()).arg(bar->width()).arg(bar->height())));
            QVERIFY(w->width() >= qMin(w->minimumSizeHint().width(), 60));
        }
        QVERIFY2(page->searchBox()->width() >= 200, qPrintable(QString::number(page->searchBox()->width())));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("haier-console-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_layout"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        QString error;
        m_db = Database::open(m_dir.filePath(QStringLiteral("layout.sqlite")), &error);
        QVERIFY2(m_db && m_db->migrate(&error) > 0, qPrintable(error));
        QVERIFY2(DemoData(*m_db).generate(50, 2, nullptr, &error), qPrintable(error));
    }

    void sizesFollowTheAvailableArea()
    {
        // A laptop with a 32 px panel: the window loses height, never goes past the screen.
        const QSize laptop = fitToScreen(QSize(1280, 800), QRect(0, 32, 1366, 736));
        QVERIFY(laptop.height() <= 736 - 30 && laptop.height() >= 600);
        QCOMPARE(laptop.width(), 1280);
        // A large screen: the size asked for.
        QCOMPARE(fitToScreen(QSize(1280, 800), QRect(0, 0, 1920, 1040)), QSize(1280, 800));
        QCOMPARE(fitToScreen(QSize(1000, 720), QRect(0, 0, 1024, 600)).height(), 600 - 48);
    }

    void windowAndDialogsFitA1366x768Screen()
    {
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
        QCOMPARE(available.size(), QSize(1366, 768)); // the offscreen screen set up in main()
        OrderStore store(*m_db);
        SystemClock actionsClock;
        OrderActions actions(*m_db, actionsClock, Profile::preset(ProfileKind::Mock), [](QString *) { return OrderActions::Services(); });
        MainWindow window(*m_db, store, actions);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        verifyInside(&window, available);
        QVERIFY(window.height() < 800); // not the old fixed 1280×800
        QCoreApplication::processEvents();
        verifyFiltersInside(window.ordersPage());

        MemoryCredentialStore credentials;
        SettingsDialog settings(*m_db, credentials, QStringLiteral("mock"), &window);
        settings.show();
        verifyInside(&settings, available);
        settings.hide();
        DatabaseDialog database(credentials, &window);
        database.show();
        verifyInside(&database, available);
        database.hide();
        FirstRunDialog firstRun(m_db->describe(), &window);
        firstRun.show();
        verifyInside(&firstRun, available);
    }

    void filterBarWrapsBeforeTheSearchBoxShrinks()
    {
        OrderStore store(*m_db);
        OrdersPage page(store, Profile::preset(ProfileKind::Mock));
        page.resize(1366, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCoreApplication::processEvents();
        verifyFiltersInside(&page);
        const int wideSearch = page.searchBox()->width();
        // Narrow (half of the 1366 px window beside the review): the filters take a second line.
        page.resize(560, 600);
        QCoreApplication::processEvents();
        verifyFiltersInside(&page);
        QVERIFY(page.searchBox()->width() <= wideSearch);
        QVERIFY2(page.toDate()->mapTo(&page, QPoint(0, 0)).y() > page.searchBox()->mapTo(&page, QPoint(0, 0)).y(),
                 "the date filters did not wrap");
    }
};

// A 1366×768 screen for the offscreen platform, set before the application starts.
int main(int argc, char *argv[])
{
    QTemporaryDir config;
    const QString file = config.filePath(QStringLiteral("screen.json"));
    QFile json(file);
    if (!json.open(QIODevice::WriteOnly))
        return 2;
    json.write(R"({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96}]})");
    json.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + file.toLocal8Bit());
    QApplication app(argc, argv);
    TestUiLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_layout.moc"
