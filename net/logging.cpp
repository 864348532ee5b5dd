#include "net/logging.h"

#include "models/auditlog.h"
#include "models/escaping.h"
#include "models/privatefile.h"
#include "net/redaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMutex>
#include <QStandardPaths>

#include <cstdio>
#include <memory>

Q_LOGGING_CATEGORY(lcApp, "console.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApi, "console.net.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPush, "console.net.push", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "console.net.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCallback, "console.net.callback", QtInfoMsg)

namespace {

// A log file that renames itself aside when it grows past the limit.
class RotatingFile
{
public:
    RotatingFile(QString path, qint64 maxBytes, int keep) : m_path(std::move(path)), m_maxBytes(maxBytes), m_keep(keep) {}

    void write(const QByteArray &line)
    {
        if (!m_file.isOpen()) {
            m_file.setFileName(m_path);
            if (!PrivateFile::open(m_file, QIODevice::Append | QIODevice::WriteOnly))
                return;
        }
        if (m_file.size() + line.size() > m_maxBytes)
            rotate();
        m_file.write(line);
        m_file.flush();
    }

private:
    void rotate()
    {
        m_file.close();
        const QString base = m_path.left(m_path.size() - 4); // without ".log"
        QFile::remove(QStringLiteral("%1.%2.log").arg(base).arg(m_keep));
        for (int i = m_keep - 1; i >= 1; --i)
            QFile::rename(QStringLiteral("%1.%2.log").arg(base).arg(i), QStringLiteral("%1.%2.log").arg(base).arg(i + 1));
        QFile::rename(m_path, QStringLiteral("%1.1.log").arg(base));
        m_file.setFileName(m_path);
        if (!PrivateFile::open(m_file, QIODevice::Append | QIODevice::WriteOnly))
            return;
    }

    QString m_path;
    qint64 m_maxBytes;
    int m_keep;
    QFile m_file;
};

struct State {
    QMutex mutex;
    QString program;
    QString directory;
    bool echo = false;
    std::unique_ptr<RotatingFile> all;
    std::unique_ptr<RotatingFile> errors;
    std::unique_ptr<RotatingFile> audit;
};

State &state()
{
    static State s;
    return s;
}

const char *typeName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "critical";
    case QtFatalMsg: return "fatal";
    }
    return "?";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    State &s = state();
    const char *category = context.category ? context.category : "default";
    const QString line = Logging::formatLine(type, category, s.program, message);
    const QByteArray bytes = line.toUtf8() + '\n';
    {
        QMutexLocker lock(&s.mutex);
        if (s.all)
            s.all->write(bytes);
        if (s.errors && type != QtDebugMsg && type != QtInfoMsg)
            s.errors->write(bytes);
        if (s.audit && qstrcmp(category, lcAudit().categoryName()) == 0)
            s.audit->write(bytes);
    }
    if (s.echo || type == QtCriticalMsg || type == QtFatalMsg) {
        std::fputs(bytes.constData(), stderr);
        std::fflush(stderr);
    }
}

} // namespace

namespace Logging {

QString formatLine(QtMsgType type, const char *category, const QString &program, const QString &message)
{
    // One record, one line; nothing from a request can move the cursor or forge a line.
    const QString text = Escaping::controls(Redaction::text(message));
    return QStringLiteral("%1 %2[%3] %4 %5: %6")
        .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), program)
        .arg(QCoreApplication::applicationPid())
        .arg(QString::fromLatin1(typeName(type)).leftJustified(8), QLatin1String(category), text);
}

void install(const QString &program, const Options &options)
{
    State &s = state();
    QString dir = options.directory;
    if (dir.isEmpty())
        dir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("logs"));
    {
        QMutexLocker lock(&s.mutex);
        s.program = program;
        s.directory = dir;
        // Started by systemd (JOURNAL_STREAM set), stderr is the journal: everything goes there too.
        s.echo = options.echoToStderr || qEnvironmentVariableIsSet("CONSOLE_LOG_STDERR") || qEnvironmentVariableIsSet("JOURNAL_STREAM");
        if (QDir().mkpath(dir)) {
            s.all = std::make_unique<RotatingFile>(QDir(dir).filePath(QStringLiteral("all.log")), options.maxFileBytes, options.keepFiles);
            s.errors = std::make_unique<RotatingFile>(QDir(dir).filePath(QStringLiteral("errors.log")), options.maxFileBytes, options.keepFiles);
            s.audit = std::make_unique<RotatingFile>(QDir(dir).filePath(QStringLiteral("audit.log")), options.maxFileBytes, options.keepFiles);
        }
    }
    qInstallMessageHandler(handler);
}

void uninstall()
{
    qInstallMessageHandler(nullptr);
    State &s = state();
    QMutexLocker lock(&s.mutex);
    s.all.reset();
    s.errors.reset();
    s.audit.reset();
}

QString directory()
{
    return state().directory;
}

} // namespace Logging
