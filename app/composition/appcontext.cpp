#include "app/composition/appcontext.h"

#include <QCoreApplication>

AppContext::AppContext(std::unique_ptr<Database> db)
    : m_db(std::move(db)), m_profiles(*m_db), m_orders(*m_db), m_jobs(*m_db), m_audit(*m_db)
{
}

std::unique_ptr<AppContext> AppContext::open(const QString &location, QString *error)
{
    std::unique_ptr<Database> db = Database::open(location, error);
    if (!db)
        return nullptr;
    if (db->migrate(error) < 0)
        return nullptr;
    std::unique_ptr<AppContext> context(new AppContext(std::move(db)));
    if (!context->profiles().ensurePresets(error))
        return nullptr;
    return context;
}

std::optional<Profile> AppContext::resolveProfile(const QString &name, QString *error)
{
    if (name.isEmpty())
        return m_profiles.active(error);
    QString why;
    auto profile = m_profiles.get(name, &why);
    if (!profile && error)
        *error = QCoreApplication::translate("AppContext", "Unknown profile \"%1\".").arg(name);
    return profile;
}
