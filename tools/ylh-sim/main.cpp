// ylh-sim: the YLH / Haier open-platform simulator as a stand-alone service for demos, training and tests.
#include "tools/ylh-sim/ylhsimulator.h"

#include "models/datalocation.h"
#include "net/logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The same identity as the console and haierctl: one app-data folder and log folder for all.
    DataLocation::applyIdentity("ylh-sim");
    Logging::install(QStringLiteral("ylh-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Simulates the YLH and Haier open-platform interfaces on 127.0.0.1."));
    parser.addHelpOption();
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Print the version, then quit."));
    const QCommandLineOption paths(QStringLiteral("print-paths"), QStringLiteral("Print the default database, log and settings locations, then quit."));
    parser.addOptions({version, paths});
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (0: any free one)."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption bind(QStringLiteral("bind"), QStringLiteral("Address to listen on."), QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Simulator settings (JSON, see docs)."), QStringLiteral("FILE"));
    const QCommandLineOption callbackUrl(QStringLiteral("callback-url"), QStringLiteral("Send signed callbacks here after acceptance."), QStringLiteral("URL"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"), QStringLiteral("Fixed latency per request."), QStringLiteral("N"));
    const QCommandLineOption failRate(QStringLiteral("fail-rate"), QStringLiteral("Share of requests answered 500 (0–1)."), QStringLiteral("X"));
    parser.addOptions({port, bind, config, callbackUrl, latency, failRate});
    parser.process(app);
    if (parser.isSet(version)) {
        QTextStream(stdout) << DataLocation::versionLine() << Qt::endl;
        return 0;
    }
    if (parser.isSet(paths)) {
        QTextStream(stdout) << DataLocation::pathsText(Logging::directory());
        return 0;
    }

    QTextStream err(stderr);
    SimConfig settings;
    if (parser.isSet(config)) {
        QFile f(parser.value(config));
        QString error;
        const auto loaded = f.open(QIODevice::ReadOnly) ? SimConfig::fromJson(QJsonDocument::fromJson(f.readAll()).object(), &error)
                                                        : std::nullopt;
        if (!loaded) {
            err << "ylh-sim: cannot use " << f.fileName() << ": " << (error.isEmpty() ? f.errorString() : error) << Qt::endl;
            return 2;
        }
        settings = *loaded;
    }
    if (parser.isSet(callbackUrl))
        settings.callbackUrl = QUrl(parser.value(callbackUrl));
    if (parser.isSet(latency))
        settings.faults.latencyMs = parser.value(latency).toInt();
    if (parser.isSet(failRate))
        settings.faults.serverErrorRate = parser.value(failRate).toDouble();
    YlhSimulator simulator(settings);
    if (!simulator.listen(QHostAddress(parser.value(bind)), quint16(parser.value(port).toUInt()))) {
        err << "ylh-sim: cannot listen: " << simulator.errorString() << Qt::endl;
        return 3;
    }
    QTextStream(stdout) << simulator.baseUrl().toString() << Qt::endl;
    return app.exec();
}
