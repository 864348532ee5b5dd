#include "models/logtables.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QTimeZone>

namespace LogTables {

namespace {

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// Columns of console_callbacks as selected, after the id.
enum CallbackField {
    CbReceivedAt, CbProfile, CbMethod, CbOrderNumber, CbPlatformOrderNo, CbExtOrderNo, CbState, CbFailMsg, CbValid,
    CbOutcome, CbRefusalCode, CbRefusalReason, CbDuplicates
};

// The order number when the callback matched an order, else the PlatformOrderNo Haier sent.
QString shownOrderNumber(const LogRow &r)
{
    const QString order = r.text(CbOrderNumber);
    return order.isEmpty() ? r.text(CbPlatformOrderNo) : order;
}

QString callbackOutcomeLabel(const QString &outcome)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("applied"), QT_TRANSLATE_NOOP("CallbackLogModel", "Applied to the order")},
        {QStringLiteral("duplicate"), QT_TRANSLATE_NOOP("CallbackLogModel", "Repeat (counted only)")},
        {QStringLiteral("stale"), QT_TRANSLATE_NOOP("CallbackLogModel", "Older than the order's state (ignored)")},
        {QStringLiteral("orphan"), QT_TRANSLATE_NOOP("CallbackLogModel", "Unknown order (kept)")},
        {QStringLiteral("refused"), QT_TRANSLATE_NOOP("CallbackLogModel", "Refused")},
        {QStringLiteral("no_change"), QT_TRANSLATE_NOOP("CallbackLogModel", "No change")},
        {QStringLiteral("needs_review"), QT_TRANSLATE_NOOP("CallbackLogModel", "Needs review (not applied)")},
        {QStringLiteral("replayed"), QT_TRANSLATE_NOOP("CallbackLogModel", "Refused, then replayed")}};
    const char *label = labels.value(outcome);
    return label ? QCoreApplication::translate("CallbackLogModel", label) : outcome;
}

QString callbackStateLabel(const QString &method, const QString &state)
{
    if (method == QLatin1String("hmm.scm_heorder.confirm")) {
        if (state == QLatin1String("1"))
            return QCoreApplication::translate("CallbackLogModel", "Accepted");
        if (state == QLatin1String("0"))
            return QCoreApplication::translate("CallbackLogModel", "Refused");
    } else if (method == QLatin1String("hmm.scm_heorder.cancel")) {
        if (state == QLatin1String("1"))
            return QCoreApplication::translate("CallbackLogModel", "Cancelled");
        if (state == QLatin1String("0"))
            return QCoreApplication::translate("CallbackLogModel", "Not cancelled");
        if (state == QLatin1String("2"))
            return QCoreApplication::translate("CallbackLogModel", "Partly cancelled");
    }
    return state;
}

QString callbackReason(const LogRow &r)
{
    if (r.value(CbValid).toBool())
        return r.text(CbFailMsg);
    const QString reason = r.text(CbRefusalReason);
    return reason.isEmpty() ? r.text(CbRefusalCode) : reason;
}

// Columns of console_sync_log as selected, after the id.
enum SyncField { SlAt, SlProfile, SlOperation, SlOrderNumber, SlHttpStatus, SlLatency, SlKind, SlMessage };

QString syncKindLabel(const QString &kind)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("ok"), QT_TRANSLATE_NOOP("SyncLogModel", "OK")},
        {QStringLiteral("duplicate"), QT_TRANSLATE_NOOP("SyncLogModel", "Already at Haier (same soId)")},
        {QStringLiteral("business_rejection"), QT_TRANSLATE_NOOP("SyncLogModel", "Refused by Haier")},
        {QStringLiteral("auth"), QT_TRANSLATE_NOOP("SyncLogModel", "Sign-in failed")},
        {QStringLiteral("forbidden"), QT_TRANSLATE_NOOP("SyncLogModel", "No permission or IP not whitelisted")},
        {QStringLiteral("timeout"), QT_TRANSLATE_NOOP("SyncLogModel", "No answer in time")},
        {QStringLiteral("connection"), QT_TRANSLATE_NOOP("SyncLogModel", "Could not connect")},
        {QStringLiteral("server"), QT_TRANSLATE_NOOP("SyncLogModel", "Haier server error")},
        {QStringLiteral("rate_limited"), QT_TRANSLATE_NOOP("SyncLogModel", "Too many requests")},
        {QStringLiteral("malformed"), QT_TRANSLATE_NOOP("SyncLogModel", "Answer not understood")},
        {QStringLiteral("refused"), QT_TRANSLATE_NOOP("SyncLogModel", "Stopped before sending")}};
    const char *label = labels.value(kind);
    return label ? QCoreApplication::translate("SyncLogModel", label) : kind;
}

