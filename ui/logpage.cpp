#include "ui/logpage.h"

#include "models/escaping.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

// The lowest date stands for "no bound" (QDateEdit shows specialValueText there).
const QDate anyDate(2000, 1, 1);

// A date box whose lowest value reads "Any date" (no bound); it opens a calendar.
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

// The chosen day, or an invalid date for "Any date".
QDate dateOf(const QDateEdit *edit)
{
    return edit->date() == edit->minimumDate() ? QDate() : edit->date();
}

void setAnyDate(QDateEdit *edit)
{
    edit->setDate(edit->minimumDate());
}

// Where the save dialog starts: the documents folder and a name with today's date.
QString suggestedCsvPath(const QString &baseName)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QDir(folder).filePath(QStringLiteral("%1-%2.csv").arg(baseName, QDate::currentDate().toString(QStringLiteral("yyyyMMdd"))));
}

QLabel *plainLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // never rich text: what it shows may come from anyone
    return label;
}

} // namespace

LogPage::LogPage(Database &db, LogTable table, QWidget *parent)
    : QWidget(parent)
    , m_model(new LogModel(db, std::move(table), this))
    , m_search(new QLineEdit(this))
    , m_from(makeDateEdit(this))
    , m_to(makeDateEdit(this))
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_table(new QTableView(this))
    , m_status(plainLabel(this))
    , m_detailTitle(plainLabel(this))
    , m_detail(new QPlainTextEdit(this))
    , m_searchDelay(new QTimer(this))
{
    const LogTable &spec = m_model->table();
    setObjectName(spec.name + QStringLiteral("Page"));
    m_search->setPlaceholderText(spec.texts.searchPlaceholder);
    m_search->setClearButtonEnabled(true);
    for (const LogChoiceFilter &choice : spec.choices) {
        auto *box = new QComboBox(this);
        box->setObjectName(choice.key + QStringLiteral("Filter"));
        box->addItem(choice.anyLabel, QString());
        for (const LogChoice &option : choice.options)
            box->addItem(option.label, option.value);
        if (choice.distinct)
            box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        m_choices.insert(choice.key, box);
        m_choiceOrder << box;
    }
    fillDistinctChoices();
    m_from->setToolTip(spec.texts.fromTip);
    m_to->setToolTip(spec.texts.toTip);
    // Names for screen readers: the filter bar lends its placeholder, choices and tips.
    m_search->setAccessibleName(spec.texts.searchPlaceholder);
    for (qsizetype i = 0; i < m_choiceOrder.size() && i < spec.choices.size(); ++i)
        m_choiceOrder[i]->setAccessibleName(spec.choices[i].anyLabel);
    m_from->setAccessibleName(spec.texts.fromTip);
    m_to->setAccessibleName(spec.texts.toTip);
    m_table->setAccessibleName(tr("Entries"));
    m_detail->setAccessibleName(tr("Details of the selected entry"));
    auto *anyDateButton = new QToolButton(this);
    anyDateButton->setText(tr("Any date"));
    anyDateButton->setToolTip(spec.texts.anyDateTip);
    m_export->setToolTip(spec.texts.exportTip);

    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setModel(m_model);
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_status->setWordWrap(true);
    m_status->hide();
    m_detailTitle->setWordWrap(true);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    for (QComboBox *box : std::as_const(m_choiceOrder))
        filters->addWidget(box);
    filters->addWidget(new QLabel(tr("From"), this));
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(tr("to"), this));
    filters->addWidget(m_to);
    filters->addWidget(anyDateButton);
    filters->addWidget(m_export);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_detailTitle);
    rightLayout->addWidget(m_detail);
    if (!spec.rowAction.label.isEmpty()) {
        m_rowAction = new QPushButton(spec.rowAction.label, this);
        m_rowAction->setObjectName(spec.name + QStringLiteral("RowAction"));
        m_rowAction->setToolTip(spec.rowAction.toolTip);
        m_rowAction->setEnabled(false);
        auto *actionBar = new QHBoxLayout;
        actionBar->addStretch(1);
        actionBar->addWidget(m_rowAction);
        rightLayout->addLayout(actionBar);
        connect(m_rowAction, &QPushButton::clicked, this, [this] {
            if (const LogRow *r = m_model->rowAt(m_table->currentIndex().row()))
                emit rowActionRequested(r->id);
        });
    }
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);

    // Typing waits a moment so each keystroke does not hit the database.
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &LogPage::applyFilter);
    for (QComboBox *box : std::as_const(m_choiceOrder))
        connect(box, &QComboBox::currentIndexChanged, this, &LogPage::applyFilter);
    connect(m_from, &QDateEdit::dateChanged, this, &LogPage::applyFilter);
    connect(m_to, &QDateEdit::dateChanged, this, &LogPage::applyFilter);
    connect(anyDateButton, &QToolButton::clicked, this, [this] {
        {
            const QSignalBlocker blockFrom(m_from);
            const QSignalBlocker blockTo(m_to);
            setAnyDate(m_from);
            setAnyDate(m_to);
        }
        applyFilter();
    });
    connect(m_export, &QPushButton::clicked, this, &LogPage::chooseExportFile);
    connect(m_model, &LogModel::loadFailed, this, &LogPage::showProblem);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &LogPage::showDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LogPage::showDetail);
    applyFilter();
    m_table->resizeColumnsToContents();
}

