#pragma once

#include "models/auditlog.h"
#include "models/profile.h"
#include "models/profilestore.h"
#include "ui/credentialspage.h"

#include <QDialog>

#include <functional>
#include <optional>

class CredentialStore;
class Database;
class GeneralSettingsPage;
class ProfileEditor;
class ProfileListModel;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

// Settings: the profiles (edit, new from a preset, delete, switch), their credentials, and the
// operator's own settings. Every profile change is validated by the import rules and audited.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // Gets a YLH token (or fails) for a profile and answers through `done`, later or at once.
    using ConnectionTester = CredentialsPage::ConnectionTester;
    // Asks whether to go on with something that concerns `target`. The default asks a yes/no
    // question, and for a production profile has the operator type its name instead (NameTyper).
    using Confirmer = std::function<bool(const Profile &target, const QString &question)>;
    // The type-the-name step of the default confirmer: what was typed, nullopt when cancelled.
    using NameTyper = std::function<std::optional<QString>(const Profile &target, const QString &question)>;

    // `currentProfile` is the profile the console runs with (empty: the active one).
    SettingsDialog(Database &db, CredentialStore &credentials, const QString &currentProfile, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void setConnectionTester(ConnectionTester tester);
    void setConfirmer(Confirmer confirmer);  // empty: the default again
    void setNameTyper(NameTyper typer);      // empty: the default again

    // What the buttons do. False when refused or failed; profileMessage() then says why.
    bool selectProfile(const QString &name);
    QString selectedProfileName() const;
    bool saveProfile();
    bool createProfile(const QString &name, ProfileKind kind);
    bool deleteProfile(const QString &name);
    bool useProfile(const QString &name);
    QString currentProfileName() const { return m_current; }

    QTabWidget *tabs() const { return m_tabs; }
    QTableView *profileList() const { return m_list; }
    ProfileListModel *profileModel() const { return m_model; }
    ProfileEditor *editor() const { return m_editor; }
    CredentialsPage *credentialsPage() const { return m_credentials; }
    GeneralSettingsPage *generalPage() const { return m_general; }
    QLabel *profileMessage() const { return m_message; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *revertButton() const { return m_revert; }
    QPushButton *newButton() const { return m_new; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *useButton() const { return m_use; }

public slots:
    void reject() override; // asks before unsaved profile edits are dropped

signals:
    // The operator switched profiles ("Use this profile"); the console should run with `profile` now.
    void activeProfileChanged(const Profile &profile);
    // A profile's settings were saved (the console may be running with it).
    void profileSaved(const Profile &profile);

private:
    QWidget *buildProfilesPage();
    void reloadProfiles(const QString &select);
    void showSelected();
    void load(const QString &name); // into the form and the credentials page
    void updateButtons();
    void showMessage(const QString &text, bool problem);
    bool askDiscardEdits();
    void askNewProfile();
    bool defaultConfirm(const Profile &target, const QString &question);
    std::optional<QString> defaultTypeName(const Profile &target, const QString &question);
    // Runs `work` in one write transaction: all of it is stored or nothing.
    bool inTransaction(const std::function<bool(QString *error)> &work, QString *error);

    Database &m_db;
    ProfileStore m_profiles;
    AuditLog m_audit;
    QString m_current;
    Confirmer m_confirm;
    NameTyper m_typeName;
    QTabWidget *m_tabs;
    ProfileListModel *m_model;
    QTableView *m_list = nullptr;
    ProfileEditor *m_editor = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_use = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_revert = nullptr;
    CredentialsPage *m_credentials;
    GeneralSettingsPage *m_general;
    QString m_shown; // the profile in the form
};
