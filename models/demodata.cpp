#include "models/demodata.h"

#include "models/database.h"
#include "models/money.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlError>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QStringList>
#include <QTimeZone>
#include <QVariantList>

#include <memory>

namespace {

struct CatalogEntry {
    const char *name;
    const char *code;   // nullptr: no Haier product code
    const char *source;
    qint64 priceCents;
    qint64 marketCents;
};

// Haier appliance lines a retail desk typically sells, plus a few non-Haier items the shop also has.
const CatalogEntry catalog[] = {
    {"海尔 470升 十字对开门冰箱 BCD-470WGHTDE9S9", "BH0250A2G", "haier", 399900, 459900},
    {"海尔 258升 三门风冷冰箱 BCD-258WDPM", "BH0250B1K", "haier", 219900, 249900},
    {"海尔 650升 对开门冰箱 BCD-650WGHSSEDS9", "BH0260C3F", "haier", 569900, 629900},
    {"海尔 10公斤 滚筒洗衣机 EG100MATE28S", "CEAAJ4001", "haier", 249900, 279900},
    {"海尔 10公斤 洗烘一体机 EG100HBD959U1", "CEAAJ4002", "haier", 369900, 419900},
    {"海尔 8公斤 波轮洗衣机 EB80M20Mate1", "CEAAJ4003", "haier", 119900, 139900},
    {"海尔 1.5匹 变频挂式空调 KFR-35GW/01KBB83U1", "AA0K1000A", "haier", 279900, 329900},
    {"海尔 3匹 变频柜式空调 KFR-72LW/28KCA81U1", "AA0K1000B", "haier", 699900, 799900},
    {"海尔 60升 电热水器 EC6002-MC3U1", "GA0SHA00C", "haier", 159900, 189900},
    {"海尔 16升 燃气热水器 JSQ30-16WN5S", "JA0J7500D", "haier", 229900, 259900},
    {"海尔 13套 嵌入式洗碗机 EYW13028D", "WA0JX000E", "haier", 399900, 449900},
    {"海尔 侧吸式油烟机 CXW-219-E900C2", "DC0C9J00F", "haier", 219900, 259900},
    {"海尔 嵌入式燃气灶 JZT-Q2BE(12T)", "DC0C9J00G", "haier", 99900, 129900},
    {"海尔 65英寸 4K 智慧屏 65R5", "TA0T1P00H", "haier", 329900, 369900},
    {"海尔 净水器 HRO10H79-2U1", "GB0SHR00J", "haier", 299900, 349900},
    {"海尔 10公斤 热泵干衣机 GBN100-636", "CEAAJ4004", "haier", 459900, 529900},
    {"海尔 冰柜 BC/BD-200GHEPG", "BH0270D2K", "haier", 149900, 169900},
    {"海尔 除湿机 DE12A", "AA0K1000L", "haier", 129900, 149900},
    {"自营 家电清洁套装", nullptr, "self", 5990, 7990},
    {"品牌外 电风扇 FS-40", "FS40-OTHER", "other", 19900, 25900},
};
constexpr int haierProducts = 18;

struct Place { const char *province; const char *city; const char *district; const char *town; };
const Place places[] = {
    {"山东省", "青岛市", "崂山区", "中韩街道"}, {"山东省", "青岛市", "市南区", "八大关街道"},
    {"山东省", "济南市", "历下区", "泉城路街道"}, {"北京市", "北京市", "朝阳区", "望京街道"},
    {"北京市", "北京市", "海淀区", "中关村街道"}, {"上海市", "上海市", "浦东新区", "张江镇"},
    {"上海市", "上海市", "徐汇区", "漕河泾街道"}, {"广东省", "广州市", "天河区", "石牌街道"},
    {"广东省", "深圳市", "南山区", "粤海街道"}, {"浙江省", "杭州市", "西湖区", "文新街道"},
    {"江苏省", "南京市", "鼓楼区", "宁海路街道"}, {"江苏省", "苏州市", "工业园区", "斜塘街道"},
    {"四川省", "成都市", "武侯区", "玉林街道"}, {"湖北省", "武汉市", "洪山区", "关山街道"},
    {"河南省", "郑州市", "金水区", "花园路街道"}, {"陕西省", "西安市", "雁塔区", "小寨路街道"},
    {"辽宁省", "沈阳市", "和平区", "太原街街道"}, {"福建省", "厦门市", "思明区", "鹭江街道"},
};
const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
                                "胡", "朱", "高", "林", "何", "郭", "马", "罗", "欧阳", "司马"};
const char *const givenNames[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋",
                                  "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚",
                                  "建国", "晓东", "子涵", "思远", "雨桐", "浩然"};
