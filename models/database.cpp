#include "models/database.h"

#include "models/privatefile.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QThread>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcDb, "console.models.database", QtInfoMsg)

QString sqlErrorText(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    return text.isEmpty() ? error.text().trimmed() : text;
}

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("console-%1").arg(counter.fetchAndAddRelaxed(1));
}

bool isPostgresUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql:"), Qt::CaseInsensitive)
        || location.startsWith(QLatin1String("postgres:"), Qt::CaseInsensitive);
}

QString sqliteTimeText(const QDateTime &utc)
{
    const QDateTime t = utc.toUTC();
    QString text = t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const int ms = t.time().msec();
    if (ms != 0)
        text += QStringLiteral(".%1").arg(ms * 1000, 6, 10, QLatin1Char('0'));
    return text;
}

} // namespace

Database::Database(QSqlDatabase db, QString connectionName, Dialect dialect)
    : m_db(std::move(db)), m_connectionName(std::move(connectionName)), m_dialect(dialect)
{
}

Database::~Database()
{
    m_prepared.clear(); // the statements belong to the connection
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlQuery &Database::prepared(const QString &statement)
{
    auto it = m_prepared.find(statement);
    if (it != m_prepared.end() && it->second.ready) {
        it->second.query->finish();
        return *it->second.query;
    }
    if (it == m_prepared.end()) {
        if (m_prepared.size() >= MaxPrepared)
            m_prepared.clear();
        it = m_prepared.emplace(statement, Prepared{std::make_unique<QSqlQuery>(m_db), false}).first;
    }
    // A statement whose preparing failed (the connection was down, the transaction aborted) is prepared
    // again on its next use; a failure shows when it is executed.
    it->second.ready = it->second.query->prepare(statement);
    return *it->second.query;
}

QString Database::defaultSqlitePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("console.sqlite"));
}

std::unique_ptr<Database> Database::open(const QString &location, QString *error, const QString &password)
{
    return openImpl(location, error, password, false);
}

std::unique_ptr<Database> Database::openOrDefer(const QString &location, QString *error, const QString &password)
{
    return openImpl(location, error, password, true);
}

std::unique_ptr<Database> Database::openImpl(const QString &location, QString *error, const QString &password, bool deferUnreachable)
{
    QString where = location.trimmed();
    if (where.isEmpty())
        where = qEnvironmentVariable("CONSOLE_DB");
    if (where.isEmpty())
        where = defaultSqlitePath();

    const QString name = nextConnectionName();
    if (isPostgresUrl(where)) {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
            *error = QCoreApplication::translate("Database",
                "The PostgreSQL driver for Qt is not installed (package libqt6sql6-psql).");
            return nullptr;
        }
        const QUrl url(where, QUrl::StrictMode);
        if (!url.isValid()) {
            *error = QCoreApplication::translate("Database", "Not a valid PostgreSQL URL: %1")
                         .arg(url.toString(QUrl::RemovePassword));
            return nullptr;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        // Parts left out stay unset so that libpq takes them from PGHOST, PGPORT, PGUSER, ...
        if (!url.host().isEmpty())
            db.setHostName(url.host());
        if (url.port() > 0)
            db.setPort(url.port());
        if (!url.userName().isEmpty())
            db.setUserName(url.userName());
        if (!url.password().isEmpty())
            db.setPassword(url.password());
        else if (!password.isEmpty())
            db.setPassword(password);
        const QString dbName = url.path().mid(1);
        if (!dbName.isEmpty())
            db.setDatabaseName(dbName);
        QStringList options{QStringLiteral("connect_timeout=10")};
        const QUrlQuery query(url);
        for (const auto &item : query.queryItems(QUrl::FullyDecoded))
            options << QStringLiteral("%1=%2").arg(item.first, item.second);
        db.setConnectOptions(options.join(QLatin1Char(';')));
        if (!db.open()) {
            *error = QCoreApplication::translate("Database", "Cannot connect to PostgreSQL at %1: %2")
                         .arg(url.toString(QUrl::RemovePassword | QUrl::RemoveQuery), sqlErrorText(db.lastError()));
            if (deferUnreachable) {
                std::unique_ptr<Database> later(new Database(db, name, Dialect::Postgres));
                later->m_reachable = false;
                return later;
            }
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return nullptr;
        }
        std::unique_ptr<Database> result(new Database(db, name, Dialect::Postgres));
        result->prepareSession(nullptr);
        return result;
    }

    QString path = where;
    if (path.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive))
        path = path.mid(7);
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QCoreApplication::translate("Database", "Cannot create the folder %1").arg(info.absolutePath());
        return nullptr;
    }
    // Created owner-only before SQLite opens it: SQLite gives its -wal and -shm files the database's mode.
    QString createError;
    if (!PrivateFile::createEmpty(info.absoluteFilePath(), &createError)) {
        *error = QCoreApplication::translate("Database", "Cannot open the database file %1: %2").arg(info.absoluteFilePath(), createError);
        return nullptr;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(info.absoluteFilePath());
    // Several processes of one desk share the file: wait for a writer rather than fail at once.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open()) {
        *error = QCoreApplication::translate("Database", "Cannot open the database file %1: %2")
                     .arg(info.absoluteFilePath(), sqlErrorText(db.lastError()));
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return nullptr;
    }
    std::unique_ptr<Database> result(new Database(db, name, Dialect::Sqlite));
    if (!result->prepareSession(error))
        return nullptr;
    return result;
}

