#pragma once

#include <QList>
#include <QString>

#include <functional>

class OpenPlatClient;

// One product the order needs, with the quantity summed over its lines.
struct StockNeed
{
    QString productCode;
    int quantity = 0;

    // What a create-order payload asks for: its itemList by product code, quantities summed
    // (lines without a code are left out).
    static QList<StockNeed> fromPayload(const class QJsonObject &payload);
};

struct StockVerdict
{
    enum class Outcome { Enough, NotEnough, CouldNotCheck };
    Outcome outcome = Outcome::CouldNotCheck;
    QString detail; // for NotEnough: "BH0250A2G: 2 needed, 0 available; …"; for CouldNotCheck: why
};

// The optional stock check before sending (domain.md: "stock check (when enabled) says not enough").
class StockChecker
{
public:
    virtual ~StockChecker() = default;
    // `done` is called exactly once, on the caller's thread.
    virtual void check(const QString &countyCode, const QList<StockNeed> &needs, std::function<void(const StockVerdict &)> done) = 0;
};

// Asks Haier's open platform for each product's available stock in the county (one call per product).
class OpenPlatStockChecker final : public StockChecker
{
public:
    explicit OpenPlatStockChecker(OpenPlatClient &client) : m_client(client) {}
    void check(const QString &countyCode, const QList<StockNeed> &needs, std::function<void(const StockVerdict &)> done) override;

    // The available quantity in a stock answer's data ({stock: 12} or {stock: "12"}); -1 when absent.
    static double availableIn(const class QJsonValue &data);

private:
    OpenPlatClient &m_client;
};
