#include "models/database.h"
#include "models/money.h"
#include "testdb.h"

#include <QSqlQuery>
#include <QTimeZone>
#include <QtTest>

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void migrateCreatesSchemaOnce_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void migrateCreatesSchemaOnce()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = Database::open(location, &error);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(db->schemaVersion(), 0);
        QCOMPARE(db->migrate(&error), Database::SchemaVersion);
        QVERIFY(db->tableExists(QStringLiteral("orders_order")));
        QVERIFY(db->tableExists(QStringLiteral("console_push_jobs")));
        QVERIFY(db->ownsShopTables());
        // A second migrate, also from another connection, changes nothing and fails nothing.
        auto other = Database::open(location, &error);
        QVERIFY2(other, qPrintable(error));
        QCOMPARE(other->migrate(&error), Database::SchemaVersion);
        QCOMPARE(db->migrate(&error), Database::SchemaVersion);
        QSqlQuery q(db->sql());
        // Each step recorded once (the numbers need not be contiguous), up to the current version.
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM console_schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), q.value(1).toInt());
        QCOMPARE(q.value(2).toInt(), Database::SchemaVersion);
    }

    // A database made by the first release (schema 1) gains the region-code table and keeps its data.
    void versionOneUpgrades_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void versionOneUpgrades()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = Database::open(location, &error);
        QVERIFY2(db && db->migrate(&error) == Database::SchemaVersion, qPrintable(error));
        QVERIFY(db->exec(QStringLiteral("DROP TABLE console_region_codes"), &error));
        QVERIFY(db->exec(QStringLiteral("DROP INDEX console_ix_order_status_total"), &error));
        for (const char *column : {"state_before_cancel", "state_before_resolved", "last_change", "push_no", "push_attempts"})
            QVERIFY(db->exec(QStringLiteral("ALTER TABLE console_push_jobs DROP COLUMN %1").arg(QLatin1String(column)), &error));
        for (const char *column : {"push_no", "outcome"})
            QVERIFY(db->exec(QStringLiteral("ALTER TABLE console_push_attempts DROP COLUMN %1").arg(QLatin1String(column)), &error));
        QVERIFY(db->exec(QStringLiteral("DELETE FROM console_schema_version WHERE version >= 2"), &error));
        QVERIFY(db->exec(QStringLiteral("INSERT INTO console_audit_log (at, operator, action) VALUES (1, 'kept', 'push')"), &error));
        // A job as version 1 kept it: what changed it in last_kind, next to its last attempt's result kind.
        QVERIFY(db->exec(QStringLiteral("INSERT INTO console_push_jobs (id, order_id, order_number, profile, so_id, state, last_kind, "
                                        "attempt_count, created_at, updated_at) VALUES (5, 1, 'A1', 'mock', 'A1-1', 'confirmed', "
                                        "'callback', 1, 1, 1)"), &error));
        QVERIFY(db->exec(QStringLiteral("INSERT INTO console_push_attempts (job_id, attempt_no, so_id, profile, started_at, finished_at, kind) "
                                        "VALUES (5, 1, 'A1-1', 'mock', 1, 2, 'duplicate')"), &error));
        QCOMPARE(db->schemaVersion(), 1);
        QCOMPARE(db->migrate(&error), Database::SchemaVersion);
        QVERIFY(db->tableExists(QStringLiteral("console_region_codes")));
        QSqlQuery q(db->sql());
        QVERIFY(q.exec(db->isPostgres() ? QStringLiteral("SELECT 1 FROM pg_indexes WHERE indexname = 'console_ix_order_status_total'")
                                        : QStringLiteral("SELECT 1 FROM sqlite_master WHERE name = 'console_ix_order_status_total'")));
        QVERIFY2(q.next(), "the sort indexes come back with version 3");
        QVERIFY(q.exec(QStringLiteral("SELECT county_code FROM console_region_codes WHERE district = '崂山区'")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("370212"));
        QVERIFY(q.exec(QStringLiteral("SELECT last_kind, last_change, push_no, push_attempts FROM console_push_jobs WHERE id = 5")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("duplicate"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("callback"));
        QCOMPARE(q.value(2).toInt(), 1);
        QCOMPARE(q.value(3).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("SELECT operator FROM console_audit_log")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("kept"));
    }

    void shopTablesOfAnotherDatabaseAreLeftAlone_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void shopTablesOfAnotherDatabaseAreLeftAlone()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = Database::open(location, &error);
        QVERIFY2(db, qPrintable(error));
        // The shop's own (Django-made) table with a column the console does not know.
        QVERIFY2(db->exec(QStringLiteral("CREATE TABLE orders_order (id {PK}, order_number VARCHAR(100) NOT NULL, "
                                         "status VARCHAR(20) NOT NULL, shop_only_column INTEGER NULL)"), &error),
                 qPrintable(error));
        QCOMPARE(db->migrate(&error), Database::SchemaVersion);
        QVERIFY(!db->ownsShopTables());
        QVERIFY(!db->tableExists(QStringLiteral("orders_orderitem"))); // not created in a shop's database
        QVERIFY(db->tableExists(QStringLiteral("console_profiles")));
        QSqlQuery q(db->sql());
        QVERIFY(q.exec(QStringLiteral("SELECT shop_only_column FROM orders_order")));
        // Indexes on the shop's table only by the explicit admin step.
        const QString indexQuery = db->isPostgres()
            ? QStringLiteral("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'orders_order' AND indexname LIKE 'console_ix_%'")
            : QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'orders_order' AND name LIKE 'console_ix_%'");
        QVERIFY(q.exec(indexQuery) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QVERIFY2(db->exec(QStringLiteral("ALTER TABLE orders_order ADD COLUMN total_amount DECIMAL(10,2)"), &error), qPrintable(error));
        for (const char *column : {"created_at TIMESTAMP", "snapshot_contact_name VARCHAR(100)", "snapshot_phone VARCHAR(20)",
                                   "haier_status VARCHAR(20)", "haier_so_id VARCHAR(100)", "haier_order_no VARCHAR(100)"})
            QVERIFY2(db->exec(QStringLiteral("ALTER TABLE orders_order ADD COLUMN %1").arg(QLatin1String(column)), &error), qPrintable(error));
        QVERIFY2(db->addShopIndexes(&error), qPrintable(error));
        QVERIFY(q.exec(indexQuery) && q.next());
        QCOMPARE(q.value(0).toInt(), 14);
    }

    void newerSchemaIsRefused_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void newerSchemaIsRefused()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = Database::open(location, &error);
        QCOMPARE(db->migrate(&error), Database::SchemaVersion);
        QVERIFY(db->exec(QStringLiteral("INSERT INTO console_schema_version (version, applied_at) VALUES (99, 0)"), &error));
        QCOMPARE(db->migrate(&error), -1);
        QVERIFY2(error.contains(QLatin1String("99")), qPrintable(error));
    }

    void timesAndMoneyRoundTrip_data() { TestDb::addBackendColumn(); TestDb::addBackendRows(); }
    void timesAndMoneyRoundTrip()
    {
        QFETCH(QString, backend);
        CONSOLE_FRESH_DB(backend, dir, location);
        QString error;
        auto db = Database::open(location, &error);
        QVERIFY2(db && db->migrate(&error) == Database::SchemaVersion, qPrintable(error));
        const QDateTime created(QDate(2025, 11, 24), QTime(2, 30, 0, 123), QTimeZone::utc());
        QSqlQuery q(db->sql());
        q.prepare(QStringLiteral("INSERT INTO orders_order (order_number, status, total_amount, created_at) VALUES (?, 'paid', ?, ?)"));
        q.addBindValue(QStringLiteral("HMM-T1"));
        q.addBindValue(QStringLiteral("1999.98"));
        q.addBindValue(db->timeToDb(created));
        QVERIFY2(q.exec(), qPrintable(sqlErrorText(q.lastError())));
        QVERIFY(q.exec(QStringLiteral("SELECT created_at, total_amount FROM orders_order")) && q.next());
        QCOMPARE(Database::timeFromDb(q.value(0)), created);
        QCOMPARE(Database::timeFromDb(q.value(0)).toMSecsSinceEpoch(), created.toMSecsSinceEpoch());
        QCOMPARE(Money::fromVariant(q.value(1))->cents(), 199998);
    }

    void djangoSqliteTimeTexts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("epochMs");
        QTest::newRow("plain") << QStringLiteral("2025-11-24 02:30:00") << Q_INT64_C(1763951400000);
        QTest::newRow("micros") << QStringLiteral("2025-11-24 02:30:00.123456") << Q_INT64_C(1763951400123);
        QTest::newRow("T and Z") << QStringLiteral("2025-11-24T02:30:00Z") << Q_INT64_C(1763951400000);
        QTest::newRow("offset") << QStringLiteral("2025-11-24 10:30:00+08:00") << Q_INT64_C(1763951400000);
        QTest::newRow("offset without colon") << QStringLiteral("2025-11-24 10:30:00+0800") << Q_INT64_C(1763951400000);
        QTest::newRow("date only") << QStringLiteral("2025-11-24") << Q_INT64_C(1763942400000);
        QTest::newRow("garbage") << QStringLiteral("24/11/2025") << Q_INT64_C(-1);
        QTest::newRow("trailing junk") << QStringLiteral("2025-11-24 02:30:00 x") << Q_INT64_C(-1);
    }
    void djangoSqliteTimeTexts()
    {
        QFETCH(QString, text);
        QFETCH(qint64, epochMs);
        const QDateTime t = Database::timeFromDb(text);
        QCOMPARE(t.isValid() ? t.toMSecsSinceEpoch() : Q_INT64_C(-1), epochMs);
    }

    void unreachablePostgresSaysWhereWithoutPassword()
    {
        QString error;
        auto db = Database::open(QStringLiteral("postgresql://someone:s3cret-pw@127.0.0.1:1/nowhere"), &error);
        QVERIFY(!db);
        QVERIFY2(error.contains(QLatin1String("127.0.0.1")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("s3cret-pw")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
