#pragma once

#include "models/profile.h"

#include <QAbstractTableModel>
#include <QList>

// The profiles of the settings dialog: name, kind and whether it is the active one.
class ProfileListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileListModel)

public:
    enum Column { Name, Kind, State, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole + 1 };

    explicit ProfileListModel(QObject *parent = nullptr) : QAbstractTableModel(parent) {}

    // Replaces the list; `activeName` is the profile the store marks active.
    void setProfiles(const QList<Profile> &profiles, const QString &activeName);
    const QList<Profile> &profiles() const { return m_profiles; }
    QString activeName() const { return m_active; }
    int rowOf(const QString &name) const; // -1 when absent
    static QString kindLabel(ProfileKind kind);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Profile> m_profiles;
    QString m_active;
};
