#include "ui/firstrundialog.h"

#include "models/envbinding.h"

#include "models/database.h"
#include "models/demodata.h"
#include "models/orderstore.h"
#include "ui/mainwindow.h"
#include "ui/orderspage.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

FirstRunDialog::FirstRunDialog(const QString &databaseDescription, QWidget *parent)
    : QDialog(parent)
    , m_training(new QPushButton(tr("Create &training data"), this))
    , m_shop(new QPushButton(tr("&Connect to the shop's database…"), this))
{
    setWindowTitle(tr("No orders yet"));
    auto *text = new QLabel(tr("This database has no orders yet (%1).\n\n"
                               "Training data: %Ln made-up orders to learn the console with, pushed only to the "
                               "mock profile's simulator.\n\n"
                               "The shop's database: choose the SQLite file or the PostgreSQL server that holds "
                               "the shop's orders.", nullptr, int(TrainingOrders)).arg(databaseDescription),
                            this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_training, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_shop, QDialogButtonBox::AcceptRole);
    QPushButton *later = buttons->addButton(tr("&Not now"), QDialogButtonBox::RejectRole);
    m_training->setDefault(true);
    connect(m_training, &QPushButton::clicked, this, [this] {
        m_choice = TrainingData;
        QDialog::accept();
    });
    connect(m_shop, &QPushButton::clicked, this, [this] {
        m_choice = ShopDatabase;
        QDialog::accept();
    });
    connect(later, &QPushButton::clicked, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
}

bool FirstRunDialog::isEmpty(Database &db)
{
    QString error;
    const QList<OrderSummary> first = OrderStore(db).page(OrderQuery{}, 0, 1, &error);
    return first.isEmpty() && error.isEmpty();
}

bool FirstRunDialog::createTrainingData(Database &db, QString *error)
{
    // Made-up orders on a new database are for training, as `haierctl demo-data` makes them: every profile
    // may write them (the binding is set before the orders, while the database is still fresh).
    bool bound = false;
    return EnvBinding(db).bindIfFresh(DbBinding::Training, &bound, error)
        && DemoData(db).generate(TrainingOrders, 1, nullptr, error);
}

FirstRunDialog::Choice FirstRunDialog::offer(MainWindow &window, Database &db, const std::function<void()> &openDatabase)
{
    if (!isEmpty(db))
        return NotNow;
    FirstRunDialog dialog(db.describe(), &window);
    if (dialog.exec() != QDialog::Accepted)
        return NotNow;
    if (dialog.choice() == ShopDatabase) {
        if (openDatabase)
            openDatabase();
        return ShopDatabase;
    }
    QString error;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const bool created = createTrainingData(db, &error);
    QApplication::restoreOverrideCursor();
    if (!created) {
        QMessageBox::warning(&window, tr("Training data"), tr("The training data could not be written: %1").arg(error));
        return NotNow;
    }
    window.ordersPage()->reload();
    return TrainingData;
}
