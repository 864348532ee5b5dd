#include "ui/synclogpage.h"

#include "ui/logpagewidgets.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

SyncLogPage::SyncLogPage(Database &db, QWidget *parent)
    : QWidget(parent)
    , m_model(new SyncLogModel(db, this))
    , m_search(new QLineEdit(this))
    , m_operation(new QComboBox(this))
    , m_result(new QComboBox(this))
    , m_from(LogPageWidgets::makeDateEdit(this))
    , m_to(LogPageWidgets::makeDateEdit(this))
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_detailTitle(new QLabel(this))
    , m_detail(new QPlainTextEdit(this))
    , m_searchDelay(new QTimer(this))
{
    m_search->setPlaceholderText(tr("Order number or words in the message"));
    m_search->setClearButtonEnabled(true);
    // Names for screen readers: the filter bar has no labels to lend them.
    m_search->setAccessibleName(tr("Search the sync log"));
    m_operation->setAccessibleName(tr("Operation"));
    m_result->setAccessibleName(tr("Result"));
    m_from->setAccessibleName(tr("Called from"));
    m_to->setAccessibleName(tr("Called until"));
    m_table->setAccessibleName(tr("API calls"));
    m_detail->setAccessibleName(tr("Call details"));
    m_operation->addItem(tr("All operations"), QString());
    const QStringList operations = SyncLogModel::knownOperations();
    for (const QString &operation : operations)
        m_operation->addItem(operation, operation);
    m_result->addItem(tr("All results"), int(SyncLogFilter::Result::All));
    m_result->addItem(tr("OK only"), int(SyncLogFilter::Result::OkOnly));
    m_result->addItem(tr("Errors only"), int(SyncLogFilter::Result::ErrorsOnly));
    m_from->setToolTip(tr("Calls on or after this day"));
    m_to->setToolTip(tr("Calls on or before this day"));
    auto *anyDate = new QToolButton(this);
    anyDate->setText(tr("Any date"));
    anyDate->setToolTip(tr("Show calls of every day"));
    m_export->setToolTip(tr("Save every call the filter matches as a CSV file"));

    LogPageWidgets::setUpTable(m_table);
    m_table->setModel(m_model);
    LogPageWidgets::setUpDetail(m_detail);
    m_status->setWordWrap(true);
    m_status->hide();

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_operation);
    filters->addWidget(m_result);
    filters->addWidget(new QLabel(tr("From"), this));
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(tr("to"), this));
    filters->addWidget(m_to);
    filters->addWidget(anyDate);
    filters->addWidget(m_export);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_detailTitle);
    rightLayout->addWidget(m_detail);
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
    connect(m_searchDelay, &QTimer::timeout, this, &SyncLogPage::applyFilter);
    connect(m_operation, &QComboBox::currentIndexChanged, this, &SyncLogPage::applyFilter);
    connect(m_result, &QComboBox::currentIndexChanged, this, &SyncLogPage::applyFilter);
    connect(m_from, &QDateEdit::dateChanged, this, &SyncLogPage::applyFilter);
    connect(m_to, &QDateEdit::dateChanged, this, &SyncLogPage::applyFilter);
    connect(anyDate, &QToolButton::clicked, this, [this] {
        {
            const QSignalBlocker blockFrom(m_from);
            const QSignalBlocker blockTo(m_to);
            LogPageWidgets::setAnyDate(m_from);
            LogPageWidgets::setAnyDate(m_to);
        }
        applyFilter();
    });
    connect(m_export, &QPushButton::clicked, this, &SyncLogPage::chooseExportFile);
    connect(m_model, &SyncLogModel::loadFailed, this, &SyncLogPage::showProblem);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SyncLogPage::showDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SyncLogPage::showDetail);
    applyFilter();
    m_table->resizeColumnsToContents();
}

SyncLogFilter SyncLogPage::currentFilter() const
{
    SyncLogFilter f;
    f.text = m_search->text().trimmed();
    f.operation = m_operation->currentData().toString();
    f.result = SyncLogFilter::Result(m_result->currentData().toInt());
    f.from = LogPageWidgets::dateOf(m_from);
    f.to = LogPageWidgets::dateOf(m_to);
    return f;
}

void SyncLogPage::applyFilter()
{
    m_searchDelay->stop();
    m_status->hide();
    m_model->setFilter(currentFilter());
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
}

void SyncLogPage::refresh()
{
    m_model->refreshNewRows();
}

void SyncLogPage::showOrder(const QString &orderNumber)
{
    {
        const QSignalBlocker blockSearch(m_search);
        const QSignalBlocker blockOperation(m_operation);
        const QSignalBlocker blockResult(m_result);
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        m_search->setText(orderNumber);
        m_operation->setCurrentIndex(0);
        m_result->setCurrentIndex(0);
        LogPageWidgets::setAnyDate(m_from);
        LogPageWidgets::setAnyDate(m_to);
    }
    applyFilter();
}

bool SyncLogPage::exportCsv(const QString &path, QString *error)
{
    return m_model->exportCsv(path, error);
}

void SyncLogPage::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the sync log"), LogPageWidgets::suggestedCsvPath(QStringLiteral("sync-log")),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    m_status->setText(tr("The sync log was saved to %1.").arg(QDir::toNativeSeparators(path)));
    m_status->show();
}

void SyncLogPage::showDetail()
{
    const int row = m_table->currentIndex().row();
    const SyncLogRow *r = m_model->rowAt(row);
    if (!r) {
        m_detailTitle->setText(tr("Select a call to see what was sent and answered."));
        m_detail->clear();
        return;
    }
    QString error;
    const std::optional<SyncLogBodies> bodies = m_model->bodies(row, &error);
    if (!bodies) {
        m_detailTitle->setText(tr("This call could not be read: %1").arg(error));
        m_detail->clear();
        return;
    }
    m_detailTitle->setText(tr("%1 at %2 (secrets removed):").arg(r->operation, m_model->displayText(*r, SyncLogModel::At)));
    const QString none = tr("(nothing)");
    m_detail->setPlainText(tr("Request:") + QLatin1Char('\n') + (bodies->request.isEmpty() ? none : bodies->request)
                           + QStringLiteral("\n\n") + tr("Answer:") + QLatin1Char('\n')
                           + (bodies->response.isEmpty() ? none : bodies->response));
}

void SyncLogPage::showProblem(const QString &message)
{
    m_status->setText(message);
    m_status->show();
}