const char *const streets[] = {"香港东路", "海尔路", "人民路", "解放大道", "中山路", "建设路", "文化路",
                               "滨江大道", "科技园路", "长安街", "世纪大道", "天府大道"};
const char *const notes[] = {"", "", "", "请工作日送货", "送货前请电话联系", "需要上楼，有电梯", "周末安装"};
const char *const mobilePrefixes[] = {"139", "138", "137", "136", "135", "158", "159", "186", "188", "177", "199", "152"};

QString pick(QRandomGenerator &rng, const char *const *list, int size)
{
    return QString::fromUtf8(list[rng.bounded(size)]);
}

template <typename T, int N>
constexpr int count(const T (&)[N]) { return N; }

// Epoch-ms at local China time 23:59:59 on a day `days` after `base` (the 改约 rule's time of day).
QDateTime appointment(const QDateTime &base, int days)
{
    const QTimeZone china(8 * 3600);
    const QDate day = base.toTimeZone(china).date().addDays(days);
    return QDateTime(day, QTime(23, 59, 59), china).toUTC();
}

struct Batch {
    explicit Batch(QString head, int columns) : m_head(std::move(head)), m_columns(columns) {}
    void add(const QVariantList &row)
    {
        // A null QString binds as SQL NULL; the shop's text columns want '' instead.
        for (const QVariant &v : row)
            m_values += (v.typeId() == QMetaType::QString && !v.isNull() && v.toString().isNull()) ? QVariant(QStringLiteral("")) : v;
        ++m_rows;
    }
    int rows() const { return m_rows; }
    // Writes the queued rows: full chunks through one cached multi-row statement, the rest row by row
    // through another, so no statement is compiled twice (compiling costs far more than running).
    bool flush(QSqlDatabase &db, QString *error)
    {
        int done = 0;
        while (m_rows - done > 0) {
            const int chunk = (m_rows - done) >= FullChunk ? FullChunk : 1;
            std::unique_ptr<QSqlQuery> &query = chunk == FullChunk ? m_full : m_single;
            if (!query && !prepare(db, chunk, query, error))
                return false;
            const qsizetype first = qsizetype(done) * m_columns;
            for (int i = 0; i < chunk * m_columns; ++i)
                query->bindValue(i, m_values.at(first + i));
            if (!query->exec()) {
                *error = sqlErrorText(query->lastError());
                return false;
            }
            done += chunk;
        }
        m_values.clear();
        m_rows = 0;
        return true;
    }

    static constexpr int FullChunk = 100;

private:
    QString m_head;
    int m_columns;
    QVariantList m_values;
    int m_rows = 0;
    std::unique_ptr<QSqlQuery> m_full;
    std::unique_ptr<QSqlQuery> m_single;

    bool prepare(QSqlDatabase &db, int rows, std::unique_ptr<QSqlQuery> &query, QString *error)
    {
        QString row = QStringLiteral("(") + QStringLiteral("?,").repeated(m_columns);
        row.chop(1);
        row += QLatin1Char(')');
        QStringList rowsSql;
        for (int i = 0; i < rows; ++i)
            rowsSql << row;
        query = std::make_unique<QSqlQuery>(db);
        if (query->prepare(m_head + rowsSql.join(QLatin1Char(','))))
            return true;
        *error = sqlErrorText(query->lastError());
        query.reset();
        return false;
    }
};

} // namespace

