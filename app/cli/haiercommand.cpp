#include "app/cli/cli.h"
#include "app/cli/clisession.h"
#include "app/composition/appcontext.h"
#include "app/composition/backend.h"

#include "net/openplatclient.h"
#include "net/orderactions.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

QString cell(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'f', v.toDouble() == qint64(v.toDouble()) ? 0 : 2);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("-");
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

// A list of objects as aligned columns, in the order given.
void table(QTextStream &out, const QJsonArray &rows, const QStringList &columns)
{
    QList<int> widths;
    for (const QString &c : columns)
        widths << int(c.size());
    for (const QJsonValue &r : rows)
        for (int i = 0; i < columns.size(); ++i)
            widths[i] = qMax(widths[i], int(cell(r.toObject().value(columns[i])).size()));
    for (int i = 0; i < columns.size(); ++i)
        out << columns[i].leftJustified(widths[i] + 2);
    out << '\n';
    for (const QJsonValue &r : rows) {
        for (int i = 0; i < columns.size(); ++i)
            out << cell(r.toObject().value(columns[i])).leftJustified(widths[i] + 2);
        out << '\n';
    }
    out.flush();
}

} // namespace

int runHaierCommand(CliContext &cli)
{
    const QString sub = cli.words().value(0);
    const QStringList args = cli.words().mid(1);
    const QStringList subs{QStringLiteral("products"), QStringLiteral("prices"), QStringLiteral("stock"),
                           QStringLiteral("balance"), QStringLiteral("logistics")};
    if (!subs.contains(sub))
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl haier products CODE… | prices CODE… | stock CODE --county 6-DIGIT-CODE | balance | logistics ORDER_CODE"));
    if ((sub == QLatin1String("products") || sub == QLatin1String("prices")) && args.isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Name at least one product code."));
    const QString county = cli.args().value(QStringLiteral("county"));
    if (sub == QLatin1String("stock") && (args.size() != 1 || !QRegularExpression(QStringLiteral("^\\d{6}$")).match(county).hasMatch()))
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl haier stock CODE --county 6-DIGIT-CODE"));
    if (sub == QLatin1String("logistics") && args.size() != 1)
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl haier logistics ORDER_CODE"));
    if (sub == QLatin1String("balance") && !args.isEmpty())
        return cli.usage(QCoreApplication::translate("Cli", "Use: haierctl haier balance"));
    // Products, prices and the balance are staff questions, asked through the actions layer as the window
    // asks them; stock and logistics by raw codes are diagnostics of the client itself.
    std::optional<ApiResult> result;
    QEventLoop loop;
    if (sub == QLatin1String("products") || sub == QLatin1String("prices") || sub == QLatin1String("balance")) {
        OrderActions *actions = cli.session().actions();
        if (!actions)
            return cli.session().exitCode();
        std::optional<ActionResult> answer;
        auto done = [&](const ActionResult &r) {
            answer = r;
            loop.quit();
        };
        if (sub == QLatin1String("products"))
            actions->products(args, done);
        else if (sub == QLatin1String("prices"))
            actions->prices(args, done);
        else
            actions->balance(done);
        if (!answer)
            loop.exec();
        if (!answer->ok()) {
            cli.err() << answer->message << Qt::endl;
            return CliSession::exitFor(*answer);
        }
        result = ApiResult();
        result->data = answer->data;
    } else {
        Backend *backend = cli.session().backend(Backend::OpenPlat);
        if (!backend)
            return cli.session().exitCode();
        auto done = [&](const ApiResult &r) {
            result = r;
            loop.quit();
        };
        OpenPlatClient &op = backend->openplat();
        if (sub == QLatin1String("stock"))
            op.stock(args.constFirst(), county, done);
        else
            op.logistics(args.constFirst(), QString(), done);
        if (!result)
            loop.exec();
        if (!result->ok()) {
            cli.err() << QCoreApplication::translate("Cli", "Haier answered %1: %2").arg(resultKindName(result->kind), result->message) << Qt::endl;
            return result->kind == ResultKind::Auth || result->kind == ResultKind::Forbidden ? ExitConfig : ExitFailed;
        }
    }
    if (cli.args().isSet(QStringLiteral("json"))) {
        cli.out() << cell(result->data) << Qt::endl;
        return ExitOk;
    }
    QTextStream &out = cli.out();
    if (sub == QLatin1String("products"))
        table(out, result->data.toArray(), {QStringLiteral("productCode"), QStringLiteral("productModel"), QStringLiteral("productGroupName"),
                                            QStringLiteral("productBrandName"), QStringLiteral("isSales"), QStringLiteral("noSalesReason")});
    else if (sub == QLatin1String("prices"))
        table(out, result->data.toArray(), {QStringLiteral("productCode"), QStringLiteral("supplyPrice"), QStringLiteral("invoicePrice"),
                                            QStringLiteral("rebateMoney"), QStringLiteral("isSales"), QStringLiteral("reason")});
    else if (sub == QLatin1String("stock"))
        table(out, QJsonArray{result->data}, {QStringLiteral("secCode"), QStringLiteral("stock"), QStringLiteral("warehouseGrade"),
                                              QStringLiteral("timelinessData")});
    else if (sub == QLatin1String("balance"))
        table(out, result->data.toArray(), {QStringLiteral("saleGroupCode"), QStringLiteral("saleGroupName"), QStringLiteral("payerAccountCode"),
                                            QStringLiteral("payerAccountName"), QStringLiteral("payerAccountBalance")});
    else {
        const QJsonObject o = result->data.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            out << it.key() << ":\n";
            for (const QJsonValue &v : it.value().toArray())
                out << "  " << cell(v) << '\n';
        }
        out.flush();
    }
    return ExitOk;
}
