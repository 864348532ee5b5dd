#pragma once

#include "models/profile.h"
#include "net/ordersender.h"

#include <QObject>

#include <memory>

class AppContext;
class QNetworkAccessManager;

// The network side of the composition root for one profile: the credential store, the YLH client
// behind the OrderSender the push engine uses, and — for the mock profile — the in-process simulator
// the client talks to over loopback, so the mock profile runs the real client code with zero set-up.
class Backend final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Backend)

public:
    // Null with *error set (and *exitCode 3) when the profile cannot be used: missing credentials,
    // no keychain, a simulator that cannot listen.
    static std::unique_ptr<Backend> create(AppContext &context, const Profile &profile, QString *error, int *exitCode);
    ~Backend() override;

    OrderSender &sender();
    const Profile &profile() const;

private:
    Backend();
    struct Private;
    std::unique_ptr<Private> d;
};
