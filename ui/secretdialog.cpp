#include "ui/secretdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SecretDialog::SecretDialog(const QString &profile, const QString &key, bool replacing, QWidget *parent)
    : QDialog(parent)
    , m_field(new QLineEdit(this))
{
    setWindowTitle(replacing ? tr("Replace %1").arg(key) : tr("Set %1").arg(key));
    auto *intro = new QLabel(replacing
        ? tr("Type the new value of %1 for profile %2. It replaces the stored one in the keychain and is not shown again.").arg(key, profile)
        : tr("Type the value of %1 for profile %2. It is stored in the keychain and is not shown again.").arg(key, profile), this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    m_field->setEchoMode(QLineEdit::Password);
    m_field->setAttribute(Qt::WA_InputMethodEnabled, false); // no input-method pre-edit of the secret
    auto *form = new QFormLayout;
    form->addRow(tr("&Value:"), m_field);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Store"));
    ok->setEnabled(false);
    connect(m_field, &QLineEdit::textChanged, ok, [ok](const QString &text) { ok->setEnabled(!text.isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Whatever happens, the typed text does not outlive the question.
    connect(this, &QDialog::rejected, m_field, &QLineEdit::clear);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_field->setFocus();
}

QString SecretDialog::takeValue()
{
    const QString value = m_field->text();
    m_field->clear();
    return value;
}
