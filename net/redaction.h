#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

// The one place that decides what may reach a log (domain.md "Logging"). Every log path runs request and
// answer bodies, headers and messages through here: secrets become "***", phone numbers and detailed
// addresses are masked. Keys are matched case-insensitively:
//   secrets   access_token, refresh_token, token, password (passWord), sellerPassword, customerPassword,
//             client_secret, secret, Sign, Authorization, Proxy-Authorization (+ accessToken, refreshToken, clientSecret)
//   phones    consigneeMobile, mobile, phone, snapshot_phone
//   addresses detailAddress, snapshot_address
// It errs on the side of hiding too much: a log line that lost a word is cheaper than a leaked password.
namespace Redaction {

// Free text, header lines, JSON text (also JSON escaped inside a JSON string) and form bodies.
QString text(const QString &s);
// As text(), for raw bodies; the bytes are read as UTF-8.
QByteArray bytes(const QByteArray &b);
// Structural redaction of a parsed JSON value; string values are also run through text().
QJsonValue json(const QJsonValue &v);

// 13912349000 → 139****9000 (also +86 / separated forms); other numbers keep at most their ends.
QString maskPhone(const QString &mobile);
// Keeps the first 6 characters (half of a shorter address) and appends "****".
QString maskAddress(const QString &address);

} // namespace Redaction
