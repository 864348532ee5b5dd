#pragma once

#include "models/profile.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// One line of a cancel callback's itemList.
struct CallbackItem
{
    QString productCode;
    int totalQty = 0;
    int receiveQty = 0;
    int returnQty = 0;
    int rejectQty = 0;
};

// What a callback body says, and whether it may be believed (ylh-protocol.md §4).
struct CallbackVerdict
{
    bool valid = false;
    QString refusalCode;     // bad_form, missing_field, bad_app_key, bad_sign, stale_timestamp, unknown_method, bad_data
    QString refusalReason;   // a sentence for the operator and for Haier's answer
    QString appKey;
    QString timeStamp;       // as sent, yyyyMMddHHmmss
    QDateTime timestampUtc;
    QString method;
    QString data;            // the raw Data string, exactly as received
    QString platformOrderNo;
    QString extOrderNo;
    QString failMsg;
    int state = -1;          // 0, 1, 2; -1 when absent
    QList<CallbackItem> items;
};

namespace CallbackVerifier {

inline const QString Confirm = QStringLiteral("hmm.scm_heorder.confirm");
inline const QString Cancel = QStringLiteral("hmm.scm_heorder.cancel");
inline const QString OutOfStock = QStringLiteral("hmm.scm_heorder.oostock");

// Parses and checks a form body: required fields, AppKey, Sign over the raw Data, TimeStamp within the
// profile's window (read in its zone) to stop replays, a known Method, and Data that makes sense.
CallbackVerdict verify(const QByteArray &body, const Profile &profile, const QString &secret, const QDateTime &nowUtc);

} // namespace CallbackVerifier
