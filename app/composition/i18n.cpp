#include "app/composition/i18n.h"

#include "models/consolesettings.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

QString installTranslations(QCoreApplication &app, const QString &language)
{
    QString wanted = language;
    if (wanted.isEmpty())
        wanted = qEnvironmentVariable("CONSOLE_LANG");
    if (wanted.isEmpty())
        wanted = ConsoleSettings::language(); // the settings dialog's choice; empty follows the system
    const QLocale locale = wanted.isEmpty() ? QLocale::system() : QLocale(wanted);
    if (locale.language() != QLocale::Chinese) {
        if (!wanted.isEmpty())
            QLocale::setDefault(locale); // dates and numbers in the chosen language too
        // English needs its plural forms only: "1 order", "2 orders" from "%n order(s)".
        auto *plurals = new QTranslator(&app);
        if (plurals->load(QStringLiteral(":/i18n/console_en.qm")))
            QCoreApplication::installTranslator(plurals);
        return QStringLiteral("en");
    }
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    auto *own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/console_zh_CN.qm")))
        QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return QStringLiteral("zh_CN");
}
