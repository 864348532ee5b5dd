#include "net/httpserver.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QElapsedTimer>

#include <optional>

namespace {

struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

// The server lives on this thread, so clients must spin the event loop instead of blocking in waitFor*().
bool spinUntil(const std::function<bool()> &done, int timeoutMs = 5000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(5);
    }
    return true;
}

// A raw HTTP/1.1 client: keeps unread bytes in m_buffer so two answers on one socket parse one by one.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        spinUntil([this] { return m_socket.state() == QAbstractSocket::ConnectedState; });
    }

    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return m_socket; }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }

    std::optional<RawResponse> read(int timeoutMs = 5000)
    {
        std::optional<RawResponse> result;
        spinUntil(
            [&] {
                m_buffer += m_socket.readAll();
                result = tryParse();
                return result.has_value() || (m_socket.state() == QAbstractSocket::UnconnectedState && !m_socket.bytesAvailable());
            },
            timeoutMs);
        return result;
    }

    // True once the server closed the connection (and we read everything it sent).
    bool waitClosed(int timeoutMs = 5000)
    {
        return spinUntil(
            [this] {
                m_buffer += m_socket.readAll();
                return m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }

    QByteArray leftover() const { return m_buffer; }

private:
    std::optional<RawResponse> tryParse()
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        const auto lines = m_buffer.left(end).split('\n');
        RawResponse r;
        const auto statusParts = lines.value(0).trimmed().split(' ');
        r.status = statusParts.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            r.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        }
        const qsizetype length = r.header("Content-Length").toLongLong();
        if (m_buffer.size() < end + 4 + length)
            return std::nullopt;
        r.body = m_buffer.mid(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        return r;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

HttpResponse echo(const HttpRequest &request)
{
    QJsonObject o;
    o.insert(QStringLiteral("method"), QString::fromLatin1(request.method));
    o.insert(QStringLiteral("path"), QString::fromUtf8(request.path));
    o.insert(QStringLiteral("body"), QString::fromUtf8(request.body));
    o.insert(QStringLiteral("x"), request.query.queryItemValue(QStringLiteral("x")));
    o.insert(QStringLiteral("contentType"), QString::fromLatin1(request.header("content-type")));
    return HttpResponse::json(200, o);
}

} // namespace

class tst_HttpServer : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void listensOnFreePort();
    void roundTrip_data();
    void roundTrip();
    void keepAliveTwoRequests();
    void pipelinedRequestsAnsweredInOrder();
    void connectionCloseHonoured_data();
    void connectionCloseHonoured();
    void headHasNoBody();
    void asyncRespond();
    void respondTwiceSendsOneAnswer();
    void droppedResponderAnswers500();
    void extraHeadersCannotSplitResponse();
    void bodyTooLarge();
    void headerTooLarge();
    void idleTimeout_data();
    void idleTimeout();
    void idleKeepAliveClosesQuietly();
    void malformed_data();
    void malformed();
    void chunkedRequestRefused();
    void tooManyConnections();
    void clientGoneMidBody();
    void respondAfterClientGone();
    void closeWithPendingRequest();

private:
    HttpServer *startServer(const HttpServerLimits &limits = {});

    std::unique_ptr<HttpServer> m_server;
    int m_calls = 0;
};

void tst_HttpServer::init()
{
    m_calls = 0;
}

void tst_HttpServer::cleanup()
{
    m_server.reset();
}

HttpServer *tst_HttpServer::startServer(const HttpServerLimits &limits)
{
    m_server = std::make_unique<HttpServer>();
    m_server->setLimits(limits);
    m_server->setHandler([this](const HttpRequest &request, HttpServer::Responder respond) {
        ++m_calls;
        respond(echo(request));
    });
    if (!m_server->listen())
        qWarning() << "listen failed:" << m_server->errorString();
    return m_server.get();
}

void tst_HttpServer::listensOnFreePort()
{
    HttpServer *server = startServer();
    QVERIFY(server->isListening());
    QVERIFY(server->port() != 0);
    server->close();
    QVERIFY(!server->isListening());
}

void tst_HttpServer::roundTrip_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QByteArray>("body");
    QTest::addRow("get") << QByteArrayLiteral("GET") << QByteArray();
    QTest::addRow("post json") << QByteArrayLiteral("POST") << QByteArrayLiteral("{\"a\":\"订单\"}");
    QTest::addRow("put") << QByteArrayLiteral("PUT") << QByteArrayLiteral("k=v");
}

