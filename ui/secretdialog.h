#pragma once

#include <QDialog>

class QLineEdit;

// Asks for one secret: a password field (never echoed), OK only when something was typed.
class SecretDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretDialog)

public:
    SecretDialog(const QString &profile, const QString &key, bool replacing, QWidget *parent = nullptr);

    QLineEdit *field() const { return m_field; }
    // Hands the typed value over and clears the field, so the dialog keeps no copy.
    QString takeValue();

private:
    QLineEdit *m_field;
};
