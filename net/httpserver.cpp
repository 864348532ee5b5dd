#include "net/httpserver.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <memory>

Q_LOGGING_CATEGORY(lcHttpServer, "console.net.httpserver", QtInfoMsg)

namespace {

// Bounds the wait for a closing client to take our last bytes, so an unread socket cannot pin a slot.
constexpr int kLingerMs = 2000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return QByteArrayLiteral("Continue");
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 202: return QByteArrayLiteral("Accepted");
    case 204: return QByteArrayLiteral("No Content");
    case 304: return QByteArrayLiteral("Not Modified");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 409: return QByteArrayLiteral("Conflict");
    case 411: return QByteArrayLiteral("Length Required");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 415: return QByteArrayLiteral("Unsupported Media Type");
    case 422: return QByteArrayLiteral("Unprocessable Content");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    default: break;
    }
    if (status < 300)
        return QByteArrayLiteral("OK");
    if (status < 400)
        return QByteArrayLiteral("Redirect");
    if (status < 500)
        return QByteArrayLiteral("Client Error");
    return QByteArrayLiteral("Server Error");
}

// RFC 9110 token characters: what a method or a header name may be made of.
bool isToken(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'))
            continue;
        if (!QByteArrayView("!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

// Control characters in a field value could smuggle a second header line through us or a proxy.
bool isCleanFieldValue(const QByteArray &s)
{
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

bool isDigits(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool hasConnectionToken(const QByteArray &value, const char *token)
{
    const auto parts = value.split(',');
    for (const QByteArray &part : parts) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Index just past the blank line ending the header section, or -1. Bare LF line ends are accepted (RFC 9112 §2.2).
qsizetype findHeadEnd(const QByteArray &buffer)
{
    qsizetype i = buffer.indexOf('\n');
    while (i >= 0) {
        if (i + 1 < buffer.size() && buffer.at(i + 1) == '\n')
            return i + 2;
        if (i + 2 < buffer.size() && buffer.at(i + 1) == '\r' && buffer.at(i + 2) == '\n')
            return i + 3;
        i = buffer.indexOf('\n', i + 1);
    }
    return -1;
}

QByteArray serialize(const HttpResponse &response, bool keepAlive, bool withBody)
{
    int status = response.status;
    // Interim and out-of-range codes are not something a handler may send as its one answer.
    if (status < 200 || status > 599)
        status = 500;
    // 204 and 304 must carry neither a body nor a length (RFC 9110 §8.6).
    const bool bodyless = status == 204 || status == 304;

    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!bodyless && !response.contentType.isEmpty() && isCleanFieldValue(response.contentType))
        out += "Content-Type: " + response.contentType + "\r\n";
    if (!bodyless)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += keepAlive ? QByteArrayLiteral("Connection: keep-alive\r\n") : QByteArrayLiteral("Connection: close\r\n");
    for (const auto &[name, value] : response.headers) {
        if (!isToken(name) || !isCleanFieldValue(value))
            continue;
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0 || name.compare("Connection", Qt::CaseInsensitive) == 0
            || name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0
            || (name.compare("Content-Type", Qt::CaseInsensitive) == 0 && !response.contentType.isEmpty()))
            continue;
        out += name + ": " + value + "\r\n";
    }
    out += "\r\n";
    if (withBody && !bodyless)
        out += response.body;
    return out;
}

HttpResponse errorResponse(int status)
{
    return HttpResponse::text(status, reasonPhrase(status) + '\n');
}

} // namespace

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpResponse HttpResponse::json(int status, const QJsonObject &o)
{
    HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse HttpResponse::text(int status, const QByteArray &t)
{
    HttpResponse r;
    r.status = status;
    r.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    r.body = t;
    return r;
}

// One accepted socket: reads one request at a time, hands it to the server, writes the answer.
class HttpConnection final : public QObject
{
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    HttpConnection(QTcpSocket *socket, const HttpServerLimits &limits, HttpServer *server);
    ~HttpConnection() override;

    void respondTo(quint64 serial, const HttpResponse &response);
    // Drops the client without an answer (server shutdown).
    void abortNow();
    QHostAddress peerAddress() const { return m_peer; }

private:
    enum class State { ReadingHead, ReadingBody, AwaitingResponse, Closing };

    void process();
    bool readHead();
    bool readBody();
    // Parses the header section into m_request; on a protocol error answers it and returns false.
    bool parseHead(const QByteArray &head);
    void dispatch();
    void send(const HttpResponse &response, bool keepAlive);
    void fail(int status);
    void onTimeout();
    void finish();
    void startRequestDeadline();

    QTcpSocket *m_socket;
    QHostAddress m_peer;
    HttpServer *m_server;
    const HttpServerLimits m_limits;
    QTimer m_timer;
    State m_state = State::ReadingHead;
    QByteArray m_in; // bytes read from the socket and not consumed yet
    HttpRequest m_request;
    qint64 m_bodyLength = 0;
    bool m_keepAlive = true;
    bool m_servedAny = false;
    bool m_finished = false;
    quint64 m_serial = 0;
};

namespace {

// Shared by every copy of one respond callback: enforces "at most once" and answers 500 if all copies die unused.
struct ResponseSlot
{
    QPointer<HttpConnection> connection;
    quint64 serial = 0;
    bool done = false;

    void deliver(const HttpResponse &response)
    {
        if (done)
            return;
        done = true;
        if (connection)
            connection->respondTo(serial, response);
    }

    ~ResponseSlot()
    {
        if (!done && connection) {
            qCWarning(lcHttpServer) << "handler dropped a request without answering; sending 500";
            connection->respondTo(serial, errorResponse(500));
        }
    }
};

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpServerLimits &limits, HttpServer *server)
    : QObject(server)
    , m_socket(socket)
    , m_peer(socket->peerAddress())
    , m_server(server)
    , m_limits(limits)
{
    m_socket->setParent(this);
    // Back-pressure: while a handler works, unread pipelined bytes stay in the kernel instead of our memory.
    m_socket->setReadBufferSize(qMax<qint64>(m_limits.maxHeaderBytes, m_limits.maxBodyBytes) + 4096);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::process);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::finish);
    startRequestDeadline();
    // Bytes may have arrived before we connected to readyRead.
    QMetaObject::invokeMethod(this, &HttpConnection::process, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    m_finished = true;
    // The socket (our child) emits disconnected while it dies; we must not react to that half-destroyed.
    QObject::disconnect(m_socket, nullptr, this, nullptr);
}

void HttpConnection::startRequestDeadline()
{
    m_timer.start(m_limits.idleTimeoutMs);
}

void HttpConnection::process()
{
    if (m_finished)
        return;
    if (m_state == State::Closing) {
        // Drain what a client still sends after our final answer so its close does not turn into a reset.
        m_socket->readAll();
        return;
    }
    for (;;) {
        if (m_state == State::ReadingHead) {
            if (!readHead())
                return;
        } else if (m_state == State::ReadingBody) {
            if (!readBody())
                return;
        } else {
            return;
        }
    }
}

// Returns true when the state moved on and process() should continue.
bool HttpConnection::readHead()
{
    for (;;) {
        // A client may send stray line ends between requests (RFC 9112 §2.2); they are not part of the head.
        qsizetype skip = 0;
        while (skip < m_in.size() && (m_in.at(skip) == '\r' || m_in.at(skip) == '\n'))
            ++skip;
        if (skip > 0)
            m_in.remove(0, skip);

        const qsizetype end = findHeadEnd(m_in);
        if (end > m_limits.maxHeaderBytes || (end < 0 && m_in.size() > m_limits.maxHeaderBytes)) {
            fail(431);
            return false;
        }
        if (end >= 0) {
            const QByteArray head = m_in.left(end);
            m_in.remove(0, end);
            return parseHead(head);
        }
        // Read only up to one byte past the limit: enough to know it was exceeded, never more.
        const QByteArray chunk = m_socket->read(m_limits.maxHeaderBytes + 1 - m_in.size());
        if (chunk.isEmpty())
            return false;
        m_in += chunk;
    }
}

bool HttpConnection::readBody()
{
    if (m_in.size() < m_bodyLength) {
        m_in += m_socket->read(m_bodyLength - m_in.size());
        if (m_in.size() < m_bodyLength)
            return false;
    }
    m_request.body = m_in.left(m_bodyLength);
    m_in.remove(0, m_bodyLength);
    dispatch();
    return false;
}

bool HttpConnection::parseHead(const QByteArray &head)
{
    m_request = HttpRequest();
    m_request.peer = m_socket->peerAddress();

    auto lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }

    const auto parts = lines.value(0).split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()) {
        fail(400);
        return false;
    }
    const QByteArray &target = parts.at(1);
    const QByteArray &version = parts.at(2);
    if (version == "HTTP/1.1") {
        m_keepAlive = true;
    } else if (version == "HTTP/1.0") {
        m_keepAlive = false;
    } else if (version.size() == 8 && version.startsWith("HTTP/") && isDigits(version.mid(5, 1)) && version.at(6) == '.'
               && isDigits(version.mid(7, 1))) {
        m_keepAlive = false;
        fail(505);
        return false;
    } else {
        fail(400);
        return false;
    }
    if (!isCleanFieldValue(target) || target.contains('\t')) {
        fail(400);
        return false;
    }
    m_request.method = parts.at(0);

    QByteArray pathAndQuery;
    if (target.startsWith('/')) {
        pathAndQuery = target;
    } else if (target.startsWith("http://") || target.startsWith("https://")) {
        // Absolute form is what proxies send; only its path and query matter to us.
        const QUrl url = QUrl::fromEncoded(target, QUrl::StrictMode);
        if (!url.isValid()) {
            fail(400);
            return false;
        }
        pathAndQuery = url.path(QUrl::FullyEncoded).toUtf8();
        if (pathAndQuery.isEmpty())
            pathAndQuery = QByteArrayLiteral("/");
        if (url.hasQuery())
            pathAndQuery += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    } else if (target == "*" && m_request.method == "OPTIONS") {
        pathAndQuery = target;
    } else {
        fail(400);
        return false;
    }
    const qsizetype q = pathAndQuery.indexOf('?');
    m_request.path = q < 0 ? pathAndQuery : pathAndQuery.left(q);
    if (q >= 0)
        m_request.query = QUrlQuery(QString::fromUtf8(pathAndQuery.mid(q + 1)));

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.isEmpty())
            continue;
        // Obsolete line folding is a known smuggling vector; RFC 9112 lets a server reject it.
        if (line.at(0) == ' ' || line.at(0) == '\t') {
            fail(400);
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
        // isToken also refuses whitespace before the colon, which RFC 9112 §5.1 says to reject.
        const QByteArray value = colon > 0 ? line.mid(colon + 1).trimmed() : QByteArray();
        if (!isToken(name) || !isCleanFieldValue(value)) {
            fail(400);
            return false;
        }
        m_request.headers.append({name, value});
    }

    // Without chunked decoding we cannot find where such a body ends, so refuse it rather than guess.
    bool hasTransferEncoding = false;
    QByteArray contentLength;
    bool conflictingLength = false;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            hasTransferEncoding = true;
        } else if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            if (!contentLength.isNull() && contentLength != value)
                conflictingLength = true;
            contentLength = value;
        }
    }
    if (hasTransferEncoding) {
        fail(501);
        return false;
    }
    // 18 digits keeps the number inside qint64; anything longer is over every limit anyway.
    if (conflictingLength || (!contentLength.isNull() && (!isDigits(contentLength) || contentLength.size() > 18))) {
        fail(400);
        return false;
    }
    m_bodyLength = contentLength.isNull() ? 0 : contentLength.toLongLong();
    if (m_bodyLength > m_limits.maxBodyBytes) {
        fail(413);
        return false;
    }

    const QByteArray connection = m_request.header("Connection");
    if (hasConnectionToken(connection, "close"))
        m_keepAlive = false;
    else if (version == "HTTP/1.0" && hasConnectionToken(connection, "keep-alive"))
        m_keepAlive = true;

    // Clients such as curl wait for this before sending a body; the limits were checked above.
    if (version == "HTTP/1.1" && m_bodyLength > 0 && m_request.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0
        && m_in.size() < m_bodyLength)
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));

    m_state = State::ReadingBody;
    return true;
}

