#include "ui/mainwindow.h"

#include "models/auditlog.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/jobstore.h"
#include "models/orderstore.h"
#include "models/payloadmapper.h"
#include "models/regioncodes.h"
#include "models/synclogstore.h"
#include "net/pushengine.h"
#include "net/stockchecker.h"
#include "net/ylhclient.h"
#include "ui/callbackspage.h"
#include "ui/dashboardpage.h"
#include "ui/failurespage.h"
#include "ui/orderspage.h"
#include "ui/pushprogress.h"
#include "ui/synclogpage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPointer>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QSqlDriver>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

namespace {

const char *bannerStyle(ProfileKind kind)
{
    switch (kind) {
    case ProfileKind::Production: return "QFrame#banner{background:#b71c1c} QFrame#banner QLabel{color:white;font-weight:bold}";
    case ProfileKind::Pre: return "QFrame#banner{background:#ef6c00} QFrame#banner QLabel{color:white;font-weight:bold}";
    case ProfileKind::Test: return "QFrame#banner{background:#fff59d} QFrame#banner QLabel{color:black}";
    case ProfileKind::Mock: break;
    }
    return "QFrame#banner{background:#e3f2fd} QFrame#banner QLabel{color:black}";
}

// Names splitters and tables that have none, so their sizes can be remembered.
void nameChildren(QWidget *page, const QString &prefix)
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

} // namespace

MainWindow::MainWindow(Database &db, OrderStore &orders, const Profile &profile, SenderProvider senders, QWidget *parent)
    : QMainWindow(parent)
    , m_db(db)
    , m_profile(profile)
    , m_senders(std::move(senders))
    , m_banner(new QLabel(this))
    , m_connection(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_orders(new OrdersPage(orders, profile, this))
    , m_failures(new FailuresPage(db, profile.name, this))
    , m_callbacks(new CallbacksPage(db, this))
    , m_syncLog(new SyncLogPage(db, this))
    , m_dashboard(new DashboardPage(db, this))
    , m_progress(new PushProgress(this))
    , m_refresh(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_confirm = [this](const Profile &p, int count) { return askToConfirm(p, count); };

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    // The profile banner: staff must always see where a push would go.
    auto *bannerFrame = new QFrame(central);
    bannerFrame->setObjectName(QStringLiteral("banner"));
    auto *bannerLayout = new QHBoxLayout(bannerFrame);
    bannerLayout->setContentsMargins(8, 6, 8, 6);
    bannerLayout->addWidget(m_banner, 1);
    bannerLayout->addWidget(m_connection);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bannerFrame->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    layout->addWidget(bannerFrame);
    m_tabs->addTab(m_orders, tr("&Orders"));
    m_tabs->addTab(m_failures, tr("&Failures"));
    m_tabs->addTab(m_callbacks, tr("&Callbacks"));
    m_tabs->addTab(m_syncLog, tr("&Sync log"));
    m_tabs->addTab(m_dashboard, tr("&Dashboard"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_progress);
    nameChildren(m_orders, QStringLiteral("orders"));
    nameChildren(m_callbacks, QStringLiteral("callbacks"));
    nameChildren(m_syncLog, QStringLiteral("syncLog"));

    connect(m_orders, &OrdersPage::pushRequested, this, &MainWindow::push);
    connect(m_orders, &OrdersPage::cancelRequested, this, &MainWindow::cancelAtHaier);
    connect(m_orders, &OrdersPage::rescheduleRequested, this, &MainWindow::reschedule);
    connect(m_orders, &OrdersPage::stockCheckRequested, this, &MainWindow::checkStock);
    connect(m_orders, &OrdersPage::photosRequested, this, &MainWindow::showPhotos);
    m_orders->setDatabase(&db);
    connect(m_failures, &FailuresPage::retryRequested, this, &MainWindow::retry);
    connect(m_failures, &FailuresPage::repushRequested, this, &MainWindow::repush);
    connect(m_failures, &FailuresPage::cancelRequested, this, &MainWindow::cancelAtHaier);
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
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    const QList<QPair<Page, QString>> pages{{Orders, tr("Orders")}, {Failures, tr("Failures")}, {Callbacks, tr("Callbacks")},
                                            {SyncLog, tr("Sync log")}, {Dashboard, tr("Dashboard")}};
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
        push(m_orders->selectedOrderNumbers());
    });
    QAction *retryAction = actions->addAction(tr("&Retry failed (selected, or all shown)"));
    retryAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+R")));
    connect(retryAction, &QAction::triggered, this, [this] {
        showPage(Failures);
        m_failures->retry();
    });

    updateBanner();
    // Other processes (haierctl, the callback receiver) change things too: the visible page looks for
    // news every second; on PostgreSQL a NOTIFY from the receiver brings it at once.
    m_refresh->setInterval(1000);
    connect(m_refresh, &QTimer::timeout, this, &MainWindow::refreshVisible);
    m_refresh->start();
    listenForChanges();
    resize(1280, 800);
    restoreLayout();
    updateConnection();
}

