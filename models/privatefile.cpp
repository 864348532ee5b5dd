#include "models/privatefile.h"

#include <QFile>

namespace PrivateFile {

bool open(QFile &file, QIODevice::OpenMode mode)
{
    const bool existed = file.exists();
    // Created with at most these bits (the umask can only take more away), then set exactly.
    if (!file.open(mode, OwnerOnly))
        return false;
    if (!existed)
        restrict(file);
    return true;
}

bool restrict(QFileDevice &file)
{
    return file.setPermissions(OwnerOnly);
}

bool createEmpty(const QString &path, QString *error)
{
    QFile file(path);
    if (file.exists())
        return true;
    if (!open(file, QIODevice::WriteOnly | QIODevice::NewOnly)) {
        // Another process may have created it meanwhile; that is fine.
        if (file.exists())
            return true;
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace PrivateFile