void HttpConnection::dispatch()
{
    m_state = State::AwaitingResponse;
    // The handler's time is not the client's fault; the deadline restarts with the next request.
    m_timer.stop();
    const quint64 serial = ++m_serial;
    auto slot = std::make_shared<ResponseSlot>();
    slot->connection = this;
    slot->serial = serial;
    qCDebug(lcHttpServer).noquote() << m_request.peer.toString() << m_request.method << m_request.path;
    m_server->dispatch(m_request, [slot](HttpResponse response) { slot->deliver(response); });
}

void HttpConnection::respondTo(quint64 serial, const HttpResponse &response)
{
    if (m_finished || serial != m_serial || m_state != State::AwaitingResponse)
        return;
    if (response.abortConnection) {
        abortNow();
        return;
    }
    send(response, m_keepAlive);
}

void HttpConnection::send(const HttpResponse &response, bool keepAlive)
{
    const bool withBody = m_request.method != "HEAD";
    m_socket->write(serialize(response, keepAlive, withBody));
    m_servedAny = true;
    if (!keepAlive) {
        m_state = State::Closing;
        m_in.clear();
        m_timer.start(kLingerMs);
        m_socket->disconnectFromHost();
        return;
    }
    m_state = State::ReadingHead;
    m_request = HttpRequest();
    m_bodyLength = 0;
    startRequestDeadline();
    // Queued, so a handler answering synchronously does not recurse through pipelined requests.
    QMetaObject::invokeMethod(this, &HttpConnection::process, Qt::QueuedConnection);
}

