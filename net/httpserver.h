#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrlQuery>

#include <functional>

class QTcpServer;
class QTcpSocket;
class HttpConnection;

struct HttpRequest
{
    QByteArray method;
    // The path as the client sent it, without the query and not percent-decoded, so routes compare exact bytes.
    QByteArray path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;

    // First header with this name, compared case-insensitively; empty when absent.
    QByteArray header(const QByteArray &name) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json; charset=utf-8");
    QByteArray body;
    // Extra headers. Content-Length, Connection and Transfer-Encoding are the server's to set and are dropped.
    QList<QPair<QByteArray, QByteArray>> headers;
    // Reset the connection instead of answering (the simulator's "connection reset" fault).
    bool abortConnection = false;

    static HttpResponse json(int status, const QJsonObject &o);
    static HttpResponse text(int status, const QByteArray &t);
};

struct HttpServerLimits
{
    int maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 64 * 1024;
    // Time a client has to deliver one complete request (not reset by trickled bytes, which defeats slowloris).
    int idleTimeoutMs = 10000;
    int maxConnections = 64;
    // Open connections one peer address may hold (0: no limit of its own). Behind a reverse proxy every
    // connection comes from the proxy; its own per-address limits do this job there.
    int maxConnectionsPerPeer = 0;
};

// A small HTTP/1.1 server for the simulator and the Haier callback receiver. We write our own instead of
// using Qt HttpServer (GPL) and because the receiver needs hard limits on header size, body size and idle time.
// Everything runs on the thread that owns the server; handlers and respond callbacks must stay on it too.
class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    using Responder = std::function<void(HttpResponse)>;
    // respond may be called later (async) and at most once; calls after the first, or after the client
    // went away, are ignored. A responder dropped without being called answers 500 so the client is not left hanging.
    using Handler = std::function<void(const HttpRequest &, Responder respond)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    // Applies to connections accepted afterwards.
    void setLimits(const HttpServerLimits &limits);
    HttpServerLimits limits() const;
    void setHandler(Handler handler);

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0); // 0 = free port
    quint16 port() const;
    QString errorString() const;
    bool isListening() const;
    // Stops listening and drops every open connection, including those waiting for a response.
    void close();

    // Open connections (rejected ones excluded); lets tests and the status page see the load.
    int connectionCount() const;

private:
    friend class HttpConnection;

    void acceptPending();
    void rejectBusy(QTcpSocket *socket);
    void dispatch(const HttpRequest &request, Responder respond);
    void connectionFinished(HttpConnection *connection);

    QTcpServer *m_server;
    HttpServerLimits m_limits;
    Handler m_handler;
    QList<HttpConnection *> m_connections;
    qint64 m_refusedSinceLog = 0;   // connections refused since the last warning (one warning a minute)
    QElapsedTimer m_refusalLog;
};
