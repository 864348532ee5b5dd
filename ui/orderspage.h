#pragma once

#include "models/profile.h"

#include <QWidget>

class OrderListModel;
class OrderStore;
class Database;
class QComboBox;
class QDateEdit;
class QTabWidget;
class QTableWidget;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QTimer;

// The order list with its one search box and status filter, and the payload review beside it.
class OrdersPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersPage)

public:
    OrdersPage(OrderStore &store, const Profile &profile, QWidget *parent = nullptr);
    OrderListModel *model() const { return m_model; }
    QLineEdit *searchBox() const { return m_search; }
    QPlainTextEdit *reviewText() const { return m_review; }
    QTableWidget *fieldTable() const { return m_fields; }
    QPlainTextEdit *haierText() const { return m_haier; }
    QTabWidget *reviewTabs() const { return m_reviewTabs; }
    QComboBox *statusBox() const { return m_status; }
    QComboBox *pushStateBox() const { return m_pushState; }
    QDateEdit *fromDate() const { return m_from; }
    QDateEdit *toDate() const { return m_to; }
    // Gives the page the database for the pushed-order details (jobs, callbacks); optional.
    void setDatabase(Database *db) { m_db = db; showReview(); }
    QTableView *table() const { return m_table; }
    QStringList selectedOrderNumbers() const;
    void reload();
    void setProfile(const Profile &profile);
    // Finds one order (any status) and selects it.
    void showOrder(const QString &orderNumber);

signals:
    // Staff asked to push these orders (the window confirms and runs the push).
    void pushRequested(const QStringList &orderNumbers);
    void cancelRequested(const QStringList &orderNumbers, const QString &reason);
    // 改约: new delivery and installation days (China dates; sent as 23:59:59 of each).
    void rescheduleRequested(const QString &orderNumber, const QDate &distribution, const QDate &install);
    // Ask Haier's open platform whether it has the order's products in stock (nothing is sent).
    void stockCheckRequested(const QString &orderNumber);
    void photosRequested(const QString &orderNumber);
    // Store Haier's logistics numbers of these orders.
    void logisticsRequested(const QStringList &orderNumbers);
    // Availability and price of the order's lines at Haier's open platform.
    void linesRequested(const QString &orderNumber);
    // Push again with a new soId (the soId is dead at Haier: cancelled, or refused after accepting).
    void repushRequested(const QStringList &orderNumbers);
    // Undo "resolved" (the window asks for the note).
    void reopenRequested(const QStringList &orderNumbers);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter();
    void showReview();
    void showHaierSide(const struct Order &order);
    void refreshIfChanged();
    // Reads the rows again (`reset`: all of them, else only what changed), keeping the selection.
    void reread(bool reset);
    void showCount();

    OrderStore &m_store;
    Profile m_profile;
    OrderListModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_status;
    QComboBox *m_pushState;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QTabWidget *m_reviewTabs;
    QTableWidget *m_fields;
    QPlainTextEdit *m_haier;
    class QPushButton *m_cancel;
    class QPushButton *m_reschedule;
    class QPushButton *m_checkStock;
    class QPushButton *m_photos;
    class QPushButton *m_logistics;
    class QPushButton *m_lines;
    class QPushButton *m_repush;
    class QPushButton *m_reopen;
    Database *m_db = nullptr;
    QTableView *m_table;
    QPlainTextEdit *m_review;
    QLabel *m_reviewTitle;
    QLabel *m_count;
    QTimer *m_searchDelay;
    QTimer *m_refresh;
    QString m_stamp;
    bool m_firstPaintLogged = false;
};
