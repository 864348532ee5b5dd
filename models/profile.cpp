#include "models/profile.h"

#include <QJsonArray>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <list>

QString profileKindName(ProfileKind kind)
{
    switch (kind) {
    case ProfileKind::Mock: return QStringLiteral("mock");
    case ProfileKind::Test: return QStringLiteral("test");
    case ProfileKind::Pre: return QStringLiteral("pre");
    case ProfileKind::Production: return QStringLiteral("production");
    }
    return QString();
}

std::optional<ProfileKind> profileKindFromName(const QString &name)
{
    for (ProfileKind k : {ProfileKind::Mock, ProfileKind::Test, ProfileKind::Pre, ProfileKind::Production}) {
        if (profileKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

namespace {

QUrl url(const char *text)
{
    return QUrl(QString::fromLatin1(text));
}

bool isHttpUrl(const QUrl &u)
{
    return u.isValid() && (u.scheme() == QLatin1String("http") || u.scheme() == QLatin1String("https"))
        && !u.host().isEmpty();
}

// Reads typed values from the import object and remembers the first error with its key path.
class Reader
{
public:
    explicit Reader(QString *error) : m_error(error) {}
    bool failed() const { return m_failed; }

    void fail(const QString &key, const QString &why)
    {
        if (m_failed)
            return;
        m_failed = true;
        if (m_error)
            *m_error = QStringLiteral("%1: %2").arg(key, why);
    }

    const QJsonObject *object(const QJsonObject &parent, const QString &key, const QString &path)
    {
        if (!parent.contains(key))
            return nullptr;
        if (!parent.value(key).isObject()) {
            fail(path, QStringLiteral("must be an object"));
            return nullptr;
        }
        m_objects.push_back(parent.value(key).toObject());
        return &m_objects.back();
    }

    void string(const QJsonObject *o, const QString &key, const QString &path, QString &out)
    {
        if (!o || !o->contains(key))
            return;
        const QJsonValue v = o->value(key);
        if (!v.isString())
            return fail(path, QStringLiteral("must be a string"));
        out = v.toString();
    }

    void httpUrl(const QJsonObject *o, const QString &key, const QString &path, QUrl &out)
    {
        if (!o || !o->contains(key))
            return;
        const QJsonValue v = o->value(key);
        if (!v.isString())
            return fail(path, QStringLiteral("must be a string"));
        const QUrl u(v.toString(), QUrl::StrictMode);
        if (!isHttpUrl(u))
            return fail(path, QStringLiteral("not a valid http(s) URL: \"%1\"").arg(v.toString()));
        out = u;
    }

    void integer(const QJsonObject *o, const QString &key, const QString &path, int &out, int min, int max)
    {
        if (!o || !o->contains(key))
            return;
        const QJsonValue v = o->value(key);
        const double d = v.toDouble();
        // Range first: casting a double like 1e300 to an integer would itself be undefined.
        if (!v.isDouble() || std::floor(d) != d)
            return fail(path, QStringLiteral("must be a whole number"));
        if (d < min || d > max)
            return fail(path, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
        out = static_cast<int>(d);
    }

    void boolean(const QJsonObject *o, const QString &key, const QString &path, bool &out)
    {
        if (!o || !o->contains(key))
            return;
        const QJsonValue v = o->value(key);
        if (!v.isBool())
            return fail(path, QStringLiteral("must be true or false"));
        out = v.toBool();
    }

private:
    QString *m_error;
    bool m_failed = false;
    std::list<QJsonObject> m_objects; // stable addresses
};

} // namespace

Profile Profile::preset(ProfileKind kind)
{
    Profile p;
    p.kind = kind;
    p.name = profileKindName(kind);
    switch (kind) {
    case ProfileKind::Mock:
        // The composition root points these at the in-process simulator's loopback port.
        p.ylh.authBaseUrl = url("http://127.0.0.1/ylh-cloud-mgt-auth-dev");
        p.ylh.orderBaseUrl = url("http://127.0.0.1/ylh-cloud-service-jst-order-dev");
        p.ylh.orderServiceBaseUrl = url("http://127.0.0.1/ylh-cloud-service-order-dev");
        p.ylh.stockBaseUrl = url("http://127.0.0.1/ylh-cloud-service-stock-dev");
        p.openplat.baseUrl = url("http://127.0.0.1");
        p.codes.sourceSystem = QStringLiteral("DEMOSHOP");
        p.codes.shopName = QStringLiteral("演示家电专营店");
        p.codes.sellerCode = QStringLiteral("8800000001");
        p.codes.customerCode = QStringLiteral("8800000001");
        p.codes.sendToCode = QStringLiteral("8800000001");
        p.callback.appKey = QStringLiteral("demo-appkey");
        break;
    case ProfileKind::Test:
        p.ylh.authBaseUrl = url("http://dev.ylhtest.com/ylh-cloud-mgt-auth-dev");
        p.ylh.orderBaseUrl = url("http://dev.ylhtest.com/ylh-cloud-service-jst-order-dev");
        p.ylh.orderServiceBaseUrl = url("http://dev.ylhtest.com/ylh-cloud-service-order-dev");
        p.ylh.stockBaseUrl = url("https://dev.ylhtest.com/ylh-cloud-service-stock-dev");
        p.openplat.baseUrl = url("https://openplat-test.haier.net");
        break;
    case ProfileKind::Pre:
        p.ylh.authBaseUrl = url("http://pre.yilihuo.com/ylh-cloud-mgt-auth-pre");
        p.ylh.orderBaseUrl = url("http://pre.yilihuo.com/ylh-cloud-service-jst-order-pre");
        p.ylh.orderServiceBaseUrl = url("http://pre.yilihuo.com/ylh-cloud-service-order-pre");
        p.ylh.stockBaseUrl = url("https://pre.yilihuo.com/ylh-cloud-service-stock-pre");
        p.openplat.baseUrl = url("https://openplat-bj-aliyun-stage.haier.net");
        break;
    case ProfileKind::Production:
        p.ylh.authBaseUrl = url("http://www.yilihuo.com/ylh-cloud-mgt-auth");
        p.ylh.orderBaseUrl = url("http://www.yilihuo.com/ylh-cloud-service-jst-order");
        p.ylh.orderServiceBaseUrl = url("http://www.yilihuo.com/ylh-cloud-service-order");
        p.ylh.stockBaseUrl = url("https://www.yilihuo.com/ylh-cloud-service-stock");
        p.openplat.baseUrl = url("https://openplat-bj-aliyun.haier.net");
        break;
    }
    return p;
}

std::optional<Profile> Profile::fromJson(const QJsonObject &object, QString *error)
{
    if (!object.value(QStringLiteral("name")).isString()) {
        if (error)
            *error = QStringLiteral("name: is required (a non-empty string)");
        return std::nullopt;
    }
    // Missing keys come from the preset of the profile's kind, so the kind itself is required.
    const QJsonValue kindValue = object.value(QStringLiteral("kind"));
    const auto kind = kindValue.isString() ? profileKindFromName(kindValue.toString()) : std::nullopt;
    if (!kind) {
        if (error) {
            *error = object.contains(QStringLiteral("kind"))
                ? QStringLiteral("kind: must be one of mock, test, pre, production")
                : QStringLiteral("kind: is required (mock, test, pre or production)");
        }
        return std::nullopt;
    }
    return fromJson(object, preset(*kind), error);
}

std::optional<Profile> Profile::fromJson(const QJsonObject &object, const Profile &base, QString *error)
{
    Profile p = base;
    Reader r(error);

    const QJsonValue nameValue = object.value(QStringLiteral("name"));
    if (object.contains(QStringLiteral("name"))) {
        if (!nameValue.isString() || nameValue.toString().trimmed().isEmpty())
            r.fail(QStringLiteral("name"), QStringLiteral("must be a non-empty string"));
        else
            p.name = nameValue.toString().trimmed();
    }
    if (!r.failed() && p.name.isEmpty())
        r.fail(QStringLiteral("name"), QStringLiteral("is required"));
    if (!r.failed() && (p.name.size() > 64 || p.name.contains(QLatin1Char('/')) || p.name.contains(QLatin1Char('\n'))))
        r.fail(QStringLiteral("name"), QStringLiteral("must be at most 64 characters, without '/' or line breaks"));

    if (object.contains(QStringLiteral("kind"))) {
        const QJsonValue v = object.value(QStringLiteral("kind"));
        const auto kind = v.isString() ? profileKindFromName(v.toString()) : std::nullopt;
        if (!kind)
            r.fail(QStringLiteral("kind"), QStringLiteral("must be one of mock, test, pre, production"));
        else
            p.kind = *kind;
    }

    const QString ylhKey = QStringLiteral("ylh");
    const QJsonObject *ylh = r.object(object, ylhKey, ylhKey);
    r.httpUrl(ylh, QStringLiteral("authBaseUrl"), QStringLiteral("ylh.authBaseUrl"), p.ylh.authBaseUrl);
    r.httpUrl(ylh, QStringLiteral("orderBaseUrl"), QStringLiteral("ylh.orderBaseUrl"), p.ylh.orderBaseUrl);
    r.httpUrl(ylh, QStringLiteral("orderServiceBaseUrl"), QStringLiteral("ylh.orderServiceBaseUrl"), p.ylh.orderServiceBaseUrl);
    r.httpUrl(ylh, QStringLiteral("stockBaseUrl"), QStringLiteral("ylh.stockBaseUrl"), p.ylh.stockBaseUrl);

    const QJsonObject *op = r.object(object, QStringLiteral("openplat"), QStringLiteral("openplat"));
    r.httpUrl(op, QStringLiteral("baseUrl"), QStringLiteral("openplat.baseUrl"), p.openplat.baseUrl);
    r.string(op, QStringLiteral("tokenPath"), QStringLiteral("openplat.tokenPath"), p.openplat.tokenPath);
    if (!r.failed() && !p.openplat.tokenPath.startsWith(QLatin1Char('/')))
        r.fail(QStringLiteral("openplat.tokenPath"), QStringLiteral("must start with '/'"));

    const QJsonObject *codes = r.object(object, QStringLiteral("codes"), QStringLiteral("codes"));
    r.string(codes, QStringLiteral("sourceSystem"), QStringLiteral("codes.sourceSystem"), p.codes.sourceSystem);
    r.string(codes, QStringLiteral("shopName"), QStringLiteral("codes.shopName"), p.codes.shopName);
    r.string(codes, QStringLiteral("sellerCode"), QStringLiteral("codes.sellerCode"), p.codes.sellerCode);
    r.string(codes, QStringLiteral("customerCode"), QStringLiteral("codes.customerCode"), p.codes.customerCode);
    r.string(codes, QStringLiteral("sendToCode"), QStringLiteral("codes.sendToCode"), p.codes.sendToCode);
    r.string(codes, QStringLiteral("supplierCode"), QStringLiteral("codes.supplierCode"), p.codes.supplierCode);

    const QJsonObject *cb = r.object(object, QStringLiteral("callback"), QStringLiteral("callback"));
    r.string(cb, QStringLiteral("appKey"), QStringLiteral("callback.appKey"), p.callback.appKey);
    r.string(cb, QStringLiteral("timestampZone"), QStringLiteral("callback.timestampZone"), p.callback.timestampZone);
    if (!r.failed() && !QTimeZone(p.callback.timestampZone.toUtf8()).isValid())
        r.fail(QStringLiteral("callback.timestampZone"), QStringLiteral("unknown time zone \"%1\"").arg(p.callback.timestampZone));
    r.integer(cb, QStringLiteral("windowSeconds"), QStringLiteral("callback.windowSeconds"), p.callback.windowSeconds, 1, 86400);
    r.integer(cb, QStringLiteral("skewMarginSeconds"), QStringLiteral("callback.skewMarginSeconds"), p.callback.skewMarginSeconds, 0, 86400);
    r.integer(cb, QStringLiteral("confirmWithinMinutes"), QStringLiteral("callback.confirmWithinMinutes"), p.callback.confirmWithinMinutes, 1,
              7 * 24 * 60);

    r.integer(&object, QStringLiteral("timeoutMs"), QStringLiteral("timeoutMs"), p.timeoutMs, 100, 600000);
    if (object.contains(QStringLiteral("timestampUnit"))) {
        const QString unit = object.value(QStringLiteral("timestampUnit")).toString();
        if (unit == QLatin1String("ms"))
            p.timestampUnit = TimestampUnit::Milliseconds;
        else if (unit == QLatin1String("s"))
            p.timestampUnit = TimestampUnit::Seconds;
        else
            r.fail(QStringLiteral("timestampUnit"), QStringLiteral("must be \"ms\" or \"s\""));
    }

    const QJsonObject *retry = r.object(object, QStringLiteral("retry"), QStringLiteral("retry"));
    r.integer(retry, QStringLiteral("maxRetries"), QStringLiteral("retry.maxRetries"), p.retry.maxRetries, 0, 10);
    r.integer(retry, QStringLiteral("baseDelayMs"), QStringLiteral("retry.baseDelayMs"), p.retry.baseDelayMs, 0, 600000);
    r.integer(retry, QStringLiteral("maxDelayMs"), QStringLiteral("retry.maxDelayMs"), p.retry.maxDelayMs, 0, 3600000);
    r.boolean(retry, QStringLiteral("jitter"), QStringLiteral("retry.jitter"), p.retry.jitter);

    if (object.contains(QStringLiteral("duplicatePatterns"))) {
        const QJsonValue v = object.value(QStringLiteral("duplicatePatterns"));
        QStringList patterns;
        bool ok = v.isArray();
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString() || item.toString().isEmpty())
                ok = false;
            patterns << item.toString();
        }
        if (!ok)
            r.fail(QStringLiteral("duplicatePatterns"), QStringLiteral("must be an array of non-empty strings"));
        else
            p.duplicatePatterns = patterns;
    }

    const QJsonObject *push = r.object(object, QStringLiteral("push"), QStringLiteral("push"));
    r.integer(push, QStringLiteral("concurrency"), QStringLiteral("push.concurrency"), p.push.concurrency, 1, 64);
    r.integer(push, QStringLiteral("rateLimitPerSecond"), QStringLiteral("push.rateLimitPerSecond"), p.push.rateLimitPerSecond, 1, 10000);
    r.boolean(push, QStringLiteral("stockCheck"), QStringLiteral("push.stockCheck"), p.push.stockCheck);
    r.integer(push, QStringLiteral("leaseSeconds"), QStringLiteral("push.leaseSeconds"), p.push.leaseSeconds, 5, 3600);

    if (object.contains(QStringLiteral("simulator"))) {
        if (!object.value(QStringLiteral("simulator")).isObject())
            r.fail(QStringLiteral("simulator"), QStringLiteral("must be an object"));
        else
            p.simulator = object.value(QStringLiteral("simulator")).toObject();
    }

    if (r.failed())
        return std::nullopt;
    return p;
}

QJsonObject Profile::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), name);
    o.insert(QStringLiteral("kind"), profileKindName(kind));
    o.insert(QStringLiteral("ylh"), QJsonObject{
        {QStringLiteral("authBaseUrl"), ylh.authBaseUrl.toString()},
        {QStringLiteral("orderBaseUrl"), ylh.orderBaseUrl.toString()},
        {QStringLiteral("orderServiceBaseUrl"), ylh.orderServiceBaseUrl.toString()},
        {QStringLiteral("stockBaseUrl"), ylh.stockBaseUrl.toString()},
    });
    o.insert(QStringLiteral("openplat"), QJsonObject{
        {QStringLiteral("baseUrl"), openplat.baseUrl.toString()},
        {QStringLiteral("tokenPath"), openplat.tokenPath},
    });
    o.insert(QStringLiteral("codes"), QJsonObject{
        {QStringLiteral("sourceSystem"), codes.sourceSystem},
        {QStringLiteral("shopName"), codes.shopName},
        {QStringLiteral("sellerCode"), codes.sellerCode},
        {QStringLiteral("customerCode"), codes.customerCode},
        {QStringLiteral("sendToCode"), codes.sendToCode},
        {QStringLiteral("supplierCode"), codes.supplierCode},
    });
    o.insert(QStringLiteral("callback"), QJsonObject{
        {QStringLiteral("appKey"), callback.appKey},
        {QStringLiteral("timestampZone"), callback.timestampZone},
        {QStringLiteral("windowSeconds"), callback.windowSeconds},
        {QStringLiteral("skewMarginSeconds"), callback.skewMarginSeconds},
        {QStringLiteral("confirmWithinMinutes"), callback.confirmWithinMinutes},
    });
    o.insert(QStringLiteral("timeoutMs"), timeoutMs);
    o.insert(QStringLiteral("timestampUnit"), timestampUnit == TimestampUnit::Seconds ? QStringLiteral("s") : QStringLiteral("ms"));
    o.insert(QStringLiteral("retry"), QJsonObject{
        {QStringLiteral("maxRetries"), retry.maxRetries},
        {QStringLiteral("baseDelayMs"), retry.baseDelayMs},
        {QStringLiteral("maxDelayMs"), retry.maxDelayMs},
        {QStringLiteral("jitter"), retry.jitter},
    });
    o.insert(QStringLiteral("duplicatePatterns"), QJsonArray::fromStringList(duplicatePatterns));
    o.insert(QStringLiteral("push"), QJsonObject{
        {QStringLiteral("concurrency"), push.concurrency},
        {QStringLiteral("rateLimitPerSecond"), push.rateLimitPerSecond},
        {QStringLiteral("stockCheck"), push.stockCheck},
        {QStringLiteral("leaseSeconds"), push.leaseSeconds},
    });
    if (!simulator.isEmpty())
        o.insert(QStringLiteral("simulator"), simulator);
    return o;
}