MainWindow::~MainWindow() = default;

void MainWindow::setSettingsOpener(SettingsOpener opener)
{
    m_settings = std::move(opener);
}

void MainWindow::listenForChanges()
{
    QSqlDriver *driver = m_db.sql().driver();
    if (!m_db.isPostgres() || !driver || !driver->hasFeature(QSqlDriver::EventNotifications))
        return;
    if (driver->subscribeToNotification(QStringLiteral("console_changes"))) {
        connect(driver, &QSqlDriver::notification, this, [this] {
            m_orders->reload();
            m_failures->refresh();
            refreshVisible();
        });
    }
}

void MainWindow::showPage(Page page)
{
    m_tabs->setCurrentIndex(int(page));
}

void MainWindow::updateBanner()
{
    QString text = tr("%1 (%2) — %3").arg(m_profile.name, profileKindName(m_profile.kind), m_profile.ylh.orderBaseUrl.toString());
    text += QStringLiteral("   ·   ") + tr("Database: %1").arg(m_db.describe());
    text += QStringLiteral("   ·   ") + tr("Operator: %1").arg(AuditLog::currentOperator());
    for (const QString &w : m_profile.warnings())
        text += QStringLiteral("   ⚠ ") + w;
    m_banner->setText(text);
    if (QWidget *frame = m_banner->parentWidget())
        frame->setStyleSheet(QString::fromLatin1(bannerStyle(m_profile.kind)));
    setWindowTitle(tr("Haier order push console — %1").arg(m_profile.name));
}

void MainWindow::updateConnection()
{
    SyncLogStore log(m_db);
    const std::optional<SyncLogEntry> last = log.lastCall(m_profile.name, QStringLiteral("ylh."));
    if (!last) {
        m_connection->setText(tr("YLH: not contacted yet"));
        m_connection->setToolTip(QString());
        return;
    }
    const qint64 agoSeconds = qMax<qint64>(0, last->at.secsTo(QDateTime::currentDateTimeUtc()));
    const QString ago = agoSeconds < 120 ? tr("%n s ago", nullptr, int(agoSeconds)) : tr("%n min ago", nullptr, int(agoSeconds / 60));
    const bool reached = last->httpStatus > 0 && last->httpStatus < 500 && last->kind != ResultKind::Timeout
        && last->kind != ResultKind::Connection;
    m_connection->setText(reached ? tr("YLH: reachable (%1, %2 ms)").arg(ago).arg(last->latencyMs)
                                  : tr("YLH: NOT reachable (%1)").arg(ago));
    m_connection->setToolTip(tr("Last call: %1 — %2").arg(last->operation, last->message));
}

