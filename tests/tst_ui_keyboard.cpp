// The keyboard on the real window, built as the console builds it (AppContext, the mock profile's
// Backend with its in-process simulator): every documented shortcut, one claim per key sequence,
// and the workflow staff use all day, ending in an order pushed.
#include "app/composition/appcontext.h"
#include "app/composition/backend.h"
#include "app/composition/i18n.h"
#include "models/envbinding.h"
#include "models/demodata.h"
#include "models/jobstore.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"
#include "models/clock.h"
#include "net/orderactions.h"
#include "ui/windowactions.h"
#include "ui/logpage.h"
#include "ui/failurespage.h"
#include "ui/mainwindow.h"
#include "ui/orderspage.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>

namespace {

// What console_main wires: the context, the network side built on the first push, the window.
struct Console
{
    SystemClock clock;
    std::unique_ptr<AppContext> context;
    std::unique_ptr<Backend> backend;
    std::unique_ptr<OrderActions> actions;
    std::unique_ptr<MainWindow> window;
};

std::unique_ptr<Console> openConsole(const QString &path, qint64 orders, QString *error)
{
    auto console = std::make_unique<Console>();
    console->context = AppContext::open(path, error);
    if (!console->context)
        return nullptr;
    bool bound = false; // made-up orders are training data, as haierctl demo-data binds them
    if (orders > 0 && (!EnvBinding(console->context->db()).bindIfFresh(DbBinding::Training, &bound, error)
                       || !DemoData(console->context->db()).generate(orders, 7, nullptr, error)))
        return nullptr;
    const std::optional<Profile> profile = console->context->resolveProfile(QStringLiteral("mock"), error);
    if (!profile)
        return nullptr;
    Console *c = console.get();
    auto senders = [c](QString *why) -> OrderActions::Services {
        if (!c->backend) {
            int code = 0;
            c->backend = Backend::create(*c->context, c->window->profile(), why, &code);
        }
        if (!c->backend)
            return {};
        return {&c->backend->sender(), &c->backend->stockChecker(), &c->backend->ylh()};
    };
    console->actions = std::make_unique<OrderActions>(console->context->db(), console->clock, *profile, senders);
    console->window = std::make_unique<MainWindow>(console->context->db(), console->context->orders(), *console->actions);
    return console;
}

QString mnemonicOf(const QString &text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('&')) {
            if (text.at(i + 1) == QLatin1Char('&')) {
                ++i;
                continue;
            }
            return text.at(i + 1).toUpper();
        }
    }
    return QString();
}

void press(QWidget *window, Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget *target = QApplication::focusWidget();
    QTest::keyClick(target && target->window() == window ? target : window, key, modifiers);
}

} // namespace

