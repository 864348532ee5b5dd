#include "net/redaction.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

namespace Redaction {

namespace {

const QString kHidden = QStringLiteral("***");
const QString kMask = QStringLiteral("****");

enum class KeyKind { None, Secret, Phone, Address };

struct KeyRule
{
    QLatin1String name;
    KeyKind kind;
};

// Longer names first so a regex alternation prefers access_token over token.
const KeyRule kRules[] = {
    {QLatin1String("proxy-authorization"), KeyKind::Secret},
    {QLatin1String("customerpassword"), KeyKind::Secret},
    {QLatin1String("snapshot_address"), KeyKind::Address},
    {QLatin1String("consigneemobile"), KeyKind::Phone},
    {QLatin1String("sellerpassword"), KeyKind::Secret},
    {QLatin1String("snapshot_phone"), KeyKind::Phone},
    {QLatin1String("authorization"), KeyKind::Secret},
    {QLatin1String("client_secret"), KeyKind::Secret},
    {QLatin1String("detailaddress"), KeyKind::Address},
    {QLatin1String("refresh_token"), KeyKind::Secret},
    {QLatin1String("access_token"), KeyKind::Secret},
    {QLatin1String("clientsecret"), KeyKind::Secret},
    {QLatin1String("refreshtoken"), KeyKind::Secret},
    {QLatin1String("accesstoken"), KeyKind::Secret},
    {QLatin1String("password"), KeyKind::Secret},
    {QLatin1String("mobile"), KeyKind::Phone},
    {QLatin1String("secret"), KeyKind::Secret},
    {QLatin1String("phone"), KeyKind::Phone},
    {QLatin1String("token"), KeyKind::Secret},
    {QLatin1String("sign"), KeyKind::Secret},
};

KeyKind kindOf(QStringView key)
{
    for (const KeyRule &rule : kRules) {
        if (key.compare(rule.name, Qt::CaseInsensitive) == 0)
            return rule.kind;
    }
    return KeyKind::None;
}

QString keyAlternation()
{
    QStringList names;
    for (const KeyRule &rule : kRules)
        names.append(QRegularExpression::escape(rule.name));
    return names.join(QLatin1Char('|'));
}

QString maskValue(KeyKind kind, const QString &value)
{
    // An empty value stays visible: "the password was empty" is a useful diagnosis and reveals nothing.
    if (value.isEmpty())
        return value;
    switch (kind) {
    case KeyKind::Secret: return kHidden;
    case KeyKind::Phone: return maskPhone(value);
    case KeyKind::Address: return maskAddress(value);
    case KeyKind::None: break;
    }
    return value;
}

// QRegularExpression has no replace-with-callback; this is it.
template<typename Replace>
QString replaceMatches(const QString &s, const QRegularExpression &re, Replace replace)
{
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(s).mid(last, m.capturedStart() - last);
        out += replace(m);
        last = m.capturedEnd();
    }
    if (last == 0)
        return s;
    out += QStringView(s).mid(last);
    return out;
}

// "key": "value" and "key": 123, also when the JSON sits escaped inside another JSON string (\"key\":\"value\"):
// the run of backslashes before the opening quote must repeat before every quote of the pair.
QString redactJsonPairs(const QString &s)
{
    static const QRegularExpression re(
        QStringLiteral(R"RE((\\*)"(%1)\1"\s*:\s*(?:\1"(.*?)(?<!\\)\1"|([^\s,}\]"\\{\[][^\s,}\]"\\]*)))RE").arg(keyAlternation()),
        QRegularExpression::CaseInsensitiveOption);
    return replaceMatches(s, re, [&s](const QRegularExpressionMatch &m) {
        const KeyKind kind = kindOf(m.capturedView(2));
        const int group = m.capturedStart(3) >= 0 ? 3 : 4;
        const QString value = m.captured(group);
        QString masked = maskValue(kind, value);
        if (group == 4 && kind == KeyKind::Secret)
            masked = kHidden; // a number or literal under a secret key is hidden whatever it is
        return s.mid(m.capturedStart(), m.capturedStart(group) - m.capturedStart()) + masked
            + s.mid(m.capturedEnd(group), m.capturedEnd() - m.capturedEnd(group));
    });
}

// key=value (forms, URLs, free text) and key: value (header lines, free text). An Authorization value keeps
// its scheme hidden too, since "Basic" alone already tells an attacker what to decode.
QString redactKeyValues(const QString &s)
{
    static const QRegularExpression re(
        QStringLiteral(R"RE((?<![A-Za-z0-9_])(%1)(?![A-Za-z0-9_])(?:[ \t]*=[ \t]*([^&\s"'<>]*)|[ \t]*:[ \t]*["']?((?:Bearer|Basic|Digest|Token)[ \t]+[^\s,;&"']*|[^\r\n,;&"']*)))RE")
            .arg(keyAlternation()),
        QRegularExpression::CaseInsensitiveOption);
    return replaceMatches(s, re, [&s](const QRegularExpressionMatch &m) {
        const KeyKind kind = kindOf(m.capturedView(1));
        const int group = m.capturedStart(2) >= 0 ? 2 : 3;
        QString value = m.captured(group);
        // Keep trailing blanks of a "key: value   " line outside the mask.
        qsizetype end = value.size();
        while (end > 0 && value.at(end - 1).isSpace())
            --end;
        const QString trailing = value.mid(end);
        value.truncate(end);
        return s.mid(m.capturedStart(), m.capturedStart(group) - m.capturedStart()) + maskValue(kind, value) + trailing;
    });
}

// Credentials quoted without their header name, e.g. a QDebug dump of a header list.
QString redactBareCredentials(const QString &s)
{
    static const QRegularExpression re(
        QStringLiteral(R"(\b([Bb]earer[ \t]+)[A-Za-z0-9._~+/=-]+|\b(Basic[ \t]+)[A-Za-z0-9+/=]{8,})"));
    return replaceMatches(s, re, [](const QRegularExpressionMatch &m) {
        return (m.capturedStart(1) >= 0 ? m.captured(1) : m.captured(2)) + kHidden;
    });
}

// Chinese mobile numbers anywhere: 11 digits from 1, optionally +86 and separated 3-4-4.
const QRegularExpression &mobileInText()
{
    static const QRegularExpression re(QStringLiteral(R"((?<![0-9])((?:\+?86[- ]?)?)(1[0-9]{2})[- ]?[0-9]{4}[- ]?([0-9]{4})(?![0-9]))"));
    return re;
}

QString maskPhonesInText(const QString &s)
{
    return replaceMatches(s, mobileInText(), [](const QRegularExpressionMatch &m) {
        return m.captured(1) + m.captured(2) + kMask + m.captured(3);
    });
}

// A whole string that is an x-www-form-urlencoded body: no blanks, only key=value pairs joined by '&'.
bool looksLikeForm(const QString &s)
{
    static const QRegularExpression re(QStringLiteral(R"(^&*[A-Za-z0-9_.\-\[\]%]+=[^&\s]*(?:&+[A-Za-z0-9_.\-\[\]%]+=[^&\s]*)*&*$)"));
    return re.match(s).hasMatch();
}

QString formDecode(const QString &part)
{
    QByteArray raw = part.toUtf8();
    raw.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(raw));
}

// Escapes only what would break the form apart, so Chinese text and JSON in a logged body stay readable.
QString formEncode(const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (u == ' ')
            out += '+';
        else if (u < 0x20 || u == 0x7f || c == '%' || c == '&' || c == '=' || c == '+' || c == '#')
            out += '%' + QByteArray::number(u, 16).toUpper().rightJustified(2, '0');
        else
            out += c;
    }
    return QString::fromUtf8(out);
}

// Decoding first is what finds a phone number inside a percent-encoded Data field.
QString redactForm(const QString &s)
{
    const auto pairs = s.split(QLatin1Char('&'));
    QStringList out;
    for (const QString &pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        const QString key = pair.left(eq);
        const QString value = formDecode(pair.mid(eq + 1));
        const KeyKind kind = kindOf(formDecode(key));
        const QString redacted = kind == KeyKind::None ? text(value) : maskValue(kind, value);
        out.append(key + QLatin1Char('=') + formEncode(redacted));
    }
    return out.join(QLatin1Char('&'));
}

} // namespace

