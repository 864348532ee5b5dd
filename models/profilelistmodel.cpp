#include "models/profilelistmodel.h"

#include <QFont>

void ProfileListModel::setProfiles(const QList<Profile> &profiles, const QString &activeName)
{
    beginResetModel();
    m_profiles = profiles;
    m_active = activeName;
    endResetModel();
}

int ProfileListModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_profiles.size(); ++row) {
        if (m_profiles.at(row).name == name)
            return row;
    }
    return -1;
}

QString ProfileListModel::kindLabel(ProfileKind kind)
{
    switch (kind) {
    case ProfileKind::Mock: return tr("Mock (simulator)");
    case ProfileKind::Test: return tr("Test");
    case ProfileKind::Pre: return tr("Pre-production");
    case ProfileKind::Production: return tr("Production");
    }
    return QString();
}

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int ProfileListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Profile &p = m_profiles.at(index.row());
    const bool active = p.name == m_active;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Name: return p.name;
        case Kind: return kindLabel(p.kind);
        case State: return active ? tr("active") : QString();
        default: return QVariant();
        }
    }
    if (role == RawValueRole) {
        switch (index.column()) {
        case Name: return p.name;
        case Kind: return profileKindName(p.kind);
        case State: return active;
        default: return QVariant();
        }
    }
    if (role == Qt::FontRole && (active || p.kind == ProfileKind::Production)) {
        QFont font;
        font.setBold(true);
        return font;
    }
    return QVariant();
}

QVariant ProfileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case Name: return tr("Profile");
    case Kind: return tr("Kind");
    case State: return tr("State");
    default: return QVariant();
    }
}