class TestUiKeyboard : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("haier-console-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_keyboard"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        qunsetenv("CONSOLE_DB");
        installTranslations(*qApp, QStringLiteral("en"));
    }

    void noKeySequenceIsClaimedTwice()
    {
        QString error;
        auto console = openConsole(m_dir.filePath(QStringLiteral("claims.sqlite")), 20, &error);
        QVERIFY2(console, qPrintable(error));
        MainWindow &window = *console->window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Key sequences of actions and buttons (a button's own shortcut, not its mnemonic).
        QHash<QKeySequence, QString> claimed;
        for (QAction *a : window.findChildren<QAction *>()) {
            for (const QKeySequence &k : a->shortcuts()) {
                QVERIFY2(!claimed.contains(k), qPrintable(QStringLiteral("%1 is claimed by \"%2\" and \"%3\"")
                                                              .arg(k.toString(), claimed.value(k), a->text())));
                claimed.insert(k, a->text());
            }
        }
        for (QAbstractButton *b : window.findChildren<QAbstractButton *>()) {
            const QKeySequence k = b->shortcut();
            // Alt+letter from a mnemonic is checked with the other mnemonics below.
            if (k.isEmpty() || (k.count() == 1 && k[0].keyboardModifiers() == Qt::AltModifier && !mnemonicOf(b->text()).isEmpty()))
                continue;
            QVERIFY2(!claimed.contains(k), qPrintable(QStringLiteral("%1 is claimed by \"%2\" and the button \"%3\"")
                                                          .arg(k.toString(), claimed.value(k), b->text())));
            claimed.insert(k, b->text());
        }
        // Mnemonics (Alt+letter) are checked per window in tst_ui_accessibility.
    }

    void documentedShortcutsDoWhatTheReadmeSays()
    {
        QString error;
        auto console = openConsole(m_dir.filePath(QStringLiteral("keys.sqlite")), 60, &error);
        QVERIFY2(console, qPrintable(error));
        MainWindow &window = *console->window;
        int settingsOpened = 0, databaseOpened = 0;
        window.setSettingsOpener([&](MainWindow *) { ++settingsOpened; });
        window.setDatabaseOpener([&](MainWindow *) { ++databaseOpened; });
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        // Ctrl+1 … Ctrl+6: the pages.
        const QList<Qt::Key> digits{Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4, Qt::Key_5, Qt::Key_6};
        for (int page = int(digits.size()) - 1; page >= 0; --page) {
            press(&window, digits.at(page), Qt::ControlModifier);
            QCOMPARE(window.tabs()->currentIndex(), page);
        }
        // Ctrl+F: the current page's search box, on every page that has one.
        const QList<QPair<int, QLineEdit *>> boxes{{MainWindow::Orders, window.ordersPage()->searchBox()},
                                                   {MainWindow::Failures, window.failuresPage()->searchBox()},
                                                   {MainWindow::Callbacks, window.callbacksPage()->searchBox()},
                                                   {MainWindow::SyncLog, window.syncLogPage()->searchBox()},
                                                   {MainWindow::Audit, window.auditPage()->searchBox()}};
        for (const auto &[page, box] : boxes) {
            window.showPage(MainWindow::Page(page));
            window.tabs()->setFocus();
            press(&window, Qt::Key_F, Qt::ControlModifier);
            QVERIFY2(box->hasFocus(), qPrintable(QStringLiteral("page %1").arg(page)));
        }
        // Alt+Down / Alt+Up: rows of the list.
        window.showPage(MainWindow::Orders);
        QTableView *table = window.ordersPage()->table();
        QVERIFY(table->model()->rowCount() > 3);
        table->setFocus();
        table->selectRow(0);
        press(&window, Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(table->currentIndex().row(), 1);
        press(&window, Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(table->currentIndex().row(), 2);
        press(&window, Qt::Key_Up, Qt::AltModifier);
        QCOMPARE(table->currentIndex().row(), 1);
        // F5: everything read again.
        QSignalSpy reset(window.ordersPage()->model(), &QAbstractItemModel::modelReset);
        press(&window, Qt::Key_F5);
        QVERIFY(reset.size() >= 1);
        // Ctrl+R: retry on the failures page.
        press(&window, Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::Failures));
        // Ctrl+, : the settings.
        press(&window, Qt::Key_Comma, Qt::ControlModifier);
        QCOMPARE(settingsOpened, 1);
        // Alt+U: the Failures tab, Alt+O the Orders tab (mnemonics of the tabs).
        press(&window, Qt::Key_O, Qt::AltModifier);
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::Orders));
        press(&window, Qt::Key_U, Qt::AltModifier);
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::Failures));
        // File → Database… through the menu's action.
        window.findChild<QAction *>(QStringLiteral("databaseAction"))->trigger();
        QCOMPARE(databaseOpened, 1);
        // Ctrl+Q: quit (the window closes).
        press(&window, Qt::Key_Q, Qt::ControlModifier);
        QTRY_VERIFY(!window.isVisible());
    }

    void staffWorkflowPushesAnOrderByKeyboardAlone()
    {
        QString error;
        auto console = openConsole(m_dir.filePath(QStringLiteral("workflow.sqlite")), 300, &error);
        QVERIFY2(console, qPrintable(error));
        MainWindow &window = *console->window;
        const Profile mock = window.profile();
        QCOMPARE(mock.kind, ProfileKind::Mock);
        // An order staff would look up: paid, not pushed, its payload complete, its phone's last 4 digits
        // shared with no other paid order.
        OrderStore &store = console->context->orders();
        OrderQuery paid;
        paid.status = QStringLiteral("paid");
        QString target, digits;
        for (const OrderSummary &s : store.page(paid, 0, 300)) {
            if (!s.haierStatus.isEmpty() || s.phone.size() < 4)
                continue;
            const std::optional<Order> order = store.loadById(s.id);
            if (!order || !PayloadMapper::map(*order, mock).ok())
                continue;
            OrderQuery byPhone = paid;
            byPhone.search = s.phone.right(4);
            if (store.count(byPhone) == 1) {
                target = s.orderNumber;
                digits = s.phone.right(4);
                break;
            }
        }
        QVERIFY2(!target.isEmpty(), "no suitable order in the demo data");

        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        OrdersPage *page = window.ordersPage();
        window.showPage(MainWindow::Orders); // the page remembered from the last run may be another
        // Ctrl+F, the last 4 digits, Enter.
        press(&window, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(page->searchBox()->hasFocus());
        QTest::keyClicks(page->searchBox(), digits);
        press(&window, Qt::Key_Return);
        QCOMPARE(page->model()->rowCount(), 1);
        // Alt+Down: into the list, on the order found.
        press(&window, Qt::Key_Down, Qt::AltModifier);
        QVERIFY(page->table()->hasFocus());
        QCOMPARE(page->selectedOrderNumbers(), QStringList{target});
        // Ctrl+P, then Enter in the confirmation, which names the profile and the count.
        QString question;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || !box->isVisible())
                return;
            answer.stop();
            question = box->text();
            QTest::keyClick(box, Qt::Key_Return);
        });
        answer.start();
        QSignalSpy finished(window.actions(), &WindowActions::pushFinished);
        press(&window, Qt::Key_P, Qt::ControlModifier);
        QVERIFY2(finished.size() > 0 || finished.wait(20000), "the push did not finish");
        QVERIFY2(question.contains(mock.name) && question.contains(QLatin1String("1 order ")), qPrintable(question));
        // Pushed in the mock profile: its job exists and Haier (the simulator) took it.
        const std::optional<Order> pushed = store.loadByNumber(target);
        QVERIFY(pushed);
        const std::optional<PushJobRecord> job = console->context->jobs().findForOrder(mock.name, pushed->id);
        QVERIFY2(job, "no push job for the order");
        QVERIFY2(job->acceptedAt > 0, qPrintable(job->lastMessage));
        QVERIFY2(!pushed->haierStatus.isEmpty(), qPrintable(pushed->haierStatus));
        if (console->backend)
            console->backend->drainCallbacks(2000);
    }

    void countsReadAsEnglishSentences()
    {
        QString error;
        auto console = openConsole(m_dir.filePath(QStringLiteral("plurals.sqlite")), 40, &error);
        QVERIFY2(console, qPrintable(error));
        OrdersPage *page = console->window->ordersPage();
        auto *count = page->findChild<QLabel *>(QStringLiteral("orderCount"));
        QVERIFY(count);
        OrderStore &store = console->context->orders();
        // One order found, then two.
        const QList<OrderSummary> rows = store.page(OrderQuery{}, 0, 2);
        QCOMPARE(rows.size(), 2);
        page->showOrder(rows.at(0).orderNumber);
        QCOMPARE(page->model()->rowCount(), 1);
        QCOMPARE(count->text(), QStringLiteral("1 order"));
        page->searchBox()->clear();
        page->statusBox()->setCurrentIndex(0);
        page->showOrder(QString());
        QVERIFY(page->model()->rowCount() >= 2);
        QCOMPARE(count->text(), QStringLiteral("%1 orders").arg(QLocale().toString(page->model()->rowCount())));
        QCOMPARE(WindowActions::tr("Push %n order(s) with profile %1?", nullptr, 1).arg(QStringLiteral("mock")),
                 QStringLiteral("Push 1 order with profile mock?"));
        QCOMPARE(WindowActions::tr("Push %n order(s) with profile %1?", nullptr, 2).arg(QStringLiteral("mock")),
                 QStringLiteral("Push 2 orders with profile mock?"));
    }

    // Chinese has one form: the count reads "1 个订单" and "2 个订单", never a leftover "(s)".
    void countsReadAsChineseSentences()
    {
        installTranslations(*qApp, QStringLiteral("zh_CN"));
        const QString one = OrdersPage::tr("%Ln order(s)", nullptr, 1);
        const QString two = OrdersPage::tr("%Ln order(s)", nullptr, 2);
        const QString ask = WindowActions::tr("Push %n order(s) with profile %1?", nullptr, 1).arg(QStringLiteral("mock"));
        installTranslations(*qApp, QStringLiteral("en"));
        QCOMPARE(one, QStringLiteral("1 个订单"));
        QCOMPARE(two, QStringLiteral("2 个订单"));
        QCOMPARE(ask, QStringLiteral("使用配置 mock 推送 1 个订单？"));
    }
};

QTEST_MAIN(TestUiKeyboard)
#include "tst_ui_keyboard.moc"