void MainWindow::refreshVisible()
{
    updateConnection();
    switch (Page(m_tabs->currentIndex())) {
    case Orders: break; // the page looks for changes itself
    case Failures: m_failures->refreshIfChanged(); break;
    case Callbacks: m_callbacks->refresh(); break;
    case SyncLog: m_syncLog->refresh(); break;
    case Dashboard: {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
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
    case Dashboard: break;
    }
    if (!table || !table->model() || table->model()->rowCount() == 0)
        return;
    const int row = qBound(0, table->currentIndex().row() + delta, table->model()->rowCount() - 1);
    table->selectRow(row);
    table->setFocus(Qt::ShortcutFocusReason);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/page"), m_tabs->currentIndex());
    for (const QSplitter *s : findChildren<QSplitter *>()) {
        if (!s->objectName().isEmpty())
            settings.setValue(QStringLiteral("splitters/") + s->objectName(), s->saveState());
    }
    for (const QTableView *t : findChildren<QTableView *>()) {
        if (!t->objectName().isEmpty())
            settings.setValue(QStringLiteral("columns/") + t->objectName(), t->horizontalHeader()->saveState());
    }
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter *s : findChildren<QSplitter *>()) {
        const QByteArray state = settings.value(QStringLiteral("splitters/") + s->objectName()).toByteArray();
        if (!s->objectName().isEmpty() && !state.isEmpty())
            s->restoreState(state);
    }
    for (QTableView *t : findChildren<QTableView *>()) {
        const QByteArray state = settings.value(QStringLiteral("columns/") + t->objectName()).toByteArray();
        if (!t->objectName().isEmpty() && !state.isEmpty())
            t->horizontalHeader()->restoreState(state);
    }
    m_tabs->setCurrentIndex(qBound(0, settings.value(QStringLiteral("window/page"), 0).toInt(), m_tabs->count() - 1));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::setProfile(const Profile &profile)
{
    m_profile = profile;
    m_orders->setProfile(profile);
    m_failures->setProfile(profile.name);
    updateBanner();
    updateConnection();
}

bool MainWindow::confirmationAccepted(const Profile &profile, const QString &typed)
{
    return profile.kind != ProfileKind::Production || typed.trimmed() == profile.name;
}

bool MainWindow::askToConfirm(const Profile &profile, int count)
{
    if (profile.kind == ProfileKind::Production) {
        bool ok = false;
        const QString typed = QInputDialog::getText(this, tr("Push to production"),
            tr("Push %n order(s) to PRODUCTION (profile %1)?\nType the profile name to go on:", nullptr, count).arg(profile.name),
            QLineEdit::Normal, QString(), &ok);
        return ok && confirmationAccepted(profile, typed);
    }
    return QMessageBox::question(this, tr("Push orders"), tr("Push %n order(s) with profile %1?", nullptr, count).arg(profile.name))
        == QMessageBox::Yes;
}

void MainWindow::push(const QStringList &orderNumbers)
{
    run(orderNumbers, false, true);
}

void MainWindow::retry(const QStringList &orderNumbers)
{
    // The failures page asked already (stating the count); production still needs its deliberate step.
    run(orderNumbers, false, m_profile.kind == ProfileKind::Production);
}

void MainWindow::repush(const QStringList &orderNumbers)
{
    run(orderNumbers, true, m_profile.kind == ProfileKind::Production);
}

void MainWindow::run(const QStringList &orderNumbers, bool newSoId, bool confirm)
{
    if (m_pushing) {
        statusBar()->showMessage(tr("A push is still running; wait for it to finish."), 5000);
        return;
    }
    if (orderNumbers.isEmpty() || (confirm && !m_confirm(m_profile, int(orderNumbers.size()))))
        return;
    QString error;
    const PushServices services = m_senders ? m_senders(&error) : PushServices();
    if (!services.sender) {
        QMessageBox::warning(this, tr("Cannot push"), error);
        return;
    }
    m_pushing = true;
    static SystemClock clock;
    auto *engine = new PushEngine(m_db, m_profile, *services.sender, clock, this);
    engine->setStockChecker(services.stock);
    auto audit = std::make_shared<AuditLog>(m_db);
    engine->setAuditLog(audit.get());
    QList<PushRequest> requests;
    for (const QString &n : orderNumbers)
        requests.append({n, newSoId, false});
    m_progress->track(engine);
    connect(engine, &PushEngine::finished, this, [this, engine, audit] {
        m_pushing = false;
        m_orders->reload();
        m_failures->refresh();
        engine->deleteLater();
        emit pushFinished();
    });
    engine->start(requests);
}

void MainWindow::warnLater(const QString &title, const QString &text)
{
    // Window-modal and not blocking: network answers keep arriving while it is open.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showPhotos(const QString &orderNumber)
{
    QString error;
    const PushServices services = m_senders ? m_senders(&error) : PushServices();
    const std::optional<Order> order = OrderStore(m_db).loadByNumber(orderNumber);
    if (!services.ylh || !order || order->haierOrderNo.isEmpty()) {
        const QString why = !services.ylh ? (error.isEmpty() ? tr("No connection to YLH is set up for this profile.") : error)
                                          : tr("%1 has no Haier order number yet (wait for Haier's confirmation).").arg(orderNumber);
        emit photosShown(orderNumber, {}, why);
        return warnLater(tr("Delivery photos"), why);
    }
    statusBar()->showMessage(tr("Asking Haier for the photos of %1…").arg(orderNumber));
    services.ylh->deliveryImages(order->haierOrderNo, orderNumber, [this, guard = QPointer<MainWindow>(this), orderNumber](const ApiResult &r) {
        if (!guard)
            return;
        if (!r.ok()) {
            const QString why = tr("Haier did not give the photos of %1: %2").arg(orderNumber, r.message);
            emit photosShown(orderNumber, {}, why);
            return warnLater(tr("Delivery photos"), why);
        }
        QStringList urls;
        for (const QJsonValue &v : r.data.toArray()) {
            const QString url = v.isString() ? v.toString() : v.toObject().value(QStringLiteral("url")).toString();
            if (!url.isEmpty())
                urls << url;
        }
        emit photosShown(orderNumber, urls, QString());
        QStringList links;
        for (const QString &u : std::as_const(urls))
            links << QStringLiteral("<a href=\"%1\">%1</a>").arg(u.toHtmlEscaped());
        auto *box = new QMessageBox(QMessageBox::Information, tr("Delivery photos of %1").arg(orderNumber),
                                    urls.isEmpty() ? tr("Haier has no photos for this order yet.") : links.join(QStringLiteral("<br>")),
                                    QMessageBox::Ok, this);
        box->setTextFormat(Qt::RichText);
        box->setTextInteractionFlags(Qt::TextBrowserInteraction);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        statusBar()->clearMessage();
    });
}

void MainWindow::checkStock(const QString &orderNumber)
{
    QString error;
    const PushServices services = m_senders ? m_senders(&error) : PushServices();
    const std::optional<Order> order = OrderStore(m_db).loadByNumber(orderNumber);
    auto done = [this, orderNumber](StockVerdict::Outcome outcome, const QString &message) {
        emit stockChecked(orderNumber, int(outcome), message);
        if (outcome == StockVerdict::Outcome::Enough)
            statusBar()->showMessage(message, 8000);
        else
            warnLater(tr("Stock check"), message);
    };
    if (!services.stock || !order)
        return done(StockVerdict::Outcome::CouldNotCheck, !order ? tr("No order numbered \"%1\".").arg(orderNumber)
                                                                  : (error.isEmpty() ? tr("No open-platform connection is set up for this profile.") : error));
    const QString county = RegionCodes(m_db).lookup(order->province, order->city, order->district);
    if (county.isEmpty())
        return done(StockVerdict::Outcome::CouldNotCheck,
                    tr("No county code is known for %1 %2 %3; import region codes (haierctl regions import).")
                        .arg(order->province, order->city, order->district));
    const MappingResult mapped = PayloadMapper::map(*order, m_profile);
    const QList<StockNeed> needs = StockNeed::fromPayload(mapped.payload);
    if (needs.isEmpty())
        return done(StockVerdict::Outcome::CouldNotCheck, tr("%1 has no Haier product to check.").arg(orderNumber));
    statusBar()->showMessage(tr("Asking Haier for stock of %1…").arg(orderNumber));
    services.stock->check(county, needs, [done, orderNumber, this, guard = QPointer<MainWindow>(this)](const StockVerdict &v) {
        if (!guard)
            return;
        switch (v.outcome) {
        case StockVerdict::Outcome::Enough: return done(v.outcome, tr("Haier has enough stock for %1.").arg(orderNumber));
        case StockVerdict::Outcome::NotEnough: return done(v.outcome, tr("Not enough Haier stock: %1").arg(v.detail));
        case StockVerdict::Outcome::CouldNotCheck:
            return done(v.outcome, tr("The stock check could not be done: %1").arg(v.detail));
        }
    });
}

void MainWindow::reschedule(const QString &orderNumber, const QDate &distribution, const QDate &install)
{
    QString error;
    const PushServices services = m_senders ? m_senders(&error) : PushServices();
    const std::optional<Order> order = OrderStore(m_db).loadByNumber(orderNumber);
    const std::optional<PushJobRecord> job = order ? JobStore(m_db).findForOrder(m_profile.name, order->id) : std::nullopt;
    const QString retailOrderNo = order ? (order->haierOrderNo.isEmpty() && job ? job->haierOrderNo : order->haierOrderNo) : QString();
    if (!services.ylh || retailOrderNo.isEmpty()) {
        const QString why = !services.ylh ? (error.isEmpty() ? tr("No connection to YLH is set up for this profile.") : error)
                                          : tr("%1 has no Haier order number yet (wait for Haier's confirmation).").arg(orderNumber);
        emit rescheduleFinished(false, why);
        warnLater(tr("Change dates"), why);
        return;
    }
    // 改约 sends the shop's (China) days as 23:59:59.
    const QTimeZone china(8 * 3600);
    statusBar()->showMessage(tr("Sending new dates for %1…").arg(orderNumber));
    services.ylh->updateDistributionTime(retailOrderNo, QDateTime(distribution, QTime(23, 59, 59), china),
                                         QDateTime(install, QTime(23, 59, 59), china), orderNumber,
                                         [this, guard = QPointer<MainWindow>(this), orderNumber, distribution, install](const ApiResult &r) {
        if (!guard)
            return;
        if (!r.ok()) {
            const QString why = tr("Haier did not accept the new dates for %1: %2").arg(orderNumber, r.message);
            emit rescheduleFinished(false, why);
            warnLater(tr("Change dates"), why);
            return;
        }
        AuditLog(m_db).record({0, {}, AuditLog::currentOperator(), QStringLiteral("reschedule"), m_profile.name, orderNumber,
                               QStringLiteral("%1 / %2").arg(distribution.toString(Qt::ISODate), install.toString(Qt::ISODate))});
        statusBar()->showMessage(tr("Haier accepted the new dates for %1.").arg(orderNumber), 5000);
        emit rescheduleFinished(true, r.message);
    });
}

void MainWindow::cancelAtHaier(const QStringList &orderNumbers, const QString &reason)
{
    QString error;
    const PushServices services = m_senders ? m_senders(&error) : PushServices();
    if (!services.ylh) {
        QMessageBox::warning(this, tr("Cannot cancel"), error.isEmpty() ? tr("No connection to YLH is set up for this profile.") : error);
        return;
    }
    // One at a time, each result written as it comes; the window stays usable meanwhile.
    struct Run
    {
        QStringList pending;
        QStringList problems;
    };
    auto state = std::make_shared<Run>();
    state->pending = orderNumbers;
    // The step holds itself only weakly: whoever waits to run it next (a timer, a network answer)
    // keeps it alive, so nothing is left behind when the run ends or the window closes first.
    auto step = std::make_shared<std::function<void()>>();
    std::weak_ptr<std::function<void()>> weakStep = step;
    QPointer<MainWindow> guard(this);
    *step = [this, guard, state, weakStep, reason, ylh = services.ylh]() {
        const std::shared_ptr<std::function<void()>> self = weakStep.lock();
        if (!guard || !self)
            return;
        if (state->pending.isEmpty()) {
            m_failures->refresh();
            m_orders->reload();
            emit cancelFinished(state->problems);
            if (!state->problems.isEmpty())
                warnLater(tr("Cancel at Haier"), tr("Not every cancellation went through:\n%1").arg(state->problems.join(QLatin1Char('\n'))));
            else
                statusBar()->showMessage(tr("Cancellation sent to Haier."), 5000);
            return;
        }
        const QString number = state->pending.takeFirst();
        OrderStore orders(m_db);
        JobStore jobs(m_db);
        const std::optional<Order> order = orders.loadByNumber(number);
        const std::optional<PushJobRecord> job = order ? jobs.findForOrder(m_profile.name, order->id) : std::nullopt;
        if (!order || !job || job->acceptedAt == 0) {
            state->problems << tr("%1: Haier never accepted this order, so there is nothing to cancel").arg(number);
            return QTimer::singleShot(0, this, [self] { (*self)(); });
        }
        statusBar()->showMessage(tr("Asking Haier to cancel %1…").arg(number));
        const PushJobRecord read = *job;
        ylh->cancelOrder(job->soId, QDateTime::currentMSecsSinceEpoch(), reason, number,
                         [this, guard, state, self, number, reason, read](const ApiResult &r) {
            if (!guard)
                return; // the window is gone; what Haier did shows on the next look
            if (!r.ok()) {
                state->problems << tr("%1: %2").arg(number, r.message);
            } else {
                // Haier's cancel callback decides; the shop's haier_status stays as it is meanwhile.
                JobWrite w;
                w.change = QStringLiteral("staff:cancel");
                w.message = reason;
                const JobApply applied = JobStore(m_db).apply(read, JobEvent::of(JobEvent::Type::CancelTaken), w,
                                                              QDateTime::currentMSecsSinceEpoch());
                if (!applied.applied())
                    state->problems << tr("%1: %2").arg(number, applied.message);
                AuditLog(m_db).record({0, {}, AuditLog::currentOperator(), QStringLiteral("cancel"), m_profile.name, number, reason});
            }
            (*self)();
        });
    };
    (*step)();
}
