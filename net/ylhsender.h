#pragma once

#include "net/ordersender.h"
#include "net/ylhclient.h"

// The push engine's OrderSender over the real YLH client.
class YlhSender final : public OrderSender
{
public:
    explicit YlhSender(YlhClient &client) : m_client(client) {}

    void createOrder(const QJsonObject &payload, const QString &orderNumber,
                     std::function<void(const SendResult &)> done) override
    {
        m_client.createOrder(payload, orderNumber, [done](const ApiResult &r) {
            done(SendResult{r.kind, r.httpStatus, r.message, r.redactedRequest, r.redactedResponse, r.latencyMs,
                            r.retryAfterMs, r.retailOrderNo});
        });
    }
    void abortAll() override { m_client.abortAll(); }

private:
    YlhClient &m_client;
};
