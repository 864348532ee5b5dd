#include "models/failuremodels.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

#include <algorithm>

QStringList FailureData::problemStates()
{
    return {jobStateName(JobState::Failed), jobStateName(JobState::Rejected), jobStateName(JobState::OutOfStock)};
}

QList<PushJobRecord> FailureData::load(JobStore &jobs, const QString &profile, const QString &search, int limit, bool *truncated,
                                       QString *error)
{
    QList<PushJobRecord> rows = jobs.listInStates(profile, problemStates(), search, limit + 1, error);
    if (truncated)
        *truncated = rows.size() > limit;
    if (rows.size() > limit)
        rows.resize(limit);
    return rows;
}

QList<FailureGroup> FailureData::group(const QList<PushJobRecord> &jobs)
{
    QHash<QPair<QString, QString>, int> index;
    QList<FailureGroup> groups;
    for (const PushJobRecord &job : jobs) {
        const QPair<QString, QString> key{job.lastKind, job.lastMessage};
        auto it = index.find(key);
        if (it == index.end()) {
            index.insert(key, int(groups.size()));
            groups.append({job.lastKind, job.lastMessage, 1});
        } else {
            ++groups[*it].count;
        }
    }
    std::stable_sort(groups.begin(), groups.end(), [](const FailureGroup &a, const FailureGroup &b) {
        if (a.count != b.count)
            return a.count > b.count;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        return a.message < b.message;
    });
    return groups;
}

QString jobStateLabel(const QString &state)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("queued"), QT_TRANSLATE_NOOP("JobState", "queued")},
        {QStringLiteral("sending"), QT_TRANSLATE_NOOP("JobState", "sending")},
        {QStringLiteral("backoff"), QT_TRANSLATE_NOOP("JobState", "waiting to retry")},
        {QStringLiteral("accepted"), QT_TRANSLATE_NOOP("JobState", "accepted")},
        {QStringLiteral("confirmed"), QT_TRANSLATE_NOOP("JobState", "confirmed")},
        {QStringLiteral("rejected"), QT_TRANSLATE_NOOP("JobState", "rejected")},
        {QStringLiteral("out_of_stock"), QT_TRANSLATE_NOOP("JobState", "out of stock")},
        {QStringLiteral("cancel_requested"), QT_TRANSLATE_NOOP("JobState", "cancel requested")},
        {QStringLiteral("cancelled"), QT_TRANSLATE_NOOP("JobState", "cancelled")},
        {QStringLiteral("partially_cancelled"), QT_TRANSLATE_NOOP("JobState", "partially cancelled")},
        {QStringLiteral("failed"), QT_TRANSLATE_NOOP("JobState", "failed")},
        {QStringLiteral("resolved"), QT_TRANSLATE_NOOP("JobState", "resolved")},
    };
    const char *label = labels.value(state);
    return label ? QCoreApplication::translate("JobState", label) : state;
}

QString resultKindLabel(const QString &kind)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("ok"), QT_TRANSLATE_NOOP("ResultKind", "ok")},
        {QStringLiteral("duplicate"), QT_TRANSLATE_NOOP("ResultKind", "duplicate soId")},
        {QStringLiteral("business_rejection"), QT_TRANSLATE_NOOP("ResultKind", "refused by Haier")},
        {QStringLiteral("timeout"), QT_TRANSLATE_NOOP("ResultKind", "timeout")},
        {QStringLiteral("connection"), QT_TRANSLATE_NOOP("ResultKind", "connection failed")},
        {QStringLiteral("server"), QT_TRANSLATE_NOOP("ResultKind", "Haier server error")},
        {QStringLiteral("rate_limited"), QT_TRANSLATE_NOOP("ResultKind", "rate limited")},
        {QStringLiteral("auth"), QT_TRANSLATE_NOOP("ResultKind", "authentication")},
        {QStringLiteral("forbidden"), QT_TRANSLATE_NOOP("ResultKind", "no permission or IP not whitelisted")},
        {QStringLiteral("malformed"), QT_TRANSLATE_NOOP("ResultKind", "unreadable answer")},
        {QStringLiteral("refused"), QT_TRANSLATE_NOOP("ResultKind", "refused before sending")},
    };
    const char *label = labels.value(kind);
    return label ? QCoreApplication::translate("ResultKind", label) : kind;
}

