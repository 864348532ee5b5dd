#include "app/composition/backend.h"

#include "app/composition/appcontext.h"
#include "models/callbackstore.h"
#include "models/clock.h"
#include "net/callbackserver.h"
#include "models/synclogstore.h"
#include "net/callrecorder.h"
#include "net/credentialstore.h"
#include "net/logging.h"
#include "net/openplatclient.h"
#include "net/sharedratebudget.h"
#include "net/ylhclient.h"
#include "net/stockchecker.h"
#include "net/ylhsender.h"
#include "tools/ylh-sim/ylhsimulator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>

namespace {

class SyncLogRecorder final : public CallRecorder
{
public:
    explicit SyncLogRecorder(Database &db) : m_store(db) {}
    void record(const SyncLogEntry &entry) override
    {
        // The call itself went on; a sync log that cannot be written must not go unnoticed.
        QString error;
        if (!m_store.append(entry, &error))
            qCWarning(lcSync).noquote() << "The sync log could not be written:" << entry.operation << entry.orderNumber << error;
    }

private:
    SyncLogStore m_store;
};

} // namespace

struct Backend::Private {
    Profile profile;
    Database *db = nullptr;
    bool openplatCredentials = false; // read at create(), or on the first openPlatform()
    SystemClock clock;
    QNetworkAccessManager network;
    std::unique_ptr<YlhSimulator> simulator;
    std::unique_ptr<CredentialStore> credentials;
    std::unique_ptr<SyncLogRecorder> recorder;
    std::unique_ptr<SharedRateBudget> ylhBudget;
    std::unique_ptr<SharedRateBudget> openplatBudget;
    std::unique_ptr<YlhClient> client;
    std::unique_ptr<YlhSender> sender;
    std::unique_ptr<OpenPlatClient> openplat;
    std::unique_ptr<OpenPlatStockChecker> stock;
    std::unique_ptr<CallbackStore> callbackStore;
    std::unique_ptr<CallbackServer> callbacks;
};

Backend::Backend() : d(std::make_unique<Private>()) {}
Backend::~Backend() = default;

OrderSender &Backend::sender()
{
    return *d->sender;
}

