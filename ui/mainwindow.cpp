#include "ui/mainwindow.h"

#include "models/clock.h"
#include "models/database.h"
#include "models/databasewatcher.h"
#include "models/logtables.h"
#include "net/orderactions.h"
#include "ui/dashboardpage.h"
#include "ui/failurespage.h"
#include "ui/logpage.h"
#include "ui/orderspage.h"
#include "ui/profilebanner.h"
#include "ui/pushprogress.h"
#include "ui/screenfit.h"
#include "ui/windowactions.h"
#include "ui/windowlayout.h"

#include <QCloseEvent>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QScreen>
#include <QSqlDriver>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

MainWindow::MainWindow(Database &db, OrderStore &orders, OrderActions &orderActions, QWidget *parent)
    : QMainWindow(parent)
    , m_db(db)
    , m_orderActions(orderActions)
    , m_banner(new ProfileBanner(db, orderActions.clock(), this))
    , m_tabs(new QTabWidget(this))
    , m_orders(new OrdersPage(orders, orderActions.profile(), this))
    , m_failures(new FailuresPage(db, orderActions.profile().name, this))
    , m_callbacks(new LogPage(db, LogTables::callbacks(), this))
    , m_syncLog(new LogPage(db, LogTables::syncLog(), this))
    , m_audit(new LogPage(db, LogTables::audit(), this))
    , m_dashboard(new DashboardPage(db, this))
    , m_progress(new PushProgress(this))
    , m_actions(new WindowActions(orderActions, this, statusBar(), m_progress))
    , m_refresh(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    m_tabs->addTab(m_orders, tr("&Orders"));
    // Mnemonics are unique in the window: F is the File menu's, S a page button's.
    m_tabs->addTab(m_failures, tr("Fail&ures"));
    m_tabs->addTab(m_callbacks, tr("&Callbacks"));
    m_tabs->addTab(m_syncLog, tr("Sync &log"));
    m_tabs->addTab(m_dashboard, tr("Dash&board"));
    m_tabs->addTab(m_audit, tr("Aud&it"));
    m_tabs->setAccessibleName(tr("Pages"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_progress);
    WindowLayout::nameChildren(m_orders, QStringLiteral("orders"));
    WindowLayout::nameChildren(m_callbacks, QStringLiteral("callbacks"));
    WindowLayout::nameChildren(m_syncLog, QStringLiteral("syncLog"));
    WindowLayout::nameChildren(m_audit, QStringLiteral("audit"));

    connect(m_orders, &OrdersPage::pushRequested, m_actions, &WindowActions::push);
    connect(m_orders, &OrdersPage::cancelRequested, m_actions, &WindowActions::cancelAtHaier);
    connect(m_orders, &OrdersPage::rescheduleRequested, m_actions, &WindowActions::reschedule);
    connect(m_orders, &OrdersPage::stockCheckRequested, m_actions, &WindowActions::checkStock);
    connect(m_orders, &OrdersPage::photosRequested, m_actions, &WindowActions::showPhotos);
    connect(m_orders, &OrdersPage::logisticsRequested, m_actions, &WindowActions::refreshLogistics);
    connect(m_orders, &OrdersPage::linesRequested, m_actions, &WindowActions::showLinesAtHaier);
    connect(m_orders, &OrdersPage::repushRequested, m_actions, &WindowActions::repushAfterCancel);
    connect(m_orders, &OrdersPage::reopenRequested, m_actions, &WindowActions::reopen);
    connect(m_dashboard, &DashboardPage::balanceRequested, m_actions, &WindowActions::refreshBalance);
    connect(m_actions, &WindowActions::balanceFetched, m_dashboard, &DashboardPage::showBalance);
    m_orders->setDatabase(&db);
    m_failures->setActions(&orderActions);
    connect(m_failures, &FailuresPage::retryRequested, m_actions, &WindowActions::retry);
    connect(m_failures, &FailuresPage::repushRequested, m_actions, &WindowActions::repush);
    connect(m_failures, &FailuresPage::cancelRequested, m_actions, &WindowActions::cancelAtHaier);
    connect(m_failures, &FailuresPage::reconcileRequested, m_actions, &WindowActions::reconcile);
    connect(m_failures, &FailuresPage::confirmByPhoneRequested, m_actions, &WindowActions::confirmByPhone);
    connect(m_callbacks, &LogPage::rowActionRequested, m_actions, &WindowActions::replayCallback);
    connect(m_actions, &WindowActions::replayFinished, m_callbacks, &LogPage::reload);
    // Whatever an action changed shows at once.
    connect(&orderActions, &OrderActions::changed, this, [this] {
        m_orders->reload();
        m_failures->refresh();
    });
    connect(m_failures, &FailuresPage::orderActivated, this, [this](const QString &number) {
        showPage(Orders);
        m_orders->showOrder(number);
    });
    connect(m_progress, &PushProgress::failuresWanted, this, [this] { showPage(Failures); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        m_lastDashboardMs = 0;
        refreshVisible();
    });

    // Menus: everything has a key.
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *settings = file->addAction(tr("&Settings…"));
    settings->setShortcut(QKeySequence(QStringLiteral("Ctrl+,")));
    settings->setObjectName(QStringLiteral("settingsAction"));
    connect(settings, &QAction::triggered, this, [this] {
        if (m_settings)
            m_settings(this);
    });
    QAction *database = file->addAction(tr("&Database…"));
    database->setObjectName(QStringLiteral("databaseAction"));
    connect(database, &QAction::triggered, this, [this] {
        if (m_databaseOpener)
            m_databaseOpener(this);
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence(QStringLiteral("Ctrl+Q"))); // QKeySequence::Quit is empty on Windows
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    const QList<QPair<Page, QString>> pages{{Orders, tr("Orders")}, {Failures, tr("Failures")}, {Callbacks, tr("Callbacks")},
                                            {SyncLog, tr("Sync log")}, {Dashboard, tr("Dashboard")}, {Audit, tr("Audit")}};
    for (const auto &[page, name] : pages) {
        QAction *a = go->addAction(name);
        a->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(int(page) + 1)));
        connect(a, &QAction::triggered, this, [this, page = page] { showPage(page); });
    }
    go->addSeparator();
    QAction *find = go->addAction(tr("&Find"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, &MainWindow::focusSearch);
    QAction *next = go->addAction(tr("&Next row"));
    next->setShortcut(QKeySequence(QStringLiteral("Alt+Down")));
    connect(next, &QAction::triggered, this, [this] { moveCurrent(1); });
    QAction *previous = go->addAction(tr("&Previous row"));
    previous->setShortcut(QKeySequence(QStringLiteral("Alt+Up")));
    connect(previous, &QAction::triggered, this, [this] { moveCurrent(-1); });
    QAction *reload = go->addAction(tr("&Refresh"));
    reload->setShortcut(QKeySequence::Refresh);
    connect(reload, &QAction::triggered, this, [this] {
        m_orders->reload();
        m_failures->refresh();
        m_lastDashboardMs = 0;
        refreshVisible();
    });

    QMenu *actions = menuBar()->addMenu(tr("&Actions"));
    QAction *pushAction = actions->addAction(tr("&Push selected orders"));
    pushAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+P")));
    connect(pushAction, &QAction::triggered, this, [this] {
        showPage(Orders);
        m_actions->push(m_orders->selectedOrderNumbers());
    });
    QAction *retryAction = actions->addAction(tr("&Retry failed (selected, or all shown)"));
    retryAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+R")));
    connect(retryAction, &QAction::triggered, this, [this] {
        showPage(Failures);
        m_failures->retry();
    });
    actions->addSeparator();
    QAction *logisticsSelected = actions->addAction(tr("Refresh &logistics of the selected orders"));
    logisticsSelected->setObjectName(QStringLiteral("logisticsSelectedAction"));
    connect(logisticsSelected, &QAction::triggered, this, [this] {
        showPage(Orders);
        m_actions->refreshLogistics(m_orders->selectedOrderNumbers());
    });
    QAction *logisticsAll = actions->addAction(tr("Refresh logistics of every &accepted order"));
    logisticsAll->setObjectName(QStringLiteral("logisticsAllAction"));
    connect(logisticsAll, &QAction::triggered, m_actions, &WindowActions::refreshAllLogistics);
    QAction *balance = actions->addAction(tr("Haier account &balance"));
    balance->setObjectName(QStringLiteral("balanceAction"));
    connect(balance, &QAction::triggered, this, [this] {
        showPage(Dashboard);
        m_dashboard->balanceButton()->click();
    });

    setProfile(m_orderActions.profile());
    // Other processes (haierctl, the callback receiver) change things too: the visible page looks for
    // news every second; on PostgreSQL a NOTIFY from the receiver brings it at once.
    m_refresh->setInterval(1000);
    connect(m_refresh, &QTimer::timeout, this, &MainWindow::refreshVisible);
    m_refresh->start();
    listenForChanges();
    resize(fitToScreen(QSize(1280, 800), screen()->availableGeometry()));
    WindowLayout::restore(*this, *m_tabs);
}

MainWindow::~MainWindow() = default;

void MainWindow::setSettingsOpener(SettingsOpener opener)
{
    m_settings = std::move(opener);
}

void MainWindow::setDatabaseOpener(SettingsOpener opener)
{
    m_databaseOpener = std::move(opener);
}

void MainWindow::listenForChanges()
{
    QSqlDriver *driver = m_db.sql().driver();
    if (!m_db.isPostgres() || !driver || !driver->hasFeature(QSqlDriver::EventNotifications))
        return;
    // After a reconnect the server has forgotten the subscription: made again, connected once.
    if (driver->subscribeToNotification(QStringLiteral("console_changes")) && !m_listening) {
        m_listening = true;
        connect(driver, &QSqlDriver::notification, this, [this] {
            m_orders->reload();
            m_failures->refresh();
            refreshVisible();
        });
    }
}

void MainWindow::setDatabaseWatcher(DatabaseWatcher *watcher)
{
    connect(watcher, &DatabaseWatcher::lost, this, [this](const QString &why) { setDatabaseReachable(false, why); });
    connect(watcher, &DatabaseWatcher::restored, this, [this] { setDatabaseReachable(true); });
    if (!watcher->isReachable())
        setDatabaseReachable(false, watcher->lastError());
}

void MainWindow::setDatabaseReachable(bool reachable, const QString &why)
{
    m_dbReachable = reachable;
    if (!reachable) {
        m_banner->setDatabaseUnreachable(why);
        return;
    }
    m_banner->setDatabaseReachable();
    // Back (or reconnected by a long push): everything shown is read again (the profile too: its binding lives in the database).
    listenForChanges();
    setProfile(m_orderActions.profile());
    m_orders->reload();
    m_failures->refresh();
    m_lastDashboardMs = 0;
    refreshVisible();
}

void MainWindow::showPage(Page page)
{
    m_tabs->setCurrentIndex(int(page));
}

void MainWindow::refreshVisible()
{
    if (!m_dbReachable)
        return; // the watcher brings the pages back with the database
    m_banner->updateConnection();
    switch (Page(m_tabs->currentIndex())) {
    case Orders: break; // the page looks for changes itself
    case Failures: m_failures->refreshIfChanged(); break;
    case Callbacks: m_callbacks->refresh(); break;
    case SyncLog: m_syncLog->refresh(); break;
    case Audit: m_audit->refresh(); break;
    case Dashboard: {
        const qint64 now = m_orderActions.clock().nowUtc().toMSecsSinceEpoch();
        if (now - m_lastDashboardMs >= 10000) {
            m_lastDashboardMs = now;
            m_dashboard->refresh();
        }
        break;
    }
    }
}

void MainWindow::focusSearch()
{
    QLineEdit *box = nullptr;
    switch (Page(m_tabs->currentIndex())) {
    case Orders: box = m_orders->searchBox(); break;
    case Failures: box = m_failures->searchBox(); break;
    case Callbacks: box = m_callbacks->searchBox(); break;
    case SyncLog: box = m_syncLog->searchBox(); break;
    case Audit: box = m_audit->searchBox(); break;
    case Dashboard: break;
    }
    if (box) {
        box->setFocus(Qt::ShortcutFocusReason);
        box->selectAll();
    }
}

void MainWindow::moveCurrent(int delta)
{
    QTableView *table = nullptr;
    switch (Page(m_tabs->currentIndex())) {
    case Orders: table = m_orders->table(); break;
    case Failures: table = m_failures->jobTable(); break;
    case Callbacks: table = m_callbacks->table(); break;
    case SyncLog: table = m_syncLog->table(); break;
    case Audit: table = m_audit->table(); break;
    case Dashboard: break;
    }
    if (!table || !table->model() || table->model()->rowCount() == 0)
        return;
    // From outside the list (the search box after Enter) the first step goes into it, at its current row.
    const bool entering = !table->hasFocus() && table->currentIndex().isValid();
    const int row = qBound(0, table->currentIndex().row() + (entering ? 0 : delta), table->model()->rowCount() - 1);
    table->selectRow(row);
    table->setFocus(Qt::ShortcutFocusReason);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    WindowLayout::save(*this, *m_tabs);
    QMainWindow::closeEvent(event);
}

const Profile &MainWindow::profile() const
{
    return m_orderActions.profile();
}

void MainWindow::setProfile(const Profile &profile)
{
    m_orderActions.setProfile(profile);
    m_orders->setProfile(profile);
    m_failures->setProfile(profile.name);
    m_banner->setProfile(profile);
    setWindowTitle(tr("Haier order push console — %1").arg(profile.name));
}
