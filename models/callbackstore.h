#pragma once

#include <QList>
#include <QString>

class Database;

struct CallbackLine
{
    QString productCode;
    int totalQty = 0;
    int receiveQty = 0;
    int returnQty = 0;
    int rejectQty = 0;
};

// One received callback as stored in console_callbacks (refused ones too).
struct CallbackRecord
{
    qint64 id = 0;
    qint64 receivedAt = 0;     // epoch ms
    QString profile;
    QString peer;
    QString method;            // hmm.scm_heorder.confirm / cancel / oostock
    QString appKey;
    QString timeStamp;         // as sent
    qint64 timestampMs = 0;    // the TimeStamp as an instant
    QString platformOrderNo;
    QString extOrderNo;
    QString failMsg;
    int state = -1;
    QString data;              // raw Data string
    QString dedupeKey;
    bool valid = false;
    QString outcome;           // applied, duplicate, stale, orphan, refused, no_change
    QString refusalCode;
    QString refusalReason;
    qint64 orderId = 0;        // 0: unknown order (orphan) or refused
    QString orderNumber;
    int duplicateCount = 0;
    QString rawBody;           // redacted
    bool bodyCut = false;      // rawBody is not the whole request (a refused body over 4 KiB): it cannot be replayed
    QString replaySign;        // a refused callback's Sign, kept (never shown) so that a replay can verify it again
    QList<CallbackLine> items;
};

// Stores a callback and applies its effect to the order, its lines and its push job in one transaction,
// exactly once: a repeat only counts, an older callback never overwrites a newer state, an unknown
// order is kept as an orphan.
class CallbackStore final
{
public:
    explicit CallbackStore(Database &db) : m_db(db) {}

    // Fills record.outcome / orderId / orderNumber / id. False only when the database failed.
    bool store(CallbackRecord &record, QString *error);
    QList<CallbackRecord> list(const QString &orderNumber, int limit, QString *error = nullptr);
    Database &database() { return m_db; }

private:
    Database &m_db;
};