// Columns of console_audit_log as selected, after the id.
enum AuditField { AuAt, AuOperator, AuAction, AuProfile, AuOrderNumber, AuDetail };

// A column that shows one selected field as it is.
LogColumn plain(const QString &header, int field, bool alignRight = false)
{
    LogColumn c;
    c.header = header;
    c.text = [field](const LogRow &r) { return r.text(field); };
    c.alignRight = alignRight;
    return c;
}

LogColumn timeColumn(const QString &header, int field)
{
    LogColumn c;
    c.header = header;
    c.text = [field](const LogRow &r) { return localTime(r.value(field).toLongLong()); };
    c.raw = [field](const LogRow &r) { return QVariant(r.value(field).toLongLong()); };
    return c;
}

} // namespace

QString callbackMethodLabel(const QString &method)
{
    if (method == QLatin1String("hmm.scm_heorder.confirm"))
        return QCoreApplication::translate("CallbackLogModel", "Confirmation");
    if (method == QLatin1String("hmm.scm_heorder.cancel"))
        return QCoreApplication::translate("CallbackLogModel", "Cancellation");
    if (method == QLatin1String("hmm.scm_heorder.oostock"))
        return QCoreApplication::translate("CallbackLogModel", "Out of stock");
    return method; // refused callbacks may name anything
}

QStringList knownOperations()
{
    return {QStringLiteral("ylh.token"),          QStringLiteral("ylh.create_order"),
            QStringLiteral("ylh.cancel_order"),   QStringLiteral("ylh.update_distribution_time"),
            QStringLiteral("ylh.delivery_images"), QStringLiteral("ylh.logistics"),
            QStringLiteral("openplat.token"),     QStringLiteral("openplat.products"),
            QStringLiteral("openplat.prices"),    QStringLiteral("openplat.stock"),
            QStringLiteral("openplat.logistics"), QStringLiteral("openplat.balance")};
}

