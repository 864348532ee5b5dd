#include "net/callbacksignature.h"

#include <QCryptographicHash>
#include <QSet>

#include <algorithm>

namespace CallbackSignature {

namespace {

const QString kSignKey = QStringLiteral("Sign");

} // namespace

QString sign(const QList<QPair<QString, QString>> &fields, const QString &secret)
{
    QList<QPair<QByteArray, QString>> kept;
    kept.reserve(fields.size());
    for (const auto &[key, value] : fields) {
        if (key == kSignKey || value.isEmpty())
            continue;
        kept.append({key.toUtf8(), value});
    }
    // The spec sorts by byte order; QByteArray's operator< compares bytes (memcmp), QString's would compare UTF-16.
    std::stable_sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) { return a.first < b.first; });

    QString plain = secret;
    for (const auto &[key, value] : std::as_const(kept)) {
        plain += QString::fromUtf8(key);
        plain += value;
    }
    plain += secret;
    const QByteArray digest = QCryptographicHash::hash(plain.toLower().toUtf8(), QCryptographicHash::Md5);
    return QString::fromLatin1(digest.toHex().toUpper());
}

bool verify(const QList<QPair<QString, QString>> &fields, const QString &secret)
{
    if (secret.isEmpty())
        return false;
    QString given;
    QSet<QString> seen;
    for (const auto &[key, value] : fields) {
        if (seen.contains(key))
            return false;
        seen.insert(key);
        if (key == kSignKey)
            given = value;
    }
    const QByteArray expected = sign(fields, secret).toLatin1();
    const QByteArray actual = given.trimmed().toLatin1().toUpper();
    // The length of an MD5 hex string is public; only the content must not leak through timing.
    if (actual.size() != expected.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(expected.at(i) ^ actual.at(i));
    return diff == 0;
}

QList<QPair<QString, QString>> parseForm(const QByteArray &body)
{
    // Decode '+' before the %-escapes so an encoded "%2B" stays a plus sign.
    const auto decode = [](QByteArray part) { return QString::fromUtf8(QByteArray::fromPercentEncoding(part.replace('+', ' '))); };
    QList<QPair<QString, QString>> fields;
    const auto pairs = body.split('&');
    for (const QByteArray &pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0)
            fields.append({decode(pair), QString()});
        else
            fields.append({decode(pair.left(eq)), decode(pair.mid(eq + 1))});
    }
    return fields;
}

} // namespace CallbackSignature
