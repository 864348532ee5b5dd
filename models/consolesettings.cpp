#include "models/consolesettings.h"

#include <QCoreApplication>
#include <QSettings>

namespace {

const QString operatorKey = QStringLiteral("operator");
const QString languageKey = QStringLiteral("language");

} // namespace

std::unique_ptr<QSettings> ConsoleSettings::open()
{
    const QString application = QCoreApplication::applicationName();
    const QString organization = QCoreApplication::organizationName();
    return std::make_unique<QSettings>(organization.isEmpty() ? application : organization, application);
}

QString ConsoleSettings::operatorName()
{
    return open()->value(operatorKey).toString().trimmed();
}

QString ConsoleSettings::fileName()
{
    return open()->fileName();
}

bool ConsoleSettings::setOperatorName(const QString &name)
{
    const auto settings = open();
    if (name.trimmed().isEmpty())
        settings->remove(operatorKey);
    else
        settings->setValue(operatorKey, name.trimmed());
    settings->sync();
    return settings->status() == QSettings::NoError;
}

QString ConsoleSettings::language()
{
    const QString value = open()->value(languageKey).toString();
    return isKnownLanguage(value) ? value : QString();
}

bool ConsoleSettings::setLanguage(const QString &language)
{
    const auto settings = open();
    if (language.isEmpty() || !isKnownLanguage(language))
        settings->remove(languageKey);
    else
        settings->setValue(languageKey, language);
    settings->sync();
    return settings->status() == QSettings::NoError;
}

bool ConsoleSettings::isKnownLanguage(const QString &language)
{
    return language.isEmpty() || language == QLatin1String("en") || language == QLatin1String("zh_CN");
}
