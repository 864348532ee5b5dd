#include "ui/databasedialog.h"

#include "models/database.h"
#include "net/credentialstore.h"
#include "ui/screenfit.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QSpinBox>
#include <QVBoxLayout>

DatabaseDialog::DatabaseDialog(CredentialStore &credentials, QWidget *parent)
    : QDialog(parent)
    , m_credentials(credentials)
    , m_sqlite(new QRadioButton(tr("An &SQLite file on this computer"), this))
    , m_postgres(new QRadioButton(tr("The shop's &PostgreSQL server"), this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("&Browse…"), this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_name(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_ok(nullptr)
    , m_sqliteBox(new QWidget(this))
    , m_postgresBox(new QWidget(this))
{
    setWindowTitle(tr("Database"));
    auto *intro = new QLabel(tr("The database the console, haierctl and the callback receiver use on this computer. "
                                "It is used from the next start of each program."), this);
    intro->setWordWrap(true);

    auto *sqliteForm = new QFormLayout(m_sqliteBox);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *pathLabel = new QLabel(tr("&File:"), m_sqliteBox);
    pathLabel->setBuddy(m_path);
    sqliteForm->addRow(pathLabel, pathRow);
    m_browse->setAccessibleDescription(tr("Choose the SQLite file"));

    auto *postgresForm = new QFormLayout(m_postgresBox);
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_port->setGroupSeparatorShown(false);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAttribute(Qt::WA_InputMethodEnabled, false);
    m_password->setPlaceholderText(tr("Kept in the keychain; leave empty to keep the stored one"));
    postgresForm->addRow(tr("&Host:"), m_host);
    postgresForm->addRow(tr("P&ort:"), m_port);
    postgresForm->addRow(tr("Database &name:"), m_name);
    postgresForm->addRow(tr("&User:"), m_user);
    postgresForm->addRow(tr("Pass&word:"), m_password);

    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setObjectName(QStringLiteral("databaseMessage"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Use this &database"));
    connect(buttons, &QDialogButtonBox::accepted, this, &DatabaseDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::finished, m_password, &QLineEdit::clear); // the password never lingers in the widget

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_sqlite);
    layout->addWidget(m_sqliteBox);
    layout->addWidget(m_postgres);
    layout->addWidget(m_postgresBox);
    if (!qEnvironmentVariable("CONSOLE_DB").isEmpty()) {
        auto *note = new QLabel(tr("CONSOLE_DB is set in this environment and wins over the choice made here."), this);
        note->setWordWrap(true);
        layout->addWidget(note);
    }
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_sqlite, &QRadioButton::toggled, this, &DatabaseDialog::showKind);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("SQLite file"), m_path->text(), tr("SQLite databases (*.sqlite *.db);;All files (*)"),
                                                          nullptr, QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty())
            m_path->setText(QDir::toNativeSeparators(file));
    });

    const std::optional<DatabaseChoice> stored = DatabaseChoice::load();
    const DatabaseChoice current = stored.value_or(DatabaseChoice{});
    m_path->setText(QDir::toNativeSeparators(current.kind == DatabaseChoice::Kind::Sqlite && !current.sqlitePath.isEmpty()
                                                 ? current.sqlitePath : Database::defaultSqlitePath()));
    m_host->setText(current.host);
    m_port->setValue(current.port);
    m_name->setText(current.name);
    m_user->setText(current.user);
    (current.kind == DatabaseChoice::Kind::Postgres ? m_postgres : m_sqlite)->setChecked(true);
    showKind();
    resize(fitToScreen(QSize(560, 420), screen()->availableGeometry()));
}

void DatabaseDialog::showKind()
{
    m_sqliteBox->setEnabled(m_sqlite->isChecked());
    m_postgresBox->setEnabled(m_postgres->isChecked());
}

DatabaseChoice DatabaseDialog::choice() const
{
    DatabaseChoice c;
    c.kind = m_postgres->isChecked() ? DatabaseChoice::Kind::Postgres : DatabaseChoice::Kind::Sqlite;
    if (c.kind == DatabaseChoice::Kind::Sqlite) {
        c.sqlitePath = QDir::fromNativeSeparators(m_path->text().trimmed());
    } else {
        c.host = m_host->text().trimmed();
        c.port = m_port->value();
        c.name = m_name->text().trimmed();
        c.user = m_user->text().trimmed();
    }
    return c;
}

QString DatabaseDialog::message() const
{
    return m_message->text();
}

void DatabaseDialog::refuse(const QString &sentence)
{
    m_message->setText(sentence);
}

void DatabaseDialog::accept()
{
    const DatabaseChoice c = choice();
    const QString problem = c.problem();
    if (!problem.isEmpty())
        return refuse(problem);
    const QString typed = c.kind == DatabaseChoice::Kind::Postgres ? m_password->text() : QString();
    if (m_tester) {
        QString password = typed;
        if (password.isEmpty() && c.kind == DatabaseChoice::Kind::Postgres) {
            QString ignored; // nothing stored, or no keychain: the server may not need one
            password = m_credentials.read(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), &ignored).value_or(QString());
        }
        QString why;
        if (!m_tester(c, password, &why))
            return refuse(tr("This database cannot be used: %1").arg(why));
    }
    QString why;
    if (!typed.isEmpty() && !m_credentials.write(DatabaseChoice::credentialProfile(), DatabaseChoice::passwordKey(), typed, &why))
        return refuse(tr("The password could not be kept in the keychain, so nothing was changed: %1").arg(why));
    if (!DatabaseChoice::store(c, &why))
        return refuse(why);
    m_password->clear();
    QDialog::accept();
}
