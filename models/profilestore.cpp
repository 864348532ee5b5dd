#include "models/profilestore.h"

#include "models/database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace {

bool fail(QString *error, const QSqlQuery &q)
{
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

std::optional<Profile> fromRow(const QString &name, const QString &kind, const QString &config, QString *error)
{
    const auto k = profileKindFromName(kind);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(config.toUtf8(), &parseError);
    if (!k || !doc.isObject()) {
        if (error)
            *error = QCoreApplication::translate("ProfileStore", "The stored profile \"%1\" is damaged.").arg(name);
        return std::nullopt;
    }
    QJsonObject object = doc.object();
    object.insert(QStringLiteral("name"), name);
    object.insert(QStringLiteral("kind"), kind);
    return Profile::fromJson(object, Profile::preset(*k), error);
}

} // namespace

bool ProfileStore::ensurePresets(QString *error)
{
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM console_profiles")) || !q.next())
        return fail(error, q);
    if (q.value(0).toInt() > 0)
        return true;
    if (!m_db.beginWrite())
        return fail(error, q);
    for (ProfileKind kind : {ProfileKind::Mock, ProfileKind::Test, ProfileKind::Pre, ProfileKind::Production}) {
        if (!save(Profile::preset(kind), error)) {
            m_db.sql().rollback();
            return false;
        }
    }
    if (!setActive(QStringLiteral("mock"), error)) {
        m_db.sql().rollback();
        return false;
    }
    return m_db.sql().commit() || fail(error, q);
}

QList<Profile> ProfileStore::list(QString *error)
{
    QList<Profile> result;
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT name, kind, config FROM console_profiles ORDER BY id"))) {
        fail(error, q);
        return result;
    }
    while (q.next()) {
        if (auto p = fromRow(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), error))
            result.append(*p);
    }
    return result;
}

std::optional<Profile> ProfileStore::get(const QString &name, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("SELECT name, kind, config FROM console_profiles WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec()) {
        fail(error, q);
        return std::nullopt;
    }
    if (!q.next()) {
        if (error)
            *error = QCoreApplication::translate("ProfileStore", "No profile named \"%1\".").arg(name);
        return std::nullopt;
    }
    return fromRow(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), error);
}

QString ProfileStore::activeName(QString *error)
{
    QSqlQuery q(m_db.sql());
    if (!q.exec(QStringLiteral("SELECT name FROM console_profiles WHERE active = %1 ORDER BY id LIMIT 1")
                    .arg(m_db.isPostgres() ? QStringLiteral("TRUE") : QStringLiteral("1")))) {
        fail(error, q);
        return QString();
    }
    return q.next() ? q.value(0).toString() : QString();
}

std::optional<Profile> ProfileStore::active(QString *error)
{
    const QString name = activeName(error);
    if (name.isEmpty()) {
        if (error && error->isEmpty())
            *error = QCoreApplication::translate("ProfileStore", "No profile is active.");
        return std::nullopt;
    }
    return get(name, error);
}

bool ProfileStore::save(const Profile &profile, QString *error)
{
    QJsonObject config = profile.toJson();
    config.remove(QStringLiteral("name"));
    config.remove(QStringLiteral("kind"));
    const QString json = QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact));
    const qint64 now = m_db.clock().nowUtc().toMSecsSinceEpoch();

    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE console_profiles SET kind = ?, config = ?, updated_at = ? WHERE name = ?"));
    q.addBindValue(profileKindName(profile.kind));
    q.addBindValue(json);
    q.addBindValue(now);
    q.addBindValue(profile.name);
    if (!q.exec())
        return fail(error, q);
    if (q.numRowsAffected() > 0)
        return true;
    q.prepare(QStringLiteral("INSERT INTO console_profiles (name, kind, config, active, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(profile.name);
    q.addBindValue(profileKindName(profile.kind));
    q.addBindValue(json);
    q.addBindValue(m_db.boolToDb(false));
    q.addBindValue(now);
    q.addBindValue(now);
    return q.exec() || fail(error, q);
}

bool ProfileStore::setActive(const QString &name, QString *error)
{
    if (!get(name, error))
        return false;
    // One statement, so the switch is atomic without a transaction of its own.
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("UPDATE console_profiles SET active = (name = ?)"));
    q.addBindValue(name);
    return q.exec() || fail(error, q);
}

bool ProfileStore::remove(const QString &name, QString *error)
{
    QSqlQuery q(m_db.sql());
    q.prepare(QStringLiteral("DELETE FROM console_profiles WHERE name = ?"));
    q.addBindValue(name);
    return q.exec() || fail(error, q);
}