void tst_HttpServer::roundTrip()
{
    QFETCH(QByteArray, verb);
    QFETCH(QByteArray, body);
    HttpServer *server = startServer();
    QNetworkAccessManager nam;
    QUrl url(QStringLiteral("http://127.0.0.1/echo/path?x=%E4%B8%AD+1"));
    url.setPort(server->port());
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), QStringLiteral("application/json; charset=utf-8"));
    const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(o.value(QStringLiteral("method")).toString(), QString::fromLatin1(verb));
    QCOMPARE(o.value(QStringLiteral("path")).toString(), QStringLiteral("/echo/path"));
    QCOMPARE(o.value(QStringLiteral("body")).toString(), QString::fromUtf8(body));
    // QUrlQuery keeps '+' literal (it is not a form body), and decodes %-escapes as UTF-8.
    QCOMPARE(o.value(QStringLiteral("x")).toString(), QString(QChar(0x4e2d)) + QStringLiteral("+1"));
    QCOMPARE(o.value(QStringLiteral("contentType")).toString(), QStringLiteral("application/json"));
    delete reply;
}

void tst_HttpServer::keepAliveTwoRequests()
{
    HttpServer *server = startServer();
    RawClient client(server->port());
    QVERIFY(client.connected());
    client.send(get("/one"));
    auto first = client.read();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    QCOMPARE(first->header("Connection"), QByteArrayLiteral("keep-alive"));
    QCOMPARE(first->header("Content-Length").toInt(), first->body.size());
    client.send("POST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
    auto second = client.read();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    QVERIFY(second->body.contains("\"path\":\"/two\""));
    QVERIFY(second->body.contains("\"body\":\"hello\""));
    QVERIFY(client.connected());
    QCOMPARE(m_calls, 2);
    QCOMPARE(server->connectionCount(), 1);
}

void tst_HttpServer::pipelinedRequestsAnsweredInOrder()
{
    HttpServer *server = startServer();
    RawClient client(server->port());
    client.send(get("/a") + "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz" + get("/c", "Connection: close\r\n"));
    const QByteArray expected[] = {"\"path\":\"/a\"", "\"path\":\"/b\"", "\"path\":\"/c\""};
    for (const QByteArray &path : expected) {
        auto r = client.read();
        QVERIFY(r);
        QVERIFY2(r->body.contains(path), r->body.constData());
    }
    QVERIFY(client.waitClosed());
    QCOMPARE(m_calls, 3);
}

void tst_HttpServer::connectionCloseHonoured_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("connection");
    QTest::addRow("1.1 close") << QByteArrayLiteral("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") << QByteArrayLiteral("close");
    QTest::addRow("1.1 token list") << QByteArrayLiteral("GET / HTTP/1.1\r\nConnection: TE, Close\r\n\r\n") << QByteArrayLiteral("close");
    QTest::addRow("1.0 default") << QByteArrayLiteral("GET / HTTP/1.0\r\n\r\n") << QByteArrayLiteral("close");
    QTest::addRow("1.0 keep-alive") << QByteArrayLiteral("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << QByteArrayLiteral("keep-alive");
    QTest::addRow("bare LF lines") << QByteArrayLiteral("GET / HTTP/1.1\nConnection: close\n\n") << QByteArrayLiteral("close");
}

void tst_HttpServer::connectionCloseHonoured()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, connection);
    HttpServer *server = startServer();
    RawClient client(server->port());
    client.send(request);
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("Connection"), connection);
    if (connection == "close")
        QVERIFY(client.waitClosed());
    else
        QVERIFY(client.connected());
}

void tst_HttpServer::headHasNoBody()
{
    HttpServer *server = startServer();
    RawClient client(server->port());
    client.send("HEAD / HTTP/1.1\r\n\r\n" + get("/after"));
    QByteArray raw;
    QVERIFY(spinUntil([&] {
        raw += client.socket().readAll();
        return raw.count("HTTP/1.1 200") == 2 && raw.endsWith("}");
    }));
    // The HEAD answer announces the GET length but carries no bytes, so the next status line follows at once.
    const qsizetype firstEnd = raw.indexOf("\r\n\r\n") + 4;
    QVERIFY(raw.mid(firstEnd).startsWith("HTTP/1.1 200"));
    QVERIFY(raw.left(firstEnd).contains("Content-Length: "));
}

void tst_HttpServer::asyncRespond()
{
    HttpServer *server = startServer();
    server->setHandler([](const HttpRequest &request, HttpServer::Responder respond) {
        QTimer::singleShot(100, [request, respond] { respond(HttpResponse::text(202, "later " + request.path)); });
    });
    QNetworkAccessManager nam;
    QUrl url(QStringLiteral("http://127.0.0.1/slow"));
    url.setPort(server->port());
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QCOMPARE(reply->readAll(), QByteArrayLiteral("later /slow"));
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), QByteArrayLiteral("text/plain; charset=utf-8"));
}