bool Database::prepareSession(QString *error)
{
    QSqlQuery q(m_db);
    if (isPostgres()) {
        q.exec(QStringLiteral("SET TIME ZONE 'UTC'"));
        q.exec(QStringLiteral("SET client_min_messages TO WARNING"));
        return true;
    }
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
        if (!q.exec(QString::fromLatin1(pragma))) {
            if (error)
                *error = QCoreApplication::translate("Database", "Cannot use the database file %1: %2")
                             .arg(m_db.databaseName(), sqlErrorText(q.lastError()));
            return false;
        }
    }
    return true;
}

bool Database::ping()
{
    if (!m_db.isOpen()) {
        m_reachable = false;
        return false;
    }
    QSqlQuery q(m_db);
    // SQLite answers SELECT 1 without touching the file; reading the schema does.
    m_reachable = q.exec(isPostgres() ? QStringLiteral("SELECT 1") : QStringLiteral("SELECT count(*) FROM sqlite_master")) && q.next();
    return m_reachable;
}

bool Database::reconnect(QString *error)
{
    m_prepared.clear(); // closing the connection invalidates its statements
    m_db.close();
    if (!m_db.open()) {
        m_reachable = false;
        if (error) {
            *error = isPostgres()
                ? QCoreApplication::translate("Database", "Cannot connect to %1: %2").arg(describe(), sqlErrorText(m_db.lastError()))
                : QCoreApplication::translate("Database", "Cannot open the database file %1: %2")
                      .arg(m_db.databaseName(), sqlErrorText(m_db.lastError()));
        }
        return false;
    }
    if (!prepareSession(error)) {
        m_db.close();
        m_reachable = false;
        return false;
    }
    m_reachable = ping();
    if (m_reachable)
        ++m_generation;
    if (!m_reachable && error)
        *error = sqlErrorText(m_db.lastError());
    return m_reachable;
}

QString Database::unreachableMessage()
{
    return QCoreApplication::translate("Database",
        "The database cannot be reached; the console keeps trying to reconnect. Nothing was changed: try again "
        "once the banner no longer says the database is unreachable.");
}

QString Database::describe() const
{
    if (isPostgres()) {
        return QStringLiteral("PostgreSQL %1:%2/%3")
            .arg(m_db.hostName().isEmpty() ? qEnvironmentVariable("PGHOST", QStringLiteral("localhost")) : m_db.hostName())
            .arg(m_db.port() > 0 ? m_db.port() : 5432)
            .arg(m_db.databaseName());
    }
    return QStringLiteral("SQLite %1").arg(m_db.databaseName());
}

