#pragma once

#include "models/callbacklogmodel.h"

#include <QWidget>

class Database;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

// Every callback Haier (or anyone else) sent, refused ones too, with filters, the selected callback's
// raw body, and CSV export of everything the filter matches.
class CallbacksPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallbacksPage)

public:
    explicit CallbacksPage(Database &db, QWidget *parent = nullptr);

    CallbackLogModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchBox() const { return m_search; }
    QComboBox *methodBox() const { return m_method; }
    QComboBox *validityBox() const { return m_validity; }
    QDateEdit *fromDate() const { return m_from; }
    QDateEdit *toDate() const { return m_to; }
    QPlainTextEdit *detailText() const { return m_detail; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *exportButton() const { return m_export; }
    // The filter the controls describe now (the search text even before its delay has passed).
    CallbackLogFilter currentFilter() const;

    // Lists every callback about one order: the other filters are cleared.
    void showOrder(const QString &orderNumber);
    // Writes every callback the current filter matches; false with *error a sentence for the operator.
    bool exportCsv(const QString &path, QString *error);

public slots:
    // Adds callbacks received since the last look at the top, keeping the selection and scroll.
    void refresh();

private:
    void applyFilter();
    void chooseExportFile();
    void showDetail();
    void showProblem(const QString &message);

    CallbackLogModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_method;
    QComboBox *m_validity;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QPushButton *m_export;
    QTableView *m_table;
    QLabel *m_status;
    QLabel *m_detailTitle;
    QPlainTextEdit *m_detail;
    QTimer *m_searchDelay;
};
