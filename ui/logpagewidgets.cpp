#include "ui/logpagewidgets.h"

#include <QCalendarWidget>
#include <QCoreApplication>
#include <QDateEdit>
#include <QDir>
#include <QFontDatabase>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTableView>

namespace LogPageWidgets {

namespace {
// The lowest date stands for "no bound" (QDateEdit shows specialValueText there).
const QDate anyDate(2000, 1, 1);
} // namespace

QDateEdit *makeDateEdit(QWidget *parent)
{
    auto *edit = new QDateEdit(parent);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    edit->setMinimumDate(anyDate);
    edit->setSpecialValueText(QCoreApplication::translate("LogPageWidgets", "Any date"));
    edit->setDate(anyDate);
    // The calendar opens on this month, not on the placeholder year.
    edit->calendarWidget()->setCurrentPage(QDate::currentDate().year(), QDate::currentDate().month());
    return edit;
}

QDate dateOf(const QDateEdit *edit)
{
    return edit->date() == edit->minimumDate() ? QDate() : edit->date();
}

void setAnyDate(QDateEdit *edit)
{
    edit->setDate(edit->minimumDate());
}

void setUpTable(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setStretchLastSection(true);
}

void setUpDetail(QPlainTextEdit *detail)
{
    detail->setReadOnly(true);
    detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

QString suggestedCsvPath(const QString &baseName)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QDir(folder).filePath(QStringLiteral("%1-%2.csv").arg(baseName, QDate::currentDate().toString(QStringLiteral("yyyyMMdd"))));
}

} // namespace LogPageWidgets
