#pragma once

#include "models/clock.h"
#include "models/profile.h"
#include "net/orderactions.h"

#include <QString>
#include <QTextStream>

#include <memory>
#include <optional>

class AppContext;
class Backend;

// What every haierctl verb opens, once, on first use, the same way: the database (migrated), the
// profile (--profile, else the active one), the network side with its credentials, and the staff
// actions over them. Each part prints why it cannot be had and remembers the exit code that says so.
class CliSession final
{
public:
    CliSession(QString dbLocation, QString profileName, QTextStream &err);
    ~CliSession();
    CliSession(const CliSession &) = delete;
    CliSession &operator=(const CliSession &) = delete;

    AppContext *context();
    std::optional<Profile> profile();
    // The network side of the profile (`needs`: Backend::Ylh, Backend::OpenPlat); null when the credentials
    // or the keychain are missing.
    Backend *backend(int needs);
    // The network side if an action opened it already, else null (opens nothing).
    Backend *openedBackend() const { return m_backend.get(); }
    // The staff actions of the profile; the network side is built when an action first needs it.
    OrderActions *actions();
    const Clock &clock() const { return m_clock; }
    // The exit code of the last part that could not be opened (ExitConfig), else 0.
    int exitCode() const { return m_exitCode; }

    // Exit code for one action's result (0 done, 1 refused or failed, 2 no such order, 3 no connection).
    static int exitFor(const ActionResult &result);

private:
    Backend *openBackend(int needs, QString *error);

    QString m_location;
    QString m_profileName;
    QTextStream &m_err;
    SystemClock m_clock;
    std::unique_ptr<AppContext> m_context;
    std::optional<Profile> m_profile;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<OrderActions> m_actions;
    int m_exitCode = 0;
};
