#include "app/cli/cli.h"

#include "app/cli/verbhelp.h"
#include "app/cli/clisession.h"
#include "app/composition/appcontext.h"
#include "models/datalocation.h"
#include "net/logging.h"

#include <QCoreApplication>

#include <functional>

CliContext::CliContext(QCommandLineParser &parser, QStringList words, QTextStream &out, QTextStream &err)
    : m_parser(parser), m_words(std::move(words)), m_out(out), m_err(err)
    , m_session(std::make_unique<CliSession>(dbLocation(), profileOption(), err))
{
}

CliContext::~CliContext() = default;

AppContext *CliContext::context()
{
    return m_session->context();
}

std::optional<Profile> CliContext::profile()
{
    return m_session->profile();
}

int CliContext::usage(const QString &problem)
{
    m_err << problem << Qt::endl
          << QCoreApplication::translate("Cli", "Run `haierctl --help` for the commands and their options.") << Qt::endl;
    return ExitBadInput;
}

QByteArray readAtMost(QIODevice &device, qint64 limit)
{
    QByteArray bytes;
    while (bytes.size() <= limit) {
        const QByteArray chunk = device.read(limit + 1 - bytes.size());
        if (chunk.isEmpty())
            break;
        bytes += chunk;
    }
    return bytes;
}

