#pragma once

#include <QWidget>

class AuditLog;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

// The operator's own settings: the name the audit log records and the language of the window.
class GeneralSettingsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GeneralSettingsPage)

public:
    explicit GeneralSettingsPage(AuditLog &audit, QWidget *parent = nullptr);

    // Writes both settings (QSettings); a changed operator name is audited.
    bool save();
    // Shows what is stored now.
    void load();

    QLineEdit *operatorField() const { return m_operator; }
    QComboBox *languageBox() const { return m_language; }
    QPushButton *saveButton() const { return m_save; }
    QLabel *messageLabel() const { return m_message; }

private:
    AuditLog &m_audit;
    QLineEdit *m_operator;
    QComboBox *m_language;
    QPushButton *m_save;
    QLabel *m_message;
};
