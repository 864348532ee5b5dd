#include "models/envbinding.h"

#include "models/auditlog.h"
#include "models/database.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace {

const QString metaKey = QStringLiteral("environment");

bool fail(QString *error, const QSqlQuery &q)
{
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

} // namespace

QString dbBindingName(DbBinding binding)
{
    switch (binding) {
    case DbBinding::Production: return QStringLiteral("production");
    case DbBinding::Pre: return QStringLiteral("pre");
    case DbBinding::Test: return QStringLiteral("test");
    case DbBinding::Training: return QStringLiteral("training");
    }
    return QStringLiteral("production");
}

std::optional<DbBinding> dbBindingFromName(const QString &name)
{
    for (DbBinding b : {DbBinding::Production, DbBinding::Pre, DbBinding::Test, DbBinding::Training}) {
        if (name == dbBindingName(b))
            return b;
    }
    return std::nullopt;
}

QStringList EnvBinding::pushedStates()
{
    return {QStringLiteral("accepted"), QStringLiteral("confirmed"), QStringLiteral("cancel_requested"),
            QStringLiteral("partially_cancelled"), QStringLiteral("out_of_stock")};
}

std::optional<DbBinding> EnvBinding::recorded(QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT value FROM console_meta WHERE key = ?"));
    q.addBindValue(metaKey);
    if (!q.exec()) {
        fail(error, q);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return dbBindingFromName(q.value(0).toString());
}

DbBinding EnvBinding::current(QString *error)
{
    return recorded(error).value_or(DbBinding::Production);
}

bool EnvBinding::bind(DbBinding binding, QString *error)
{
    QSqlDatabase &db = m_db.sql();
    if (!m_db.beginWrite(error))
        return false;
    const std::optional<DbBinding> before = recorded(error);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO console_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(metaKey);
    q.addBindValue(dbBindingName(binding));
    if (!q.exec()) {
        fail(error, q);
        db.rollback();
        return false;
    }
    const QString from = before ? dbBindingName(*before) : QCoreApplication::translate("EnvBinding", "unbound (production)");
    if (!AuditLog(m_db).record({0, {}, {}, QStringLiteral("db_bind"), {}, {},
                                QStringLiteral("%1 → %2").arg(from, dbBindingName(binding))}, error)) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        if (error)
            *error = sqlErrorText(db.lastError());
        return false;
    }
    return true;
}

bool EnvBinding::bindIfFresh(DbBinding binding, bool *bound, QString *error)
{
    *bound = false;
    QString why;
    if (recorded(&why) || !why.isEmpty()) {
        if (error)
            *error = why;
        return why.isEmpty();
    }
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM (SELECT id FROM orders_order LIMIT 1) o")) || !q.next())
        return fail(error, q);
    if (q.value(0).toLongLong() > 0)
        return true; // the shop already has orders: whoever owns them decides
    q.finish();
    if (!bind(binding, error))
        return false;
    *bound = true;
    return true;
}

bool EnvBinding::kindWrites(ProfileKind kind, DbBinding binding)
{
    switch (binding) {
    case DbBinding::Training: return true;
    case DbBinding::Production: return kind == ProfileKind::Production;
    case DbBinding::Pre: return kind == ProfileKind::Pre;
    case DbBinding::Test: return kind == ProfileKind::Test;
    }
    return false;
}

bool EnvBinding::profileWritesShop(const Profile &profile, QString *error)
{
    return kindWrites(profile.kind, current(error));
}

bool EnvBinding::profileNameWritesShop(const QString &profileName, QString *error)
{
    // Asked for every callback: the binding and the profile's kind in one statement.
    QSqlQuery &q = m_db.prepared(QStringLiteral("SELECT (SELECT value FROM console_meta WHERE key = ?), "
                                                "(SELECT kind FROM console_profiles WHERE name = ?)"));
    q.addBindValue(metaKey);
    q.addBindValue(profileName.isNull() ? QStringLiteral("") : profileName);
    if (!q.exec())
        return fail(error, q);
    if (!q.next()) {
        q.finish();
        return false;
    }
    const QVariant recordedBinding = q.value(0);
    const QVariant kindName = q.value(1);
    q.finish();
    return writesShop(recordedBinding, kindName);
}

QString EnvBinding::bindingMetaKey()
{
    return metaKey;
}

bool EnvBinding::writesShop(const QVariant &recordedBinding, const QVariant &profileKind)
{
    const DbBinding binding = recordedBinding.isNull() ? DbBinding::Production
                                                       : dbBindingFromName(recordedBinding.toString()).value_or(DbBinding::Production);
    if (binding == DbBinding::Training)
        return true;
    if (profileKind.isNull())
        return false;
    const std::optional<ProfileKind> kind = profileKindFromName(profileKind.toString());
    return kind && kindWrites(*kind, binding);
}

std::optional<BoundPushedJob> EnvBinding::pushedJob(qint64 orderId, QString *error)
{
    const DbBinding binding = current(error);
    const QStringList states = pushedStates();
    QStringList marks;
    for (qsizetype i = 0; i < states.size(); ++i)
        marks << QStringLiteral("?");
    // On a training database every profile's job counts; otherwise those of profiles of the bound kind.
    const QString sql = binding == DbBinding::Training
        ? QStringLiteral("SELECT j.profile, j.so_id, j.state FROM console_push_jobs j WHERE j.order_id = ? AND j.state IN (%1) "
                         "ORDER BY j.id LIMIT 1")
        : QStringLiteral("SELECT j.profile, j.so_id, j.state FROM console_push_jobs j JOIN console_profiles p ON p.name = j.profile "
                         "WHERE j.order_id = ? AND j.state IN (%1) AND p.kind = ? ORDER BY j.id LIMIT 1");
    QSqlQuery q(m_db.sql());
    q.prepare(sql.arg(marks.join(QLatin1Char(','))));
    q.addBindValue(orderId);
    for (const QString &s : states)
        q.addBindValue(s);
    if (binding != DbBinding::Training)
        q.addBindValue(dbBindingName(binding));
    if (!q.exec()) {
        fail(error, q);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return BoundPushedJob{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()};
}

bool EnvBinding::hasJob(qint64 orderId, QString *error)
{
    const DbBinding binding = current(error);
    QSqlQuery q(m_db.sql());
    q.prepare(binding == DbBinding::Training
                  ? QStringLiteral("SELECT 1 FROM console_push_jobs j WHERE j.order_id = ? LIMIT 1")
                  : QStringLiteral("SELECT 1 FROM console_push_jobs j JOIN console_profiles p ON p.name = j.profile "
                                   "WHERE j.order_id = ? AND p.kind = ? LIMIT 1"));
    q.addBindValue(orderId);
    if (binding != DbBinding::Training)
        q.addBindValue(dbBindingName(binding));
    if (!q.exec())
        return fail(error, q);
    return q.next();
}

QString EnvBinding::dryRunNote(const Profile &profile)
{
    const DbBinding binding = current();
    if (kindWrites(profile.kind, binding))
        return QString();
    return QCoreApplication::translate("EnvBinding", "Dry run: the shop's order is not changed (profile %1 is %2; this database serves %3).")
        .arg(profile.name, profileKindName(profile.kind), dbBindingName(binding));
}
