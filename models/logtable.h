#pragma once

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>

// One listed row of a log table: its id and the table's `fields`, in order (detail texts are read only
// for the row being looked at).
struct LogRow
{
    qint64 id = 0;
    QVariantList fields;

    QVariant value(int field) const { return fields.value(field); }
    QString text(int field) const { return fields.value(field).toString(); }
};

// What a log page lists.
struct LogFilter
{
    QString text;                    // contained in one of the table's search columns (any case)
    QMap<QString, QString> choices;  // choice filter key → chosen option value; absent or empty: any
    QDate from;                      // local calendar days, both inclusive; invalid: no bound
    QDate to;

    QString choice(const QString &key) const { return choices.value(key); }
};

struct LogColumn
{
    QString header;                                // translated
    std::function<QString(const LogRow &)> text;   // shown (control characters escaped) and exported as is
    std::function<QVariant(const LogRow &)> raw;   // the raw-value role (sorting); empty: text
    std::function<QString(const LogRow &)> toolTip; // empty: text
    bool alignRight = false;
};

// One option of a choice filter.
struct LogChoice
{
    QString value;  // what LogFilter::choices holds
    QString label;  // translated
    QString clause; // SQL; a '?' in it binds `value`. Empty: `column = ?`.
};

// A combo box of the page: fixed options, or the values stored in `column` (audit operators, profiles).
struct LogChoiceFilter
{
    QString key;       // "method", "validity", "operator", ...
    QString anyLabel;  // "All methods"
    QString column;    // SQL column compared by options without a clause, and read for distinct values
    bool distinct = false;
    QList<LogChoice> options;
};

// Everything that makes one log table a page: its SQL, columns, filters, detail pane, export and the
// sentences the page says. The one LogModel and the one LogPage take this; LogTables builds them.
struct LogTable
{
    QString name;        // "callbacks", "sync-log", "audit": object names and the suggested CSV file name
    QString table;       // the base table (its `id` column is the key): "console_callbacks"
    QString from;        // FROM clause, joins included: "console_callbacks c LEFT JOIN orders_order o ..."
    QString idColumn;    // "c.id"
    QString timeColumn;  // epoch ms, filtered by the date range
    QStringList fields;  // selected after the id
    QStringList searchColumns;
    QList<LogChoiceFilter> choices;
    QList<LogColumn> columns;
    QStringList extraExportHeaders; // after the columns
    std::function<QStringList(const LogRow &)> extraExportFields;

    // The detail pane: `detailColumns` of `table` for one id, formatted by `detailText`.
    QStringList detailColumns;
    std::function<QString(const LogRow &, const QStringList &details)> detailText;
    std::function<QString(const LogRow &)> detailTitle;

    // An action on the selected row (the callbacks' Replay); no button when `label` is empty.
    struct RowAction
    {
        QString label;          // translated, with its mnemonic
        QString toolTip;
        std::function<bool(const LogRow &)> applies; // the button is enabled for these rows
    } rowAction;

    // A count that rises after its row was stored (repeats of a callback), re-read for the newest rows.
    QString liveCountColumn;
    int liveCountField = -1;
    int liveCountDisplayColumn = -1;

    struct Texts
    {
        QString searchPlaceholder;
        QString fromTip;
        QString toTip;
        QString anyDateTip;
        QString exportTip;
        QString exportTitle;
        QString saved;        // %1: the file
        QString readFailed;   // %1: the database's error
        QString rowGone;      // the selected row is no longer stored
        QString selectPrompt; // nothing selected
        QString unreadable;   // %1: why the selected row could not be read
    } texts;
};