namespace {

struct Verb {
    const char *name;
    const char *synopsis;
    QList<QCommandLineOption> options;
    std::function<int(CliContext &)> run;
};

QList<Verb> verbs()
{
    auto opt = [](const char *name, const char *description, const char *valueName = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QCoreApplication::translate("Cli", description));
        if (valueName)
            o.setValueName(QString::fromLatin1(valueName));
        return o;
    };
    return {
        {"db", QT_TRANSLATE_NOOP("Cli", "db migrate | db add-indexes | db bind [production|pre|test|training] — create or upgrade the schema; index the shop's tables; which environment the database serves"),
         {}, runDbCommand},
        {"demo-data", QT_TRANSLATE_NOOP("Cli", "demo-data --orders N [--seed S] — add realistic demo orders"),
         {opt("orders", QT_TRANSLATE_NOOP("Cli", "Number of orders to add."), "N"),
          opt("seed", QT_TRANSLATE_NOOP("Cli", "Random seed (same seed, same orders)."), "S")},
         runDemoDataCommand},
        {"orders", QT_TRANSLATE_NOOP("Cli", "orders [--status S] [--search TEXT] [--limit N] [--json] — list orders, newest first"),
         {opt("status", QT_TRANSLATE_NOOP("Cli", "Only orders with this status (paid, pending, ...)."), "S"),
          opt("search", QT_TRANSLATE_NOOP("Cli", "Order number, soId, Haier order number, phone (or its last 4 digits), name prefix."), "TEXT"),
          opt("limit", QT_TRANSLATE_NOOP("Cli", "At most N orders (default 50)."), "N"),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print a JSON array."))},
         runOrdersCommand},
        {"payload", QT_TRANSLATE_NOOP("Cli", "payload ORDER_NUMBER [--json] — show what would be sent to Haier"),
         {opt("json", QT_TRANSLATE_NOOP("Cli", "Print the exact payload object."))},
         runPayloadCommand},
        {"profile", QT_TRANSLATE_NOOP("Cli", "profile list | show NAME | use NAME | import FILE.json [--change-kind [--yes]] | export NAME"),
         {opt("change-kind", QT_TRANSLATE_NOOP("Cli", "Let an import change an existing profile's kind (audited).")),
          opt("yes", QT_TRANSLATE_NOOP("Cli", "Confirm turning a production profile into another kind."))},
         runProfileCommand},
        {"jobs", QT_TRANSLATE_NOOP("Cli", "jobs [--state S] [--json] — push jobs of the profile, newest first"),
         {opt("state", QT_TRANSLATE_NOOP("Cli", "Only jobs in this state (queued, sending, backoff, accepted, confirmed, rejected, failed, resolved, ...)."), "S"),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print a JSON array."))},
         runJobsCommand},
        {"attempts", QT_TRANSLATE_NOOP("Cli", "attempts ORDER_NUMBER [--json] — every try of an order's push"),
         {opt("json", QT_TRANSLATE_NOOP("Cli", "Print a JSON array."))},
         runAttemptsCommand},
        {"resolve", QT_TRANSLATE_NOOP("Cli", "resolve ORDER_NUMBER --note TEXT — mark an order as needing nothing more"),
         {opt("note", QT_TRANSLATE_NOOP("Cli", "Why nothing more is to be done (kept in the audit log)."), "TEXT")},
         runResolveCommand},
        {"reopen", QT_TRANSLATE_NOOP("Cli", "reopen ORDER_NUMBER --note TEXT — undo resolve: the job returns to the state it had before"),
         {opt("note", QT_TRANSLATE_NOOP("Cli", "Why the order needs work again (kept in the audit log)."), "TEXT")},
         runReopenCommand},
        {"push", QT_TRANSLATE_NOOP("Cli", "push ORDER_NUMBER… | --all-paid [--concurrency N] [--yes] [--json] — send orders to Haier; push ORDER_NUMBER --new-so-id --yes re-pushes a refused order"),
         {opt("all-paid", QT_TRANSLATE_NOOP("Cli", "Every paid order not yet pushed (never re-sends accepted, failed or rejected ones).")),
          opt("concurrency", QT_TRANSLATE_NOOP("Cli", "Requests in flight at once (default from the profile)."), "N"),
          opt("yes", QT_TRANSLATE_NOOP("Cli", "Do not ask (needed for production when not at a terminal).")),
          opt("new-so-id", QT_TRANSLATE_NOOP("Cli", "Re-push an order Haier refused or cancelled after accepting it, with a new soId.")),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print {accepted, failed, refused} as JSON."))},
         runPushCommand},
        {"retry", QT_TRANSLATE_NOOP("Cli", "retry --failed [--search TEXT] [--yes] | retry ORDER_NUMBER… — send failed or rejected pushes again with their soId"),
         {opt("failed", QT_TRANSLATE_NOOP("Cli", "Every failed job and every job the create call rejected.")),
          opt("search", QT_TRANSLATE_NOOP("Cli", "Only orders matching this search."), "TEXT"),
          opt("concurrency", QT_TRANSLATE_NOOP("Cli", "Requests in flight at once (default from the profile)."), "N"),
          opt("yes", QT_TRANSLATE_NOOP("Cli", "Do not ask (needed for production when not at a terminal).")),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print {accepted, failed, refused} as JSON."))},
         runRetryCommand},
        {"resume", QT_TRANSLATE_NOOP("Cli", "resume — finish what a dead process left, with the same soIds"),
         {opt("yes", QT_TRANSLATE_NOOP("Cli", "Do not ask (needed for production when not at a terminal).")),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print {accepted, failed, refused} as JSON."))},
         runResumeCommand},
        {"credentials", QT_TRANSLATE_NOOP("Cli", "credentials set PROFILE KEY | credentials check PROFILE — secrets in the OS keychain (value on stdin)"),
         {}, runCredentialsCommand},
        {"haier", QT_TRANSLATE_NOOP("Cli", "haier products CODE… | prices CODE… | stock CODE --county 6-DIGIT-CODE | balance | logistics ORDER_CODE [--json]"),
         {opt("county", QT_TRANSLATE_NOOP("Cli", "6-digit national area code for stock."), "CODE"),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print the raw data."))},
         runHaierCommand},
        {"cancel", QT_TRANSLATE_NOOP("Cli", "cancel ORDER_NUMBER --reason TEXT — ask YLH to cancel an accepted order"),
         {opt("reason", QT_TRANSLATE_NOOP("Cli", "Why (sent to Haier, kept in the audit log)."), "TEXT")}, runCancelCommand},
        {"reschedule", QT_TRANSLATE_NOOP("Cli", "reschedule ORDER_NUMBER --distribution YYYY-MM-DD --install YYYY-MM-DD — 改约 (local dates, sent as 23:59:59)"),
         {opt("distribution", QT_TRANSLATE_NOOP("Cli", "New delivery date (local)."), "YYYY-MM-DD"),
          opt("install", QT_TRANSLATE_NOOP("Cli", "New installation date (local)."), "YYYY-MM-DD")},
         runRescheduleCommand},
        {"photos", QT_TRANSLATE_NOOP("Cli", "photos ORDER_NUMBER — delivery and installation photo URLs"), {}, runPhotosCommand},
        {"logistics", QT_TRANSLATE_NOOP("Cli", "logistics refresh ORDER_NUMBER… | --all-accepted — store logistics numbers from YLH"),
         {opt("all-accepted", QT_TRANSLATE_NOOP("Cli", "Every accepted or confirmed order of the profile."))}, runLogisticsCommand},
        {"sync-log", QT_TRANSLATE_NOOP("Cli", "sync-log [--since YYYY-MM-DD[THH:MM]] [--json] — every API call"),
         {opt("since", QT_TRANSLATE_NOOP("Cli", "From this local date/time."), "WHEN"),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print a JSON array."))},
         runSyncLogCommand},
        {"serve-callbacks", QT_TRANSLATE_NOOP("Cli", "serve-callbacks [--listen 127.0.0.1:PORT] — receive Haier's signed callbacks until stopped"),
         {opt("listen", QT_TRANSLATE_NOOP("Cli", "Address and port (default 127.0.0.1:8089)."), "ADDRESS:PORT"),
          opt("workers", QT_TRANSLATE_NOOP("Cli", "Threads storing callbacks, each with its own database connection (default: one per processor core, 2 to 8, on PostgreSQL; 1 on SQLite)."), "N"),
          opt("max-connections-per-source", QT_TRANSLATE_NOOP("Cli", "Connections one source address may hold open at once (default 64)."), "N")},
         runServeCallbacksCommand},
        {"callbacks", QT_TRANSLATE_NOOP("Cli", "callbacks [--order ORDER_NUMBER] [--json] | callbacks replay ID — stored callbacks, valid or refused; verify a refused one again"),
         {opt("order", QT_TRANSLATE_NOOP("Cli", "Only this order's callbacks."), "ORDER_NUMBER"),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print a JSON array."))},
         runCallbacksCommand},
        {"overdue", QT_TRANSLATE_NOOP("Cli", "overdue [--older-than MINUTES] [--json] — accepted orders Haier has not confirmed"),
         {opt("older-than", QT_TRANSLATE_NOOP("Cli", "Unconfirmed for at least this many minutes (default: the profile's callback.confirmWithinMinutes, 120)."), "MINUTES"),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print a JSON array."))},
         runOverdueCommand},
        {"reconcile", QT_TRANSLATE_NOOP("Cli", "reconcile [--older-than MINUTES] [--yes] [--json] — confirm overdue orders Haier's logistics shows shipped"),
         {opt("older-than", QT_TRANSLATE_NOOP("Cli", "Unconfirmed for at least this many minutes (default: the profile's callback.confirmWithinMinutes, 120)."), "MINUTES"),
          opt("yes", QT_TRANSLATE_NOOP("Cli", "Confirm the shipped ones (without it they are only shown; at a terminal it asks).")),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print {applied, message, orders} as JSON."))},
         runReconcileCommand},
        {"confirm", QT_TRANSLATE_NOOP("Cli", "confirm ORDER_NUMBER --haier-order-no NUMBER --note TEXT — record a confirmation Haier gave by phone"),
         {opt("haier-order-no", QT_TRANSLATE_NOOP("Cli", "Haier's order number (SO.…) as Haier gave it."), "NUMBER"),
          opt("note", QT_TRANSLATE_NOOP("Cli", "Who at Haier confirmed it, and when (kept in the audit log)."), "TEXT")},
         runConfirmCommand},
        {"regions", QT_TRANSLATE_NOOP("Cli", "regions import FILE.csv | list [--search TEXT] [--json] | lookup PROVINCE CITY DISTRICT — county codes for the stock check"),
         {opt("search", QT_TRANSLATE_NOOP("Cli", "A province, city or district name, or the start of a code."), "TEXT"),
          opt("json", QT_TRANSLATE_NOOP("Cli", "Print a JSON array."))},
         runRegionsCommand},
    };
}

QString helpText(const QList<Verb> &all)
{
    QString text = QCoreApplication::translate("Cli",
        "Usage: haierctl [--db URL_OR_PATH] [--profile NAME] COMMAND ...\n\n"
        "Pushes paid orders with Haier appliances to Haier's order centre (YLH) and inspects what happened.\n\n"
        "Commands:\n");
    for (const Verb &v : all)
        text += QStringLiteral("  %1\n").arg(QCoreApplication::translate("Cli", v.synopsis));
    text += QCoreApplication::translate("Cli",
        "\nGlobal options:\n"
        "  --db URL_OR_PATH   SQLite file (default: the app-data folder) or postgresql://user:password@host:port/dbname\n"
        "  --profile NAME     use this profile instead of the active one\n\n"
        "Exit codes: 0 ok, 1 some work failed or was refused, 2 bad input, 3 configuration or environment.\n");
    text += QCoreApplication::translate("Cli",
        "\nhaierctl COMMAND --help shows one command's usage and options.\n"
        "haierctl --print-paths shows where the default database, the logs and the settings are.\n"
        "haierctl --version shows the version.\n");
    return text;
}

} // namespace

int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QList<Verb> all = verbs();
    const QCommandLineOption dbOption(QStringLiteral("db"), QCoreApplication::translate("Cli", "Database."),
                                      QStringLiteral("URL_OR_PATH"));
    const QCommandLineOption profileOption(QStringLiteral("profile"), QCoreApplication::translate("Cli", "Profile."),
                                           QStringLiteral("NAME"));

    // The verb is the first word that is neither an option nor the value of a global option.
    QString verbName;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--db") || a == QLatin1String("--profile")) {
            ++i;
            continue;
        }
        if (!a.startsWith(QLatin1Char('-'))) {
            verbName = a;
            break;
        }
    }
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
        for (const Verb &v : all) {
            if (QString::fromLatin1(v.name) == verbName) {
                out << verbHelpText(verbName, QCoreApplication::translate("Cli", v.synopsis), v.options);
                return ExitOk;
            }
        }
        out << helpText(all);
        return ExitOk;
    }
    if (arguments.contains(QStringLiteral("--version"))) {
        out << DataLocation::versionLine() << Qt::endl;
        return ExitOk;
    }
    if (arguments.contains(QStringLiteral("--print-paths"))) {
        out << DataLocation::pathsText(Logging::directory());
        return ExitOk;
    }
    if (verbName.isEmpty()) {
        err << helpText(all);
        return ExitBadInput;
    }
    const Verb *verb = nullptr;
    for (const Verb &v : all) {
        if (QString::fromLatin1(v.name) == verbName)
            verb = &v;
    }
    if (!verb) {
        err << QCoreApplication::translate("Cli", "Unknown command \"%1\".").arg(verbName) << Qt::endl << helpText(all);
        return ExitBadInput;
    }

    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    parser.addOption(dbOption);
    parser.addOption(profileOption);
    for (const QCommandLineOption &o : verb->options)
        parser.addOption(o);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl;
        return ExitBadInput;
    }
    QStringList words = parser.positionalArguments();
    words.removeFirst(); // the verb
    CliContext cli(parser, words, out, err);
    return verb->run(cli);
}