LogTable callbacks()
{
    LogTable t;
    t.name = QStringLiteral("callbacks");
    t.table = QStringLiteral("console_callbacks");
    t.from = QStringLiteral("console_callbacks c LEFT JOIN orders_order o ON o.id = c.order_id");
    t.idColumn = QStringLiteral("c.id");
    t.timeColumn = QStringLiteral("c.received_at");
    t.fields = QStringList{QStringLiteral("c.received_at"), QStringLiteral("c.profile"), QStringLiteral("c.method"),
                           QStringLiteral("COALESCE(o.order_number, '')"), QStringLiteral("c.platform_order_no"),
                           QStringLiteral("c.ext_order_no"), QStringLiteral("c.state"), QStringLiteral("c.fail_msg"),
                           QStringLiteral("c.valid"), QStringLiteral("c.outcome"), QStringLiteral("c.refusal_code"),
                           QStringLiteral("c.refusal_reason"), QStringLiteral("c.duplicate_count")};
    t.searchColumns = QStringList{QStringLiteral("c.platform_order_no"), QStringLiteral("c.ext_order_no"),
                                  QStringLiteral("COALESCE(o.order_number, '')")};

    LogChoiceFilter method;
    method.key = QStringLiteral("method");
    method.anyLabel = QCoreApplication::translate("CallbacksPage", "All methods");
    method.column = QStringLiteral("c.method");
    for (const char *name : {"hmm.scm_heorder.confirm", "hmm.scm_heorder.cancel", "hmm.scm_heorder.oostock"}) {
        const QString value = QString::fromLatin1(name);
        method.options << LogChoice{value, callbackMethodLabel(value), QString()};
    }
    LogChoiceFilter validity;
    validity.key = QStringLiteral("validity");
    validity.anyLabel = QCoreApplication::translate("CallbacksPage", "Valid and refused");
    validity.options << LogChoice{QStringLiteral("valid"), QCoreApplication::translate("CallbacksPage", "Valid only"), QStringLiteral("c.valid")}
                     << LogChoice{QStringLiteral("refused"), QCoreApplication::translate("CallbacksPage", "Refused only"), QStringLiteral("NOT c.valid")};
    t.choices << method << validity;

    LogColumn methodColumn;
    methodColumn.header = QCoreApplication::translate("CallbackLogModel", "Method");
    methodColumn.text = [](const LogRow &r) { return callbackMethodLabel(r.text(CbMethod)); };
    methodColumn.raw = [](const LogRow &r) { return QVariant(r.text(CbMethod)); };
    methodColumn.toolTip = [](const LogRow &r) { return r.text(CbMethod); };
    LogColumn order;
    order.header = QCoreApplication::translate("CallbackLogModel", "Order number");
    order.text = shownOrderNumber;
    LogColumn state;
    state.header = QCoreApplication::translate("CallbackLogModel", "State");
    state.text = [](const LogRow &r) { return callbackStateLabel(r.text(CbMethod), r.text(CbState)); };
    state.raw = [](const LogRow &r) { return QVariant(r.text(CbState)); };
    LogColumn valid;
    valid.header = QCoreApplication::translate("CallbackLogModel", "Valid / refused");
    valid.text = [](const LogRow &r) { return r.value(CbValid).toBool() ? QCoreApplication::translate("CallbackLogModel", "Valid") : QCoreApplication::translate("CallbackLogModel", "Refused"); };
    valid.raw = [](const LogRow &r) { return QVariant(r.value(CbValid).toBool()); };
    LogColumn outcome;
    outcome.header = QCoreApplication::translate("CallbackLogModel", "Outcome");
    outcome.text = [](const LogRow &r) { return callbackOutcomeLabel(r.text(CbOutcome)); };
    outcome.raw = [](const LogRow &r) { return QVariant(r.text(CbOutcome)); };
    LogColumn reason;
    reason.header = QCoreApplication::translate("CallbackLogModel", "Reason / message");
    reason.text = callbackReason;
    LogColumn repeats = plain(QCoreApplication::translate("CallbackLogModel", "Repeats"), CbDuplicates, true);
    repeats.raw = [](const LogRow &r) { return QVariant(r.value(CbDuplicates).toInt()); };
    t.columns << timeColumn(QCoreApplication::translate("CallbackLogModel", "Received"), CbReceivedAt) << methodColumn << order << state << valid << outcome
              << reason << repeats;
    t.extraExportHeaders = QStringList{QCoreApplication::translate("CallbackLogModel", "PlatformOrderNo"), QCoreApplication::translate("CallbackLogModel", "Haier order number (ExtOrderNo)"),
                                       QCoreApplication::translate("CallbackLogModel", "Profile")};
    t.extraExportFields = [](const LogRow &r) {
        return QStringList{r.text(CbPlatformOrderNo), r.text(CbExtOrderNo), r.text(CbProfile)};
    };

    t.detailColumns = QStringList{QStringLiteral("raw_body"), QStringLiteral("data")};
    t.detailTitle = [](const LogRow &r) {
        return QCoreApplication::translate("CallbacksPage", "%1 for %2, received %3 (secrets removed):")
            .arg(callbackMethodLabel(r.text(CbMethod)), shownOrderNumber(r), localTime(r.value(CbReceivedAt).toLongLong()));
    };
    t.detailText = [](const LogRow &, const QStringList &d) {
        // The body is form-encoded; Data is shown again as received so Chinese text can be read.
        QString text = d.value(0).isEmpty() ? QCoreApplication::translate("CallbacksPage", "(no body was stored)") : d.value(0);
        if (!d.value(1).isEmpty())
            text += QStringLiteral("\n\n") + QCoreApplication::translate("CallbacksPage", "Data:") + QLatin1Char('\n') + d.value(1);
        return text;
    };
    // A callback refused under a wrong AppKey or secret is verified again under the profile as it is now.
    t.rowAction.label = QCoreApplication::translate("CallbacksPage", "&Replay");
    t.rowAction.toolTip = QCoreApplication::translate("CallbacksPage",
        "Verify the selected refused callback again under the current profile (judged by when it was received) and apply it "
        "when it is valid now; audited");
    t.rowAction.applies = [](const LogRow &r) { return !r.value(CbValid).toBool() && r.text(CbOutcome) == QLatin1String("refused"); };
    t.liveCountColumn = QStringLiteral("duplicate_count");
    t.liveCountField = CbDuplicates;
    t.liveCountDisplayColumn = CallbackColumn::Duplicates;

    t.texts.searchPlaceholder = QCoreApplication::translate("CallbacksPage", "Order number, PlatformOrderNo or Haier order number");
    t.texts.fromTip = QCoreApplication::translate("CallbacksPage", "Received on or after this day");
    t.texts.toTip = QCoreApplication::translate("CallbacksPage", "Received on or before this day");
    t.texts.anyDateTip = QCoreApplication::translate("CallbacksPage", "Show callbacks of every day");
    t.texts.exportTip = QCoreApplication::translate("CallbacksPage", "Save every callback the filter matches as a CSV file");
    t.texts.exportTitle = QCoreApplication::translate("CallbacksPage", "Export callbacks");
    t.texts.saved = QCoreApplication::translate("CallbacksPage", "The callbacks were saved to %1.");
    t.texts.readFailed = QCoreApplication::translate("CallbackLogModel", "The callbacks could not be read from the database: %1");
    t.texts.rowGone = QCoreApplication::translate("CallbackLogModel", "the callback is no longer stored");
    t.texts.selectPrompt = QCoreApplication::translate("CallbacksPage", "Select a callback to see what was received.");
    t.texts.unreadable = QCoreApplication::translate("CallbacksPage", "This callback could not be read: %1");
    return t;
}

