// File → Database… and the first-run offer: bad input refused with a sentence and nothing stored,
// the password in the credential store only, training data on an empty database shown in the window.
#include "models/consolesettings.h"
#include "models/database.h"
#include "models/databasechoice.h"
#include "models/demodata.h"
#include "models/orderlistmodel.h"
#include "models/orderstore.h"
#include "net/credentialstore.h"
#include "models/clock.h"
#include "net/orderactions.h"
#include "ui/databasedialog.h"
#include "ui/firstrundialog.h"
#include "ui/mainwindow.h"
#include "ui/orderspage.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

class TestUiDatabaseDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QString settingsText()
    {
        QFile file(ConsoleSettings::fileName());
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    static void fillPostgres(DatabaseDialog &dialog, const QString &host, int port, const QString &name, const QString &user,
                             const QString &password)
    {
        dialog.postgresButton()->setChecked(true);
        dialog.hostField()->setText(host);
        dialog.portField()->setValue(port);
        dialog.nameField()->setText(name);
        dialog.userField()->setText(user);
        dialog.passwordField()->setText(password);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("haier-console-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_databasedialog"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
        qunsetenv("CONSOLE_DB");
    }

    void cleanup()
    {
        ConsoleSettings::open()->clear();
    }

    void invalidInputIsRefusedWithASentence()
    {
        MemoryCredentialStore credentials;
        DatabaseDialog dialog(credentials);
        dialog.show();
        // No host.
        fillPostgres(dialog, QString(), 5432, QStringLiteral("shop"), QStringLiteral("desk"), QStringLiteral("made-up-pw"));
        dialog.okButton()->click();
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.message().contains(QLatin1String("host")) && dialog.message().endsWith(QLatin1Char('.')), qPrintable(dialog.message()));
        // A database name with URL syntax in it.
        fillPostgres(dialog, QStringLiteral("db.shop.lan"), 5432, QStringLiteral("shop/x"), QStringLiteral("desk"), QStringLiteral("made-up-pw"));
        dialog.okButton()->click();
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.message().contains(QLatin1String("database name")), qPrintable(dialog.message()));
        // No user.
        fillPostgres(dialog, QStringLiteral("db.shop.lan"), 5432, QStringLiteral("shop"), QString(), QStringLiteral("made-up-pw"));
        dialog.okButton()->click();
        QVERIFY2(dialog.message().contains(QLatin1String("user")), qPrintable(dialog.message()));
        // An SQLite file without its full path.
        dialog.sqliteButton()->setChecked(true);
        dialog.pathField()->setText(QStringLiteral("shop.sqlite"));
        dialog.okButton()->click();
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.message().contains(QLatin1String("full path")), qPrintable(dialog.message()));
        // Nothing was stored anywhere.
        QVERIFY(!DatabaseChoice::load());
        QString error;
        QVERIFY(!credentials.read(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), &error));
        // A choice the tester cannot open is refused with its reason, nothing stored.
        dialog.setTester([](const DatabaseChoice &, const QString &, QString *why) {
            *why = QStringLiteral("connection refused");
            return false;
        });
        fillPostgres(dialog, QStringLiteral("db.shop.lan"), 5433, QStringLiteral("shop"), QStringLiteral("desk"), QStringLiteral("made-up-pw"));
        dialog.okButton()->click();
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.message().contains(QLatin1String("connection refused")), qPrintable(dialog.message()));
        QVERIFY(!DatabaseChoice::load());
        QVERIFY(!credentials.read(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), &error));
    }

    void postgresChoiceKeepsThePasswordInTheCredentialStore()
    {
        MemoryCredentialStore credentials;
        DatabaseDialog dialog(credentials);
        QString testedWith;
        dialog.setTester([&](const DatabaseChoice &choice, const QString &password, QString *) {
            testedWith = password;
            return !choice.location().contains(password);
        });
        dialog.show();
        fillPostgres(dialog, QStringLiteral("db.shop.lan"), 5433, QStringLiteral("shop"), QStringLiteral("desk"), QStringLiteral("s3cret-made-up"));
        dialog.okButton()->click();
        QVERIFY2(!dialog.isVisible(), qPrintable(dialog.message()));
        QCOMPARE(testedWith, QStringLiteral("s3cret-made-up"));
        QString error;
        QCOMPARE(credentials.read(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), &error).value_or(QString()),
                 QStringLiteral("s3cret-made-up"));
        const std::optional<DatabaseChoice> stored = DatabaseChoice::load();
        QVERIFY(stored);
        QCOMPARE(stored->kind, DatabaseChoice::Kind::Postgres);
        QCOMPARE(stored->host, QStringLiteral("db.shop.lan"));
        QCOMPARE(stored->port, 5433);
        QCOMPARE(stored->location(), QStringLiteral("postgresql://desk@db.shop.lan:5433/shop"));
        // Neither the settings file nor the URL nor the widget holds the password.
        const QString text = settingsText();
        QVERIFY2(text.contains(QLatin1String("db.shop.lan")), qPrintable(text));
        QVERIFY(!text.contains(QLatin1String("s3cret")));
        QVERIFY(!stored->location().contains(QLatin1String("s3cret")));
        QVERIFY(dialog.passwordField()->text().isEmpty());
        QCOMPARE(dialog.passwordField()->echoMode(), QLineEdit::Password);

        // Opened again: the stored choice is shown, the password is not; left empty, it stays stored.
        DatabaseDialog again(credentials);
        QVERIFY(again.postgresButton()->isChecked());
        QCOMPARE(again.hostField()->text(), QStringLiteral("db.shop.lan"));
        QVERIFY(again.passwordField()->text().isEmpty());
        again.show();
        again.okButton()->click();
        QVERIFY(!again.isVisible());
        QCOMPARE(credentials.read(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), &error).value_or(QString()),
                 QStringLiteral("s3cret-made-up"));
    }

    void sqliteChoiceIsStored()
    {
        MemoryCredentialStore credentials;
        DatabaseDialog dialog(credentials);
        dialog.show();
        const QString path = m_dir.filePath(QStringLiteral("shop.sqlite"));
        dialog.sqliteButton()->setChecked(true);
        dialog.pathField()->setText(path);
        dialog.okButton()->click();
        QVERIFY2(!dialog.isVisible(), qPrintable(dialog.message()));
        const std::optional<DatabaseChoice> stored = DatabaseChoice::load();
        QVERIFY(stored);
        QCOMPARE(stored->kind, DatabaseChoice::Kind::Sqlite);
        QCOMPARE(stored->location(), QDir::cleanPath(path));
    }

    void emptyDatabaseOffersTrainingData()
    {
        QString error;
        auto db = Database::open(m_dir.filePath(QStringLiteral("first.sqlite")), &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        QVERIFY(FirstRunDialog::isEmpty(*db));
        OrderStore store(*db);
        SystemClock actionsClock;
        OrderActions actions(*db, actionsClock, Profile::preset(ProfileKind::Mock), [](QString *) { return OrderActions::Services(); });
        MainWindow window(*db, store, actions);
        window.show();
        QCOMPARE(window.ordersPage()->model()->rowCount(), 0);
        // The offer comes up; staff choose training data.
        QString offered;
        QTimer click;
        click.setInterval(20);
        connect(&click, &QTimer::timeout, this, [&] {
            auto *dialog = qobject_cast<FirstRunDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            click.stop();
            offered = dialog->windowTitle();
            dialog->trainingButton()->click();
        });
        click.start();
        bool databaseOpened = false;
        QCOMPARE(FirstRunDialog::offer(window, *db, [&] { databaseOpened = true; }), FirstRunDialog::TrainingData);
        QVERIFY(!offered.isEmpty());
        QVERIFY(!databaseOpened);
        // The same orders `haierctl demo-data --orders 1000 --seed 1` writes, listed in the window.
        QCOMPARE(store.count(OrderQuery{}), FirstRunDialog::TrainingOrders);
        QVERIFY(window.ordersPage()->model()->rowCount() > 0);
        QVERIFY(!FirstRunDialog::isEmpty(*db));
        // Nothing else was bound: no push job, the profile unchanged.
        QCOMPARE(window.profile().name, QStringLiteral("mock"));

        // A database with orders is not asked about (no dialog comes up: offer returns at once).
        QCOMPARE(FirstRunDialog::offer(window, *db, [&] { databaseOpened = true; }), FirstRunDialog::NotNow);
        QVERIFY(!databaseOpened);
    }

    void shopDatabaseChoiceOpensTheDatabaseDialog()
    {
        QString error;
        auto db = Database::open(m_dir.filePath(QStringLiteral("first2.sqlite")), &error);
        QVERIFY2(db && db->migrate(&error) > 0, qPrintable(error));
        OrderStore store(*db);
        SystemClock actionsClock;
        OrderActions actions(*db, actionsClock, Profile::preset(ProfileKind::Mock), [](QString *) { return OrderActions::Services(); });
        MainWindow window(*db, store, actions);
        QTimer click;
        click.setInterval(20);
        connect(&click, &QTimer::timeout, this, [&] {
            if (auto *dialog = qobject_cast<FirstRunDialog *>(QApplication::activeModalWidget())) {
                click.stop();
                dialog->shopButton()->click();
            }
        });
        click.start();
        bool databaseOpened = false;
        QCOMPARE(FirstRunDialog::offer(window, *db, [&] { databaseOpened = true; }), FirstRunDialog::ShopDatabase);
        QVERIFY(databaseOpened);
        QVERIFY(FirstRunDialog::isEmpty(*db)); // nothing written
    }
};

QTEST_MAIN(TestUiDatabaseDialog)
#include "tst_ui_databasedialog.moc"
