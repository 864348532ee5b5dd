#pragma once

#include <QJsonObject>
#include <QString>

// The create-order checks the real receiver makes (ylh-protocol.md), strictly: types, required fields,
// the deliveryInstall rule, money with at most two decimals adding up. Empty when the payload is fine,
// else "<field>: why".
namespace SimValidation {
QString createOrderProblem(const QJsonObject &payload);
QString cancelProblem(const QJsonObject &body);
}