void tst_HttpServer::respondTwiceSendsOneAnswer()
{
    HttpServer *server = startServer();
    server->setHandler([](const HttpRequest &, HttpServer::Responder respond) {
        HttpServer::Responder copy = respond;
        respond(HttpResponse::text(200, "first"));
        copy(HttpResponse::text(500, "second"));
        QTimer::singleShot(20, [copy] { copy(HttpResponse::text(500, "third")); });
    });
    RawClient client(server->port());
    client.send(get("/"));
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->body, QByteArrayLiteral("first"));
    QTest::qWait(100);
    QCOMPARE(client.socket().bytesAvailable() + client.leftover().size(), 0);
}

void tst_HttpServer::droppedResponderAnswers500()
{
    HttpServer *server = startServer();
    server->setHandler([](const HttpRequest &, HttpServer::Responder) {});
    RawClient client(server->port());
    client.send(get("/"));
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 500);
    QVERIFY(client.connected());
}

void tst_HttpServer::extraHeadersCannotSplitResponse()
{
    HttpServer *server = startServer();
    server->setHandler([](const HttpRequest &, HttpServer::Responder respond) {
        HttpResponse response = HttpResponse::text(200, "ok");
        response.headers = {{"X-Fine", "yes"}, {"X-Evil", "a\r\nSet-Cookie: x=1"}, {"Content-Length", "999"}, {"Bad Name", "v"}};
        respond(response);
    });
    RawClient client(server->port());
    client.send(get("/"));
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->body, QByteArrayLiteral("ok"));
    QCOMPARE(r->header("X-Fine"), QByteArrayLiteral("yes"));
    QVERIFY(r->header("Set-Cookie").isEmpty());
    QVERIFY(r->header("X-Evil").isEmpty());
    QCOMPARE(r->header("Content-Length"), QByteArrayLiteral("2"));
}

void tst_HttpServer::bodyTooLarge()
{
    HttpServerLimits limits;
    limits.maxBodyBytes = 1024;
    HttpServer *server = startServer(limits);
    RawClient client(server->port());
    // Only the head is sent: the server must answer from Content-Length alone, without waiting for the body.
    client.send("POST /cb HTTP/1.1\r\nHost: h\r\nContent-Length: 1025\r\n\r\n");
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 413);
    QCOMPARE(r->header("Connection"), QByteArrayLiteral("close"));
    QVERIFY(client.waitClosed());
    QCOMPARE(m_calls, 0);

    // Exactly at the limit is fine.
    RawClient ok(server->port());
    ok.send("POST /cb HTTP/1.1\r\nContent-Length: 1024\r\n\r\n" + QByteArray(1024, 'a'));
    auto accepted = ok.read();
    QVERIFY(accepted);
    QCOMPARE(accepted->status, 200);
}

void tst_HttpServer::headerTooLarge()
{
    HttpServerLimits limits;
    limits.maxHeaderBytes = 512;
    HttpServer *server = startServer(limits);
    RawClient client(server->port());
    // No terminating blank line: the limit must trip on size alone, not wait for the end of the head.
    client.send("GET / HTTP/1.1\r\nX-Filler: " + QByteArray(600, 'f') + "\r\n");
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 431);
    QVERIFY(client.waitClosed());

    RawClient complete(server->port());
    complete.send(get("/", "X-Filler: " + QByteArray(600, 'f') + "\r\n"));
    auto r2 = complete.read();
    QVERIFY(r2);
    QCOMPARE(r2->status, 431);
    QCOMPARE(m_calls, 0);
}

