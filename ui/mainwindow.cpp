#include "ui/mainwindow.h"

#include "models/clock.h"
#include "models/database.h"
#include "net/pushengine.h"
#include "ui/orderspage.h"
#include "ui/pushprogress.h"

#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(Database &db, OrderStore &orders, const Profile &profile, SenderProvider senders, QWidget *parent)
    : QMainWindow(parent)
    , m_db(db)
    , m_profile(profile)
    , m_senders(std::move(senders))
    , m_orders(new OrdersPage(orders, profile, this))
    , m_progress(new PushProgress(this))
{
    m_confirm = [this](const Profile &p, int count) { return askToConfirm(p, count); };
    setWindowTitle(tr("Haier order push console — %1").arg(profile.name));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    // The profile banner: staff must always see where a push would go.
    auto *banner = new QLabel(central);
    QString text = tr("Profile: %1 (%2) — %3").arg(profile.name, profileKindName(profile.kind), profile.ylh.orderBaseUrl.toString());
    for (const QString &w : profile.warnings())
        text += QStringLiteral("  ⚠ ") + w;
    banner->setText(text);
    const char *style = "QLabel{background:#e3f2fd;padding:6px}";
    switch (profile.kind) {
    case ProfileKind::Production: style = "QLabel{background:#b71c1c;color:white;padding:6px;font-weight:bold}"; break;
    case ProfileKind::Pre: style = "QLabel{background:#ef6c00;color:white;padding:6px;font-weight:bold}"; break;
    case ProfileKind::Test: style = "QLabel{background:#fff59d;padding:6px}"; break;
    case ProfileKind::Mock: break;
    }
    banner->setStyleSheet(QString::fromLatin1(style));
    banner->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    layout->addWidget(banner);
    layout->addWidget(m_orders);
    setCentralWidget(central);
    statusBar()->showMessage(db.describe());
    statusBar()->addPermanentWidget(m_progress);
    connect(m_orders, &OrdersPage::pushRequested, this, &MainWindow::push);
    resize(1280, 800);
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
    if (m_pushing || orderNumbers.isEmpty() || !m_confirm(m_profile, int(orderNumbers.size())))
        return;
    QString error;
    const PushServices services = m_senders ? m_senders(&error) : PushServices();
    OrderSender *sender = services.sender;
    if (!sender) {
        QMessageBox::warning(this, tr("Cannot push"), error);
        return;
    }
    m_pushing = true;
    static SystemClock clock;
    auto *engine = new PushEngine(m_db, m_profile, *sender, clock, this);
    engine->setStockChecker(services.stock);
    QList<PushRequest> requests;
    for (const QString &n : orderNumbers)
        requests.append({n, false, false});
    m_progress->track(engine);
    connect(engine, &PushEngine::finished, this, [this, engine] {
        m_pushing = false;
        m_orders->reload();
        engine->deleteLater();
        emit pushFinished();
    });
    engine->start(requests);
}
