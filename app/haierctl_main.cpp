#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("HaierConsole"));
    QCoreApplication::setApplicationName(QStringLiteral("haier-console"));
    QTextStream(stderr) << "haierctl: no commands yet\n";
    return 2;
}
