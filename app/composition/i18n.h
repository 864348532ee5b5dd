#pragma once

#include <QString>

class QCoreApplication;

// Installs the console's and Qt's own translations for `language` ("zh_CN", "en"), or, when empty,
// for CONSOLE_LANG, the "language" setting or the system locale. Returns the language in use.
QString installTranslations(QCoreApplication &app, const QString &language = QString());
