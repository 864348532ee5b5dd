#include "app/cli/clisession.h"

#include "platform/platform.h"

#include "app/cli/cli.h"
#include "app/composition/appcontext.h"
#include "app/composition/backend.h"
#include "net/credentialstore.h"

#include <QCoreApplication>

#include <cstdio>

CliSession::CliSession(QString dbLocation, QString profileName, QTextStream &err)
    : m_location(std::move(dbLocation)), m_profileName(std::move(profileName)), m_err(err)
{
}

CliSession::~CliSession()
{
    // The actions may hold a push engine using the backend's sender: they go first.
    m_actions.reset();
    m_backend.reset();
}

AppContext *CliSession::context()
{
    if (!m_context) {
        QString error;
        m_context = AppContext::open(m_location, &error);
        if (!m_context) {
            m_err << error << Qt::endl;
            m_exitCode = ExitConfig;
        } else {
            m_context->db().setClock(m_clock); // one "now" for the stores and the actions
        }
    }
    return m_context.get();
}

std::optional<Profile> CliSession::profile()
{
    if (m_profile)
        return m_profile;
    AppContext *ctx = context();
    if (!ctx)
        return std::nullopt;
    QString error;
    m_profile = ctx->resolveProfile(m_profileName, &error);
    if (!m_profile) {
        m_err << error << Qt::endl;
        m_exitCode = ExitConfig;
    }
    return m_profile;
}

Backend *CliSession::openBackend(int needs, QString *error)
{
    if (m_backend)
        return m_backend.get();
    const std::optional<Profile> p = profile();
    if (!p)
        return nullptr;
    int code = ExitConfig;
    m_backend = Backend::create(*m_context, *p, error, &code, needs);
    if (!m_backend)
        m_exitCode = code;
    return m_backend.get();
}

Backend *CliSession::backend(int needs)
{
    QString error;
    Backend *b = openBackend(needs, &error);
    if (!b && !error.isEmpty())
        m_err << error << Qt::endl;
    return b;
}

OrderActions *CliSession::actions()
{
    if (m_actions)
        return m_actions.get();
    const std::optional<Profile> p = profile();
    if (!p)
        return nullptr;
    m_actions = std::make_unique<OrderActions>(m_context->db(), m_clock, *p, [this](QString *error) {
        Backend *b = openBackend(Backend::Ylh, error);
        return b ? OrderActions::Services{&b->sender(), &b->stockChecker(), &b->ylh()} : OrderActions::Services();
    });
    m_actions->setOpenPlatProvider([this](QString *error) -> OpenPlatClient * {
        Backend *b = openBackend(Backend::OpenPlat, error);
        return b ? b->openPlatform(error) : nullptr;
    });
    // A refused callback's replay: the profile's callback.secret from the desk's keychain (the mock profile's is the demo one).
    m_actions->setCallbackSecret([](const Profile &target, QString *error) -> std::optional<QString> {
        if (target.kind == ProfileKind::Mock)
            return DemoCredentialStore::value(QStringLiteral("callback.secret"));
        return KeychainCredentialStore().read(target.name, QStringLiteral("callback.secret"), error);
    });
    // Production's deliberate step at a terminal: the profile's name typed (--yes is the verb's).
    m_actions->setConfirmer([this](const Profile &target, int count) {
        if (!platform::stdinIsTerminal()) {
            m_err << QCoreApplication::translate("Cli", "Pushing to production needs --yes when not run at a terminal.") << Qt::endl;
            return false;
        }
        m_err << QCoreApplication::translate("Cli", "Push %1 orders to PRODUCTION (profile %2)? Type the profile name to go on: ")
                     .arg(count).arg(target.name);
        m_err.flush();
        QTextStream in(stdin);
        return OrderActions::confirmationAccepted(target, in.readLine());
    });
    return m_actions.get();
}

int CliSession::exitFor(const ActionResult &result)
{
    switch (result.outcome) {
    case ActionResult::Outcome::Done: return ExitOk;
    case ActionResult::Outcome::Refused:
    case ActionResult::Outcome::Failed: return ExitFailed;
    case ActionResult::Outcome::NotFound: return ExitBadInput;
    case ActionResult::Outcome::Unavailable: return ExitConfig;
    }
    return ExitFailed;
}
