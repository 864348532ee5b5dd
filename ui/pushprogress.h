#pragma once

#include "net/pushengine.h"

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

signals:
    void finished();

private:
    void update(int done, int total, const PushItemResult &latest);

    QProgressBar *m_bar;
    QLabel *m_label;
    QPushButton *m_cancel;
    int m_accepted = 0;
    int m_failed = 0;
    int m_refused = 0;
};