void Backend::drainCallbacks(int maxMs)
{
    if (!d->simulator)
        return;
    QElapsedTimer waited;
    waited.start();
    while (d->simulator->pendingCallbacks() > 0 && waited.elapsed() < maxMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

YlhClient &Backend::ylh()
{
    return *d->client;
}

StockChecker &Backend::stockChecker()
{
    return *d->stock;
}

OpenPlatClient &Backend::openplat()
{
    return *d->openplat;
}

OpenPlatClient *Backend::openPlatform(QString *why)
{
    if (d->openplatCredentials)
        return d->openplat.get();
    OpenPlatCredentials c;
    const QList<std::pair<QString, QString *>> keys{{QStringLiteral("openplat.client_id"), &c.clientId},
                                                   {QStringLiteral("openplat.client_secret"), &c.clientSecret},
                                                   {QStringLiteral("openplat.password"), &c.accountPassword}};
    for (const auto &[key, target] : keys) {
        QString error;
        const auto value = d->credentials->read(d->profile.name, key, &error);
        if (!value) {
            *why = error.isEmpty() ? CredentialStore::missingMessage(d->profile.name, key) : error;
            return nullptr;
        }
        *target = *value;
    }
    // The budget is named by the client id, known only now.
    d->openplatBudget = std::make_unique<SharedRateBudget>(*d->db, d->clock, SharedRateBudget::keyFor(QStringLiteral("openplat"), c.clientId),
                                                           d->profile.push.rateLimitPerSecond);
    d->openplat->setCredentials(c);
    d->openplat->setRateBudget(d->openplatBudget.get());
    d->openplatCredentials = true;
    return d->openplat.get();
}

const Profile &Backend::profile() const
{
    return d->profile;
}

std::unique_ptr<Backend> Backend::create(AppContext &context, const Profile &profile, QString *error, int *exitCode, int needs)
{
    if (profile.push.stockCheck)
        needs |= OpenPlat; // pushes check stock through the open platform first
    std::unique_ptr<Backend> backend(new Backend());
    Private &p = *backend->d;
    p.profile = profile;
    p.db = &context.db();
    // A mock profile normally brings its own simulator; with "simulator": {"inProcess": false} it talks to
    // a shared `ylh-sim` at the profile's URLs instead (a training room, the crash tests).
    const bool inProcess = profile.simulator.value(QStringLiteral("inProcess")).toBool(true);
    if (profile.kind == ProfileKind::Mock && !inProcess) {
        p.credentials = std::make_unique<DemoCredentialStore>();
    } else if (profile.kind == ProfileKind::Mock) {
        // Zero set-up: the real client talks to an in-process simulator over loopback with demo credentials.
        QString simError;
        const auto config = SimConfig::fromJson(profile.simulator, &simError);
        if (!config) {
            *error = QCoreApplication::translate("Backend", "The mock profile's simulator settings are invalid: %1").arg(simError);
            *exitCode = 3;
            return nullptr;
        }
        SimConfig simConfig = *config;
        simConfig.acceptUnknownOrders = true;
        // Haier's callbacks, signed with the demo secret, through the real receiver on loopback.
        p.callbackStore = std::make_unique<CallbackStore>(context.db());
        p.callbacks = std::make_unique<CallbackServer>(*p.callbackStore, profile, [](const QString &) {
            return std::optional<QString>(DemoCredentialStore::value(QStringLiteral("callback.secret")));
        }, p.clock);
        if (p.callbacks->listen() && !profile.simulator.contains(QStringLiteral("callbackUrl"))) {
            QUrl receiver;
            receiver.setScheme(QStringLiteral("http"));
            receiver.setHost(QStringLiteral("127.0.0.1"));
            receiver.setPort(p.callbacks->port());
            receiver.setPath(QStringLiteral("/haier/callback"));
            simConfig.callbackUrl = receiver;
        }
        p.simulator = std::make_unique<YlhSimulator>(simConfig);
        if (!p.simulator->listen()) {
            *error = QCoreApplication::translate("Backend", "The simulator cannot listen on 127.0.0.1: %1").arg(p.simulator->errorString());
            *exitCode = 3;
            return nullptr;
        }
        p.profile = p.simulator->pointedAt(p.profile);
        p.credentials = std::make_unique<DemoCredentialStore>();
    } else {
        p.credentials = std::make_unique<KeychainCredentialStore>();
    }
    // Every secret this use needs, or a message naming the first one missing (exit 3).
    auto read = [&](const QString &key, QString *target) {
        QString why;
        const auto value = p.credentials->read(profile.name, key, &why);
        if (!value) {
            *error = why.isEmpty() ? CredentialStore::missingMessage(profile.name, key) : why;
            *exitCode = 3;
            return false;
        }
        *target = *value;
        return true;
    };
    YlhCredentials ylh;
    if ((needs & Ylh)
        && !(read(QStringLiteral("ylh.client_id"), &ylh.clientId) && read(QStringLiteral("ylh.client_secret"), &ylh.clientSecret)
             && read(QStringLiteral("ylh.username"), &ylh.username) && read(QStringLiteral("ylh.password"), &ylh.password)))
        return nullptr;
    OpenPlatCredentials openplat;
    if ((needs & OpenPlat)
        && !(read(QStringLiteral("openplat.client_id"), &openplat.clientId)
             && read(QStringLiteral("openplat.client_secret"), &openplat.clientSecret)
             && read(QStringLiteral("openplat.password"), &openplat.accountPassword)))
        return nullptr;
    p.recorder = std::make_unique<SyncLogRecorder>(context.db());
    // One budget per API client, kept in the database: every process and desk using it shares it.
    p.ylhBudget = std::make_unique<SharedRateBudget>(context.db(), p.clock, SharedRateBudget::keyFor(QStringLiteral("ylh"), ylh.clientId),
                                                     profile.push.rateLimitPerSecond);
    p.openplatBudget = std::make_unique<SharedRateBudget>(context.db(), p.clock,
                                                          SharedRateBudget::keyFor(QStringLiteral("openplat"), openplat.clientId),
                                                          profile.push.rateLimitPerSecond);
    p.client = std::make_unique<YlhClient>(p.network, p.clock);
    p.client->setProfile(p.profile);
    p.client->setCredentials(ylh);
    p.client->setRecorder(p.recorder.get());
    p.client->setRateBudget(p.ylhBudget.get());
    p.sender = std::make_unique<YlhSender>(*p.client);
    p.openplat = std::make_unique<OpenPlatClient>(p.network, p.clock);
    p.openplat->setProfile(p.profile);
    p.openplat->setCredentials(openplat);
    p.openplat->setRecorder(p.recorder.get());
    p.openplat->setRateBudget(p.openplatBudget.get());
    p.openplatCredentials = (needs & OpenPlat) != 0;
    p.stock = std::make_unique<OpenPlatStockChecker>(*p.openplat);
    return backend;
}
