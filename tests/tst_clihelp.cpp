// haierctl's help as a user reads it: `haierctl VERB --help` prints that verb's usage and options and
// nothing about the other verbs; `haierctl --help` lists them all (the man page is made from it).
#include <QProcess>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run ctl(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("en_US.UTF-8"));
    env.remove(QStringLiteral("CONSOLE_LANG"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CONSOLE_BINARY_DIR "/app/haierctl"), args);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        qFatal("haierctl did not finish");
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// The "Commands:" section of the general help: verb name → its synopsis line.
QMap<QString, QString> commands(const QString &help)
{
    QMap<QString, QString> verbs;
    bool inside = false;
    for (const QString &line : help.split(QLatin1Char('\n'))) {
        if (line == QLatin1String("Commands:")) {
            inside = true;
            continue;
        }
        if (inside && line.trimmed().isEmpty())
            break;
        if (inside)
            verbs.insert(line.trimmed().section(QLatin1Char(' '), 0, 0), line.trimmed());
    }
    return verbs;
}

} // namespace

class TestCliHelp : public QObject
{
    Q_OBJECT

    QMap<QString, QString> m_verbs;

private slots:
    void initTestCase()
    {
        const Run general = ctl({QStringLiteral("--help")});
        QCOMPARE(general.code, 0);
        m_verbs = commands(general.out);
        QVERIFY2(m_verbs.size() > 5, qPrintable(general.out));
        QVERIFY(general.out.contains(QStringLiteral("COMMAND --help")));
    }

    void eachVerbHasItsOwnHelp_data()
    {
        QTest::addColumn<QString>("verb");
        for (const QString &verb : m_verbs.keys())
            QTest::newRow(qPrintable(verb)) << verb;
    }
    void eachVerbHasItsOwnHelp()
    {
        QFETCH(QString, verb);
        for (const QStringList &args : {QStringList{verb, QStringLiteral("--help")}, QStringList{verb, QStringLiteral("-h")}}) {
            const Run r = ctl(args);
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.startsWith(QStringLiteral("Usage: haierctl [--db URL_OR_PATH] [--profile NAME] ") + m_verbs.value(verb) + QLatin1Char('\n')),
                     qPrintable(r.out));
            QVERIFY2(!r.out.contains(QStringLiteral("Commands:")), qPrintable(r.out));
            for (auto other = m_verbs.cbegin(); other != m_verbs.cend(); ++other) {
                if (other.key() != verb)
                    QVERIFY2(!r.out.contains(other.value()), qPrintable(verb + QStringLiteral(" help shows: ") + other.value()));
            }
        }
    }

    void optionsOfTheVerbAreListed()
    {
        // Every --option in a verb's synopsis is explained in its help.
        static const QRegularExpression option(QStringLiteral("--([a-z][a-z-]+)"));
        for (auto v = m_verbs.cbegin(); v != m_verbs.cend(); ++v) {
            const Run r = ctl({v.key(), QStringLiteral("--help")});
            const QString options = r.out.section(QStringLiteral("\nOptions:\n"), 1).section(QStringLiteral("\nGlobal options:"), 0, 0);
            for (const QRegularExpressionMatch &m : option.globalMatch(v.value())) {
                if (m.captured(1) == QLatin1String("help"))
                    continue;
                QVERIFY2(options.contains(QStringLiteral("  --") + m.captured(1)), qPrintable(v.key() + QStringLiteral(": --") + m.captured(1)));
            }
        }
    }

    void unknownVerbStillGetsTheGeneralHelp()
    {
        const Run r = ctl({QStringLiteral("no-such-verb"), QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("Commands:")));
    }
};

QTEST_GUILESS_MAIN(TestCliHelp)
#include "tst_clihelp.moc"
