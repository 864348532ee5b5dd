#pragma once

#include "models/synclogmodel.h"

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

// Every call to YLH and the open platform, with filters, the selected call's request and answer, and
// CSV export of everything the filter matches.
class SyncLogPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncLogPage)

public:
    explicit SyncLogPage(Database &db, QWidget *parent = nullptr);

    SyncLogModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchBox() const { return m_search; }
    QComboBox *operationBox() const { return m_operation; }
    QComboBox *resultBox() const { return m_result; }
    QDateEdit *fromDate() const { return m_from; }
    QDateEdit *toDate() const { return m_to; }
    QPlainTextEdit *detailText() const { return m_detail; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *exportButton() const { return m_export; }
    // The filter the controls describe now (the search text even before its delay has passed).
    SyncLogFilter currentFilter() const;

    // Lists every call about one order: the other filters are cleared.
    void showOrder(const QString &orderNumber);
    // Writes every call the current filter matches; false with *error a sentence for the operator.
    bool exportCsv(const QString &path, QString *error);

public slots:
    // Adds calls logged since the last look at the top, keeping the selection and scroll.
    void refresh();

private:
    void applyFilter();
    void chooseExportFile();
    void showDetail();
    void showProblem(const QString &message);

    SyncLogModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_operation;
    QComboBox *m_result;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QPushButton *m_export;
    QTableView *m_table;
    QLabel *m_status;
    QLabel *m_detailTitle;
    QPlainTextEdit *m_detail;
    QTimer *m_searchDelay;
};
