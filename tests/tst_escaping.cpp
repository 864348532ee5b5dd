// Escaping::controls, and the places that show text from outside: log lines and the real `haierctl callbacks`.
#include "models/database.h"
#include "models/escaping.h"
#include "net/logging.h"

#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// A stored refused callback whose Method and Data hold ESC sequences, CR, NUL and BEL, as anyone on the
// internet can send.
const QString evilMethod = QStringLiteral("\x1b[2J\x1b[Hhmm.scm_heorder.confirm\x1b]0;pwned\x07");
QString evilData()
{
    QString data = QStringLiteral("{\"PlatformOrderNo\":\"EVIL-1\"}\rOK   applied to every order\x07");
    data += QChar(0);
    return data + QStringLiteral("\x1b[8m");
}

// No byte a terminal acts on: controls other than the line ends the output itself writes.
bool terminalSafe(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n') || (u >= 0x7f && u <= 0x9f))
            return false;
    }
    return true;
}

} // namespace

class TestEscaping : public QObject
{
    Q_OBJECT

private slots:
    void controls_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("oneLine");
        QTest::addColumn<QString>("keepLines");
        QTest::newRow("plain") << QStringLiteral("HMM20251124001 收货地址无法配送") << QStringLiteral("HMM20251124001 收货地址无法配送")
                               << QStringLiteral("HMM20251124001 收货地址无法配送");
        QTest::newRow("empty") << QString() << QString() << QString();
        QTest::newRow("escape sequence") << QStringLiteral("a\x1b[31mred") << QStringLiteral("a\\x1b[31mred") << QStringLiteral("a\\x1b[31mred");
        QTest::newRow("carriage return") << QStringLiteral("ok\rforged") << QStringLiteral("ok\\rforged") << QStringLiteral("ok\\rforged");
        QTest::newRow("newline and tab") << QStringLiteral("a\nb\tc") << QStringLiteral("a\\nb\\tc") << QStringLiteral("a\nb\tc");
        QTest::newRow("nul") << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b")) << QStringLiteral("a\\x00b")
                             << QStringLiteral("a\\x00b");
        QTest::newRow("bel and del") << QStringLiteral("\x07\x7f") << QStringLiteral("\\x07\\x7f") << QStringLiteral("\\x07\\x7f");
        QTest::newRow("c1 csi") << QString(QChar(0x9b)) + QStringLiteral("2J") << QStringLiteral("\\x9b2J") << QStringLiteral("\\x9b2J");
        QTest::newRow("bidi override") << QStringLiteral("abc\u202Etxt.exe") << QStringLiteral("abc\\u202etxt.exe")
                                       << QStringLiteral("abc\\u202etxt.exe");
        QTest::newRow("line separator") << QStringLiteral("a\u2028b") << QStringLiteral("a\\u2028b") << QStringLiteral("a\\u2028b");
        QTest::newRow("backslash stays") << QStringLiteral("C:\\x") << QStringLiteral("C:\\x") << QStringLiteral("C:\\x");
    }

    void controls()
    {
        QFETCH(QString, input);
        QFETCH(QString, oneLine);
        QFETCH(QString, keepLines);
        QCOMPARE(Escaping::controls(input), oneLine);
        QCOMPARE(Escaping::controls(input, Escaping::Lines::Keep), keepLines);
    }

    void logLinesAreOneSafeLine()
    {
        const QString line = Logging::formatLine(QtWarningMsg, "console.net.callback", QStringLiteral("p"),
                                                 evilMethod + QStringLiteral("\nsecond") + evilData());
        QVERIFY2(terminalSafe(line) && !line.contains(QLatin1Char('\n')), qPrintable(line));
        QVERIFY(line.contains(QStringLiteral("\\x1b[2J\\x1b[Hhmm.scm_heorder.confirm\\x1b]0;pwned\\x07\\nsecond")));
        QVERIFY(line.contains(QStringLiteral("\\rOK   applied to every order\\x07\\x00\\x1b[8m")));
    }

    void haierctlCallbacksEscapesStoredFields()
    {
        QTemporaryDir dir;
        const QString location = dir.filePath(QStringLiteral("cli.sqlite"));
        {
            QString error;
            auto db = Database::open(location, &error);
            QVERIFY2(db && db->migrate(&error) >= 0, qPrintable(error));
            QSqlQuery q(db->sql());
            q.prepare(QStringLiteral("INSERT INTO console_callbacks (received_at, method, platform_order_no, state, data, dedupe_key, valid, "
                                     "outcome, refusal_code, refusal_reason, raw_body) VALUES (?, ?, ?, '', ?, 'dk-evil', ?, 'refused', "
                                     "'unknown_method', ?, 'Method=x')"));
            q.addBindValue(qint64(1764000000000));
            q.addBindValue(evilMethod);
            q.addBindValue(QStringLiteral("EVIL\r-1\x07"));
            q.addBindValue(evilData());
            q.addBindValue(db->boolToDb(false));
            q.addBindValue(QStringLiteral("Unknown Method ") + evilMethod);
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("en_US.UTF-8"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.remove(QStringLiteral("CONSOLE_LANG"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl"), {QStringLiteral("--db"), location, QStringLiteral("callbacks")});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0, qPrintable(err));
        QVERIFY2(terminalSafe(out) && terminalSafe(err), qPrintable(out + err));
        QCOMPARE(out.count(QLatin1Char('\n')), 1); // one callback, one line
        QVERIFY2(out.contains(QStringLiteral("\\x1b[2J\\x1b[Hhmm.scm_heorder.confirm\\x1b]0;pwned\\x07")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("EVIL\\r-1\\x07")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("unknown_method: Unknown Method \\x1b[2J")), qPrintable(out));

        // --json keeps the stored text (JSON escapes it), Data included via the raw body untouched.
        p.start(QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl"), {QStringLiteral("--db"), location, QStringLiteral("callbacks"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray json = p.readAllStandardOutput();
        QVERIFY2(!json.contains('\x1b') && !json.contains('\r') && !json.contains('\x07'), json.constData());
        QVERIFY(json.contains("\\u001b[2J"));
    }
};

QTEST_GUILESS_MAIN(TestEscaping)
#include "tst_escaping.moc"
