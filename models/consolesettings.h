#pragma once

#include <QString>

#include <memory>

class QSettings;

// The console's per-user settings (QSettings), one typed accessor per key with its default, so no
// caller spells a key or a default of its own. Shared by the window, the CLI and the audit log.
class ConsoleSettings final
{
public:
    // The application's QSettings; without an organization name the application name stands in,
    // so the file lands in the console's own folder rather than "Unknown Organization".
    static std::unique_ptr<QSettings> open();
    static QString fileName();

    // "operator": the name the audit log records; empty means "the OS user".
    static QString operatorName();
    static bool setOperatorName(const QString &name); // false: the file could not be written

    // "language": "" (follow the system), "en" or "zh_CN"; read at start-up.
    static QString language();
    static bool setLanguage(const QString &language);
    static bool isKnownLanguage(const QString &language);
};
