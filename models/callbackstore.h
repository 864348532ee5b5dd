#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

class Database;
class QSqlQuery;
struct JobApply;

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
    qint64 skewMarginMs = 600000; // the profile's callback.skewMarginSeconds (which soId a callback is about)
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
    // A burst: several callbacks stored as store() would, one after the other, in one transaction with
    // one commit. On PostgreSQL the orders they are about are locked first, all in one statement and in
    // one order (two groups never wait on each other in a circle); then each round reads what every
    // callback still to store needs in one statement and writes the rows of those about different orders
    // in another. False when any failed: nothing was committed (the caller stores them one by one then).
    bool storeGroup(const QList<CallbackRecord *> &records, QString *error);
    static constexpr int MaxGroup = 32;
    // The same inside a transaction the caller began (with Database::beginWrite) and finishes (storeGroup
    // on SQLite stores each of its callbacks so). False: roll the transaction back.
    bool storeInTransaction(CallbackRecord &record, QString *error);
    // What makes two callbacks the same: the method, the TimeStamp and the Data with letter case folded
    // (the signature is over lower-cased Data, so a replay with its case changed still verifies).
    static QString dedupeKey(const QString &method, const QString &timeStamp, const QString &data);
    QList<CallbackRecord> list(const QString &orderNumber, int limit, QString *error = nullptr);
    Database &database() { return m_db; }

private:
    struct Reading;
    struct Decision;
    struct ShopWrite;
    // Which of an order's soIds a callback is about (domain.md "Push lifecycle").
    enum class About { Current, Earlier, Unsure };
    About about(const CallbackRecord &record, const struct PushJobRecord &job, QString *error, bool *failed);
    // What deciding one callback needs (an earlier copy, the binding, the order and its job): of one
    // callback (on PostgreSQL an earlier copy's count goes up in the same statement), or of several at
    // once (PostgreSQL, nothing written).
    bool readOne(CallbackRecord &record, Reading *reading, QString *error);
    bool readMany(const QList<CallbackRecord *> &records, QList<Reading> *readings, QString *error);
    static void readRest(const QSqlQuery &q, int first, Reading *reading);
    // The decision: sets the outcome, or says which event the job decides on (through the transition
    // function, written by JobStore::apply or applyMany); then, with the job's result, the outcome, the
    // order's lines, and how the shop's order row changes.
    bool decide(CallbackRecord &record, const Reading &reading, Decision *decision, QString *error);
    bool conclude(CallbackRecord &record, const Reading &reading, Decision &decision, std::optional<JobApply> applied, ShopWrite *shop,
                  QString *error);
    // The callback's row and the shop's row: of one callback, or of several about different orders in
    // one statement (PostgreSQL).
    bool writeOne(CallbackRecord &record, const ShopWrite &shop, QString *error);
    // `copies`: each record's copies later in its group (its row starts with that count); `repeats`:
    // copies of rows stored before, counted by the same statement (emptied when written).
    bool writeMany(const QList<CallbackRecord *> &records, const QList<ShopWrite> &shops, const QList<int> &copies,
                   QHash<qint64, int> *repeats, QString *error);
    bool countRepeats(QHash<qint64, int> *repeats, QString *error);
    bool storeGroupPostgres(const QList<CallbackRecord *> &records, QString *error);
    Database &m_db;
};