void HttpConnection::fail(int status)
{
    qCDebug(lcHttpServer) << "refusing request from" << m_socket->peerAddress().toString() << "with" << status;
    send(errorResponse(status), false);
}

void HttpConnection::onTimeout()
{
    if (m_finished)
        return;
    if (m_state == State::Closing) {
        abortNow();
        return;
    }
    // An idle keep-alive connection is closed silently: a client may be sending its next request right now
    // and would take an unsolicited 408 for the answer. A fresh or half-sent request gets the 408.
    const bool idleBetweenRequests = m_servedAny && m_state == State::ReadingHead && m_in.isEmpty() && m_socket->bytesAvailable() == 0;
    if (idleBetweenRequests) {
        m_state = State::Closing;
        m_timer.start(kLingerMs);
        m_socket->disconnectFromHost();
        return;
    }
    fail(408);
}

void HttpConnection::abortNow()
{
    if (m_finished)
        return;
    m_socket->abort();
    finish();
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    m_server->connectionFinished(this);
    deleteLater();
}

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::acceptPending);
}

HttpServer::~HttpServer()
{
    // Connections go first so responders still held by m_handler find them gone and do nothing.
    close();
}

void HttpServer::setLimits(const HttpServerLimits &limits)
{
    m_limits = limits;
}

