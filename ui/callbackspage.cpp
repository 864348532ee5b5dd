#include "ui/callbackspage.h"

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

CallbacksPage::CallbacksPage(Database &db, QWidget *parent)
    : QWidget(parent)
    , m_model(new CallbackLogModel(db, this))
    , m_search(new QLineEdit(this))
    , m_method(new QComboBox(this))
    , m_validity(new QComboBox(this))
    , m_from(LogPageWidgets::makeDateEdit(this))
    , m_to(LogPageWidgets::makeDateEdit(this))
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_detailTitle(new QLabel(this))
    , m_detail(new QPlainTextEdit(this))
    , m_searchDelay(new QTimer(this))
{
    m_search->setPlaceholderText(tr("Order number, PlatformOrderNo or Haier order number"));
    m_search->setClearButtonEnabled(true);
    // Names for screen readers: the filter bar has no labels to lend them.
    m_search->setAccessibleName(tr("Search callbacks"));
    m_from->setAccessibleName(tr("Received from"));
    m_to->setAccessibleName(tr("Received until"));
    m_table->setAccessibleName(tr("Callbacks"));
    m_method->setAccessibleName(tr("Callback method"));
    m_validity->setAccessibleName(tr("Valid or refused"));
    m_detail->setAccessibleName(tr("Callback details"));
    m_method->addItem(tr("All methods"), QString());
    for (const char *method : {"hmm.scm_heorder.confirm", "hmm.scm_heorder.cancel", "hmm.scm_heorder.oostock"}) {
        const QString name = QString::fromLatin1(method);
        m_method->addItem(CallbackLogModel::methodLabel(name), name);
    }
    m_validity->addItem(tr("Valid and refused"), int(CallbackLogFilter::Validity::All));
    m_validity->addItem(tr("Valid only"), int(CallbackLogFilter::Validity::ValidOnly));
    m_validity->addItem(tr("Refused only"), int(CallbackLogFilter::Validity::RefusedOnly));
    m_from->setToolTip(tr("Received on or after this day"));
    m_to->setToolTip(tr("Received on or before this day"));
    auto *anyDate = new QToolButton(this);
    anyDate->setText(tr("Any date"));
    anyDate->setToolTip(tr("Show callbacks of every day"));
    m_export->setToolTip(tr("Save every callback the filter matches as a CSV file"));

    LogPageWidgets::setUpTable(m_table);
    m_table->setModel(m_model);
    LogPageWidgets::setUpDetail(m_detail);
    m_status->setWordWrap(true);
    m_status->hide();

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_method);
    filters->addWidget(m_validity);
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
    connect(m_searchDelay, &QTimer::timeout, this, &CallbacksPage::applyFilter);
    connect(m_method, &QComboBox::currentIndexChanged, this, &CallbacksPage::applyFilter);
    connect(m_validity, &QComboBox::currentIndexChanged, this, &CallbacksPage::applyFilter);
    connect(m_from, &QDateEdit::dateChanged, this, &CallbacksPage::applyFilter);
    connect(m_to, &QDateEdit::dateChanged, this, &CallbacksPage::applyFilter);
    connect(anyDate, &QToolButton::clicked, this, [this] {
        {
            const QSignalBlocker blockFrom(m_from);
            const QSignalBlocker blockTo(m_to);
            LogPageWidgets::setAnyDate(m_from);
            LogPageWidgets::setAnyDate(m_to);
        }
        applyFilter();
    });
    connect(m_export, &QPushButton::clicked, this, &CallbacksPage::chooseExportFile);
    connect(m_model, &CallbackLogModel::loadFailed, this, &CallbacksPage::showProblem);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CallbacksPage::showDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CallbacksPage::showDetail);
    applyFilter();
    m_table->resizeColumnsToContents();
}

CallbackLogFilter CallbacksPage::currentFilter() const
{
    CallbackLogFilter f;
    f.text = m_search->text().trimmed();
    f.method = m_method->currentData().toString();
    f.validity = CallbackLogFilter::Validity(m_validity->currentData().toInt());
    f.from = LogPageWidgets::dateOf(m_from);
    f.to = LogPageWidgets::dateOf(m_to);
    return f;
}

void CallbacksPage::applyFilter()
{
    m_searchDelay->stop();
    m_status->hide();
    m_model->setFilter(currentFilter());
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
}

void CallbacksPage::refresh()
{
    m_model->refreshNewRows();
}

void CallbacksPage::showOrder(const QString &orderNumber)
{
    {
        const QSignalBlocker blockSearch(m_search);
        const QSignalBlocker blockMethod(m_method);
        const QSignalBlocker blockValidity(m_validity);
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        m_search->setText(orderNumber);
        m_method->setCurrentIndex(0);
        m_validity->setCurrentIndex(0);
        LogPageWidgets::setAnyDate(m_from);
        LogPageWidgets::setAnyDate(m_to);
    }
    applyFilter();
}

bool CallbacksPage::exportCsv(const QString &path, QString *error)
{
    return m_model->exportCsv(path, error);
}

void CallbacksPage::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export callbacks"), LogPageWidgets::suggestedCsvPath(QStringLiteral("callbacks")),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    m_status->setText(tr("The callbacks were saved to %1.").arg(QDir::toNativeSeparators(path)));
    m_status->show();
}

void CallbacksPage::showDetail()
{
    const int row = m_table->currentIndex().row();
    const CallbackLogRow *r = m_model->rowAt(row);
    if (!r) {
        m_detailTitle->setText(tr("Select a callback to see what was received."));
        m_detail->clear();
        return;
    }
    QString error;
    const std::optional<CallbackBodies> bodies = m_model->bodies(row, &error);
    if (!bodies) {
        m_detailTitle->setText(tr("This callback could not be read: %1").arg(error));
        m_detail->clear();
        return;
    }
    m_detailTitle->setText(tr("%1 for %2, received %3 (secrets removed):")
                               .arg(CallbackLogModel::methodLabel(r->method), r->shownOrderNumber(),
                                    m_model->displayText(*r, CallbackLogModel::ReceivedAt)));
    // The body is form-encoded; Data is shown again as received so Chinese text can be read.
    QString text = bodies->rawBody.isEmpty() ? tr("(no body was stored)") : bodies->rawBody;
    if (!bodies->data.isEmpty())
        text += QStringLiteral("\n\n") + tr("Data:") + QLatin1Char('\n') + bodies->data;
    m_detail->setPlainText(text);
}

void CallbacksPage::showProblem(const QString &message)
{
    m_status->setText(message);
    m_status->show();
}
