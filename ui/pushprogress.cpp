#include "ui/pushprogress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

PushProgress::PushProgress(QWidget *parent)
    : QWidget(parent), m_bar(new QProgressBar(this)), m_label(new QLabel(this)), m_cancel(new QPushButton(tr("Cancel"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setMaximumWidth(240);
    hide();
}

void PushProgress::track(PushEngine *engine)
{
    m_accepted = m_failed = m_refused = 0;
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
    connect(engine, &PushEngine::finished, this, [this] {
        m_cancel->setEnabled(false);
        m_label->setText(summary());
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
    m_bar->setRange(0, total);
    m_bar->setValue(done);
    m_label->setText(tr("%1 of %2 — accepted %3, failed %4, refused %5").arg(done).arg(total).arg(m_accepted).arg(m_failed).arg(m_refused));
}

QString PushProgress::summary() const
{
    return tr("Done: accepted %1, failed %2, refused %3").arg(m_accepted).arg(m_failed).arg(m_refused);
}
