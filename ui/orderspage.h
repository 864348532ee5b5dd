#pragma once

#include "models/profile.h"

#include <QWidget>

class OrderListModel;
class OrderStore;
class QComboBox;
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
    QTableView *table() const { return m_table; }
    QStringList selectedOrderNumbers() const;
    void reload();
    void setProfile(const Profile &profile);
    // Finds one order (any status) and selects it.
    void showOrder(const QString &orderNumber);

signals:
    // Staff asked to push these orders (the window confirms and runs the push).
    void pushRequested(const QStringList &orderNumbers);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter();
    void showReview();
    void refreshIfChanged();

    OrderStore &m_store;
    Profile m_profile;
    OrderListModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_status;
    QTableView *m_table;
    QPlainTextEdit *m_review;
    QLabel *m_reviewTitle;
    QTimer *m_searchDelay;
    QTimer *m_refresh;
    QString m_stamp;
    bool m_firstPaintLogged = false;
};
