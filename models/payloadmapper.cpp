#include "models/payloadmapper.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

const QString HaierSource = QStringLiteral("haier");

// Whitespace-only counts as empty: the receiver would see nothing useful either way.
bool isBlank(const QString &text)
{
    return text.trimmed().isEmpty();
}

// ASCII digits only: QChar::isDigit would let full-width digits through, which YLH refuses.
bool isMobile(const QString &text)
{
    if (text.size() != 11 || text.at(0) != QLatin1Char('1'))
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

// The value as it appears in the JSON (shortest number form), without quotes around strings.
QString displayText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

class Mapper
{
public:
    Mapper(const Order &order, const Profile &profile, const QString &soId, const PushContext &ctx)
        : m_order(order), m_profile(profile), m_ctx(ctx)
    {
        m_result.soId = soId.isEmpty() ? PayloadMapper::defaultSoId(order) : soId;
    }

    MappingResult run()
    {
        checkState();
        mapHeader();
        mapItems();
        mapTimes();
        return std::move(m_result);
    }

private:
    void put(QJsonObject &target, const QString &key, const QString &haierField, const QString &localField,
             const QJsonValue &value)
    {
        target.insert(key, value);
        m_result.rows.append(MappingRow{localField, haierField, displayText(value)});
    }

    void put(const QString &haierField, const QString &localField, const QJsonValue &value)
    {
        put(m_result.payload, haierField, haierField, localField, value);
    }

    // A required text field: sent as is, refused when empty.
    void putRequired(const QString &haierField, const QString &localField, const QString &value)
    {
        put(haierField, localField, value);
        if (isBlank(value))
            invalid(haierField, localField, requiredWhy());
    }

    void problem(const QString &code, const QString &field, const QString &localField, const QString &message)
    {
        m_result.problems.append(MappingProblem{code, field, localField, message});
    }

    void invalid(const QString &field, const QString &localField, const QString &why,
                 const QString &code = PayloadMapper::ProblemCode::Invalid)
    {
        problem(code, field, localField,
                QCoreApplication::translate("PayloadMapper", "Order data validation failed: %1")
                    .arg(QStringLiteral("%1: %2").arg(field, why)));
    }

    static QString requiredWhy() { return QCoreApplication::translate("PayloadMapper", "required but empty"); }

    void notHaier(const QString &field, const QString &localField)
    {
        problem(PayloadMapper::ProblemCode::NotHaier, field, localField,
                QCoreApplication::translate("PayloadMapper", "This order is not a Haier product order"));
    }

    qint64 stamp(const QDateTime &time) const
    {
        const qint64 ms = time.toMSecsSinceEpoch();
        return m_profile.timestampUnit == TimestampUnit::Seconds ? ms / 1000 : ms;
    }

    void checkState()
    {
        if (m_order.status != OrderStatus::Paid) {
            problem(PayloadMapper::ProblemCode::NotPaid, QString(), QStringLiteral("status"),
                    QCoreApplication::translate("PayloadMapper", "Order status is not paid; it cannot be pushed"));
        }

        // A refused or cancelled order may be pushed again, but only under a new soId (domain.md "soId").
        const bool hasSoId = !isBlank(m_order.haierSoId);
        const bool refusedOrCancelled =
            m_order.haierStatus == HaierStatus::Rejected || m_order.haierStatus == HaierStatus::Cancelled;
        // The environment's job decides; the shop's row only when there is no job (domain.md "Checks before a push").
        const bool pushed = m_ctx.jobAccepted || (!m_ctx.hasJob && hasSoId && !refusedOrCancelled);
        if (pushed) {
            problem(PayloadMapper::ProblemCode::AlreadyPushed, QStringLiteral("soId"),
                    hasSoId ? QStringLiteral("haier_so_id") : QString(),
                    QCoreApplication::translate("PayloadMapper", "This order has already been pushed to Haier"));
        } else if (hasSoId && m_result.soId == m_order.haierSoId) {
            // YLH would answer "duplicate", which reads as accepted although nothing new reached Haier.
            invalid(QStringLiteral("soId"), QStringLiteral("haier_so_id"),
                    QCoreApplication::translate("PayloadMapper",
                                                "already used by a push Haier refused or cancelled; a re-push needs a new soId"));
        }
    }

    void mapHeader()
    {
        const auto &codes = m_profile.codes;
        putRequired(QStringLiteral("sourceSystem"), QStringLiteral("profile.codes.sourceSystem"), codes.sourceSystem);
        putRequired(QStringLiteral("shopName"), QStringLiteral("profile.codes.shopName"), codes.shopName);
        putRequired(QStringLiteral("sellerCode"), QStringLiteral("profile.codes.sellerCode"), codes.sellerCode);
        putRequired(QStringLiteral("consigneeName"), QStringLiteral("snapshot_contact_name"), m_order.contactName);

        const QString mobileField = QStringLiteral("consigneeMobile");
        const QString mobileLocal = QStringLiteral("snapshot_phone");
        putRequired(mobileField, mobileLocal, m_order.phone);
        if (!isBlank(m_order.phone) && !isMobile(m_order.phone))
            invalid(mobileField, mobileLocal,
                    QCoreApplication::translate("PayloadMapper", "not 11 digits starting with 1"));

        putRequired(QStringLiteral("onlineNo"), QStringLiteral("order_number"), m_order.orderNumber);
        const bool soIdFromShop = !isBlank(m_order.haierSoId) && m_result.soId == m_order.haierSoId;
        put(QStringLiteral("soId"), soIdFromShop ? QStringLiteral("haier_so_id") : QStringLiteral("order_number, id"),
            m_result.soId);
        if (!isBlank(m_order.note))
            put(QStringLiteral("remark"), QStringLiteral("note"), m_order.note);

        putRequired(QStringLiteral("province"), QStringLiteral("snapshot_province"), m_order.province);
        putRequired(QStringLiteral("city"), QStringLiteral("snapshot_city"), m_order.city);
        putRequired(QStringLiteral("area"), QStringLiteral("snapshot_district"), m_order.district);
        if (!isBlank(m_order.town))
            put(QStringLiteral("town"), QStringLiteral("snapshot_town"), m_order.town);
        putRequired(QStringLiteral("detailAddress"), QStringLiteral("snapshot_address"), m_order.address);

        put(QStringLiteral("governmentOrder"), QStringLiteral("is_government_order"), m_order.governmentOrder);
    }

    // Sums over itemList, for totalQty and the totalAmt check.
    struct Totals
    {
        qint64 qty = 0;
        Money actual;
        bool actualKnown = true; // false when a legacy price could not be derived
    };

    void mapItems()
    {
        QJsonArray items;
        Totals totals;
        if (!m_order.lines.isEmpty()) {
            for (int i = 0; i < m_order.lines.size(); ++i)
                items.append(mapLine(i, m_order.lines.at(i), totals));
        } else if (m_order.legacyProduct) {
            items.append(mapLegacy(*m_order.legacyProduct, totals));
        } else {
            invalid(QStringLiteral("itemList"), QStringLiteral("lines"),
                    QCoreApplication::translate("PayloadMapper", "no order lines and no product"));
        }
        m_result.payload.insert(QStringLiteral("itemList"), items);

        const QString qtyLocal = m_order.lines.isEmpty() ? QStringLiteral("quantity") : QStringLiteral("sum of lines[].quantity");
        put(QStringLiteral("totalQty"), qtyLocal, totals.qty);

        const QString amtField = QStringLiteral("totalAmt");
        const QString amtLocal = QStringLiteral("total_amount");
        put(amtField, amtLocal, m_order.totalAmount.toJson());
        if (!items.isEmpty() && totals.actualKnown && totals.actual != m_order.totalAmount) {
            invalid(amtField, amtLocal,
                    QCoreApplication::translate("PayloadMapper", "%1 differs from the sum of actualPrice × itemQty (%2)")
                        .arg(m_order.totalAmount.toString(), totals.actual.toString()));
        }
    }

    void checkQuantity(const QString &field, const QString &localField, int qty)
    {
        if (qty <= 0)
            invalid(field, localField, QCoreApplication::translate("PayloadMapper", "must be greater than 0 (is %1)").arg(qty));
    }

    QJsonObject mapLine(int index, const OrderLine &line, Totals &totals)
    {
        const QString field = QStringLiteral("itemList[%1].").arg(index);
        const QString local = QStringLiteral("lines[%1].").arg(index);
        QJsonObject item;

        const bool fromSku = !isBlank(line.skuCode);
        const QString code = fromSku ? line.skuCode : (line.product ? line.product->productCode : QString());
        const QString codeLocal = fromSku ? local + QStringLiteral("sku_code") : local + QStringLiteral("product.product_code");
        put(item, QStringLiteral("productCode"), field + QStringLiteral("productCode"), codeLocal, code);
        // One problem per line is enough: the staff fix is the same whichever of the two it is.
        if (!line.product || line.product->source != HaierSource)
            notHaier(field + QStringLiteral("productCode"), local + QStringLiteral("product.source"));
        else if (isBlank(code))
            notHaier(field + QStringLiteral("productCode"), codeLocal);

        put(item, QStringLiteral("itemQty"), field + QStringLiteral("itemQty"), local + QStringLiteral("quantity"), line.quantity);
        checkQuantity(field + QStringLiteral("itemQty"), local + QStringLiteral("quantity"), line.quantity);

        // Lines are sent as stored (domain.md): no per-line arithmetic check.
        put(item, QStringLiteral("retailPrice"), field + QStringLiteral("retailPrice"), local + QStringLiteral("unit_price"),
            line.unitPrice.toJson());
        put(item, QStringLiteral("discountAmount"), field + QStringLiteral("discountAmount"),
            local + QStringLiteral("discount_amount"), line.discountAmount.toJson());
        put(item, QStringLiteral("actualPrice"), field + QStringLiteral("actualPrice"), local + QStringLiteral("actual_amount"),
            line.actualAmount.toJson());
        put(item, QStringLiteral("isGift"), field + QStringLiteral("isGift"), QString(), false);

        totals.qty += line.quantity;
        totals.actual += line.actualAmount * line.quantity;
        return item;
    }

    // A legacy single-product order: one item whose per-unit prices come from the order's totals.
    QJsonObject mapLegacy(const Product &product, Totals &totals)
    {
        const QString field = QStringLiteral("itemList[0].");
        QJsonObject item;

        const QString codeLocal = QStringLiteral("product.product_code");
        put(item, QStringLiteral("productCode"), field + QStringLiteral("productCode"), codeLocal, product.productCode);
        if (product.source != HaierSource)
            notHaier(field + QStringLiteral("productCode"), QStringLiteral("product.source"));
        else if (isBlank(product.productCode))
            notHaier(field + QStringLiteral("productCode"), codeLocal);

        const int qty = m_order.quantity;
        put(item, QStringLiteral("itemQty"), field + QStringLiteral("itemQty"), QStringLiteral("quantity"), qty);
        checkQuantity(field + QStringLiteral("itemQty"), QStringLiteral("quantity"), qty);
        totals.qty = qty;

        const QString retailField = field + QStringLiteral("retailPrice");
        if (product.marketPrice)
            put(item, QStringLiteral("retailPrice"), retailField, QStringLiteral("product.market_price"), product.marketPrice->toJson());
        else if (product.price)
            put(item, QStringLiteral("retailPrice"), retailField, QStringLiteral("product.price"), product.price->toJson());
        else
            invalid(retailField, QStringLiteral("product.price"), requiredWhy());

        // A NULL discount means none (the spec sends 0); a NULL actual amount leaves no price to send.
        const auto discount = perUnit(field + QStringLiteral("discountAmount"), QStringLiteral("discount_amount"),
                                      m_order.discountAmount.value_or(Money()));
        if (discount)
            put(item, QStringLiteral("discountAmount"), field + QStringLiteral("discountAmount"), QStringLiteral("discount_amount"),
                discount->toJson());

        std::optional<Money> actual;
        if (!m_order.actualAmount)
            invalid(field + QStringLiteral("actualPrice"), QStringLiteral("actual_amount"), requiredWhy());
        else
            actual = perUnit(field + QStringLiteral("actualPrice"), QStringLiteral("actual_amount"), *m_order.actualAmount);
        if (actual) {
            put(item, QStringLiteral("actualPrice"), field + QStringLiteral("actualPrice"), QStringLiteral("actual_amount"),
                actual->toJson());
            totals.actual = *actual * qty;
        } else {
            totals.actualKnown = false;
        }
        put(item, QStringLiteral("isGift"), field + QStringLiteral("isGift"), QString(), false);
        return item;
    }

    // The order's total for the product divided by its quantity; a remainder is a named problem.
    std::optional<Money> perUnit(const QString &field, const QString &localField, Money total)
    {
        const int qty = m_order.quantity;
        if (qty <= 0)
            return std::nullopt; // already named by the quantity check
        const auto unit = total.dividedExactly(qty);
        if (!unit) {
            invalid(field, localField,
                    QCoreApplication::translate("PayloadMapper", "%1 ÷ %2 is not exact to the cent").arg(total.toString()).arg(qty),
                    PayloadMapper::ProblemCode::LegacyDivision);
        }
        return unit;
    }

    void mapTimes()
    {
        if (m_order.createdAt.isValid())
            put(QStringLiteral("createTime"), QStringLiteral("created_at"), stamp(m_order.createdAt));
        else
            invalid(QStringLiteral("createTime"), QStringLiteral("created_at"), requiredWhy());

        const bool hasDistribution = m_order.distributionTime.isValid();
        const bool hasInstall = m_order.installTime.isValid();
        if (hasDistribution)
            put(QStringLiteral("distributionTime"), QStringLiteral("distribution_time"), stamp(m_order.distributionTime));
        if (hasInstall)
            put(QStringLiteral("installTime"), QStringLiteral("install_time"), stamp(m_order.installTime));

        const QString flagField = QStringLiteral("deliveryInstall");
        const QString flagLocal = QStringLiteral("is_delivery_install");
        put(flagField, flagLocal, m_order.deliveryInstall ? QStringLiteral("true") : QStringLiteral("false"));
        // Compared as sent, so a seconds profile judges what the receiver will see.
        const bool sameTimes = hasDistribution && hasInstall && stamp(m_order.distributionTime) == stamp(m_order.installTime);
        if (m_order.deliveryInstall && !sameTimes)
            invalid(flagField, flagLocal,
                    QCoreApplication::translate("PayloadMapper", "true needs distributionTime and installTime set and equal"));
        else if (!m_order.deliveryInstall && sameTimes)
            invalid(flagField, flagLocal,
                    QCoreApplication::translate("PayloadMapper", "false although distributionTime and installTime are set and equal"));
    }

    const Order &m_order;
    const Profile &m_profile;
    const PushContext &m_ctx;
    MappingResult m_result;
};

} // namespace

namespace PayloadMapper {

QString defaultSoId(const Order &order)
{
    if (!isBlank(order.haierSoId))
        return order.haierSoId;
    // Concatenated, not chained arg(): an order number containing "%2" must not be substituted.
    return order.orderNumber + QLatin1Char('-') + QString::number(order.id);
}

QString repushSoId(const Order &order, int n)
{
    Q_ASSERT(n >= 2); // n = 1 is the original "<order_number>-<id>"
    return order.orderNumber + QLatin1Char('-') + QString::number(order.id) + QLatin1Char('-') + QString::number(n);
}

MappingResult map(const Order &order, const Profile &profile, const QString &soId, const PushContext &ctx)
{
    return Mapper(order, profile, soId, ctx).run();
}

} // namespace PayloadMapper
