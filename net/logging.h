#pragma once

#include "models/auditlog.h" // lcAudit, the one "console.audit" category

#include <QLoggingCategory>
#include <QString>

// One category per component (domain.md "Logging"). Messages pass through Redaction before they are
// written anywhere, so no path can leak a token, password, secret, Authorization header or Sign.
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcPush)
Q_DECLARE_LOGGING_CATEGORY(lcSync) // writing the sync log
Q_DECLARE_LOGGING_CATEGORY(lcCallback)

namespace Logging {

struct Options {
    QString directory;               // empty: <app data>/logs
    qint64 maxFileBytes = 5 * 1024 * 1024;
    int keepFiles = 5;               // rotated copies kept per file (name.1.log … name.N.log)
    bool echoToStderr = false;       // also print (redacted) to stderr; so do CONSOLE_LOG_STDERR and JOURNAL_STREAM (systemd)
};

// Installs the message handler: all.log (everything), errors.log (warnings and worse), audit.log
// (lcAudit). `program` names the process in each line.
void install(const QString &program, const Options &options = Options());
// Restores Qt's default handler and closes the files (tests).
void uninstall();
QString directory();
// One line as written to the files (exposed for tests).
QString formatLine(QtMsgType type, const char *category, const QString &program, const QString &message);

} // namespace Logging
