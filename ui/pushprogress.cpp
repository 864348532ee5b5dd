#include "ui/pushprogress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

PushProgress::PushProgress(QWidget *parent)
    : QWidget(parent)
    , m_bar(new QProgressBar(this))
    , m_label(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_showFailures(new QPushButton(tr("Show failures"), this))
{
    m_showFailures->hide();
    connect(m_showFailures, &QPushButton::clicked, this, &PushProgress::failuresWanted);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    layout->addWidget(m_showFailures);
    m_bar->setMaximumWidth(240);
    hide();
}

void PushProgress::track(PushEngine *engine)
{
    m_accepted = m_failed = m_refused = m_sent = m_done = m_total = 0;
    m_retrying.clear();
    m_showFailures->hide();
    m_bar->setRange(0, 0);
    m_label->setText(tr("Pushing…"));
    m_cancel->setEnabled(true);
    show();
    connect(m_cancel, &QPushButton::clicked, engine, [this, engine] {
        m_cancel->setEnabled(false);
        m_label->setText(tr("Cancelling: requests on the wire finish first…"));
        engine->cancel();
    });
    connect(engine, &PushEngine::progress, this, &PushProgress::update);
    connect(engine, &PushEngine::attemptStarted, this, [this](const QString &number) {
        ++m_sent;
        m_retrying.remove(number);
        showCounts();
    });
    connect(engine, &PushEngine::retryScheduled, this, [this](const QString &number) {
        m_retrying.insert(number);
        showCounts();
    });
    connect(engine, &PushEngine::finished, this, [this] {
        m_cancel->setEnabled(false);
        m_retrying.clear();
        m_label->setText(summary());
        m_showFailures->setVisible(m_failed + m_refused > 0);
        emit finished();
    });
}

void PushProgress::update(int done, int total, const PushItemResult &latest)
{
    switch (latest.bucket) {
    case PushItemResult::Bucket::Accepted: ++m_accepted; break;
    case PushItemResult::Bucket::Failed: ++m_failed; break;
    case PushItemResult::Bucket::Refused: ++m_refused; break;
    }
    m_retrying.remove(latest.orderNumber);
    m_done = done;
    m_total = total;
    m_bar->setRange(0, total);
    m_bar->setValue(done);
    showCounts();
}

void PushProgress::showCounts()
{
    m_label->setText(tr("%1 of %2 — sent %3, accepted %4, failed %5, refused %6, retrying %7")
                         .arg(m_done).arg(m_total).arg(m_sent).arg(m_accepted).arg(m_failed).arg(m_refused).arg(m_retrying.size()));
}

QString PushProgress::summary() const
{
    return tr("Done: accepted %1, failed %2, refused %3").arg(m_accepted).arg(m_failed).arg(m_refused);
}
