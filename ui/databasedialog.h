#pragma once

#include "models/databasechoice.h"

#include <QDialog>

#include <functional>

class CredentialStore;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

// File → Database…: an SQLite file, or the shop's PostgreSQL server by host, port, name and user.
// The choice goes to the settings every program reads (DatabaseChoice); the password goes to the
// credential store only, and is never shown, put in a URL or written to the settings.
class DatabaseDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabaseDialog)

public:
    // Tries the choice before it is stored; false with *why refuses it (the composition root opens it).
    using Tester = std::function<bool(const DatabaseChoice &choice, const QString &password, QString *why)>;

    DatabaseDialog(CredentialStore &credentials, QWidget *parent = nullptr);

    void setTester(Tester tester) { m_tester = std::move(tester); }
    DatabaseChoice choice() const;
    QString message() const;

    QRadioButton *sqliteButton() const { return m_sqlite; }
    QRadioButton *postgresButton() const { return m_postgres; }
    QLineEdit *pathField() const { return m_path; }
    QLineEdit *hostField() const { return m_host; }
    QSpinBox *portField() const { return m_port; }
    QLineEdit *nameField() const { return m_name; }
    QLineEdit *userField() const { return m_user; }
    QLineEdit *passwordField() const { return m_password; }
    QPushButton *okButton() const { return m_ok; }

    void accept() override;

private:
    void showKind();
    void refuse(const QString &sentence);

    CredentialStore &m_credentials;
    Tester m_tester;
    QRadioButton *m_sqlite;
    QRadioButton *m_postgres;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_name;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_message;
    QPushButton *m_ok;
    QWidget *m_sqliteBox;
    QWidget *m_postgresBox;
};