QString Database::dialectSql(QString text) const
{
    const bool pg = isPostgres();
    text.replace(QLatin1String("{PK}"), pg ? QLatin1String("BIGSERIAL PRIMARY KEY")
                                           : QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
    text.replace(QLatin1String("{DEC}"), QLatin1String("DECIMAL(10,2)"));
    text.replace(QLatin1String("{TS}"), pg ? QLatin1String("TIMESTAMP WITH TIME ZONE") : QLatin1String("DATETIME"));
    text.replace(QLatin1String("{BOOL}"), pg ? QLatin1String("BOOLEAN") : QLatin1String("BOOL"));
    text.replace(QLatin1String("{FALSE}"), pg ? QLatin1String("FALSE") : QLatin1String("0"));
    text.replace(QLatin1String("{TRUE}"), pg ? QLatin1String("TRUE") : QLatin1String("1"));
    text.replace(QLatin1String("{LAST4}"), pg ? QLatin1String("right(snapshot_phone, 4)")
                                              : QLatin1String("substr(snapshot_phone, -4)"));
    text.replace(QLatin1String("{PATTERN_OPS}"), pg ? QLatin1String("text_pattern_ops") : QLatin1String(""));
    return text;
}

bool Database::exec(const QString &statement, QString *error)
{
    QSqlQuery q(m_db);
    if (q.exec(dialectSql(statement)))
        return true;
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

bool Database::beginWrite(QString *error)
{
    QSqlQuery q(m_db);
    if (q.exec(isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")))
        return true;
    if (error)
        *error = sqlErrorText(q.lastError());
    return false;
}

bool Database::tableExists(const QString &name)
{
    QSqlQuery q(m_db);
    if (isPostgres()) {
        q.prepare(QStringLiteral("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"));
    } else {
        q.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
    }
    q.addBindValue(name);
    return q.exec() && q.next();
}

bool Database::runScript(const QString &resource, QString *error)
{
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("missing migration %1").arg(resource);
        return false;
    }
    QString text = QString::fromUtf8(file.readAll());
    QStringList lines;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (!line.trimmed().startsWith(QLatin1String("--")))
            lines << line;
    }
    const QStringList statements = lines.join(QLatin1Char('\n')).split(QLatin1Char(';'));
    for (const QString &statement : statements) {
        if (statement.trimmed().isEmpty())
            continue;
        QString why;
        if (!exec(statement, &why)) {
            *error = QStringLiteral("%1: %2").arg(QFileInfo(resource).fileName(), why);
            return false;
        }
    }
    return true;
}

int Database::schemaVersion()
{
    if (!tableExists(QStringLiteral("console_schema_version")))
        return 0;
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM console_schema_version")) && q.next())
        return q.value(0).toInt();
    return 0;
}

bool Database::ownsShopTables()
{
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("SELECT value FROM console_meta WHERE key = 'owns_shop_tables'")) && q.next()
        && q.value(0).toString() == QLatin1String("1");
}

int Database::migrate(QString *error)
{
    // One migrator at a time: PostgreSQL by an advisory lock, SQLite by taking the write lock first.
    const bool pg = isPostgres();
    QSqlQuery q(m_db);
    if (!q.exec(pg ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = sqlErrorText(q.lastError());
        return -1;
    }
    auto fail = [&](const QString &why) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        *error = QCoreApplication::translate("Database", "Cannot upgrade the database schema: %1").arg(why);
        return -1;
    };
    if (pg && !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7238411)")))
        return fail(sqlErrorText(q.lastError()));

    QString why;
    if (!exec(QStringLiteral("CREATE TABLE IF NOT EXISTS console_schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"), &why))
        return fail(why);
    int version = 0;
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM console_schema_version")) && q.next())
        version = q.value(0).toInt();
    if (version > SchemaVersion) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        *error = QCoreApplication::translate("Database",
            "The database has schema version %1, newer than this program knows (%2). Update the program.")
                     .arg(version).arg(SchemaVersion);
        return -1;
    }
    if (version < 1) {
        // A database we did not create keeps its shop tables untouched: only console_* are added.
        const bool shopExists = tableExists(QStringLiteral("orders_order"));
        if (!shopExists && !runScript(QStringLiteral(":/sql/001_shop.sql"), &why))
            return fail(why);
        if (!shopExists && !runScript(QStringLiteral(":/sql/001_shop_indexes.sql"), &why))
            return fail(why);
        if (!runScript(QStringLiteral(":/sql/001_console.sql"), &why))
            return fail(why);
        QSqlQuery meta(m_db);
        meta.prepare(QStringLiteral("INSERT INTO console_meta (key, value) VALUES ('owns_shop_tables', ?)"));
        meta.addBindValue(shopExists ? QStringLiteral("0") : QStringLiteral("1"));
        if (!meta.exec())
            return fail(sqlErrorText(meta.lastError()));
        QSqlQuery mark(m_db);
        mark.prepare(QStringLiteral("INSERT INTO console_schema_version (version, applied_at) VALUES (1, ?)"));
        mark.addBindValue(clock().nowUtc().toMSecsSinceEpoch());
        if (!mark.exec())
            return fail(sqlErrorText(mark.lastError()));
        version = 1;
        qCInfo(lcDb) << "schema created at version" << version << (shopExists ? "(shop tables left as found)" : "");
    }
    auto markVersion = [&](int next) {
        QSqlQuery mark(m_db);
        mark.prepare(QStringLiteral("INSERT INTO console_schema_version (version, applied_at) VALUES (?, ?)"));
        mark.addBindValue(next);
        mark.addBindValue(clock().nowUtc().toMSecsSinceEpoch());
        if (!mark.exec()) {
            why = sqlErrorText(mark.lastError());
            return false;
        }
        version = next;
        qCInfo(lcDb) << "schema upgraded to version" << version;
        return true;
    };
    if (version < 2) {
        if (!runScript(QStringLiteral(":/sql/002_regions.sql"), &why) || !markVersion(2))
            return fail(why);
    }
    if (version < 3) {
        // Sorting the order list by any column; shop tables we did not create are left to `db add-indexes`.
        if ((ownsShopTables() && !runScript(QStringLiteral(":/sql/003_sort_indexes.sql"), &why)) || !markVersion(3))
            return fail(why);
    }
    if (version < 4) {
        // Job facts for the transition function, last_change apart from last_kind, push numbers.
        if (!runScript(QStringLiteral(":/sql/004_job_facts.sql"), &why) || !markVersion(4))
            return fail(why);
    }
    if (version < 6) {
        // The request budgets shared by every process of an API client (independent of 4 and 5).
        if (!runScript(QStringLiteral(":/sql/006_rate_budget.sql"), &why) || !markVersion(6))
            return fail(why);
    }
    if (version < 7) {
        // Refused callbacks keep a bounded part of their body; this marks those cut (independent of 4 to 6).
        const bool present = m_db.record(QStringLiteral("console_callbacks")).contains(QStringLiteral("body_truncated"));
        if ((!present && !runScript(QStringLiteral(":/sql/007_refused_bodies.sql"), &why)) || !markVersion(7))
            return fail(why);
    }
    if (version < 8) {
        // A refused callback keeps its Sign for a replay (independent of 4 to 7).
        const bool present = m_db.record(QStringLiteral("console_callbacks")).contains(QStringLiteral("replay_sign"));
        if ((!present && !runScript(QStringLiteral(":/sql/008_replay_sign.sql"), &why)) || !markVersion(8))
            return fail(why);
    }
    if (version < 10) {
        // Callbacks about an earlier soId find their order (independent of 8 and 9).
        if (!runScript(QStringLiteral(":/sql/010_attempt_so_ids.sql"), &why) || !markVersion(10))
            return fail(why);
    }
    if (version < 11) {
        // Callbacks find an order's jobs without scanning (independent of 9 and 10).
        if (!runScript(QStringLiteral(":/sql/011_job_order_index.sql"), &why) || !markVersion(11))
            return fail(why);
    }
    if (!q.exec(QStringLiteral("COMMIT")))
        return fail(sqlErrorText(q.lastError()));
    return version;
}

