#pragma once

#include "models/profile.h"
#include "net/ordersender.h"

#include <QObject>

#include <memory>

class AppContext;
class OpenPlatClient;
class StockChecker;
class QNetworkAccessManager;
class YlhClient;

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
    enum Need { Ylh = 1, OpenPlat = 2 };
    static std::unique_ptr<Backend> create(AppContext &context, const Profile &profile, QString *error, int *exitCode,
                                           int needs = Ylh);
    ~Backend() override;

    OrderSender &sender();
    YlhClient &ylh();
    OpenPlatClient &openplat();
    // The open-platform client with its credentials: read at create() when OpenPlat was needed, else from
    // the keychain now. Null, with *why naming the missing one, when they are not there.
    OpenPlatClient *openPlatform(QString *why);
    // The open-platform stock check (the profile's push.stockCheck); its credentials are read at create().
    StockChecker &stockChecker();
    const Profile &profile() const;
    // The mock profile's simulator sends Haier's signed callbacks to an in-process receiver (the same
    // verifier and handler as serve-callbacks); this waits up to `maxMs` for those still on their way.
    void drainCallbacks(int maxMs);

private:
    Backend();
    struct Private;
    std::unique_ptr<Private> d;
};
