#pragma once

#include <QString>
#include <functional>

class Database;

// Realistic demo orders for training, demos and load tests, including the awkward ones an operator
// meets (unpaid, non-Haier product, missing or bad mobile, 送装一体 mismatch, already pushed).
class DemoData final
{
public:
    struct Stats {
        qint64 orders = 0;
        qint64 lines = 0;
        qint64 products = 0;
    };

    explicit DemoData(Database &db) : m_db(db) {}

    // Adds `orders` orders (after any that exist), deterministic for a given seed. `progress` is
    // called with the number written so far. Batched multi-row inserts inside transactions.
    bool generate(qint64 orders, quint32 seed, Stats *stats, QString *error,
                  const std::function<void(qint64)> &progress = {});

private:
    bool ensureProducts(QString *error);
    Database &m_db;
};
