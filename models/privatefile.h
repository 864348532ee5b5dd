#pragma once

#include <QFileDevice>
#include <QString>

class QFile;

// Files that hold customers' names, phones and addresses (the SQLite database, logs, exports) are
// readable and writable by their owner only, whatever the umask: a desk's processes all run as the
// desk's user. Qt's own permission calls, so no platform header is needed.
namespace PrivateFile {

inline constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Opens `file` with `mode`; a file this call creates is owner-only from its first byte. A file that
// was already there keeps its permissions.
bool open(QFile &file, QIODevice::OpenMode mode);
// Makes an open file (a QSaveFile's temporary file too) owner-only.
bool restrict(QFileDevice &file);
// Creates `path` empty and owner-only when nothing is there yet (false with *error when that fails).
// SQLite takes an empty file for a new database and gives its -wal and -shm files the same mode.
bool createEmpty(const QString &path, QString *error = nullptr);

} // namespace PrivateFile
