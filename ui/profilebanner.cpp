#include "ui/profilebanner.h"

#include "models/auditlog.h"
#include "models/clock.h"
#include "models/database.h"
#include "models/envbinding.h"
#include "models/synclogstore.h"

#include <QHBoxLayout>
#include <QLabel>

namespace {

const char *bannerStyle(ProfileKind kind)
{
    switch (kind) {
    case ProfileKind::Production: return "QFrame#banner{background:#b71c1c} QFrame#banner QLabel{color:white;font-weight:bold}";
    case ProfileKind::Pre: return "QFrame#banner{background:#ef6c00} QFrame#banner QLabel{color:white;font-weight:bold}";
    case ProfileKind::Test: return "QFrame#banner{background:#fff59d} QFrame#banner QLabel{color:black}";
    case ProfileKind::Mock: break;
    }
    return "QFrame#banner{background:#e3f2fd} QFrame#banner QLabel{color:black}";
}

} // namespace

ProfileBanner::ProfileBanner(Database &db, const Clock &clock, QWidget *parent)
    : QFrame(parent), m_db(db), m_clock(clock), m_banner(new QLabel(this)), m_connection(new QLabel(this)),
      m_database(new QLabel(this))
{
    // Staff must always see where a push would go.
    setObjectName(QStringLiteral("banner"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_banner, 1);
    layout->addWidget(m_database);
    layout->addWidget(m_connection);
    for (QLabel *label : {m_banner, m_connection, m_database})
        label->setTextFormat(Qt::PlainText);
    m_database->setObjectName(QStringLiteral("databaseState"));
    m_database->setStyleSheet(QStringLiteral("QLabel{background:#fff3e0;color:#b71c1c;font-weight:bold;padding:0 6px}"));
    m_database->hide();
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ProfileBanner::setProfile(const Profile &profile)
{
    m_profile = profile;
    if (m_profile.name.isEmpty()) {
        // No profile yet: the console waits for its database to read it from.
        m_banner->setText(tr("Database: %1").arg(m_db.describe()) + QStringLiteral("   ·   ")
                          + tr("Operator: %1").arg(AuditLog::currentOperator()));
        m_banner->setToolTip(QString());
        setStyleSheet(QString::fromLatin1(bannerStyle(m_profile.kind)));
        return;
    }
    QString text = tr("%1 (%2) — %3").arg(m_profile.name, profileKindName(m_profile.kind), m_profile.ylh.orderBaseUrl.toString());
    text += QStringLiteral("   ·   ") + tr("Database: %1").arg(m_db.describe());
    text += QStringLiteral("   ·   ") + tr("Operator: %1").arg(AuditLog::currentOperator());
    // A profile the database's binding does not let write the shop's columns only rehearses: said
    // briefly (the banner sets the window's width), with the whole sentence on hover.
    const QString dryRun = EnvBinding(m_db).dryRunNote(m_profile);
    if (!dryRun.isEmpty())
        text += QStringLiteral("   ·   ") + tr("Dry run: the shop's order is not changed");
    m_banner->setToolTip(dryRun);
    for (const QString &w : m_profile.warnings())
        text += QStringLiteral("   ⚠ ") + w;
    m_banner->setText(text);
    setStyleSheet(QString::fromLatin1(bannerStyle(m_profile.kind)));
    updateConnection();
}

void ProfileBanner::setDatabaseUnreachable(const QString &why)
{
    m_reachable = false;
    m_database->setText(tr("Database unreachable, retrying…"));
    m_database->setToolTip(why);
    m_database->setAccessibleDescription(why);
    m_database->show();
}

void ProfileBanner::setDatabaseReachable()
{
    m_reachable = true;
    m_database->hide();
    m_database->clear();
    m_database->setToolTip(QString());
    updateConnection();
}

void ProfileBanner::updateConnection()
{
    if (!m_reachable)
        return; // the sync log is in the database: the last word stands until it is back
    SyncLogStore log(m_db);
    const std::optional<SyncLogEntry> last = log.lastCall(m_profile.name, QStringLiteral("ylh."));
    if (!last) {
        m_connection->setText(tr("YLH: not contacted yet"));
        m_connection->setToolTip(QString());
        return;
    }
    const qint64 agoSeconds = qMax<qint64>(0, last->at.secsTo(m_clock.nowUtc()));
    const QString ago = agoSeconds < 120 ? tr("%n s ago", nullptr, int(agoSeconds)) : tr("%n min ago", nullptr, int(agoSeconds / 60));
    const bool reached = last->httpStatus > 0 && last->httpStatus < 500 && last->kind != ResultKind::Timeout
        && last->kind != ResultKind::Connection;
    m_connection->setText(reached ? tr("YLH: reachable (%1, %2 ms)").arg(ago).arg(last->latencyMs)
                                  : tr("YLH: NOT reachable (%1)").arg(ago));
    m_connection->setToolTip(tr("Last call: %1 — %2").arg(last->operation, last->message));
}
