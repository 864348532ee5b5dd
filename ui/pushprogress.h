#pragma once

#include "net/pushengine.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

// Progress of one push run: a bar with counts (sent, accepted, failed, refused) and Cancel.
class PushProgress final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushProgress)

public:
    explicit PushProgress(QWidget *parent = nullptr);
    void track(PushEngine *engine);
    QString summary() const;

    QPushButton *failuresButton() const { return m_showFailures; }

signals:
    void finished();
    void failuresWanted();

private:
    void update(int done, int total, const PushItemResult &latest);
    void showCounts();
    int m_done = 0;
    int m_total = 0;

    QProgressBar *m_bar;
    QLabel *m_label;
    QPushButton *m_cancel;
    QPushButton *m_showFailures;
    QSet<QString> m_retrying;
    int m_sent = 0;
    int m_accepted = 0;
    int m_failed = 0;
    int m_refused = 0;
};
