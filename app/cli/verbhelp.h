#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

// `haierctl VERB --help`: that verb's usage line, what it does, its own options and the global ones.
// The longer descriptions live in one table in verbhelp.cpp; the usage line and the options come from
// the verb table in cli.cpp, so the help always lists what the parser accepts.
QString verbHelpText(const QString &verb, const QString &synopsis, const QList<QCommandLineOption> &options);
