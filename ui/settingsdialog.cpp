#include "ui/settingsdialog.h"

#include "models/writetransaction.h"
#include "models/database.h"
#include "models/profilelistmodel.h"
#include "net/orderactions.h"
#include "ui/generalsettingspage.h"
#include "ui/profileeditor.h"
#include "ui/screenfit.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QSignalBlocker>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

SettingsDialog::SettingsDialog(Database &db, CredentialStore &credentials, const QString &currentProfile, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_profiles(db)
    , m_audit(db)
    , m_current(currentProfile)
    , m_tabs(new QTabWidget(this))
    , m_model(new ProfileListModel(this))
    , m_credentials(new CredentialsPage(credentials, m_audit, this))
    , m_general(new GeneralSettingsPage(m_audit, this))
{
    setWindowTitle(tr("Settings"));
    setConfirmer({});
    setNameTyper({});
    if (m_current.isEmpty())
        m_current = m_profiles.activeName();

    m_tabs->setAccessibleName(tr("Settings"));
    m_tabs->addTab(buildProfilesPage(), tr("&Profiles"));
    m_tabs->addTab(m_credentials, tr("&Credentials"));
    m_tabs->addTab(m_general, tr("&General"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);

    reloadProfiles(m_current);
    resize(fitToScreen(QSize(1000, 720), screen()->availableGeometry()));
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::buildProfilesPage()
{
    auto *page = new QWidget(this);
    // Created in keyboard order: the list and its buttons, then the form and its buttons.
    m_list = new QTableView(page);
    m_list->setModel(m_model);
    m_list->setAccessibleName(tr("Profiles"));
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setTabKeyNavigation(false);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_new = new QPushButton(tr("&New profile…"), page);
    m_delete = new QPushButton(tr("&Delete…"), page);
    m_use = new QPushButton(tr("&Use this profile"), page);
    m_use->setToolTip(tr("Makes the selected profile the one the console pushes with."));
    m_editor = new ProfileEditor(page);
    m_save = new QPushButton(tr("&Save"), page);
    m_revert = new QPushButton(tr("Re&vert"), page);
    m_message = new QLabel(page);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *left = new QWidget(page);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_delete);
    leftLayout->addLayout(listButtons);
    leftLayout->addWidget(m_use);

    auto *right = new QWidget(page);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_editor, 1);
    auto *formButtons = new QHBoxLayout;
    formButtons->addWidget(m_message, 1);
    formButtons->addWidget(m_revert);
    formButtons->addWidget(m_save);
    rightLayout->addLayout(formButtons);

    auto *splitter = new QSplitter(Qt::Horizontal, page);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 700});
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(splitter);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SettingsDialog::showSelected);
    connect(m_editor, &ProfileEditor::changed, this, &SettingsDialog::updateButtons);
    connect(m_save, &QPushButton::clicked, this, &SettingsDialog::saveProfile);
    connect(m_revert, &QPushButton::clicked, this, [this] {
        m_editor->setProfile(m_editor->original());
        showMessage(tr("The form shows the saved settings of profile %1 again.").arg(m_shown), false);
    });
    connect(m_new, &QPushButton::clicked, this, &SettingsDialog::askNewProfile);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteProfile(selectedProfileName()); });
    connect(m_use, &QPushButton::clicked, this, [this] { useProfile(selectedProfileName()); });
    return page;
}

void SettingsDialog::setConnectionTester(ConnectionTester tester)
{
    m_credentials->setConnectionTester(std::move(tester));
}

void SettingsDialog::setConfirmer(Confirmer confirmer)
{
    m_confirm = confirmer ? std::move(confirmer)
                          : Confirmer([this](const Profile &target, const QString &question) { return defaultConfirm(target, question); });
    m_credentials->setConfirmer(m_confirm);
}

void SettingsDialog::setNameTyper(NameTyper typer)
{
    m_typeName = typer ? std::move(typer)
                       : NameTyper([this](const Profile &target, const QString &question) { return defaultTypeName(target, question); });
}