bool Database::addShopIndexes(QString *error)
{
    return runScript(QStringLiteral(":/sql/001_shop_indexes.sql"), error)
        && runScript(QStringLiteral(":/sql/003_sort_indexes.sql"), error);
}

QVariant Database::timeToDb(const QDateTime &utc) const
{
    if (!utc.isValid())
        return QVariant();
    if (isPostgres())
        return utc.toUTC();
    return sqliteTimeText(utc);
}

QDateTime Database::timeFromDb(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return QDateTime();
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toUTC();
    // Django on SQLite: "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC, sometimes with "T", "Z" or "+08:00".
    // Parsed by hand: this runs for every row of every page the console shows.
    const QString text = value.toString().trimmed();
    auto digits = [&](int at, int count, bool *ok) {
        int v = 0;
        for (int i = at; i < at + count; ++i) {
            if (i >= text.size() || !text.at(i).isDigit()) {
                *ok = false;
                return 0;
            }
            v = v * 10 + text.at(i).digitValue();
        }
        return v;
    };
    bool ok = text.size() >= 10 && text.at(4) == QLatin1Char('-') && text.at(7) == QLatin1Char('-');
    const QDate date(digits(0, 4, &ok), digits(5, 2, &ok), digits(8, 2, &ok));
    int pos = 10;
    QTime time(0, 0);
    if (ok && text.size() >= 19 && (text.at(10) == QLatin1Char(' ') || text.at(10) == QLatin1Char('T'))) {
        time = QTime(digits(11, 2, &ok), digits(14, 2, &ok), digits(17, 2, &ok));
        pos = 19;
        if (pos < text.size() && text.at(pos) == QLatin1Char('.')) {
            int ms = 0;
            int n = 0;
            for (++pos; pos < text.size() && text.at(pos).isDigit(); ++pos, ++n) {
                if (n < 3)
                    ms = ms * 10 + text.at(pos).digitValue();
            }
            for (; n < 3; ++n)
                ms *= 10;
            time = time.addMSecs(ms);
        }
    }
    qint64 offsetSeconds = 0;
    if (ok && pos < text.size()) {
        const QChar sign = text.at(pos);
        if (sign == QLatin1Char('Z')) {
            ++pos;
        } else if (sign == QLatin1Char('+') || sign == QLatin1Char('-')) {
            const int hours = digits(pos + 1, 2, &ok);
            const int colon = (pos + 3 < text.size() && text.at(pos + 3) == QLatin1Char(':')) ? 1 : 0;
            const int minutes = pos + 3 + colon < text.size() ? digits(pos + 3 + colon, 2, &ok) : 0;
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == QLatin1Char('-') ? -1 : 1);
            pos = int(text.size());
        }
        ok = ok && pos == text.size();
    }
    if (!ok || !date.isValid() || !time.isValid())
        return QDateTime();
    return QDateTime(date, time, QTimeZone::utc()).addSecs(-offsetSeconds);
}

QVariant Database::boolToDb(bool value) const
{
    if (isPostgres())
        return value;
    return value ? 1 : 0;
}
