#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// The signature Haier puts on its order callbacks (ylh-protocol.md §4).
namespace CallbackSignature {

// Upper-case hex MD5 over: secret + key1value1 + key2value2 … + secret, lower-cased as a whole, with "Sign"
// and empty values left out and keys in UTF-8 byte order. Values are used exactly as given (Data is never re-serialised).
QString sign(const QList<QPair<QString, QString>> &fields, const QString &secret);

// True when fields carry a "Sign" matching sign(fields, secret). Hex case does not matter; the comparison
// takes the same time wherever the first difference is. An empty secret, a missing Sign or a repeated
// field name never verifies: a repeated name would let a forger choose which copy we check.
bool verify(const QList<QPair<QString, QString>> &fields, const QString &secret);

// Splits an application/x-www-form-urlencoded body (UTF-8, '+' = space) into fields in wire order.
// Each value is decoded once and kept byte for byte, so Data is verified as Haier sent it.
QList<QPair<QString, QString>> parseForm(const QByteArray &body);

} // namespace CallbackSignature
