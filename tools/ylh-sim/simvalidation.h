#pragma once

#include <QJsonObject>
#include <QString>

// The create-order checks the real receiver makes (ylh-protocol.md), strictly: types, required fields,
// the deliveryInstall rule, money with at most two decimals adding up. Empty when the payload is fine,
// else "<field>: why". Times (createTime, cancelTime, distributionTime, installTime) must be epoch values in
// the unit this receiver expects: 13-digit milliseconds, or 10-digit seconds when `seconds` is set.
namespace SimValidation {
QString createOrderProblem(const QJsonObject &payload, bool seconds = false);
QString cancelProblem(const QJsonObject &body, bool seconds = false);
// An epoch value of the expected unit, as milliseconds; -1 when it is not one.
qint64 epochMs(const QJsonValue &value, bool seconds);
}