LogTable syncLog()
{
    LogTable t;
    t.name = QStringLiteral("sync-log");
    t.table = QStringLiteral("console_sync_log");
    t.from = t.table;
    t.idColumn = QStringLiteral("id");
    t.timeColumn = QStringLiteral("at");
    t.fields = QStringList{QStringLiteral("at"), QStringLiteral("profile"), QStringLiteral("operation"), QStringLiteral("order_number"),
                           QStringLiteral("http_status"), QStringLiteral("latency_ms"), QStringLiteral("kind"), QStringLiteral("message")};
    t.searchColumns = QStringList{QStringLiteral("order_number"), QStringLiteral("message")};

    LogChoiceFilter operation;
    operation.key = QStringLiteral("operation");
    operation.anyLabel = QCoreApplication::translate("SyncLogPage", "All operations");
    operation.column = QStringLiteral("operation");
    const QStringList operations = knownOperations();
    for (const QString &name : operations)
        operation.options << LogChoice{name, name, QString()};
    // "OK" counts a duplicate-soId answer too: YLH already holds the order, which is never an error.
    LogChoiceFilter result;
    result.key = QStringLiteral("result");
    result.anyLabel = QCoreApplication::translate("SyncLogPage", "All results");
    result.options << LogChoice{QStringLiteral("ok"), QCoreApplication::translate("SyncLogPage", "OK only"), QStringLiteral("kind IN ('ok', 'duplicate')")}
                   << LogChoice{QStringLiteral("errors"), QCoreApplication::translate("SyncLogPage", "Errors only"), QStringLiteral("kind NOT IN ('ok', 'duplicate')")};
    t.choices << operation << result;

    LogColumn http;
    http.header = QCoreApplication::translate("SyncLogModel", "HTTP");
    http.text = [](const LogRow &r) { return r.value(SlHttpStatus).toInt() > 0 ? r.text(SlHttpStatus) : QString(); };
    http.raw = [](const LogRow &r) { return QVariant(r.value(SlHttpStatus).toInt()); };
    http.alignRight = true;
    LogColumn latency = plain(QCoreApplication::translate("SyncLogModel", "Latency (ms)"), SlLatency, true);
    latency.text = [](const LogRow &r) { return QString::number(r.value(SlLatency).toLongLong()); };
    latency.raw = [](const LogRow &r) { return QVariant(r.value(SlLatency).toLongLong()); };
    LogColumn kind;
    kind.header = QCoreApplication::translate("SyncLogModel", "Result");
    kind.text = [](const LogRow &r) { return syncKindLabel(r.text(SlKind)); };
    kind.raw = [](const LogRow &r) { return QVariant(r.text(SlKind)); };
    kind.toolTip = [](const LogRow &r) { return r.text(SlKind); };
    t.columns << timeColumn(QCoreApplication::translate("SyncLogModel", "Time"), SlAt) << plain(QCoreApplication::translate("SyncLogModel", "Operation"), SlOperation)
              << plain(QCoreApplication::translate("SyncLogModel", "Order number"), SlOrderNumber) << http << latency << kind
              << plain(QCoreApplication::translate("SyncLogModel", "Message"), SlMessage);
    t.extraExportHeaders = QStringList{QCoreApplication::translate("SyncLogModel", "Result code"), QCoreApplication::translate("SyncLogModel", "Profile")};
    t.extraExportFields = [](const LogRow &r) { return QStringList{r.text(SlKind), r.text(SlProfile)}; };

    t.detailColumns = QStringList{QStringLiteral("request_body"), QStringLiteral("response_body")};
    t.detailTitle = [](const LogRow &r) {
        return QCoreApplication::translate("SyncLogPage", "%1 at %2 (secrets removed):").arg(r.text(SlOperation), localTime(r.value(SlAt).toLongLong()));
    };
    t.detailText = [](const LogRow &, const QStringList &d) {
        const QString none = QCoreApplication::translate("SyncLogPage", "(nothing)");
        return QCoreApplication::translate("SyncLogPage", "Request:") + QLatin1Char('\n') + (d.value(0).isEmpty() ? none : d.value(0))
            + QStringLiteral("\n\n") + QCoreApplication::translate("SyncLogPage", "Answer:") + QLatin1Char('\n') + (d.value(1).isEmpty() ? none : d.value(1));
    };

    t.texts.searchPlaceholder = QCoreApplication::translate("SyncLogPage", "Order number or words in the message");
    t.texts.fromTip = QCoreApplication::translate("SyncLogPage", "Calls on or after this day");
    t.texts.toTip = QCoreApplication::translate("SyncLogPage", "Calls on or before this day");
    t.texts.anyDateTip = QCoreApplication::translate("SyncLogPage", "Show calls of every day");
    t.texts.exportTip = QCoreApplication::translate("SyncLogPage", "Save every call the filter matches as a CSV file");
    t.texts.exportTitle = QCoreApplication::translate("SyncLogPage", "Export the sync log");
    t.texts.saved = QCoreApplication::translate("SyncLogPage", "The sync log was saved to %1.");
    t.texts.readFailed = QCoreApplication::translate("SyncLogModel", "The sync log could not be read from the database: %1");
    t.texts.rowGone = QCoreApplication::translate("SyncLogModel", "the call is no longer in the log");
    t.texts.selectPrompt = QCoreApplication::translate("SyncLogPage", "Select a call to see what was sent and answered.");
    t.texts.unreadable = QCoreApplication::translate("SyncLogPage", "This call could not be read: %1");
    return t;
}

