#include "ui/mainwindow.h"

#include "ui/orderspage.h"

#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(OrderStore &orders, const Profile &profile, const QString &databaseName, QWidget *parent)
    : QMainWindow(parent), m_orders(new OrdersPage(orders, profile, this))
{
    setWindowTitle(tr("Haier order push console — %1").arg(profile.name));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    // The profile banner: staff must always see where a push would go.
    auto *banner = new QLabel(central);
    QString text = tr("Profile: %1 (%2) — %3").arg(profile.name, profileKindName(profile.kind), profile.ylh.orderBaseUrl.toString());
    for (const QString &w : profile.warnings())
        text += QStringLiteral("  ⚠ ") + w;
    banner->setText(text);
    const bool production = profile.kind == ProfileKind::Production;
    banner->setStyleSheet(production ? QStringLiteral("QLabel{background:#b71c1c;color:white;padding:6px;font-weight:bold}")
                                     : QStringLiteral("QLabel{background:#e3f2fd;padding:6px}"));
    layout->addWidget(banner);
    layout->addWidget(m_orders);
    setCentralWidget(central);
    statusBar()->showMessage(databaseName);
    resize(1280, 800);
}
