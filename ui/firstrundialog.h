#pragma once

#include <QDialog>

#include <functional>

class Database;
class MainWindow;
class QPushButton;

// The first run on a new, empty database: create training data (the demo orders `haierctl demo-data`
// writes, nothing else), or connect to the shop's database (File → Database…), or neither for now.
class FirstRunDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunDialog)

public:
    enum Choice { NotNow, TrainingData, ShopDatabase };
    static constexpr qint64 TrainingOrders = 1000;

    explicit FirstRunDialog(const QString &databaseDescription, QWidget *parent = nullptr);
    Choice choice() const { return m_choice; }
    QPushButton *trainingButton() const { return m_training; }
    QPushButton *shopButton() const { return m_shop; }

    // Whether `db` holds no order at all (false when it cannot be read: nothing is offered then).
    static bool isEmpty(Database &db);
    // The demo orders of `haierctl demo-data --orders TrainingOrders --seed 1`.
    static bool createTrainingData(Database &db, QString *error);

    // On an empty database, asks and does what was chosen: the training data shown in the window, or
    // `openDatabase` called. Returns the choice (NotNow also when the database is not empty).
    static Choice offer(MainWindow &window, Database &db, const std::function<void()> &openDatabase);

private:
    QPushButton *m_training;
    QPushButton *m_shop;
    Choice m_choice = NotNow;
};