LogTable audit()
{
    LogTable t;
    t.name = QStringLiteral("audit");
    t.table = QStringLiteral("console_audit_log");
    t.from = t.table;
    t.idColumn = QStringLiteral("id");
    t.timeColumn = QStringLiteral("at");
    t.fields = QStringList{QStringLiteral("at"), QStringLiteral("operator"), QStringLiteral("action"), QStringLiteral("profile"),
                           QStringLiteral("order_number"), QStringLiteral("detail")};
    t.searchColumns = QStringList{QStringLiteral("order_number"), QStringLiteral("detail")};

    // Staff and their actions, not the internet, fill these columns: their stored values are the choices.
    const auto distinct = [](const QString &key, const QString &anyLabel) {
        LogChoiceFilter f;
        f.key = key;
        f.anyLabel = anyLabel;
        f.column = key;
        f.distinct = true;
        return f;
    };
    t.choices << distinct(QStringLiteral("operator"), QCoreApplication::translate("AuditPage", "All operators"))
              << distinct(QStringLiteral("action"), QCoreApplication::translate("AuditPage", "All actions"))
              << distinct(QStringLiteral("profile"), QCoreApplication::translate("AuditPage", "All profiles"));

    t.columns << timeColumn(QCoreApplication::translate("AuditPage", "Time"), AuAt) << plain(QCoreApplication::translate("AuditPage", "Operator"), AuOperator)
              << plain(QCoreApplication::translate("AuditPage", "Action"), AuAction) << plain(QCoreApplication::translate("AuditPage", "Profile"), AuProfile)
              << plain(QCoreApplication::translate("AuditPage", "Order number"), AuOrderNumber) << plain(QCoreApplication::translate("AuditPage", "Detail"), AuDetail);
    t.extraExportHeaders = QStringList{QCoreApplication::translate("AuditPage", "Time (UTC)")};
    t.extraExportFields = [](const LogRow &r) {
        return QStringList{QDateTime::fromMSecsSinceEpoch(r.value(AuAt).toLongLong(), QTimeZone::utc()).toString(Qt::ISODateWithMs)};
    };

    t.detailColumns = QStringList{QStringLiteral("detail")};
    t.detailTitle = [](const LogRow &r) {
        QString title = QCoreApplication::translate("AuditPage", "%1 by %2 at %3").arg(r.text(AuAction), r.text(AuOperator), localTime(r.value(AuAt).toLongLong()));
        if (!r.text(AuProfile).isEmpty())
            title += QStringLiteral(", ") + QCoreApplication::translate("AuditPage", "profile %1").arg(r.text(AuProfile));
        if (!r.text(AuOrderNumber).isEmpty())
            title += QStringLiteral(", ") + QCoreApplication::translate("AuditPage", "order %1").arg(r.text(AuOrderNumber));
        return title + QLatin1Char(':');
    };
    t.detailText = [](const LogRow &, const QStringList &d) {
        return d.value(0).isEmpty() ? QCoreApplication::translate("AuditPage", "(no detail was recorded)") : d.value(0);
    };

    t.texts.searchPlaceholder = QCoreApplication::translate("AuditPage", "Order number or words in the detail");
    t.texts.fromTip = QCoreApplication::translate("AuditPage", "Actions on or after this day");
    t.texts.toTip = QCoreApplication::translate("AuditPage", "Actions on or before this day");
    t.texts.anyDateTip = QCoreApplication::translate("AuditPage", "Show actions of every day");
    t.texts.exportTip = QCoreApplication::translate("AuditPage", "Save every action the filter matches as a CSV file");
    t.texts.exportTitle = QCoreApplication::translate("AuditPage", "Export the audit log");
    t.texts.saved = QCoreApplication::translate("AuditPage", "The audit log was saved to %1.");
    t.texts.readFailed = QCoreApplication::translate("AuditPage", "The audit log could not be read from the database: %1");
    t.texts.rowGone = QCoreApplication::translate("AuditPage", "the entry is no longer in the audit log");
    t.texts.selectPrompt = QCoreApplication::translate("AuditPage", "Select an entry to see what was done.");
    t.texts.unreadable = QCoreApplication::translate("AuditPage", "This entry could not be read: %1");
    return t;
}

} // namespace LogTables