namespace {

QString localTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

void FailureGroupModel::setGroups(const QList<FailureGroup> &groups)
{
    beginResetModel();
    m_groups = groups;
    endResetModel();
}

const FailureGroup *FailureGroupModel::groupAt(int row) const
{
    return row >= 0 && row < m_groups.size() ? &m_groups.at(row) : nullptr;
}

int FailureGroupModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

int FailureGroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailureGroupModel::data(const QModelIndex &index, int role) const
{
    const FailureGroup *g = index.isValid() ? groupAt(index.row()) : nullptr;
    if (!g)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Count: return g->count;
        case Kind: return g->all ? QVariant() : g->overdue ? QVariant(tr("overdue")) : QVariant(resultKindLabel(g->kind));
        case Message: return g->all ? QVariant(tr("All failures")) : g->overdue ? QVariant(tr("No confirmation from Haier")) : QVariant(g->message);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return g->overdue ? tr("Accepted by YLH, but Haier's confirmation has not come within the profile's time "
                               "(callback.confirmWithinMinutes): reconcile with Haier's logistics, or record a confirmation given by phone")
                          : g->message;
    if (role == Qt::TextAlignmentRole && index.column() == Count)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant FailureGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Count: return tr("Orders");
    case Kind: return tr("Kind");
    case Message: return tr("Message");
    default: return {};
    }
}

void FailedJobModel::setJobs(const QList<PushJobRecord> &jobs)
{
    beginResetModel();
    m_jobs = jobs;
    endResetModel();
}

const PushJobRecord *FailedJobModel::jobAt(int row) const
{
    return row >= 0 && row < m_jobs.size() ? &m_jobs.at(row) : nullptr;
}

int FailedJobModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int FailedJobModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailedJobModel::data(const QModelIndex &index, int role) const
{
    const PushJobRecord *j = index.isValid() ? jobAt(index.row()) : nullptr;
    if (!j)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case OrderNumber: return j->orderNumber;
        case SoId: return j->soId;
        case State: return jobStateLabel(jobStateName(j->state));
        case Kind: return resultKindLabel(j->lastKind);
        case Message: return j->lastMessage;
        case Attempts: return j->attemptCount;
        case Updated: return localTime(j->updatedAt);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return j->lastMessage;
    return {};
}

QVariant FailedJobModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OrderNumber: return tr("Order");
    case SoId: return tr("soId");
    case State: return tr("State");
    case Kind: return tr("Kind");
    case Message: return tr("Message");
    case Attempts: return tr("Attempts");
    case Updated: return tr("Last change");
    default: return {};
    }
}

void AttemptModel::setAttempts(const QList<PushAttemptRecord> &attempts)
{
    beginResetModel();
    m_attempts = attempts;
    endResetModel();
}

const PushAttemptRecord *AttemptModel::attemptAt(int row) const
{
    return row >= 0 && row < m_attempts.size() ? &m_attempts.at(row) : nullptr;
}

int AttemptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_attempts.size());
}

int AttemptModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttemptModel::data(const QModelIndex &index, int role) const
{
    const PushAttemptRecord *a = index.isValid() ? attemptAt(index.row()) : nullptr;
    if (!a || role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Number: return a->attemptNo;
    case Push: return a->pushNo;
    case Started: return localTime(a->startedAt);
    case HttpStatus: return a->httpStatus > 0 ? QVariant(a->httpStatus) : QVariant(tr("no answer"));
    case Latency: return a->finishedAt > 0 ? QVariant(tr("%1 ms").arg(a->latencyMs)) : QVariant(tr("in flight"));
    case Kind: return resultKindLabel(a->kind);
    case Message: return a->message;
    case Operator: return a->operatorName;
    default: return {};
    }
}

QVariant AttemptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number: return tr("#");
    case Push: return tr("Push");
    case Started: return tr("Time");
    case HttpStatus: return tr("HTTP");
    case Latency: return tr("Latency");
    case Kind: return tr("Result");
    case Message: return tr("Message");
    case Operator: return tr("Operator");
    default: return {};
    }
}
