#pragma once

#include "models/logmodel.h"

#include <QHash>
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

// One log table (callbacks, sync log, audit log: see LogTables) with a search box, its choice filters,
// a date range, the selected row's details and CSV export of everything the filter matches. Everything
// shown that came from outside is shown as plain text with its control characters escaped.
class LogPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPage)

public:
    LogPage(Database &db, LogTable table, QWidget *parent = nullptr);

    LogModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchBox() const { return m_search; }
    // The combo box of a choice filter ("method", "validity", "operation", "result", "operator", ...).
    QComboBox *choiceBox(const QString &key) const { return m_choices.value(key); }
    QDateEdit *fromDate() const { return m_from; }
    QDateEdit *toDate() const { return m_to; }
    QLabel *detailTitle() const { return m_detailTitle; }
    QPlainTextEdit *detailText() const { return m_detail; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *exportButton() const { return m_export; }
    // The table's row action (the callbacks' Replay), or null.
    QPushButton *rowActionButton() const { return m_rowAction; }
    // The filter the controls describe now (the search text even before its delay has passed).
    LogFilter currentFilter() const;

    // Lists every row about one order: the other filters are cleared.
    void showOrder(const QString &orderNumber);
    // Writes every row the current filter matches; false with *error a sentence for the operator.
    bool exportCsv(const QString &path, QString *error);

public slots:
    // Adds rows stored since the last look at the top, keeping the selection and scroll.
    void refresh();
    // Reads the whole list again (a row already shown changed), keeping the selected row.
    void reload();

signals:
    // The row action was asked for on the row with this id.
    void rowActionRequested(qint64 id);

private:
    void applyFilter();
    void chooseExportFile();
    void showDetail();
    void updateRowAction();
    void showProblem(const QString &message);
    // Re-reads the stored values of the distinct-valued filters, keeping what is chosen.
    void fillDistinctChoices();

    LogModel *m_model;
    QLineEdit *m_search;
    QHash<QString, QComboBox *> m_choices;
    QList<QComboBox *> m_choiceOrder;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QPushButton *m_export;
    QPushButton *m_rowAction = nullptr;
    QTableView *m_table;
    QLabel *m_status;
    QLabel *m_detailTitle;
    QPlainTextEdit *m_detail;
    QTimer *m_searchDelay;
    qint64 m_choicesSeenUpTo = -1; // the model's high water when the distinct choices were last read
};
