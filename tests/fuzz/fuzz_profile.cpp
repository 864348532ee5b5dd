// Profile import: any bytes are either refused with a message naming a key, or give a profile whose
// export imports back to the same profile.
#include "models/profile.h"

#include <QJsonDocument>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    QString error;
    const auto profile = Profile::fromJson(doc.object(), &error);
    if (!profile) {
        if (error.isEmpty() || !error.contains(QLatin1Char(':')))
            std::abort(); // a refusal must say which key
        return 0;
    }
    QString again;
    const auto roundTrip = Profile::fromJson(profile->toJson(), &again);
    if (!roundTrip || !(*roundTrip == *profile))
        std::abort();
    return 0;
}