bool SettingsDialog::defaultConfirm(const Profile &target, const QString &question)
{
    if (target.kind == ProfileKind::Production) {
        // The same rule as a push to production: the name typed exactly, not a reflex click.
        const auto typed = m_typeName(target, question + QLatin1Char('\n')
                                                  + tr("Type the profile name %1 to go on:").arg(target.name));
        return typed && OrderActions::confirmationAccepted(target, *typed);
    }
    return QMessageBox::question(this, tr("Please confirm"), question) == QMessageBox::Yes;
}

std::optional<QString> SettingsDialog::defaultTypeName(const Profile &target, const QString &question)
{
    bool ok = false;
    const QString typed = QInputDialog::getText(this, tr("Production profile %1").arg(target.name), question,
                                                QLineEdit::Normal, QString(), &ok);
    return ok ? std::optional<QString>(typed) : std::nullopt;
}

bool SettingsDialog::inTransaction(const std::function<bool(QString *error)> &work, QString *error)
{
    return inWriteTransaction(m_db, work, error);
}

void SettingsDialog::reloadProfiles(const QString &select)
{
    QString error;
    const QList<Profile> profiles = m_profiles.list(&error);
    const QString active = m_profiles.activeName();
    int row = -1;
    {
        // The list is rebuilt under the editor; it is reloaded below, not through the selection signal.
        const QSignalBlocker quiet(m_list->selectionModel());
        m_model->setProfiles(profiles, active);
        row = m_model->rowOf(select);
        if (row < 0)
            row = m_model->rowOf(m_current);
        if (row < 0 && m_model->rowCount() > 0)
            row = 0;
        if (row >= 0)
            m_list->selectionModel()->setCurrentIndex(m_model->index(row, ProfileListModel::Name),
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    m_list->viewport()->update();
    if (!error.isEmpty())
        showMessage(tr("The profiles could not be read: %1 Check the database connection, then open Settings again.").arg(error), true);
    const QString name = selectedProfileName();
    // Edits in the form survive a reload of the list (e.g. after a switch).
    if (name != m_shown || !m_editor->isModified())
        load(name);
    updateButtons();
}

void SettingsDialog::load(const QString &name)
{
    const int row = m_model->rowOf(name);
    m_shown = row >= 0 ? name : QString();
    const Profile profile = row >= 0 ? m_model->profiles().at(row) : Profile();
    m_editor->setProfile(profile);
    if (!(m_credentials->profile() == profile))
        m_credentials->setProfile(profile);
    m_editor->setEnabled(row >= 0);
}

QString SettingsDialog::selectedProfileName() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? m_model->index(current.row(), ProfileListModel::Name).data(ProfileListModel::RawValueRole).toString()
                             : QString();
}

bool SettingsDialog::selectProfile(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return false;
    m_list->setCurrentIndex(m_model->index(row, ProfileListModel::Name));
    return selectedProfileName() == name;
}

void SettingsDialog::showSelected()
{
    const QString name = selectedProfileName();
    if (name == m_shown)
        return;
    if (!askDiscardEdits()) {
        // Back to the profile being edited, without asking again.
        const QSignalBlocker quiet(m_list->selectionModel());
        selectProfile(m_shown);
        return;
    }
    load(name);
    m_message->clear();
    updateButtons();
}

bool SettingsDialog::askDiscardEdits()
{
    if (!m_editor->isModified())
        return true;
    return QMessageBox::question(this, tr("Unsaved changes"),
                                 tr("Profile %1 has changes that are not saved. Drop them?").arg(m_editor->original().name))
        == QMessageBox::Yes;
}

void SettingsDialog::reject()
{
    if (askDiscardEdits())
        QDialog::reject();
}

void SettingsDialog::updateButtons()
{
    const QString name = selectedProfileName();
    const bool inUse = name == m_current || name == m_model->activeName();
    m_delete->setEnabled(!name.isEmpty() && !inUse);
    m_use->setEnabled(!name.isEmpty() && !(name == m_current && name == m_model->activeName()));
    m_save->setEnabled(m_editor->isModified() && m_editor->problems().isEmpty());
    m_revert->setEnabled(m_editor->isModified());
}

void SettingsDialog::showMessage(const QString &text, bool problem)
{
    m_message->setStyleSheet(problem ? QStringLiteral("QLabel{color:#b71c1c}") : QString());
    m_message->setText(text);
}

bool SettingsDialog::saveProfile()
{
    QString error;
    const auto edited = m_editor->edited(&error);
    if (!edited) {
        showMessage(error, true);
        return false;
    }
    const Profile before = m_editor->original();
    const QStringList changed = Profile::changedKeys(before, *edited);
    if (changed.isEmpty()) {
        showMessage(tr("Nothing in profile %1 has changed.").arg(edited->name), false);
        return true;
    }
    // A kind decides where orders go and whether the profile writes the shop's orders: a change is asked
    // for on its own, and leaving production needs the name typed (the confirmer's rule for `before`).
    const bool kindChanges = edited->kind != before.kind;
    if (kindChanges
        && !m_confirm(before, tr("Change the kind of profile %1 from %2 to %3 (PRODUCTION is where real orders go)?")
                                  .arg(edited->name, profileKindName(before.kind), profileKindName(edited->kind)))) {
        showMessage(tr("Profile %1 was not saved because the change of its kind was not confirmed; your edits are still in the form.")
                        .arg(edited->name), true);
        return false;
    }
    if (edited->kind == ProfileKind::Production
        && !m_confirm(*edited, tr("Save the changes to the PRODUCTION profile %1? Changed: %2.")
                                   .arg(edited->name, changed.join(QStringLiteral(", "))))) {
        showMessage(tr("Profile %1 was not saved because the change was not confirmed; your edits are still in the form.")
                        .arg(edited->name), true);
        return false;
    }
    const bool saved = inTransaction([&](QString *why) {
        return m_profiles.save(*edited, why)
            && m_audit.record({0, {}, {}, QStringLiteral("profile_edit"), edited->name, {},
                               QStringLiteral("changed: ") + changed.join(QStringLiteral(", "))}, why)
            && (!kindChanges
                || m_audit.record({0, {}, {}, QStringLiteral("profile_kind_change"), edited->name, {},
                                   QStringLiteral("%1 → %2").arg(profileKindName(before.kind), profileKindName(edited->kind))}, why));
    }, &error);
    if (!saved) {
        showMessage(tr("Profile %1 was not saved: %2 Try again; if it keeps failing, check the database connection.")
                        .arg(edited->name, error), true);
        return false;
    }
    const Profile stored = m_profiles.get(edited->name).value_or(*edited);
    m_editor->setProfile(stored);
    reloadProfiles(stored.name);
    showMessage(tr("Profile %1 is saved (changed: %2).").arg(stored.name, changed.join(QStringLiteral(", "))), false);
    emit profileSaved(stored);
    return true;
}

void SettingsDialog::askNewProfile()
{
    if (!askDiscardEdits())
        return;
    QDialog ask(this);
    ask.setWindowTitle(tr("New profile"));
    auto *name = new QLineEdit(&ask);
    auto *kind = new QComboBox(&ask);
    for (ProfileKind k : {ProfileKind::Mock, ProfileKind::Test, ProfileKind::Pre, ProfileKind::Production})
        kind->addItem(ProfileListModel::kindLabel(k), int(k));
    kind->setCurrentIndex(1);
    auto *note = new QLabel(tr("The new profile starts with the preset's URLs and defaults; edit them afterwards."), &ask);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &ask);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("C&reate"));
    connect(buttons, &QDialogButtonBox::accepted, &ask, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &ask, &QDialog::reject);
    auto *form = new QFormLayout(&ask);
    form->addRow(tr("&Name:"), name);
    form->addRow(tr("&From preset:"), kind);
    form->addRow(note);
    form->addRow(buttons);
    if (ask.exec() == QDialog::Accepted)
        createProfile(name->text(), ProfileKind(kind->currentData().toInt()));
}