LogFilter LogPage::currentFilter() const
{
    LogFilter f;
    f.text = m_search->text().trimmed();
    for (auto it = m_choices.cbegin(); it != m_choices.cend(); ++it) {
        const QString value = it.value()->currentData().toString();
        if (!value.isEmpty())
            f.choices.insert(it.key(), value);
    }
    f.from = dateOf(m_from);
    f.to = dateOf(m_to);
    return f;
}

void LogPage::applyFilter()
{
    m_searchDelay->stop();
    m_status->hide();
    m_model->setFilter(currentFilter());
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
}

void LogPage::refresh()
{
    m_model->refreshNewRows();
    if (m_model->highWater() != m_choicesSeenUpTo)
        fillDistinctChoices();
}

void LogPage::fillDistinctChoices()
{
    m_choicesSeenUpTo = m_model->highWater();
    for (const LogChoiceFilter &choice : m_model->table().choices) {
        if (!choice.distinct)
            continue;
        QComboBox *box = m_choices.value(choice.key);
        QString error;
        const QStringList values = m_model->distinctValues(choice.key, &error);
        if (!error.isEmpty())
            continue; // the list itself reports read problems
        QStringList shown;
        for (int i = 1; i < box->count(); ++i)
            shown << box->itemData(i).toString();
        if (shown == values)
            continue;
        const QString chosen = box->currentData().toString();
        const QSignalBlocker block(box);
        while (box->count() > 1)
            box->removeItem(1);
        for (const QString &value : values)
            box->addItem(Escaping::controls(value), value);
        // A choice no longer stored stays chosen until changed: the list must not jump under the reader.
        if (!chosen.isEmpty() && box->findData(chosen) < 0)
            box->addItem(Escaping::controls(chosen), chosen);
        box->setCurrentIndex(qMax(0, box->findData(chosen)));
    }
}

void LogPage::showOrder(const QString &orderNumber)
{
    {
        const QSignalBlocker blockSearch(m_search);
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        m_search->setText(orderNumber);
        for (QComboBox *box : std::as_const(m_choiceOrder)) {
            const QSignalBlocker blockBox(box);
            box->setCurrentIndex(0);
        }
        setAnyDate(m_from);
        setAnyDate(m_to);
    }
    applyFilter();
}

bool LogPage::exportCsv(const QString &path, QString *error)
{
    return m_model->exportCsv(path, error);
}

void LogPage::chooseExportFile()
{
    const LogTable &spec = m_model->table();
    const QString path = QFileDialog::getSaveFileName(this, spec.texts.exportTitle, suggestedCsvPath(spec.name), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error)) {
        QMessageBox box(QMessageBox::Warning, tr("Export failed"), error, QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
        return;
    }
    m_status->setText(spec.texts.saved.arg(QDir::toNativeSeparators(path)));
    m_status->show();
}

void LogPage::reload()
{
    const LogRow *current = m_model->rowAt(m_table->currentIndex().row());
    const qint64 keep = current ? current->id : 0;
    m_model->reload();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->rowAt(row)->id == keep)
            return m_table->selectRow(row);
    }
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
}

void LogPage::updateRowAction()
{
    if (!m_rowAction)
        return;
    const LogRow *r = m_model->rowAt(m_table->currentIndex().row());
    const auto &applies = m_model->table().rowAction.applies;
    m_rowAction->setEnabled(r && (!applies || applies(*r)));
}

void LogPage::showDetail()
{
    updateRowAction();
    const LogTable &spec = m_model->table();
    const int row = m_table->currentIndex().row();
    const LogRow *r = m_model->rowAt(row);
    if (!r) {
        m_detailTitle->setText(spec.texts.selectPrompt);
        m_detail->clear();
        return;
    }
    QString error;
    const std::optional<QStringList> details = m_model->details(row, &error);
    if (!details) {
        m_detailTitle->setText(Escaping::controls(spec.texts.unreadable.arg(error)));
        m_detail->clear();
        return;
    }
    m_detailTitle->setText(Escaping::controls(spec.detailTitle(*r)));
    m_detail->setPlainText(Escaping::controls(spec.detailText(*r, *details), Escaping::Lines::Keep));
}

void LogPage::showProblem(const QString &message)
{
    m_status->setText(Escaping::controls(message));
    m_status->show();
}
