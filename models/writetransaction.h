#pragma once

#include "models/database.h"

#include <QSqlError>
#include <QString>

#include <functional>

// Runs `work` in one write transaction of `db`: committed when it returns true, rolled back otherwise
// (also when the commit itself fails), so what it wrote is there whole or not at all.
inline bool inWriteTransaction(Database &db, const std::function<bool(QString *error)> &work, QString *error)
{
    if (!db.beginWrite(error))
        return false;
    if (!work(error)) {
        db.sql().rollback();
        return false;
    }
    if (!db.sql().commit()) {
        if (error)
            *error = sqlErrorText(db.sql().lastError());
        db.sql().rollback();
        return false;
    }
    return true;
}
