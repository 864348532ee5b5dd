#pragma once

#include "models/profile.h"

#include <QCommandLineParser>
#include <QIODevice>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

class AppContext;
class CliSession;

// Exit codes of every haierctl command; when several apply, 3 wins over 2, 2 over 1.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailed = 1,    // some of the work failed or was refused
    ExitBadInput = 2,  // bad arguments, unknown order, invalid file, an order refused by `payload`
    ExitConfig = 3,    // unknown profile, missing credentials, database unreachable
};

inline int worseExit(int a, int b) { return qMax(a, b); }

// What a command gets: its parsed arguments, the output streams, and the database on demand.
class CliContext final
{
public:
    CliContext(QCommandLineParser &parser, QStringList words, QTextStream &out, QTextStream &err);
    ~CliContext();

    QCommandLineParser &args() { return m_parser; }
    const QStringList &words() const { return m_words; } // positional words after the verb
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    QString dbLocation() const { return m_parser.value(QStringLiteral("db")); }
    QString profileOption() const { return m_parser.value(QStringLiteral("profile")); }

    // Opens the database (migrating it); on failure prints the reason and returns null (exit 3).
    AppContext *context();

    // The profile named by --profile, else the active one; prints why not (then exit 3).
    std::optional<Profile> profile();

    // The verb's session: database, profile, network side and staff actions, opened once each.
    CliSession &session() { return *m_session; }

    // Prints a usage problem and returns ExitBadInput.
    int usage(const QString &problem);

private:
    QCommandLineParser &m_parser;
    QStringList m_words;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<CliSession> m_session;
};

// Reads `device` to its end but at most limit + 1 bytes, so a caller sees "too large" without holding a
// huge file, and an endless device (/dev/zero, a pipe) ends. Loops because pipes return short reads.
QByteArray readAtMost(QIODevice &device, qint64 limit);

// The whole tool: parses `arguments` (argv without the program name handled inside) and runs a verb.
int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err);

// Verbs, one file each.
int runDbCommand(CliContext &cli);
int runDemoDataCommand(CliContext &cli);
int runOrdersCommand(CliContext &cli);
int runPayloadCommand(CliContext &cli);
int runProfileCommand(CliContext &cli);
int runJobsCommand(CliContext &cli);
int runAttemptsCommand(CliContext &cli);
int runResolveCommand(CliContext &cli);
int runReopenCommand(CliContext &cli);
int runPushCommand(CliContext &cli);
int runRetryCommand(CliContext &cli);
int runResumeCommand(CliContext &cli);
int runCredentialsCommand(CliContext &cli);
int runHaierCommand(CliContext &cli);
int runCancelCommand(CliContext &cli);
int runRescheduleCommand(CliContext &cli);
int runPhotosCommand(CliContext &cli);
int runLogisticsCommand(CliContext &cli);
int runSyncLogCommand(CliContext &cli);
int runServeCallbacksCommand(CliContext &cli);
int runCallbacksCommand(CliContext &cli);
int runRegionsCommand(CliContext &cli);
int runOverdueCommand(CliContext &cli);
int runReconcileCommand(CliContext &cli);
int runConfirmCommand(CliContext &cli);