bool DemoData::ensureProducts(QString *error)
{
    QSqlQuery q(m_db.sql());
    for (const CatalogEntry &e : catalog) {
        const QString name = QString::fromUtf8(e.name);
        q.prepare(QStringLiteral("SELECT id FROM catalog_product WHERE name = ?"));
        q.addBindValue(name);
        if (!q.exec()) {
            *error = sqlErrorText(q.lastError());
            return false;
        }
        if (q.next())
            continue;
        q.prepare(QStringLiteral("INSERT INTO catalog_product (name, product_code, source, price, market_price) VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(name);
        q.addBindValue(e.code ? QVariant(QString::fromLatin1(e.code)) : QVariant(QMetaType::fromType<QString>()));
        q.addBindValue(QString::fromLatin1(e.source));
        q.addBindValue(Money::fromCents(e.priceCents).toString());
        q.addBindValue(Money::fromCents(e.marketCents).toString());
        if (!q.exec()) {
            *error = sqlErrorText(q.lastError());
            return false;
        }
    }
    return true;
}

bool DemoData::generate(qint64 orders, quint32 seed, Stats *stats, QString *error,
                        const std::function<void(qint64)> &progress)
{
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite(error) || !ensureProducts(error)) {
        if (error->isEmpty())
            *error = sqlErrorText(db.lastError());
        db.rollback();
        return false;
    }
    // Product ids by catalog position.
    QList<qint64> productIds;
    QSqlQuery q(db);
    for (const CatalogEntry &e : catalog) {
        q.prepare(QStringLiteral("SELECT id FROM catalog_product WHERE name = ?"));
        q.addBindValue(QString::fromUtf8(e.name));
        if (!q.exec() || !q.next()) {
            *error = sqlErrorText(q.lastError());
            db.rollback();
            return false;
        }
        productIds << q.value(0).toLongLong();
    }
    qint64 nextOrderId = 1;
    qint64 nextLineId = 1;
    if (q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM orders_order")) && q.next())
        nextOrderId = q.value(0).toLongLong() + 1;
    if (q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM orders_orderitem")) && q.next())
        nextLineId = q.value(0).toLongLong() + 1;
    // A SELECT left open pins SQLite's read snapshot and with it the WAL: checkpoints could never finish.
    q.finish();
    if (!db.commit()) {
        *error = sqlErrorText(db.lastError());
        return false;
    }

    QRandomGenerator rng(seed);
    const QDateTime now = m_db.clock().nowUtc();
    Batch orderBatch(QStringLiteral(
        "INSERT INTO orders_order (id, order_number, status, quantity, total_amount, discount_amount, actual_amount, "
        "created_at, snapshot_contact_name, snapshot_phone, snapshot_province, snapshot_city, snapshot_district, "
        "snapshot_town, snapshot_address, note, distribution_time, install_time, is_delivery_install, "
        "is_government_order, product_id, haier_so_id, haier_order_no, haier_status, updated_at) VALUES "), 25);
    Batch lineBatch(QStringLiteral(
        "INSERT INTO orders_orderitem (id, order_id, product_id, sku_code, product_name, quantity, unit_price, "
        "discount_amount, actual_amount) VALUES "), 9);
    const int rowsPerStatement = 200;
    const int statementsPerTransaction = 25;
    Stats s;
    s.products = count(catalog);

    auto flushAll = [&]() {
        return orderBatch.flush(db, error) && lineBatch.flush(db, error);
    };
    // Order numbers, names and dates arrive in random order for a dozen indexes: with SQLite's default
    // 2 MB page cache nearly every insert reads index pages back from disk.
    if (!m_db.isPostgres())
        QSqlQuery(db).exec(QStringLiteral("PRAGMA cache_size = -262144"));
    const auto restoreCache = qScopeGuard([&] {
        if (!m_db.isPostgres())
            QSqlQuery(db).exec(QStringLiteral("PRAGMA cache_size = -2000"));
    });
    if (!m_db.beginWrite()) {
        *error = sqlErrorText(db.lastError());
        return false;
    }
    int statements = 0;
    const QVariant nullTime = QVariant(QMetaType::fromType<QString>());
    for (qint64 n = 0; n < orders; ++n) {
        const qint64 id = nextOrderId + n;
        const QDateTime created = now.addSecs(-qint64(rng.bounded(60 * 24 * 3600)));
        const QString number = QStringLiteral("HMM%1%2")
                                   .arg(created.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMdd")))
                                   .arg(id, 7, 10, QLatin1Char('0'));
        const Place &place = places[rng.bounded(count(places))];
        QString mobile = pick(rng, mobilePrefixes, count(mobilePrefixes))
                         + QStringLiteral("%1").arg(rng.bounded(100000000), 8, 10, QLatin1Char('0'));
        QString status = QStringLiteral("paid");
        const int statusRoll = rng.bounded(100);
        if (statusRoll < 8)
            status = QStringLiteral("pending");
        else if (statusRoll < 14)
            status = QStringLiteral("shipped");
        else if (statusRoll < 18)
            status = QStringLiteral("completed");
        else if (statusRoll < 20)
            status = QStringLiteral("cancelled");

        // The awkward ones, each about 2 %.
        const int oddity = rng.bounded(100);
        const bool nonHaier = oddity == 0 || oddity == 1;
        if (oddity == 2 || oddity == 3)
            mobile.clear();
        else if (oddity == 4 || oddity == 5)
            mobile = mobile.left(7) + QStringLiteral("-12");
        const bool alreadyPushed = oddity == 8 || oddity == 9;

        bool deliveryInstall = rng.bounded(3) == 0;
        QDateTime distribution;
        QDateTime install;
        if (deliveryInstall) {
            distribution = install = appointment(created, 3 + rng.bounded(5));
        } else if (rng.bounded(2) == 0) {
            distribution = appointment(created, 2 + rng.bounded(3));
            install = appointment(created, 5 + rng.bounded(3));
        }
        if (oddity == 6)
            deliveryInstall = false, distribution = install = appointment(created, 4); // equal times, flag off
        if (oddity == 7)
            deliveryInstall = true, distribution = appointment(created, 2), install = QDateTime(); // flag on, a time missing

        const bool legacy = !nonHaier && rng.bounded(10) == 0;
        Money total;
        int totalQty = 0;
        QVariant legacyProduct = QVariant(QMetaType::fromType<qint64>());
        QVariant legacyDiscount = QStringLiteral("0.00");
        QVariant legacyActual = QStringLiteral("0.00");
        if (legacy) {
            const int p = rng.bounded(haierProducts);
            const int qty = 1 + (rng.bounded(5) == 0 ? 1 : 0);
            const Money market = Money::fromCents(catalog[p].marketCents);
            const Money discount = Money::fromCents((rng.bounded(4) * 10000) * qty);
            const Money actual = market * qty - discount;
            total = actual;
            totalQty = qty;
            legacyProduct = productIds.at(p);
            legacyDiscount = discount.toString();
            legacyActual = actual.toString();
        } else {
            const int lineCount = rng.bounded(10) < 7 ? 1 : 2 + rng.bounded(3);
            for (int l = 0; l < lineCount; ++l) {
                int p = rng.bounded(haierProducts);
                if (nonHaier && l == lineCount - 1)
                    p = haierProducts + rng.bounded(count(catalog) - haierProducts);
                const CatalogEntry &e = catalog[p];
                const int qty = rng.bounded(6) == 0 ? 2 : 1;
                const Money unit = Money::fromCents(e.priceCents);
                const Money discount = Money::fromCents(rng.bounded(3) == 0 ? rng.bounded(1, 30) * 1000 + 98 : 0);
                const Money actual = unit - discount;
                total += actual * qty;
                totalQty += qty;
                lineBatch.add({nextLineId++, id, productIds.at(p), e.code ? QString::fromLatin1(e.code) : QString(),
                               QString::fromUtf8(e.name), qty, unit.toString(), discount.toString(), actual.toString()});
                ++s.lines;
            }
        }
        const QString name = pick(rng, surnames, count(surnames)) + pick(rng, givenNames, count(givenNames));
        const QString address = QStringLiteral("%1%2号%3栋%4室")
                                    .arg(pick(rng, streets, count(streets)))
                                    .arg(rng.bounded(1, 400))
                                    .arg(rng.bounded(1, 30))
                                    .arg(rng.bounded(101, 2800));
        QVariant soId = QVariant(QMetaType::fromType<QString>());
        QString haierNo;
        QString haierStatus;
        if (alreadyPushed && status == QLatin1String("paid")) {
            soId = QStringLiteral("%1-%2").arg(number).arg(id);
            haierNo = QStringLiteral("SO.%1.%2").arg(created.toString(QStringLiteral("yyyyMMdd"))).arg(id % 1000000, 6, 10, QLatin1Char('0'));
            haierStatus = QStringLiteral("confirmed");
        }
        orderBatch.add({id, number, status, totalQty, total.toString(), legacyDiscount, legacyActual,
                        m_db.timeToDb(created), name, mobile, QString::fromUtf8(place.province),
                        QString::fromUtf8(place.city), QString::fromUtf8(place.district),
                        rng.bounded(3) == 0 ? QString::fromUtf8(place.town) : QString(), address,
                        pick(rng, notes, count(notes)),
                        distribution.isValid() ? m_db.timeToDb(distribution) : nullTime,
                        install.isValid() ? m_db.timeToDb(install) : nullTime,
                        m_db.boolToDb(deliveryInstall), m_db.boolToDb(rng.bounded(50) == 0), legacyProduct, soId,
                        haierNo, haierStatus, m_db.timeToDb(created)});
        ++s.orders;

        if (orderBatch.rows() >= rowsPerStatement || lineBatch.rows() >= rowsPerStatement) {
            // Orders first: the lines reference them.
            if (!flushAll()) {
                db.rollback();
                return false;
            }
            if (++statements >= statementsPerTransaction) {
                statements = 0;
                if (!db.commit() || !m_db.beginWrite(error)) {
                    *error = sqlErrorText(db.lastError());
                    return false;
                }
                if (progress)
                    progress(s.orders);
            }
        }
    }
    if (!flushAll()) {
        db.rollback();
        return false;
    }
    if (m_db.isPostgres()) {
        // Explicit ids bypass the sequences; move them past what was written.
        for (const char *table : {"orders_order", "orders_orderitem"}) {
            QSqlQuery seq(db);
            if (!seq.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), (SELECT MAX(id) FROM %1))")
                              .arg(QLatin1String(table)))) {
                *error = sqlErrorText(seq.lastError());
                db.rollback();
                return false;
            }
        }
    }
    if (!db.commit()) {
        *error = sqlErrorText(db.lastError());
        return false;
    }
    if (progress)
        progress(s.orders);
    if (stats)
        *stats = s;
    return true;
}
