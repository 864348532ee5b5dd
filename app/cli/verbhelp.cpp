#include "app/cli/verbhelp.h"

#include <QCoreApplication>

namespace {

struct VerbDescription {
    const char *verb;
    const char *text;
};

// What each verb does, in a few sentences; the usage line and options are printed around it.
const VerbDescription descriptions[] = {
    {"db", QT_TRANSLATE_NOOP("VerbHelp",
        "migrate creates the console's tables or upgrades them to this version (opening a database always does).\n"
        "add-indexes adds the search indexes to the shop's order table.")},
    {"demo-data", QT_TRANSLATE_NOOP("VerbHelp",
        "Adds made-up paid orders with Haier appliances, for training and trying the console out.")},
    {"orders", QT_TRANSLATE_NOOP("VerbHelp",
        "Lists the shop's orders, newest first, with their payment and push state.")},
    {"payload", QT_TRANSLATE_NOOP("VerbHelp",
        "Shows what a push of the order would send to Haier, or why the order cannot be sent. Sends nothing.")},
    {"profile", QT_TRANSLATE_NOOP("VerbHelp",
        "Lists, shows, selects, imports and exports the connection profiles (mock, test, production).\n"
        "Secrets never appear in a profile: they are in the OS keychain (see `haierctl credentials --help`).")},
    {"jobs", QT_TRANSLATE_NOOP("VerbHelp",
        "Lists the push jobs of the profile, newest first, with their state and last answer.")},
    {"attempts", QT_TRANSLATE_NOOP("VerbHelp",
        "Lists every try of an order's push: when, which soId, the HTTP status and Haier's answer.")},
    {"resolve", QT_TRANSLATE_NOOP("VerbHelp",
        "Marks a failed or rejected order as needing nothing more; the note is kept in the audit log.")},
    {"push", QT_TRANSLATE_NOOP("VerbHelp",
        "Sends paid orders to Haier's order centre (YLH). An order already accepted is never sent twice.\n"
        "Production needs --yes, or typing the profile's name at a terminal.")},
    {"retry", QT_TRANSLATE_NOOP("VerbHelp",
        "Sends failed pushes, and pushes the create call rejected, again with the same soId.")},
    {"resume", QT_TRANSLATE_NOOP("VerbHelp",
        "Finishes the pushes a process that died left unfinished, with the same soIds.")},
    {"credentials", QT_TRANSLATE_NOOP("VerbHelp",
        "set stores one secret of a profile in the OS keychain; the value is read from standard input\n"
        "(not echoed at a terminal). check says which of the profile's secrets are missing.")},
    {"haier", QT_TRANSLATE_NOOP("VerbHelp",
        "Asks Haier's open platform about products, prices, stock in a county, the account balance or an\n"
        "order's logistics.")},
    {"cancel", QT_TRANSLATE_NOOP("VerbHelp",
        "Asks YLH to cancel an order Haier accepted; the reason is sent and kept in the audit log.")},
    {"reschedule", QT_TRANSLATE_NOOP("VerbHelp",
        "Asks YLH to move an accepted order's delivery and installation dates.")},
    {"photos", QT_TRANSLATE_NOOP("VerbHelp",
        "Prints the links to an order's delivery and installation photos.")},
    {"logistics", QT_TRANSLATE_NOOP("VerbHelp",
        "Asks YLH for the logistics numbers of accepted orders and stores them.")},
    {"sync-log", QT_TRANSLATE_NOOP("VerbHelp",
        "Lists every call made to Haier's interfaces, with its answer, newest first.")},
    {"serve-callbacks", QT_TRANSLATE_NOOP("VerbHelp",
        "Receives Haier's signed callbacks for the profile and stores them until stopped (Ctrl+C or SIGTERM).")},
    {"callbacks", QT_TRANSLATE_NOOP("VerbHelp",
        "Lists the callbacks received, the valid ones and those refused with the reason (--json gives each one's id).\n"
        "replay ID verifies a refused callback again under the profile as it is now (AppKey, callback.secret),\n"
        "judging its time by when it was received; a valid one is applied as the receiver would have. A callback\n"
        "whose body was cut (over 4 KiB) or that was applied already is refused. Every replay is audited.")},
    {"overdue", QT_TRANSLATE_NOOP("VerbHelp",
        "Lists the orders YLH accepted that Haier has not confirmed for the threshold or longer: order number, soId,\n"
        "Haier order number and age. Changes nothing.")},
    {"reconcile", QT_TRANSLATE_NOOP("VerbHelp",
        "Asks Haier's logistics, by Haier order number (SO.…), about the overdue orders that have one, and confirms\n"
        "those it shows shipped, noting the logistics numbers as evidence in the job and the audit log. The rest\n"
        "stay overdue. Without --yes it only shows what it would confirm (at a terminal it asks first).")},
    {"confirm", QT_TRANSLATE_NOOP("VerbHelp",
        "Records a confirmation Haier gave by phone: the order becomes confirmed with Haier's order number, as a\n"
        "confirmation callback would leave it; the note is kept in the audit log.")},
    {"regions", QT_TRANSLATE_NOOP("VerbHelp",
        "Imports, lists and looks up the county codes the stock check needs.")},
};

QString optionLine(const QCommandLineOption &option)
{
    QString names;
    for (const QString &name : option.names())
        names += (names.isEmpty() ? QString() : QStringLiteral(", ")) + (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
    if (!option.valueName().isEmpty())
        names += QLatin1Char(' ') + option.valueName();
    return QStringLiteral("  %1 %2\n").arg(names.leftJustified(24), option.description());
}

} // namespace

QString verbHelpText(const QString &verb, const QString &synopsis, const QList<QCommandLineOption> &options)
{
    QString text = QCoreApplication::translate("VerbHelp", "Usage: haierctl [--db URL_OR_PATH] [--profile NAME] %1\n").arg(synopsis);
    for (const VerbDescription &d : descriptions) {
        if (verb == QLatin1String(d.verb))
            text += QLatin1Char('\n') + QCoreApplication::translate("VerbHelp", d.text) + QLatin1Char('\n');
    }
    if (!options.isEmpty()) {
        text += QLatin1Char('\n') + QCoreApplication::translate("VerbHelp", "Options:") + QLatin1Char('\n');
        for (const QCommandLineOption &o : options)
            text += optionLine(o);
    }
    text += QCoreApplication::translate("VerbHelp",
        "\nGlobal options:\n"
        "  --db URL_OR_PATH         SQLite file (default: the app-data folder) or postgresql://user@host:port/dbname\n"
        "  --profile NAME           use this profile instead of the active one\n"
        "  -h, --help               this help\n\n"
        "Exit codes: 0 ok, 1 some work failed or was refused, 2 bad input, 3 configuration or environment.\n");
    return text;
}
