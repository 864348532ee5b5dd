#include "ui/generalsettingspage.h"

#include "models/auditlog.h"
#include "models/consolesettings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

GeneralSettingsPage::GeneralSettingsPage(AuditLog &audit, QWidget *parent)
    : QWidget(parent)
    , m_audit(audit)
    , m_operator(new QLineEdit(this))
    , m_language(new QComboBox(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_message(new QLabel(this))
{
    m_operator->setMaxLength(64);
    auto *operatorNote = new QLabel(tr("Recorded in the audit log for every push, retry and profile change. "
                                       "Leave it empty to use your system user name. The CONSOLE_OPERATOR "
                                       "environment variable, when set, wins over this."), this);
    operatorNote->setWordWrap(true);

    m_language->addItem(tr("System"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    auto *languageNote = new QLabel(tr("The language changes the next time the console starts."), this);
    languageNote->setWordWrap(true);

    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Operator name:"), m_operator);
    form->addRow(QString(), operatorNote);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), languageNote);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_save);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch();
    layout->addLayout(buttons);

    connect(m_save, &QPushButton::clicked, this, &GeneralSettingsPage::save);
    load();
}

void GeneralSettingsPage::load()
{
    m_operator->setText(ConsoleSettings::operatorName());
    m_operator->setPlaceholderText(qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")));
    m_language->setCurrentIndex(qMax(0, m_language->findData(ConsoleSettings::language())));
}

bool GeneralSettingsPage::save()
{
    const QString before = ConsoleSettings::operatorName();
    const QString name = m_operator->text().trimmed();
    if (name.contains(QLatin1Char('\n'))) {
        m_message->setText(tr("The operator name must be one line; nothing was saved."));
        return false;
    }
    if (!ConsoleSettings::setOperatorName(name) || !ConsoleSettings::setLanguage(m_language->currentData().toString())) {
        m_message->setText(tr("The settings could not be written to %1. Check that the folder is writable, then save again.")
                               .arg(ConsoleSettings::fileName()));
        return false;
    }
    if (before != name) {
        // Who the audit log names from now on is itself worth a line in it.
        const QString system = QStringLiteral("(system user)"); // the audit log is not translated
        m_audit.record({0, {}, {}, QStringLiteral("operator_change"), {}, {},
                        QStringLiteral("%1 → %2").arg(before.isEmpty() ? system : before, name.isEmpty() ? system : name)});
    }
    const QString effective = AuditLog::currentOperator();
    m_message->setText(effective == name || name.isEmpty()
        ? tr("Saved. The audit log names the operator %1.").arg(effective)
        : tr("Saved, but CONSOLE_OPERATOR is set, so the audit log names the operator %1 until it is unset.").arg(effective));
    return true;
}
