#pragma once

#include <QDate>
#include <QString>

class QDateEdit;
class QPlainTextEdit;
class QTableView;
class QWidget;

// Pieces the callbacks and sync log pages share.
namespace LogPageWidgets {

// A date box whose lowest value reads "Any date" (no bound); it opens a calendar.
QDateEdit *makeDateEdit(QWidget *parent);
// The chosen day, or an invalid date for "Any date".
QDate dateOf(const QDateEdit *edit);
void setAnyDate(QDateEdit *edit);
void setUpTable(QTableView *table);
void setUpDetail(QPlainTextEdit *detail);
// Where the save dialog starts: the documents folder and a name with today's date.
QString suggestedCsvPath(const QString &baseName);

} // namespace LogPageWidgets