bool SettingsDialog::createProfile(const QString &name, ProfileKind kind)
{
    QString error;
    // The import rules decide what a valid name is.
    const auto profile = Profile::fromJson(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), profileKindName(kind)}},
                                           &error);
    if (!profile) {
        showMessage(tr("The name \"%1\" cannot be used: %2. Choose another name.").arg(name, error.section(QStringLiteral(": "), 1)), true);
        return false;
    }
    if (m_model->rowOf(profile->name) >= 0) {
        showMessage(tr("A profile named %1 exists already; choose another name.").arg(profile->name), true);
        return false;
    }
    const bool created = inTransaction([&](QString *why) {
        return m_profiles.save(*profile, why)
            && m_audit.record({0, {}, {}, QStringLiteral("profile_create"), profile->name, {},
                               QStringLiteral("preset: ") + profileKindName(kind)}, why);
    }, &error);
    if (!created) {
        showMessage(tr("Profile %1 was not created: %2 Try again; if it keeps failing, check the database connection.")
                        .arg(profile->name, error), true);
        return false;
    }
    reloadProfiles(profile->name);
    showMessage(tr("Profile %1 is created from the %2 preset. Set its credentials on the Credentials page before using it.")
                    .arg(profile->name, ProfileListModel::kindLabel(kind)), false);
    return true;
}