void tst_HttpServer::idleTimeout_data()
{
    QTest::addColumn<QByteArray>("partial");
    QTest::addRow("nothing sent") << QByteArray();
    QTest::addRow("half a head") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: h\r\n");
    QTest::addRow("half a body") << QByteArrayLiteral("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
}

void tst_HttpServer::idleTimeout()
{
    QFETCH(QByteArray, partial);
    HttpServerLimits limits;
    limits.idleTimeoutMs = 200;
    HttpServer *server = startServer(limits);
    RawClient client(server->port());
    if (!partial.isEmpty())
        client.send(partial);
    QElapsedTimer elapsed;
    elapsed.start();
    auto r = client.read(3000);
    QVERIFY(r);
    QCOMPARE(r->status, 408);
    QVERIFY(elapsed.elapsed() >= 150);
    QVERIFY(client.waitClosed());
    QCOMPARE(m_calls, 0);
}

void tst_HttpServer::idleKeepAliveClosesQuietly()
{
    HttpServerLimits limits;
    limits.idleTimeoutMs = 200;
    HttpServer *server = startServer(limits);
    RawClient client(server->port());
    client.send(get("/"));
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QVERIFY(client.waitClosed(3000));
    QVERIFY(client.leftover().isEmpty());
    QTRY_COMPARE(server->connectionCount(), 0);
}

void tst_HttpServer::malformed_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addRow("garbage line") << QByteArrayLiteral("hello there\r\n\r\n") << 400;
    QTest::addRow("missing version") << QByteArrayLiteral("GET /\r\n\r\n") << 400;
    QTest::addRow("extra space") << QByteArrayLiteral("GET  / HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("bad method chars") << QByteArrayLiteral("G(T / HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("relative target") << QByteArrayLiteral("GET index.html HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("not http") << QByteArrayLiteral("GET / FTP/1.1\r\n\r\n") << 400;
    QTest::addRow("http/2 preface") << QByteArrayLiteral("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::addRow("header without colon") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost h\r\n\r\n") << 400;
    QTest::addRow("space before colon") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << 400;
    QTest::addRow("folded header") << QByteArrayLiteral("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n") << 400;
    QTest::addRow("bare CR in value") << QByteArrayLiteral("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n") << 400;
    static const char withNul[] = "GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n";
    QTest::addRow("NUL in value") << QByteArray(withNul, sizeof(withNul) - 1) << 400;
    QTest::addRow("negative length") << QByteArrayLiteral("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::addRow("length not a number") << QByteArrayLiteral("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n") << 400;
    QTest::addRow("conflicting lengths") << QByteArrayLiteral("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab") << 400;
    QTest::addRow("huge length") << QByteArrayLiteral("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 400;
}

void tst_HttpServer::malformed()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    HttpServer *server = startServer();
    RawClient client(server->port());
    client.send(request);
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, status);
    QCOMPARE(r->header("Connection"), QByteArrayLiteral("close"));
    QVERIFY(client.waitClosed());
    QCOMPARE(m_calls, 0);
}

void tst_HttpServer::chunkedRequestRefused()
{
    HttpServer *server = startServer();
    RawClient client(server->port());
    client.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    auto r = client.read();
    QVERIFY(r);
    QCOMPARE(r->status, 501);
    QVERIFY(client.waitClosed());
    QCOMPARE(m_calls, 0);
}

void tst_HttpServer::tooManyConnections()
{
    HttpServerLimits limits;
    limits.maxConnections = 1;
    HttpServer *server = startServer(limits);

    auto first = std::make_unique<RawClient>(server->port());
    first->send(get("/"));
    QVERIFY(first->read()); // the server has accepted and counted it
    QCOMPARE(server->connectionCount(), 1);

    RawClient second(server->port());
    auto refused = second.read();
    QVERIFY(refused);
    QCOMPARE(refused->status, 503);
    QCOMPARE(refused->header("Connection"), QByteArrayLiteral("close"));
    QCOMPARE(refused->header("Retry-After"), QByteArrayLiteral("1"));
    QVERIFY(second.waitClosed());

    first.reset();
    QTRY_COMPARE(server->connectionCount(), 0);
    RawClient third(server->port());
    third.send(get("/again"));
    auto r = third.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
}

void tst_HttpServer::clientGoneMidBody()
{
    HttpServer *server = startServer();
    {
        RawClient client(server->port());
        client.send("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly a part");
        QTRY_COMPARE(server->connectionCount(), 1);
        client.socket().abort();
    }
    QTRY_COMPARE(server->connectionCount(), 0);
    QCOMPARE(m_calls, 0);

    RawClient next(server->port());
    next.send(get("/"));
    auto r = next.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
}

void tst_HttpServer::respondAfterClientGone()
{
    HttpServer *server = startServer();
    HttpServer::Responder pending;
    server->setHandler([&pending](const HttpRequest &, HttpServer::Responder respond) { pending = std::move(respond); });
    {
        RawClient client(server->port());
        client.send(get("/"));
        QTRY_VERIFY(pending);
        client.socket().abort();
    }
    QTRY_COMPARE(server->connectionCount(), 0);
    QTest::qWait(20); // let the deferred delete of the connection run
    pending(HttpResponse::text(200, "too late"));
    pending = nullptr;
    QVERIFY(server->isListening());
}

void tst_HttpServer::closeWithPendingRequest()
{
    HttpServer *server = startServer();
    HttpServer::Responder pending;
    server->setHandler([&pending](const HttpRequest &, HttpServer::Responder respond) { pending = std::move(respond); });
    RawClient client(server->port());
    client.send(get("/"));
    QTRY_VERIFY(pending);
    server->close();
    QCOMPARE(server->connectionCount(), 0);
    pending(HttpResponse::text(200, "after close"));
    QVERIFY(client.waitClosed());
    QVERIFY(client.leftover().isEmpty());
}

QTEST_GUILESS_MAIN(tst_HttpServer)
#include "tst_httpserver.moc"
