#pragma once

#include "models/profile.h"

#include <QHash>
#include <QWidget>

#include <functional>

class AuditLog;
class CredentialStore;
class QLabel;
class QPushButton;
class QTreeWidget;

// The secrets of one profile: whether each known key is stored (never its value), set/replace and
// remove, and an asynchronous connection test through an injected tester.
class CredentialsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialsPage)

public:
    using Done = std::function<void(bool ok, const QString &message)>;
    using ConnectionTester = std::function<void(const Profile &profile, Done done)>;
    using Confirmer = std::function<bool(const Profile &target, const QString &question)>;
    enum class State { NotSet, Set, Unavailable };

    CredentialsPage(CredentialStore &store, AuditLog &audit, QWidget *parent = nullptr);

    void setProfile(const Profile &profile);
    const Profile &profile() const { return m_profile; }
    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }
    void setConnectionTester(ConnectionTester tester);

    State state(const QString &key) const { return m_states.value(key, State::Unavailable); }
    // Writes `value` to the store and audits the key (never the value). False: the message says why.
    bool setCredential(const QString &key, const QString &value);
    // Asks first; false when refused or the store failed.
    bool removeCredential(const QString &key);
    // Starts the tester on the profile; the result arrives later in testResultLabel().
    void testConnection();
    bool isTesting() const { return m_testing; }

    QTreeWidget *keyList() const { return m_keys; }
    QPushButton *setButton() const { return m_set; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *testButton() const { return m_test; }
    QLabel *messageLabel() const { return m_message; }
    QLabel *testResultLabel() const { return m_testResult; }

public slots:
    // Reads whether each key is stored; the values read are dropped at once.
    void refresh();

signals:
    void connectionTestFinished(bool ok, const QString &message);

private:
    QString selectedKey() const;
    void askForSelected();
    void updateButtons();
    void showMessage(const QString &text, bool problem);
    static QString describe(const QString &key);

    CredentialStore &m_store;
    AuditLog &m_audit;
    Profile m_profile;
    Confirmer m_confirm;
    ConnectionTester m_tester;
    QHash<QString, State> m_states;
    QTreeWidget *m_keys;
    QPushButton *m_set;
    QPushButton *m_remove;
    QPushButton *m_refresh;
    QPushButton *m_test;
    QLabel *m_title;
    QLabel *m_message;
    QLabel *m_testResult;
    int m_testRun = 0; // a result for an older run or another profile is dropped
    bool m_testing = false;
};