QString text(const QString &s)
{
    if (s.isEmpty())
        return s;
    if (looksLikeForm(s))
        return redactForm(s);
    QString out = redactJsonPairs(s);
    out = redactKeyValues(out);
    out = redactBareCredentials(out);
    return maskPhonesInText(out);
}

QByteArray bytes(const QByteArray &b)
{
    return text(QString::fromUtf8(b)).toUtf8();
}

QJsonValue json(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const KeyKind kind = kindOf(it.key());
            const QJsonValue value = it.value();
            if (kind == KeyKind::None) {
                it.value() = json(value);
            } else if (value.isString()) {
                it.value() = maskValue(kind, value.toString());
            } else if (kind == KeyKind::Secret && !value.isNull() && !value.isUndefined()) {
                it.value() = kHidden;
            } else if (kind == KeyKind::Phone && value.isDouble()) {
                // Some shops store the mobile as a number; it must not slip through as one.
                it.value() = maskPhone(QString::number(value.toInteger()));
            } else {
                it.value() = json(value);
            }
        }
        return o;
    }
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (auto it = a.begin(); it != a.end(); ++it)
            *it = json(*it);
        return a;
    }
    if (v.isString())
        return text(v.toString());
    return v;
}

QString maskPhone(const QString &mobile)
{
    const QString trimmed = mobile.trimmed();
    if (trimmed.isEmpty())
        return trimmed;
    static const QRegularExpression exact(QStringLiteral(R"(^(\+?86[- ]?)?(1[0-9]{2})[- ]?[0-9]{4}[- ]?([0-9]{4})$)"));
    const QRegularExpressionMatch m = exact.match(trimmed);
    if (m.hasMatch())
        return m.captured(1) + m.captured(2) + kMask + m.captured(3);
    // Landlines and foreign formats: show only as much as still tells numbers apart.
    const qsizetype n = trimmed.size();
    if (n >= 11)
        return trimmed.left(3) + kMask + trimmed.right(4);
    if (n >= 7)
        return trimmed.left(2) + kMask + trimmed.right(2);
    return kMask;
}

QString maskAddress(const QString &address)
{
    if (address.isEmpty())
        return address;
    qsizetype keep = address.size() > 6 ? 6 : address.size() / 2;
    // Never cut a surrogate pair in half.
    if (keep > 0 && address.at(keep - 1).isHighSurrogate())
        --keep;
    return address.left(keep) + kMask;
}

} // namespace Redaction
