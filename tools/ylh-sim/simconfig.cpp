#include "tools/ylh-sim/simconfig.h"

#include <QJsonArray>

std::optional<SimConfig> SimConfig::fromJson(const QJsonObject &o, QString *error)
{
    SimConfig c;
    auto fail = [error](const QString &key) {
        if (error)
            *error = QStringLiteral("%1: wrong type or value").arg(key);
        return std::nullopt;
    };
    const QJsonObject f = o.value(QStringLiteral("faults")).toObject();
    auto rate = [&](const char *key, double &out) {
        const QJsonValue v = f.value(QLatin1String(key));
        if (v.isUndefined())
            return true;
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 1)
            return false;
        out = v.toDouble();
        return true;
    };
    auto integer = [&](const QJsonObject &from, const char *key, int &out) {
        const QJsonValue v = from.value(QLatin1String(key));
        if (v.isUndefined())
            return true;
        if (!v.isDouble() || v.toDouble() < 0)
            return false;
        out = v.toInt();
        return true;
    };
    for (const auto &[key, target] : {std::pair<const char *, double *>{"serverErrorRate", &c.faults.serverErrorRate},
                                      {"unavailableRate", &c.faults.unavailableRate}, {"timeoutRate", &c.faults.timeoutRate},
                                      {"resetRate", &c.faults.resetRate}, {"malformedRate", &c.faults.malformedRate},
                                      {"forbiddenRate", &c.faults.forbiddenRate}}) {
        if (!rate(key, *target))
            return fail(QStringLiteral("faults.") + QLatin1String(key));
    }
    for (const auto &[key, target] : {std::pair<const char *, int *>{"latencyMs", &c.faults.latencyMs}, {"jitterMs", &c.faults.jitterMs},
                                      {"retryAfterSeconds", &c.faults.retryAfterSeconds}, {"revokeTokenEvery", &c.faults.revokeTokenEvery},
                                      {"createAnswerDelayMs", &c.faults.createAnswerDelayMs}}) {
        if (!integer(f, key, *target))
            return fail(QStringLiteral("faults.") + QLatin1String(key));
    }
    c.faults.faultsOnToken = f.value(QStringLiteral("faultsOnToken")).toBool(false);
    c.faults.loseCreateAnswers = f.value(QStringLiteral("loseCreateAnswers")).toBool(false);
    if (!integer(o, "tokenLifetimeSeconds", c.tokenLifetimeSeconds) || !integer(o, "callbackDelayMs", c.callbackDelayMs))
        return fail(QStringLiteral("tokenLifetimeSeconds/callbackDelayMs"));
    c.seed = quint32(o.value(QStringLiteral("seed")).toInteger(1));
    for (const QJsonValue &v : o.value(QStringLiteral("rejectOnlineNoPatterns")).toArray())
        c.rejectOnlineNoPatterns << v.toString();
    if (o.contains(QStringLiteral("callbackUrl")))
        c.callbackUrl = QUrl(o.value(QStringLiteral("callbackUrl")).toString());
    c.acceptUnknownOrders = o.value(QStringLiteral("acceptUnknownOrders")).toBool(false);
    for (const QJsonValue &v : o.value(QStringLiteral("unshippedOrderCodes")).toArray())
        c.unshippedOrderCodes << v.toString();
    const QJsonObject stock = o.value(QStringLiteral("stock")).toObject();
    for (auto it = stock.begin(); it != stock.end(); ++it) {
        if (!it.value().isDouble() || it.value().toDouble() < 0)
            return fail(QStringLiteral("stock.") + it.key());
        c.stock.insert(it.key(), it.value().toInt());
    }
    c.callbackAfterAccept = o.value(QStringLiteral("callbackAfterAccept")).toString(c.callbackAfterAccept);
    if (!QStringList{QStringLiteral("confirm"), QStringLiteral("reject"), QStringLiteral("oostock"), QStringLiteral("none")}
             .contains(c.callbackAfterAccept))
        return fail(QStringLiteral("callbackAfterAccept"));
    auto oneOf = [&](const char *key, QString &target, const QStringList &allowed) {
        target = o.value(QLatin1String(key)).toString(target);
        return allowed.contains(target);
    };
    if (!oneOf("callbackAfterCancel", c.callbackAfterCancel,
               {QStringLiteral("cancelled"), QStringLiteral("refused"), QStringLiteral("partial"), QStringLiteral("none")}))
        return fail(QStringLiteral("callbackAfterCancel"));
    if (!oneOf("answerShape", c.answerShape, {QStringLiteral("envelope"), QStringLiteral("bare")}))
        return fail(QStringLiteral("answerShape"));
    if (!oneOf("timestampUnit", c.timestampUnit, {QStringLiteral("ms"), QStringLiteral("s")}))
        return fail(QStringLiteral("timestampUnit"));
    return c;
}

QJsonObject SimConfig::toJson() const
{
    return QJsonObject{
        {QStringLiteral("faults"), QJsonObject{{QStringLiteral("latencyMs"), faults.latencyMs},
                                               {QStringLiteral("jitterMs"), faults.jitterMs},
                                               {QStringLiteral("serverErrorRate"), faults.serverErrorRate},
                                               {QStringLiteral("unavailableRate"), faults.unavailableRate},
                                               {QStringLiteral("retryAfterSeconds"), faults.retryAfterSeconds},
                                               {QStringLiteral("timeoutRate"), faults.timeoutRate},
                                               {QStringLiteral("resetRate"), faults.resetRate},
                                               {QStringLiteral("malformedRate"), faults.malformedRate},
                                               {QStringLiteral("forbiddenRate"), faults.forbiddenRate},
                                               {QStringLiteral("revokeTokenEvery"), faults.revokeTokenEvery},
                                               {QStringLiteral("faultsOnToken"), faults.faultsOnToken},
                                               {QStringLiteral("loseCreateAnswers"), faults.loseCreateAnswers},
                                               {QStringLiteral("createAnswerDelayMs"), faults.createAnswerDelayMs}}},
        {QStringLiteral("tokenLifetimeSeconds"), tokenLifetimeSeconds},
        {QStringLiteral("seed"), qint64(seed)},
        {QStringLiteral("rejectOnlineNoPatterns"), QJsonArray::fromStringList(rejectOnlineNoPatterns)},
        {QStringLiteral("callbackUrl"), callbackUrl.toString()},
        {QStringLiteral("callbackDelayMs"), callbackDelayMs},
        {QStringLiteral("callbackAfterAccept"), callbackAfterAccept},
        {QStringLiteral("callbackAfterCancel"), callbackAfterCancel},
        {QStringLiteral("answerShape"), answerShape},
        {QStringLiteral("timestampUnit"), timestampUnit},
        {QStringLiteral("acceptUnknownOrders"), acceptUnknownOrders},
        {QStringLiteral("unshippedOrderCodes"), QJsonArray::fromStringList(unshippedOrderCodes)},
        {QStringLiteral("stock"), [this] {
             QJsonObject o;
             for (auto it = stock.begin(); it != stock.end(); ++it)
                 o.insert(it.key(), it.value());
             return o;
         }()},
    };
}