HttpServerLimits HttpServer::limits() const
{
    return m_limits;
}

void HttpServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

QString HttpServer::errorString() const
{
    return m_server->errorString();
}

bool HttpServer::isListening() const
{
    return m_server->isListening();
}

void HttpServer::close()
{
    m_server->close();
    const auto connections = std::exchange(m_connections, {});
    for (HttpConnection *connection : connections)
        connection->abortNow();
    qDeleteAll(connections);
}

int HttpServer::connectionCount() const
{
    return int(m_connections.size());
}

void HttpServer::acceptPending()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        // Answers go out in one write; without this, Nagle plus the peer's delayed ACK adds ~40 ms.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (m_connections.size() >= m_limits.maxConnections) {
            rejectBusy(socket);
            continue;
        }
        if (m_limits.maxConnectionsPerPeer > 0) {
            const QHostAddress peer = socket->peerAddress();
            const auto fromPeer = std::count_if(m_connections.cbegin(), m_connections.cend(),
                                                [&peer](const HttpConnection *c) { return c->peerAddress() == peer; });
            if (fromPeer >= m_limits.maxConnectionsPerPeer) {
                rejectBusy(socket);
                continue;
            }
        }
        m_connections.append(new HttpConnection(socket, m_limits, this));
    }
}

void HttpServer::rejectBusy(QTcpSocket *socket)
{
    // One warning a minute at most, with the count since the last: a flood must not fill errors.log.
    ++m_refusedSinceLog;
    if (!m_refusalLog.isValid() || m_refusalLog.elapsed() >= 60000) {
        qCWarning(lcHttpServer) << "connection limit reached (" << m_limits.maxConnections << "in all," << m_limits.maxConnectionsPerPeer
                                << "per address); refused" << m_refusedSinceLog << "connection(s), the last from"
                                << socket->peerAddress().toString();
        m_refusedSinceLog = 0;
        m_refusalLog.start();
    }
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    HttpResponse busy = errorResponse(503);
    busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    socket->write(serialize(busy, false, true));
    socket->disconnectFromHost();
    // A client that never reads would otherwise keep the refused socket alive.
    if (socket->state() != QAbstractSocket::UnconnectedState)
        QTimer::singleShot(kLingerMs, socket, [socket] { socket->abort(); });
}

void HttpServer::dispatch(const HttpRequest &request, Responder respond)
{
    if (!m_handler) {
        respond(errorResponse(404));
        return;
    }
    m_handler(request, std::move(respond));
}

void HttpServer::connectionFinished(HttpConnection *connection)
{
    m_connections.removeOne(connection);
}