bool SettingsDialog::deleteProfile(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return false;
    if (name == m_current || name == m_model->activeName()) {
        showMessage(tr("Profile %1 is in use; switch to another profile first, then delete it.").arg(name), true);
        return false;
    }
    const Profile target = m_model->profiles().at(row);
    if (!m_confirm(target, tr("Delete profile %1? Its credentials stay in the keychain; remove them on the Credentials page first "
                              "if nobody needs them.").arg(name))) {
        showMessage(tr("Profile %1 was kept.").arg(name), false);
        return false;
    }
    QString error;
    const bool removed = inTransaction([&](QString *why) {
        return m_profiles.remove(name, why)
            && m_audit.record({0, {}, {}, QStringLiteral("profile_delete"), name, {}, profileKindName(target.kind)}, why);
    }, &error);
    if (!removed) {
        showMessage(tr("Profile %1 was not deleted: %2 Try again; if it keeps failing, check the database connection.").arg(name, error), true);
        return false;
    }
    reloadProfiles(m_current);
    showMessage(tr("Profile %1 is deleted.").arg(name), false);
    return true;
}

bool SettingsDialog::useProfile(const QString &name)
{
    QString error;
    const auto target = m_profiles.get(name, &error);
    if (!target) {
        showMessage(tr("Profile %1 cannot be used: %2").arg(name, error), true);
        return false;
    }
    const QString active = m_profiles.activeName();
    if (name == m_current && name == active) {
        showMessage(tr("Profile %1 is already in use.").arg(name), false);
        return true;
    }
    const QString question = target->kind == ProfileKind::Production
        ? tr("Switch to the PRODUCTION profile %1? Orders pushed from now on go to Haier's real system.").arg(name)
        : tr("Switch to profile %1 (%2)? Orders pushed from now on go to its services.").arg(name, ProfileListModel::kindLabel(target->kind));
    if (!m_confirm(*target, question)) {
        showMessage(tr("Still using profile %1; the switch was not confirmed.").arg(m_current), false);
        return false;
    }
    const QString from = m_current.isEmpty() ? active : m_current;
    const bool switched = inTransaction([&](QString *why) {
        return m_profiles.setActive(name, why)
            && m_audit.record({0, {}, {}, QStringLiteral("profile_switch"), name, {}, QStringLiteral("%1 → %2").arg(from, name)}, why);
    }, &error);
    if (!switched) {
        showMessage(tr("The console still uses profile %1: %2 Try again; if it keeps failing, check the database connection.")
                        .arg(m_current, error), true);
        return false;
    }
    m_current = name;
    reloadProfiles(selectedProfileName());
    showMessage(tr("The console now uses profile %1.").arg(name), false);
    emit activeProfileChanged(*target);
    return true;
}
