#pragma once

#include "models/profile.h"
#include "net/httpserver.h"

#include <QObject>

#include <functional>
#include <optional>

class CallbackStore;
class Clock;

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
    CallbackStore &m_store;
    Profile m_profile;
    SecretProvider m_secret;
    const Clock &m_clock;
    HttpServer m_server;
};
