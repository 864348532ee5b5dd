#include "ui/credentialspage.h"

#include "models/auditlog.h"
#include "net/credentialstore.h"
#include "ui/secretdialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

enum Column { KeyColumn, DescriptionColumn, StateColumn };

} // namespace

CredentialsPage::CredentialsPage(CredentialStore &store, AuditLog &audit, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_audit(audit)
    , m_keys(new QTreeWidget(this))
    , m_set(new QPushButton(tr("&Set…"), this))
    , m_remove(new QPushButton(tr("Re&move…"), this))
    , m_refresh(new QPushButton(tr("Re&fresh"), this))
    , m_test(new QPushButton(tr("&Test connection"), this))
    , m_title(new QLabel(this))
    , m_message(new QLabel(this))
    , m_testResult(new QLabel(this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextFormat(Qt::PlainText);
    auto *intro = new QLabel(tr("Secrets live only in the system keychain. This page shows whether each one is stored, never its value."), this);
    intro->setWordWrap(true);

    m_keys->setAccessibleName(tr("Credentials"));
    m_keys->setColumnCount(3);
    m_keys->setHeaderLabels({tr("Key"), tr("What it is"), tr("State")});
    m_keys->setRootIsDecorated(false);
    m_keys->setUniformRowHeights(true);
    m_keys->setAllColumnsShowFocus(true);
    for (const QString &key : CredentialStore::knownKeys()) {
        auto *item = new QTreeWidgetItem(m_keys, {key, describe(key), QString()});
        item->setData(KeyColumn, Qt::UserRole, key);
    }
    m_keys->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_keys->setCurrentItem(m_keys->topLevelItem(0));
    connect(m_keys, &QTreeWidget::currentItemChanged, this, &CredentialsPage::updateButtons);
    connect(m_keys, &QTreeWidget::itemActivated, this, &CredentialsPage::askForSelected);

    for (QLabel *label : {m_message, m_testResult}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }

    connect(m_set, &QPushButton::clicked, this, &CredentialsPage::askForSelected);
    connect(m_remove, &QPushButton::clicked, this, [this] { removeCredential(selectedKey()); });
    connect(m_refresh, &QPushButton::clicked, this, &CredentialsPage::refresh);
    connect(m_test, &QPushButton::clicked, this, &CredentialsPage::testConnection);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_set);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_refresh);
    buttons->addStretch();
    buttons->addWidget(m_test);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(intro);
    layout->addWidget(m_keys, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(m_testResult);
    setTabOrder(m_keys, m_set);
    setTabOrder(m_set, m_remove);
    setTabOrder(m_remove, m_refresh);
    setTabOrder(m_refresh, m_test);
    setConnectionTester({});
}

QString CredentialsPage::describe(const QString &key)
{
    if (key == QLatin1String("ylh.client_id")) return tr("YLH client id");
    if (key == QLatin1String("ylh.client_secret")) return tr("YLH client secret");
    if (key == QLatin1String("ylh.username")) return tr("YLH account user name");
    if (key == QLatin1String("ylh.password")) return tr("YLH account password");
    if (key == QLatin1String("openplat.client_id")) return tr("Open platform client id");
    if (key == QLatin1String("openplat.client_secret")) return tr("Open platform client secret");
    if (key == QLatin1String("openplat.password")) return tr("Open platform account password");
    if (key == QLatin1String("callback.secret")) return tr("Secret that signs Haier's callbacks");
    return QString();
}

void CredentialsPage::setProfile(const Profile &profile)
{
    m_profile = profile;
    m_title->setText(tr("Credentials of profile %1").arg(profile.name));
    ++m_testRun; // a test still running was for the previous profile
    m_testing = false;
    m_testResult->clear();
    refresh();
}

void CredentialsPage::setConnectionTester(ConnectionTester tester)
{
    m_tester = std::move(tester);
    m_test->setToolTip(m_tester ? tr("Asks the YLH auth service for a token with this profile's saved settings and credentials.")
                                : tr("Connection tests are not available in this window."));
    updateButtons();
}

void CredentialsPage::refresh()
{
    m_states.clear();
    QString problem;
    const bool demo = m_profile.kind == ProfileKind::Mock;
    for (int i = 0; i < m_keys->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_keys->topLevelItem(i);
        const QString key = item->data(KeyColumn, Qt::UserRole).toString();
        State state = State::Unavailable;
        if (!demo && problem.isEmpty()) {
            QString error;
            // Only whether a value exists is kept; the value itself goes out of scope here.
            const bool stored = m_store.read(m_profile.name, key, &error).has_value();
            if (!error.isEmpty())
                problem = error;
            else
                state = stored ? State::Set : State::NotSet;
        }
        m_states.insert(key, state);
        QString text;
        if (demo)
            text = tr("demo value");
        else if (state == State::Set)
            text = tr("set");
        else if (state == State::NotSet)
            text = tr("not set");
        else
            text = tr("keychain unavailable");
        item->setText(StateColumn, text);
    }
    if (demo)
        showMessage(tr("The mock profile uses fixed demo credentials; there is nothing to store for it."), false);
    else if (!problem.isEmpty())
        showMessage(tr("The keychain could not be read (%1). If no Secret Service is running, start gnome-keyring or KWallet, then press Refresh.")
                        .arg(problem), true);
    else
        m_message->clear();
    updateButtons();
}

QString CredentialsPage::selectedKey() const
{
    const QTreeWidgetItem *item = m_keys->currentItem();
    return item ? item->data(KeyColumn, Qt::UserRole).toString() : QString();
}

void CredentialsPage::updateButtons()
{
    const QString key = selectedKey();
    const bool storable = !m_profile.name.isEmpty() && m_profile.kind != ProfileKind::Mock && !key.isEmpty();
    const State s = state(key);
    m_set->setText(s == State::Set ? tr("&Replace…") : tr("&Set…"));
    m_set->setEnabled(storable && s != State::Unavailable);
    m_remove->setEnabled(storable && s == State::Set);
    m_test->setEnabled(m_tester && !m_testing && !m_profile.name.isEmpty());
}

void CredentialsPage::showMessage(const QString &text, bool problem)
{
    m_message->setStyleSheet(problem ? QStringLiteral("QLabel{color:#b71c1c}") : QString());
    m_message->setText(text);
}

void CredentialsPage::askForSelected()
{
    const QString key = selectedKey();
    if (key.isEmpty() || !m_set->isEnabled())
        return;
    SecretDialog dialog(m_profile.name, key, state(key) == State::Set, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    setCredential(key, dialog.takeValue());
}

bool CredentialsPage::setCredential(const QString &key, const QString &value)
{
    if (value.isEmpty()) {
        showMessage(tr("Nothing was typed, so %1 was left as it was.").arg(key), true);
        return false;
    }
    QString error;
    if (!m_store.write(m_profile.name, key, value, &error)) {
        showMessage(tr("%1 was not stored: %2 If no Secret Service is running, start gnome-keyring or KWallet, then try again.")
                        .arg(key, error), true);
        return false;
    }
    // The key names what changed; the value never reaches the audit log.
    m_audit.record({0, {}, {}, QStringLiteral("credential_set"), m_profile.name, {}, key});
    refresh();
    showMessage(tr("%1 is stored in the keychain for profile %2.").arg(key, m_profile.name), false);
    return true;
}

bool CredentialsPage::removeCredential(const QString &key)
{
    if (key.isEmpty() || state(key) != State::Set)
        return false;
    const QString question = tr("Remove %1 of profile %2 from the keychain? Pushing with this profile needs it set again.")
                                 .arg(key, m_profile.name);
    if (!m_confirm || !m_confirm(m_profile, question)) {
        showMessage(tr("%1 was kept.").arg(key), false);
        return false;
    }
    QString error;
    if (!m_store.remove(m_profile.name, key, &error)) {
        showMessage(tr("%1 was not removed: %2 If no Secret Service is running, start gnome-keyring or KWallet, then try again.")
                        .arg(key, error), true);
        return false;
    }
    m_audit.record({0, {}, {}, QStringLiteral("credential_remove"), m_profile.name, {}, key});
    refresh();
    showMessage(tr("%1 is removed from the keychain for profile %2.").arg(key, m_profile.name), false);
    return true;
}

void CredentialsPage::testConnection()
{
    if (!m_tester || m_testing || m_profile.name.isEmpty())
        return;
    m_testing = true;
    const int run = ++m_testRun;
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing the connection of profile %1…").arg(m_profile.name));
    updateButtons();
    const QString name = m_profile.name;
    QPointer<CredentialsPage> self(this);
    // The tester answers later (or at once); the page may be gone or showing another profile by then.
    m_tester(m_profile, [self, run, name](bool ok, const QString &message) {
        if (!self || run != self->m_testRun)
            return;
        self->m_testing = false;
        self->m_testResult->setStyleSheet(ok ? QStringLiteral("QLabel{color:#1b5e20}") : QStringLiteral("QLabel{color:#b71c1c}"));
        self->m_testResult->setText(ok
            ? tr("The connection of profile %1 works: %2").arg(name, message)
            : tr("The connection of profile %1 failed: %2 Check the profile's URLs and credentials, then test again.").arg(name, message));
        self->updateButtons();
        emit self->connectionTestFinished(ok, message);
    });
}
