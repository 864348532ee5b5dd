#pragma once

#include "models/profile.h"

#include <QMainWindow>

class OrderStore;
class OrdersPage;

// Assembles the pages; holds no SQL and no HTTP of its own.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(OrderStore &orders, const Profile &profile, const QString &databaseName, QWidget *parent = nullptr);
    OrdersPage *ordersPage() const { return m_orders; }

private:
    OrdersPage *m_orders;
};