QStringList Profile::warnings() const
{
    QStringList out;
    if (kind != ProfileKind::Production)
        return out;
    const QList<QPair<QString, QUrl>> urls{
        {QStringLiteral("ylh.authBaseUrl"), ylh.authBaseUrl},
        {QStringLiteral("ylh.orderBaseUrl"), ylh.orderBaseUrl},
        {QStringLiteral("ylh.orderServiceBaseUrl"), ylh.orderServiceBaseUrl},
        {QStringLiteral("ylh.stockBaseUrl"), ylh.stockBaseUrl},
        {QStringLiteral("openplat.baseUrl"), openplat.baseUrl},
    };
    for (const auto &[key, u] : urls) {
        if (u.scheme() == QLatin1String("http"))
            out << QStringLiteral("%1 uses plain http:// on a production profile; credentials and orders travel unencrypted").arg(key);
    }
    return out;
}

QStringList Profile::changedKeys(const Profile &before, const Profile &after)
{
    const QJsonObject a = before.toJson();
    const QJsonObject b = after.toJson();
    // The union of both key sets, each once, sorted so the detail reads the same every time.
    QStringList keys = a.keys();
    for (const QString &key : b.keys()) {
        if (!keys.contains(key))
            keys << key;
    }
    std::sort(keys.begin(), keys.end());
    QStringList changed;
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue x = a.value(key);
        const QJsonValue y = b.value(key);
        if (x == y)
            continue;
        // One level of sections; the free-form simulator object is named as a whole.
        if (x.isObject() && y.isObject() && key != QLatin1String("simulator")) {
            const QJsonObject xo = x.toObject();
            const QJsonObject yo = y.toObject();
            QStringList inner = xo.keys();
            for (const QString &k : yo.keys()) {
                if (!inner.contains(k))
                    inner << k;
            }
            std::sort(inner.begin(), inner.end());
            for (const QString &k : std::as_const(inner)) {
                if (xo.value(k) != yo.value(k))
                    changed << key + QLatin1Char('.') + k;
            }
        } else {
            changed << key;
        }
    }
    return changed;
}
