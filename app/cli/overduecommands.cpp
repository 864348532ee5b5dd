// Accepted orders whose confirmation never came: list them, reconcile them with Haier's logistics, and
// record a confirmation Haier gave by phone. The work is OrderActions'; these only parse and print.
#include "app/cli/cli.h"
#include "app/cli/clisession.h"

#include "models/escaping.h"
#include "platform/platform.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <cstdio>

namespace {

// --older-than MINUTES: -1 (the profile's threshold) when absent, -2 when not a number of minutes.
int olderThan(CliContext &cli)
{
    const QString text = cli.args().value(QStringLiteral("older-than"));
    if (text.isEmpty())
        return -1;
    bool ok = false;
    const int minutes = text.toInt(&ok);
    return ok && minutes >= 0 && minutes <= 10 * 365 * 24 * 60 ? minutes : -2;
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

QJsonObject overdueJson(const OverdueOrder &o)
{
    return QJsonObject{{QStringLiteral("orderNumber"), o.orderNumber},
                       {QStringLiteral("soId"), o.soId},
                       {QStringLiteral("haierOrderNo"), o.haierOrderNo.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(o.haierOrderNo)},
                       {QStringLiteral("acceptedAt"), isoTime(o.acceptedAt)},
                       {QStringLiteral("ageMinutes"), o.ageMinutes}};
}

QString ageText(qint64 minutes)
{
    return minutes >= 60 ? QCoreApplication::translate("Cli", "%1 h %2 min").arg(minutes / 60).arg(minutes % 60) : QCoreApplication::translate("Cli", "%1 min").arg(minutes);
}

QString overdueLine(const OverdueOrder &o)
{
    return Escaping::controls(o.orderNumber).leftJustified(20) + QLatin1Char(' ') + Escaping::controls(o.soId).leftJustified(26)
        + QLatin1Char(' ') + (o.haierOrderNo.isEmpty() ? QStringLiteral("-") : Escaping::controls(o.haierOrderNo)).leftJustified(20)
        + QLatin1Char(' ') + ageText(o.ageMinutes);
}

QString verdictName(ReconcileItem::Verdict v)
{
    switch (v) {
    case ReconcileItem::Verdict::Confirmed: return QStringLiteral("confirmed");
    case ReconcileItem::Verdict::WouldConfirm: return QStringLiteral("would_confirm");
    case ReconcileItem::Verdict::NotShipped: return QStringLiteral("not_shipped");
    case ReconcileItem::Verdict::NoSoNumber: return QStringLiteral("no_so_number");
    case ReconcileItem::Verdict::NotRecorded: return QStringLiteral("not_recorded");
    }
    return QString();
}

struct Reconciled
{
    ActionResult overall;
    QList<ReconcileItem> items;
};

Reconciled runReconcile(OrderActions &actions, int minutes, bool apply)
{
    std::optional<Reconciled> out;
    QEventLoop loop;
    actions.reconcile(minutes, apply, [&](const ActionResult &overall, const QList<ReconcileItem> &items) {
        out = Reconciled{overall, items};
        loop.quit();
    });
    if (!out)
        loop.exec();
    return *out;
}

} // namespace

int runOverdueCommand(CliContext &cli)
{
    const int minutes = olderThan(cli);
    if (minutes == -2 || !cli.words().isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl overdue [--older-than MINUTES] [--json]"));
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    QString error;
    const QList<OverdueOrder> rows = actions->overdue(minutes, &error);
    if (!error.isEmpty()) {
        cli.err() << error << Qt::endl;
        return ExitConfig;
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const OverdueOrder &o : rows)
            array.append(overdueJson(o));
        cli.out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    for (const OverdueOrder &o : rows)
        cli.out() << overdueLine(o) << '\n';
    cli.err() << QCoreApplication::translate("Cli", "%n accepted order(s) without Haier's confirmation for %1 minutes or more.", nullptr, int(rows.size()))
                     .arg(minutes < 0 ? actions->profile().callback.confirmWithinMinutes : minutes)
              << Qt::endl;
    return ExitOk;
}

int runReconcileCommand(CliContext &cli)
{
    const int minutes = olderThan(cli);
    if (minutes == -2 || !cli.words().isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl reconcile [--older-than MINUTES] [--yes] [--json]"));
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    const bool json = cli.args().isSet(QStringLiteral("json"));
    bool apply = cli.args().isSet(QStringLiteral("yes"));
    Reconciled r = runReconcile(*actions, minutes, apply);
    int wouldConfirm = 0;
    for (const ReconcileItem &item : std::as_const(r.items))
        wouldConfirm += item.verdict == ReconcileItem::Verdict::WouldConfirm ? 1 : 0;
    // Without --yes: at a terminal, asked after seeing what would be confirmed; elsewhere only shown.
    if (!apply && wouldConfirm > 0 && !json && platform::stdinIsTerminal()) {
        for (const ReconcileItem &item : std::as_const(r.items)) {
            if (item.verdict == ReconcileItem::Verdict::WouldConfirm)
                cli.err() << overdueLine(item.order) << "  " << item.evidence << Qt::endl;
        }
        cli.err() << QCoreApplication::translate("Cli", "Confirm these %n order(s) on the evidence of Haier's logistics? [y/N] ", nullptr, wouldConfirm);
        cli.err().flush();
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        apply = answer == QLatin1String("y") || answer == QLatin1String("yes");
    }
    if (apply && wouldConfirm > 0)
        r = runReconcile(*actions, minutes, true); // asks again: what is confirmed is what logistics says now
    if (json) {
        QJsonArray items;
        for (const ReconcileItem &item : std::as_const(r.items)) {
            QJsonObject o = overdueJson(item.order);
            o.insert(QStringLiteral("verdict"), verdictName(item.verdict));
            o.insert(QStringLiteral("evidence"), item.evidence);
            o.insert(QStringLiteral("message"), item.message);
            items.append(o);
        }
        cli.out() << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("applied"), apply},
                                                                 {QStringLiteral("message"), r.overall.message},
                                                                 {QStringLiteral("orders"), items}})
                                           .toJson(QJsonDocument::Indented));
    } else {
        for (const ReconcileItem &item : std::as_const(r.items)) {
            cli.out() << overdueLine(item.order) << "  " << verdictName(item.verdict) << "  "
                      << Escaping::controls(item.evidence.isEmpty() ? item.message : item.evidence) << '\n';
        }
        cli.out().flush();
        (r.overall.ok() ? cli.out() : cli.err()) << r.overall.message << Qt::endl;
        if (!apply && wouldConfirm > 0)
            cli.err() << QCoreApplication::translate("Cli", "Nothing was changed; run with --yes to confirm them.") << Qt::endl;
    }
    return CliSession::exitFor(r.overall);
}

int runConfirmCommand(CliContext &cli)
{
    const QString number = cli.args().value(QStringLiteral("haier-order-no")).trimmed();
    const QString note = cli.args().value(QStringLiteral("note")).trimmed();
    if (cli.words().size() != 1 || number.isEmpty() || note.isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl confirm ORDER_NUMBER --haier-order-no NUMBER --note TEXT"));
    OrderActions *actions = cli.session().actions();
    if (!actions)
        return cli.session().exitCode();
    const ActionResult r = actions->confirmByPhone(cli.words().constFirst(), number, note);
    if (r.ok())
        cli.out() << QCoreApplication::translate("Cli", "%1 is confirmed: %2").arg(r.orderNumber, r.message) << Qt::endl;
    else
        cli.err() << r.message << Qt::endl;
    return CliSession::exitFor(r);
}
