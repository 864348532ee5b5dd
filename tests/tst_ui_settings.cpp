#include "models/auditlog.h"
#include "models/consolesettings.h"
#include "models/database.h"
#include "models/profilelistmodel.h"
#include "models/profilestore.h"
#include "net/credentialstore.h"
#include "ui/credentialspage.h"
#include "ui/generalsettingspage.h"
#include "ui/profileeditor.h"
#include "ui/secretdialog.h"
#include "ui/settingsdialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

namespace {

// A keychain that cannot be reached, as when no Secret Service runs.
class UnavailableCredentialStore final : public CredentialStore
{
public:
    std::optional<QString> read(const QString &, const QString &, QString *error) override
    {
        *error = QStringLiteral("No Secret Service (keyring) is available: org.freedesktop.secrets was not provided");
        return std::nullopt;
    }
    bool write(const QString &, const QString &, const QString &, QString *error) override
    {
        *error = QStringLiteral("No Secret Service (keyring) is available.");
        return false;
    }
    bool remove(const QString &, const QString &, QString *error) override { return write({}, {}, {}, error); }
};

QList<AuditEntry> auditRows(Database &db, const QString &action)
{
    QList<AuditEntry> rows;
    const QList<AuditEntry> all = AuditLog(db).recent(1000);
    for (const AuditEntry &e : all) {
        if (e.action == action)
            rows << e;
    }
    return rows;
}

// Every text a person could read in `root` and its children.
QStringList visibleTexts(const QWidget *root)
{
    QStringList texts{root->windowTitle()};
    const auto edits = root->findChildren<QLineEdit *>();
    for (const QLineEdit *e : edits)
        texts << e->text() << e->displayText() << e->placeholderText();
    const auto labels = root->findChildren<QLabel *>();
    for (const QLabel *l : labels)
        texts << l->text() << l->toolTip();
    const auto trees = root->findChildren<QTreeWidget *>();
    for (const QTreeWidget *t : trees) {
        for (int i = 0; i < t->topLevelItemCount(); ++i) {
            for (int c = 0; c < t->columnCount(); ++c)
                texts << t->topLevelItem(i)->text(c) << t->topLevelItem(i)->toolTip(c);
        }
    }
    return texts;
}

} // namespace

class TestUiSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_config;
    std::unique_ptr<Database> m_db;
    int m_dbCount = 0;

    Database &freshDb()
    {
        QString error;
        m_db.reset();
        m_db = Database::open(m_dir.filePath(QStringLiteral("settings%1.sqlite").arg(++m_dbCount)), &error);
        if (!m_db || m_db->migrate(&error) < 0 || !ProfileStore(*m_db).ensurePresets(&error))
            qFatal("test database: %s", qPrintable(error));
        return *m_db;
    }

    static QLineEdit *lineEdit(SettingsDialog &dialog, const char *key)
    {
        return qobject_cast<QLineEdit *>(dialog.editor()->field(QString::fromLatin1(key)));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid() && m_config.isValid());
        // Settings go to a temporary folder, never the real user's.
        QCoreApplication::setOrganizationName(QStringLiteral("haier-console-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_settings"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
        qunsetenv("CONSOLE_OPERATOR");
    }

    void cleanup()
    {
        qunsetenv("CONSOLE_OPERATOR");
        ConsoleSettings::open()->clear();
    }

    void editingAUrlSavesItAndAudits()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        QAbstractItemModelTester tester(dialog.profileModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.profileModel()->rowCount(), 4);
        QCOMPARE(dialog.selectedProfileName(), QStringLiteral("mock"));
        QVERIFY(!dialog.saveButton()->isEnabled()); // nothing changed yet

        QVERIFY(dialog.selectProfile(QStringLiteral("test")));
        QCOMPARE(dialog.editor()->original().name, QStringLiteral("test"));
        QSignalSpy saved(&dialog, &SettingsDialog::profileSaved);
        const QString url = QStringLiteral("https://auth.example.com/ylh-cloud-mgt-auth-dev");
        lineEdit(dialog, "ylh.authBaseUrl")->setText(url);
        qobject_cast<QSpinBox *>(dialog.editor()->field(QStringLiteral("retry.maxRetries")))->setValue(5);
        QVERIFY(dialog.editor()->problems().isEmpty());
        QVERIFY(dialog.saveButton()->isEnabled());
        QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
        QVERIFY2(dialog.profileMessage()->text().contains(QStringLiteral("is saved")), qPrintable(dialog.profileMessage()->text()));

        const auto stored = ProfileStore(db).get(QStringLiteral("test"));
        QVERIFY(stored);
        QCOMPARE(stored->ylh.authBaseUrl, QUrl(url));
        QCOMPARE(stored->retry.maxRetries, 5);
        QCOMPARE(saved.count(), 1);
        QCOMPARE(saved.at(0).at(0).value<Profile>().name, QStringLiteral("test"));
        const QList<AuditEntry> rows = auditRows(db, QStringLiteral("profile_edit"));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).profile, QStringLiteral("test"));
        QCOMPARE(rows.at(0).detail, QStringLiteral("changed: retry.maxRetries, ylh.authBaseUrl"));
        QVERIFY(!dialog.saveButton()->isEnabled()); // the form is the saved profile now
        QVERIFY(!dialog.editor()->isModified());
        QVERIFY(dialog.profileMessage()->text().contains(QStringLiteral("is saved")));
    }

    void invalidInputIsRefused_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not a URL") << QStringLiteral("ylh.authBaseUrl") << QVariant(QStringLiteral("auth server")) << QStringLiteral("Auth base URL");
        QTest::newRow("ftp URL") << QStringLiteral("openplat.baseUrl") << QVariant(QStringLiteral("ftp://openplat.haier.net")) << QStringLiteral("not a valid http(s) URL");
        QTest::newRow("empty URL") << QStringLiteral("ylh.stockBaseUrl") << QVariant(QString()) << QStringLiteral("Stock base URL");
        QTest::newRow("token path without slash") << QStringLiteral("openplat.tokenPath") << QVariant(QStringLiteral("oauth2/auth")) << QStringLiteral("must start with '/'");
        QTest::newRow("unknown time zone") << QStringLiteral("callback.timestampZone") << QVariant(QStringLiteral("Mars/Olympus")) << QStringLiteral("unknown time zone");
        QTest::newRow("too many retries") << QStringLiteral("retry.maxRetries") << QVariant(11) << QStringLiteral("between 0 and 10");
        QTest::newRow("no concurrency") << QStringLiteral("push.concurrency") << QVariant(0) << QStringLiteral("between 1 and 64");
        QTest::newRow("short timeout") << QStringLiteral("timeoutMs") << QVariant(50) << QStringLiteral("between 100 and 600000");
    }

    void invalidInputIsRefused()
    {
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QFETCH(QString, expected);
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        dialog.show();
        QVERIFY(dialog.selectProfile(QStringLiteral("test")));
        const Profile before = *ProfileStore(db).get(QStringLiteral("test"));

        QWidget *field = dialog.editor()->field(key);
        QVERIFY(field);
        if (auto *edit = qobject_cast<QLineEdit *>(field))
            edit->setText(value.toString());
        else
            qobject_cast<QSpinBox *>(field)->setValue(value.toInt());

        // Named next to the form at once, as a sentence, and Save is off.
        QCOMPARE(dialog.editor()->problems().size(), 1);
        QVERIFY2(dialog.editor()->problems().at(0).contains(expected), qPrintable(dialog.editor()->problems().at(0)));
        QVERIFY(dialog.editor()->problemsLabel()->isVisible());
        QVERIFY(dialog.editor()->problemsLabel()->text().contains(expected));
        QVERIFY(!dialog.saveButton()->isEnabled());

        // Even when asked directly, nothing is stored and the message says what to do.
        QVERIFY(!dialog.saveProfile());
        QVERIFY(dialog.profileMessage()->text().contains(QStringLiteral("nothing was saved")));
        QCOMPARE(*ProfileStore(db).get(QStringLiteral("test")), before);
        QVERIFY(auditRows(db, QStringLiteral("profile_edit")).isEmpty());
    }

    void productionSaveNeedsTheTypedName()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        dialog.show();
        QVERIFY(dialog.selectProfile(QStringLiteral("production")));
        // The preset's plain-http YLH URLs are flagged.
        QVERIFY(dialog.editor()->warningsLabel()->isVisible());
        QVERIFY(dialog.editor()->warningsLabel()->text().contains(QStringLiteral("plain http://")));

        std::optional<QString> typed;
        int asked = 0;
        dialog.setNameTyper([&](const Profile &target, const QString &question) {
            ++asked;
            [&] { QCOMPARE(target.name, QStringLiteral("production")); }();
            [&] { QVERIFY(question.contains(QStringLiteral("PRODUCTION"))); }();
            return typed;
        });
        const QString url = QStringLiteral("https://www.yilihuo.com/ylh-cloud-mgt-auth");
        lineEdit(dialog, "ylh.authBaseUrl")->setText(url);
        const Profile before = *ProfileStore(db).get(QStringLiteral("production"));

        for (const std::optional<QString> &attempt : {std::optional<QString>(), std::optional<QString>(QString()),
                                                      std::optional<QString>(QStringLiteral("Production")),
                                                      std::optional<QString>(QStringLiteral("yes"))}) {
            typed = attempt;
            QVERIFY(!dialog.saveProfile());
            QCOMPARE(*ProfileStore(db).get(QStringLiteral("production")), before);
            QVERIFY(dialog.profileMessage()->text().contains(QStringLiteral("not saved")));
            QVERIFY(dialog.editor()->isModified()); // the edits are kept for another try
        }
        QCOMPARE(asked, 4);
        QVERIFY(auditRows(db, QStringLiteral("profile_edit")).isEmpty());

        typed = QStringLiteral("production");
        QVERIFY2(dialog.saveProfile(), qPrintable(dialog.profileMessage()->text()));
        QCOMPARE(ProfileStore(db).get(QStringLiteral("production"))->ylh.authBaseUrl, QUrl(url));
        QCOMPARE(auditRows(db, QStringLiteral("profile_edit")).size(), 1);
        QCOMPARE(auditRows(db, QStringLiteral("profile_edit")).at(0).detail, QStringLiteral("changed: ylh.authBaseUrl"));
    }

    void settingACredentialNeverShowsIt()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.selectProfile(QStringLiteral("test")));
        dialog.tabs()->setCurrentWidget(dialog.credentialsPage());
        CredentialsPage *page = dialog.credentialsPage();
        const QString key = QStringLiteral("ylh.password");
        QCOMPARE(page->state(key), CredentialsPage::State::NotSet);
        QTreeWidgetItem *item = page->keyList()->findItems(key, Qt::MatchExactly).value(0);
        QVERIFY(item);
        QCOMPARE(item->text(2), QStringLiteral("not set"));
        page->keyList()->setCurrentItem(item);
        QVERIFY(page->setButton()->isEnabled());

        const QString secret = QStringLiteral("S3cr3t-Pa55word!");
        bool typedIntoPasswordField = false;
        // The prompt is modal: type into it once it is up.
        std::function<void()> typeSecret = [&] {
            auto *prompt = dialog.findChild<SecretDialog *>();
            if (!prompt || !prompt->isVisible()) {
                QTimer::singleShot(20, this, typeSecret);
                return;
            }
            typedIntoPasswordField = prompt->field()->echoMode() == QLineEdit::Password;
            QTest::keyClicks(prompt->field(), secret);
            QVERIFY(!prompt->field()->displayText().contains(secret));
            prompt->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        };
        QTimer::singleShot(0, this, typeSecret);
        QTest::mouseClick(page->setButton(), Qt::LeftButton);

        QVERIFY(typedIntoPasswordField);
        QCOMPARE(credentials.read(QStringLiteral("test"), key, nullptr), std::optional<QString>(secret));
        QCOMPARE(page->state(key), CredentialsPage::State::Set);
        QCOMPARE(item->text(2), QStringLiteral("set"));
        QCOMPARE(page->setButton()->text(), QStringLiteral("&Replace…"));
        QVERIFY(dialog.findChildren<SecretDialog *>().isEmpty()); // the prompt and its field are gone
        const QString shown = visibleTexts(&dialog).join(QLatin1Char('\n'));
        QVERIFY(!shown.contains(secret));
        QVERIFY(page->messageLabel()->text().contains(QStringLiteral("stored")));
        const QList<AuditEntry> rows = auditRows(db, QStringLiteral("credential_set"));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).detail, key);
        for (const AuditEntry &e : AuditLog(db).recent(1000))
            QVERIFY(!e.detail.contains(secret));

        // The other profiles are untouched.
        QVERIFY(!credentials.read(QStringLiteral("pre"), key, nullptr));
    }

    void removingACredentialAsksFirst()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        QVERIFY(credentials.write(QStringLiteral("test"), QStringLiteral("callback.secret"), QStringLiteral("cb-secret"), nullptr));
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        dialog.show();
        QVERIFY(dialog.selectProfile(QStringLiteral("test")));
        CredentialsPage *page = dialog.credentialsPage();
        const QString key = QStringLiteral("callback.secret");
        QCOMPARE(page->state(key), CredentialsPage::State::Set);
        QVERIFY(!visibleTexts(&dialog).join(QLatin1Char('\n')).contains(QStringLiteral("cb-secret")));

        QStringList questions;
        bool answer = false;
        dialog.setConfirmer([&](const Profile &target, const QString &question) {
            [&] { QCOMPARE(target.name, QStringLiteral("test")); }();
            questions << question;
            return answer;
        });
        page->keyList()->setCurrentItem(page->keyList()->findItems(key, Qt::MatchExactly).value(0));
        QVERIFY(page->removeButton()->isEnabled());
        page->removeButton()->click();
        QCOMPARE(questions.size(), 1);
        QVERIFY(questions.at(0).contains(key));
        QVERIFY(credentials.read(QStringLiteral("test"), key, nullptr)); // refused: kept

        answer = true;
        page->removeButton()->click();
        QVERIFY(!credentials.read(QStringLiteral("test"), key, nullptr));
        QCOMPARE(page->state(key), CredentialsPage::State::NotSet);
        QVERIFY(!page->removeButton()->isEnabled());
        QCOMPARE(auditRows(db, QStringLiteral("credential_remove")).size(), 1);
        QCOMPARE(auditRows(db, QStringLiteral("credential_remove")).at(0).detail, key);
    }

    void anUnreachableKeychainIsExplained()
    {
        Database &db = freshDb();
        UnavailableCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        dialog.show();
        QVERIFY(dialog.selectProfile(QStringLiteral("pre")));
        CredentialsPage *page = dialog.credentialsPage();
        for (const QString &key : CredentialStore::knownKeys())
            QCOMPARE(page->state(key), CredentialsPage::State::Unavailable);
        QCOMPARE(page->keyList()->topLevelItem(0)->text(2), QStringLiteral("keychain unavailable"));
        QVERIFY(page->messageLabel()->text().contains(QStringLiteral("start gnome-keyring or KWallet")));
        QVERIFY(!page->setButton()->isEnabled());
        QVERIFY(!page->setCredential(QStringLiteral("ylh.password"), QStringLiteral("x")));
        QVERIFY(page->messageLabel()->text().contains(QStringLiteral("was not stored")));

        // The mock profile needs no keychain at all.
        QVERIFY(dialog.selectProfile(QStringLiteral("mock")));
        QVERIFY(page->messageLabel()->text().contains(QStringLiteral("demo credentials")));
    }

    void testConnectionShowsTheResult()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        auto dialog = std::make_unique<SettingsDialog>(db, credentials, QStringLiteral("mock"));
        dialog->show();
        CredentialsPage *page = dialog->credentialsPage();
        QVERIFY(!page->testButton()->isEnabled()); // no tester: nothing to run

        QList<CredentialsPage::Done> pending;
        QStringList tested;
        dialog->setConnectionTester([&](const Profile &profile, CredentialsPage::Done done) {
            tested << profile.name;
            pending << std::move(done); // answers later, like a real token request
        });
        QVERIFY(dialog->selectProfile(QStringLiteral("test")));
        QVERIFY(page->testButton()->isEnabled());
        QSignalSpy finished(page, &CredentialsPage::connectionTestFinished);
        page->testButton()->click();
        QCOMPARE(tested, QStringList{QStringLiteral("test")});
        QVERIFY(page->isTesting());
        QVERIFY(!page->testButton()->isEnabled());
        QVERIFY(page->testResultLabel()->text().contains(QStringLiteral("Testing")));

        // The answer arrives from the event loop while the window keeps running.
        QTimer::singleShot(10, this, [&] { pending.takeFirst()(false, QStringLiteral("HTTP 401: invalid_client.")); });
        QVERIFY(finished.wait(2000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(page->testResultLabel()->text().contains(QStringLiteral("failed: HTTP 401: invalid_client.")));
        QVERIFY(page->testResultLabel()->text().contains(QStringLiteral("then test again")));
        QVERIFY(page->testButton()->isEnabled());

        page->testButton()->click();
        pending.takeFirst()(true, QStringLiteral("a token valid for 3600 s was issued."));
        QVERIFY(page->testResultLabel()->text().contains(QStringLiteral("works: a token valid for 3600 s")));

        // An answer for another profile, or after the window closed, is dropped without harm.
        page->testButton()->click();
        QVERIFY(dialog->selectProfile(QStringLiteral("pre")));
        pending.takeFirst()(true, QStringLiteral("late"));
        QVERIFY(!page->testResultLabel()->text().contains(QStringLiteral("late")));
        page->testButton()->click();
        dialog.reset();
        pending.takeFirst()(true, QStringLiteral("after close"));
    }

    void switchingToProductionAsksFirst()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        QAbstractItemModelTester tester(dialog.profileModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QSignalSpy changed(&dialog, &SettingsDialog::activeProfileChanged);
        QList<Profile> targets;
        QStringList questions;
        bool answer = false;
        dialog.setConfirmer([&](const Profile &target, const QString &question) {
            targets << target;
            questions << question;
            return answer;
        });
        QVERIFY(dialog.selectProfile(QStringLiteral("production")));
        QVERIFY(dialog.useButton()->isEnabled());
        dialog.useButton()->click();
        QCOMPARE(targets.size(), 1);
        QCOMPARE(targets.at(0).name, QStringLiteral("production"));
        QVERIFY(questions.at(0).contains(QStringLiteral("PRODUCTION")));
        QCOMPARE(ProfileStore(db).activeName(), QStringLiteral("mock"));
        QCOMPARE(dialog.currentProfileName(), QStringLiteral("mock"));
        QCOMPARE(changed.count(), 0);
        QVERIFY(auditRows(db, QStringLiteral("profile_switch")).isEmpty());

        answer = true;
        QVERIFY(dialog.useProfile(QStringLiteral("production")));
        QCOMPARE(targets.size(), 2);
        QCOMPARE(ProfileStore(db).activeName(), QStringLiteral("production"));
        QCOMPARE(dialog.currentProfileName(), QStringLiteral("production"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<Profile>().name, QStringLiteral("production"));
        const QList<AuditEntry> rows = auditRows(db, QStringLiteral("profile_switch"));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).profile, QStringLiteral("production"));
        QCOMPARE(rows.at(0).detail, QStringLiteral("mock → production"));
        const int row = dialog.profileModel()->rowOf(QStringLiteral("production"));
        QCOMPARE(dialog.profileModel()->index(row, ProfileListModel::State).data(ProfileListModel::RawValueRole).toBool(), true);
        QVERIFY(!dialog.useButton()->isEnabled());
        QVERIFY(!dialog.deleteButton()->isEnabled()); // the active profile cannot be deleted
    }

    void theDefaultConfirmerWantsTheNameForProduction()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("test"));
        QSignalSpy changed(&dialog, &SettingsDialog::activeProfileChanged);
        QString typed = QStringLiteral("prod");
        dialog.setNameTyper([&](const Profile &, const QString &) { return std::optional<QString>(typed); });
        QVERIFY(!dialog.useProfile(QStringLiteral("production")));
        QCOMPARE(ProfileStore(db).activeName(), QStringLiteral("mock"));
        typed = QStringLiteral(" production ");
        QVERIFY(dialog.useProfile(QStringLiteral("production")));
        QCOMPARE(ProfileStore(db).activeName(), QStringLiteral("production"));
        QCOMPARE(changed.count(), 1);
        // "from" is the profile the console ran with, even when another was marked active.
        QCOMPARE(auditRows(db, QStringLiteral("profile_switch")).at(0).detail, QStringLiteral("test → production"));
    }

    void newProfilesComeFromPresetsAndDeletionAsks()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        QAbstractItemModelTester tester(dialog.profileModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        bool answer = false;
        dialog.setConfirmer([&](const Profile &, const QString &) { return answer; });

        QVERIFY(!dialog.createProfile(QStringLiteral("a/b"), ProfileKind::Test));
        QVERIFY(dialog.profileMessage()->text().contains(QStringLiteral("cannot be used")));
        QVERIFY(!dialog.createProfile(QStringLiteral("test"), ProfileKind::Test));
        QVERIFY(dialog.profileMessage()->text().contains(QStringLiteral("exists already")));
        QVERIFY(dialog.createProfile(QStringLiteral("acceptance"), ProfileKind::Pre));
        auto created = ProfileStore(db).get(QStringLiteral("acceptance"));
        QVERIFY(created);
        QCOMPARE(created->kind, ProfileKind::Pre);
        QCOMPARE(created->ylh.authBaseUrl, Profile::preset(ProfileKind::Pre).ylh.authBaseUrl);
        QCOMPARE(dialog.selectedProfileName(), QStringLiteral("acceptance"));
        QCOMPARE(auditRows(db, QStringLiteral("profile_create")).size(), 1);

        QVERIFY(!dialog.deleteProfile(QStringLiteral("mock"))); // in use
        QVERIFY(dialog.profileMessage()->text().contains(QStringLiteral("switch to another profile first")));
        QVERIFY(!dialog.deleteProfile(QStringLiteral("acceptance"))); // not confirmed
        QVERIFY(ProfileStore(db).get(QStringLiteral("acceptance")));
        answer = true;
        QVERIFY(dialog.deleteProfile(QStringLiteral("acceptance")));
        QVERIFY(!ProfileStore(db).get(QStringLiteral("acceptance")));
        QCOMPARE(dialog.profileModel()->rowCount(), 4);
        QCOMPARE(dialog.selectedProfileName(), QStringLiteral("mock"));
        QCOMPARE(auditRows(db, QStringLiteral("profile_delete")).size(), 1);
    }

    void operatorNameComesFromTheSettings()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        GeneralSettingsPage *page = dialog.generalPage();
        const QString osUser = AuditLog::currentOperator();
        QVERIFY(osUser != QStringLiteral("Wang Fang"));

        page->operatorField()->setText(QStringLiteral("  Wang Fang "));
        page->languageBox()->setCurrentIndex(page->languageBox()->findData(QStringLiteral("zh_CN")));
        QVERIFY(page->save());
        QSettings settings;
        QVERIFY2(settings.fileName().startsWith(m_config.path()), qPrintable(settings.fileName()));
        QCOMPARE(settings.value(QStringLiteral("operator")).toString(), QStringLiteral("Wang Fang"));
        QCOMPARE(settings.value(QStringLiteral("language")).toString(), QStringLiteral("zh_CN"));
        QCOMPARE(AuditLog::currentOperator(), QStringLiteral("Wang Fang"));
        const QList<AuditEntry> rows = auditRows(db, QStringLiteral("operator_change"));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).operatorName, QStringLiteral("Wang Fang"));

        // The environment wins, then the setting, then the OS user.
        qputenv("CONSOLE_OPERATOR", "ci-bot");
        QCOMPARE(AuditLog::currentOperator(), QStringLiteral("ci-bot"));
        qunsetenv("CONSOLE_OPERATOR");
        page->operatorField()->clear();
        page->languageBox()->setCurrentIndex(0);
        QVERIFY(page->save());
        settings.sync();
        QVERIFY(!settings.contains(QStringLiteral("operator")));
        QVERIFY(!settings.contains(QStringLiteral("language")));
        QCOMPARE(AuditLog::currentOperator(), osUser);
    }

    // Turning production into another kind needs the profile's name typed, and is audited with both kinds.
    void changingAKindAsksAndIsAudited()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        dialog.show();
        QVERIFY(dialog.selectProfile(QStringLiteral("production")));
        auto *kind = qobject_cast<QComboBox *>(dialog.editor()->field(QStringLiteral("kind")));
        QVERIFY(kind);
        QCOMPARE(kind->currentData().toString(), QStringLiteral("production"));
        std::optional<QString> typed = QStringLiteral("yes");
        QStringList questions;
        dialog.setNameTyper([&](const Profile &target, const QString &question) {
            [&] { QCOMPARE(target.name, QStringLiteral("production")); }();
            questions << question;
            return typed;
        });
        kind->setCurrentIndex(kind->findData(QStringLiteral("mock")));
        QVERIFY(!dialog.saveProfile());
        QCOMPARE(ProfileStore(db).get(QStringLiteral("production"))->kind, ProfileKind::Production);
        QVERIFY(dialog.profileMessage()->text().contains(QStringLiteral("not saved")));
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.first().contains(QStringLiteral("from production to mock")), qPrintable(questions.first()));
        QVERIFY(auditRows(db, QStringLiteral("profile_kind_change")).isEmpty());

        typed = QStringLiteral("production");
        QVERIFY2(dialog.saveProfile(), qPrintable(dialog.profileMessage()->text()));
        QCOMPARE(ProfileStore(db).get(QStringLiteral("production"))->kind, ProfileKind::Mock);
        QCOMPARE(auditRows(db, QStringLiteral("profile_kind_change")).size(), 1);
        QCOMPARE(auditRows(db, QStringLiteral("profile_kind_change")).at(0).detail, QStringLiteral("production → mock"));
        // Another kind changes after a plain yes.
        int asked = 0;
        dialog.setConfirmer([&](const Profile &, const QString &) { ++asked; return true; });
        QVERIFY(dialog.selectProfile(QStringLiteral("test")));
        kind = qobject_cast<QComboBox *>(dialog.editor()->field(QStringLiteral("kind")));
        kind->setCurrentIndex(kind->findData(QStringLiteral("pre")));
        QVERIFY(dialog.saveProfile());
        QCOMPARE(asked, 1);
        QCOMPARE(ProfileStore(db).get(QStringLiteral("test"))->kind, ProfileKind::Pre);
    }

    void everyButtonHasAMnemonic()
    {
        Database &db = freshDb();
        MemoryCredentialStore credentials;
        SettingsDialog dialog(db, credentials, QStringLiteral("mock"));
        const auto buttons = dialog.findChildren<QPushButton *>();
        for (const QPushButton *button : buttons) {
            if (qobject_cast<QDialogButtonBox *>(button->parentWidget()))
                continue; // Close: Esc
            QVERIFY2(button->text().contains(QLatin1Char('&')), qPrintable(button->text()));
        }
        for (int i = 0; i < dialog.tabs()->count(); ++i)
            QVERIFY(dialog.tabs()->tabText(i).contains(QLatin1Char('&')));
        // Every field of the form can be reached with Tab.
        for (const QString &key : dialog.editor()->keys())
            QVERIFY2(dialog.editor()->field(key)->focusPolicy() & Qt::TabFocus, qPrintable(key));
    }
};

QTEST_MAIN(TestUiSettings)
#include "tst_ui_settings.moc"
