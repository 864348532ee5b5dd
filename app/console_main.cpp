#include <QApplication>
#include <QMainWindow>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("HaierConsole"));
    QCoreApplication::setApplicationName(QStringLiteral("haier-console"));
    QMainWindow window;
    window.show();
    return app.exec();
}
