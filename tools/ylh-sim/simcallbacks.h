#pragma once

#include "tools/ylh-sim/simconfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// The callbacks the simulator sends as Haier would (ylh-protocol.md §4): their Data and the signed form.
namespace SimCallbacks {

// "cancelled" → State 1, "refused" → 0, "partial" → 2; -1 for "none" or anything else.
int cancelState(const QString &mode);

// hmm.scm_heorder.cancel Data: State 1 every line cancelled, 0 refused ("already shipped") with FailMsg,
// 2 part of the quantities delivered and the rest cancelled. `items` are the accepted order's itemList
// (productCode, itemQty); itemList carries {productCode, totalQty, receiveQty, returnQty, rejectQty} per line.
QJsonObject cancelData(int state, const QString &platformOrderNo, const QString &extOrderNo, const QJsonArray &items);

// The form body Haier posts: AppKey, TimeStamp (China time), Method, Data (compact JSON) and Sign.
QByteArray signedForm(const QString &method, const QJsonObject &data, const SimCredentials &credentials, const QDateTime &nowUtc);

} // namespace SimCallbacks
