#pragma once

#include "models/profile.h"
#include "models/refusedbodies.h"
#include "net/httpserver.h"
#include "net/refusaltally.h"

#include <QObject>
#include <QTimer>

#include <QHash>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class CallbackStore;
class CallbackWorkers;
class Clock;
struct CallbackRecord;

// Haier's callbacks over HTTP: POST /haier/callback (routed by Method) and /haier/callback/confirm,
// /cancel, /oostock. Verifies, stores and applies each exactly once, and answers in the spec's JSON in
// every case. Binds 127.0.0.1 unless told otherwise; exposure goes through a reverse proxy.
class CallbackServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallbackServer)

public:
    using SecretProvider = std::function<std::optional<QString>(const QString &profile)>;

    CallbackServer(CallbackStore &store, const Profile &profile, SecretProvider secret, const Clock &clock, QObject *parent = nullptr);
    ~CallbackServer() override;

    // Stores callbacks received over HTTP on `workers` threads, each with its own connection to
    // `location` (the database `store` uses), so that callbacks are applied several at once while this
    // thread keeps reading and verifying requests. Each callback is still one CallbackStore::store call
    // and is answered only after its commit. Without workers (the default) everything runs here.
    // A broken connection is opened again (CallbackWorkers); while the database cannot be reached every
    // callback is answered 503 with Retry-After, so that Haier sends it again. `password` is for a
    // PostgreSQL URL that carries none.
    bool setWorkers(int workers, const QString &location, QString *error, const QString &password = QString());
    int workers() const;

    // Connections one source address may hold open at once (default 64); more are answered 503.
    void setMaxConnectionsPerSource(int connections);
    // The total the bodies of refused callbacks may hold; the oldest are emptied first (RefusedBodies).
    void setRefusedBodyTotal(qint64 bytes) { m_refusedBodyTotal = bytes; }
    // The refused callbacks kept at most (the oldest are deleted; checked every 1,024 refusals).
    void setRefusedRowLimit(int rows) { m_refusedRowLimit = rows; }
    // Refusals per reason and source address (bounded).
    const RefusalTally &refusals() const { return m_refusals; }
    // Writes the refusals counted since the last summary to the log (once a minute, and on destruction).
    void logRefusalSummary();

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const;
    QString errorString() const;

    // The whole handling of one request, without sockets (tests, the in-process mock flow).
    HttpResponse handle(const HttpRequest &request);

    // The answer Haier expects (ylh-protocol.md §4).
    static QJsonObject answer(bool success, const QString &code, const QString &description, const QString &platformOrderNo,
                              const QDateTime &nowUtc);

signals:
    void callbackStored(const QString &outcome, const QString &orderNumber);

private:
    // Verifies a request: an answer when it needs no storing (unknown path, wrong method), else the record to store.
    std::optional<HttpResponse> prepare(const HttpRequest &request, const QDateTime &now, CallbackRecord *record);
    HttpResponse stored(const CallbackRecord &record, bool ok, bool unavailable, const QString &error, const QDateTime &now);
    // Stores one callback with what bounds a refused one (its cut mark; the total of refused bodies).
    // After a record's commit (any thread): the bounded bookkeeping of refused bodies.
    void afterStore(CallbackStore &store, const CallbackRecord &record);
    bool storeRecord(CallbackStore &store, CallbackRecord &record, QString *error);
    void dispatch(const HttpRequest &request, HttpServer::Responder respond);

    CallbackStore &m_store;
    Profile m_profile;
    SecretProvider m_secret;
    const Clock &m_clock;
    HttpServer m_server;
    QHash<quint64, HttpServer::Responder> m_waiting; // answered once a worker has stored the callback
    quint64 m_nextId = 0;
    RefusalTally m_refusals;
    QTimer m_minute;
    qint64 m_refusedBodyTotal;
    int m_refusedRowLimit = RefusedBodies::DefaultMaxRows;
    std::atomic<int> m_refusedSincePrune{0};
    std::unique_ptr<CallbackWorkers> m_workers; // last: stopped first on destruction
};
