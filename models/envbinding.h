#pragma once

#include "models/profile.h"

#include <QString>
#include <QVariant>
#include <QStringList>

#include <optional>

class Database;

// Which environment a database serves (domain.md): the shop's columns of orders_order (`haier_*`,
// logistics_no, delivery_record_code, sn_code, updated_at) and of orders_orderitem (receive, return and
// reject quantities) are written only by profiles of that kind. `training` is no profile kind: on a
// training database every profile writes. An unbound database serves production.
enum class DbBinding { Production, Pre, Test, Training };

QString dbBindingName(DbBinding binding); // "production", "pre", "test", "training"
std::optional<DbBinding> dbBindingFromName(const QString &name);

// A job of the bound environment that holds the order at Haier (the "already pushed" check).
struct BoundPushedJob
{
    QString profile;
    QString soId;
    QString state;
};

// The binding, kept in console_meta ('environment'), and the questions every writer of the shop's
// columns asks before it writes. Reads happen on the caller's connection, so a writer inside a
// transaction sees the binding of that transaction.
class EnvBinding final
{
public:
    explicit EnvBinding(Database &db) : m_db(db) {}

    // What is recorded; nullopt when nothing is (the database then serves production) or on error.
    std::optional<DbBinding> recorded(QString *error = nullptr);
    // The binding in force: the recorded one, else production.
    DbBinding current(QString *error = nullptr);
    // Records `binding` and audits it (`db_bind`, "old → new") in one transaction.
    bool bind(DbBinding binding, QString *error);
    // demo-data: binds `binding` when nothing is recorded yet and the shop has no order. *bound tells
    // whether it did.
    bool bindIfFresh(DbBinding binding, bool *bound, QString *error);

    // Whether a profile of `kind` writes the shop's columns on a database bound to `binding`.
    static bool kindWrites(ProfileKind kind, DbBinding binding);
    // Whether this profile writes the shop's columns here; false means its pushes are dry runs.
    bool profileWritesShop(const Profile &profile, QString *error = nullptr);
    // The same for a profile known only by name (a job's or a callback's): its kind is read from
    // console_profiles; a name not found there writes only on a training database.
    bool profileNameWritesShop(const QString &profileName, QString *error = nullptr);
    // The same from values a caller read in a statement of its own (one per callback): the binding as
    // recorded under bindingMetaKey() in console_meta, and the profile's kind (null: none recorded).
    static QString bindingMetaKey();
    static bool writesShop(const QVariant &recordedBinding, const QVariant &profileKind);

    // The job of the bound environment (a profile of the bound kind; any profile on a training
    // database) that holds `orderId` at Haier: accepted, confirmed, cancel_requested,
    // partially_cancelled or out_of_stock. nullopt when there is none.
    std::optional<BoundPushedJob> pushedJob(qint64 orderId, QString *error = nullptr);
    // Whether the bound environment has a job for `orderId` in any state (then the job, not the shop's
    // row, decides whether the order is already pushed).
    bool hasJob(qint64 orderId, QString *error = nullptr);

    // One sentence for staff: "Dry run: the shop's order is not changed (…)", or empty when the
    // profile writes the shop's columns.
    QString dryRunNote(const Profile &profile);

    static QStringList pushedStates();

private:
    Database &m_db;
};
