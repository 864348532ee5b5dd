#pragma once

#include "models/jobstore.h"

#include <QAbstractTableModel>

// The failures page's data: failed and rejected push jobs (and those Haier refused or ran out of
// stock for after accepting), grouped by result kind and message, each job with its attempts.
struct FailureGroup
{
    QString kind;
    QString message;
    int count = 0;
    bool all = false; // the row standing for every failure the filter shows
    bool overdue = false; // the row standing for accepted orders Haier has not confirmed in time
};

class FailureData final
{
public:
    static QStringList problemStates(); // failed, rejected, out_of_stock
    // At most `limit` jobs (the newest changes); *truncated when there were more.
    static QList<PushJobRecord> load(JobStore &jobs, const QString &profile, const QString &search, int limit, bool *truncated,
                                     QString *error);
    // Groups by (kind, message), the largest first; ties by kind then message.
    static QList<FailureGroup> group(const QList<PushJobRecord> &jobs);
};

class FailureGroupModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Count, Kind, Message, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setGroups(const QList<FailureGroup> &groups);
    const FailureGroup *groupAt(int row) const;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<FailureGroup> m_groups;
};

class FailedJobModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { OrderNumber, SoId, State, Kind, Message, Attempts, Updated, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setJobs(const QList<PushJobRecord> &jobs);
    const PushJobRecord *jobAt(int row) const;
    const QList<PushJobRecord> &jobs() const { return m_jobs; }
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<PushJobRecord> m_jobs;
};

class AttemptModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    // Push: which push of the job the attempt belongs to (a staff retry or a new soId starts the next).
    enum Column { Number, Push, Started, HttpStatus, Latency, Kind, Message, Operator, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setAttempts(const QList<PushAttemptRecord> &attempts);
    const PushAttemptRecord *attemptAt(int row) const;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<PushAttemptRecord> m_attempts;
};

// Human words for job states and result kinds, shared by the pages.
QString jobStateLabel(const QString &state);
QString resultKindLabel(const QString &kind);
