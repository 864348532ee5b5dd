// Callback bodies: parsing never crashes, a body we signed always verifies, and any change to a
// signed field's value makes it fail.
#include "net/callbacksignature.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QPair<QString, QString>> fields = CallbackSignature::parseForm(body);
    const QString secret = QStringLiteral("demo-secret-123");
    (void)CallbackSignature::verify(fields, secret);

    QList<QPair<QString, QString>> unsignedFields;
    QStringList names;
    for (const auto &f : std::as_const(fields)) {
        if (f.first == QLatin1String("Sign") || names.contains(f.first))
            continue;
        names << f.first;
        unsignedFields << f;
    }
    QList<QPair<QString, QString>> signedFields = unsignedFields;
    signedFields.append({QStringLiteral("Sign"), CallbackSignature::sign(unsignedFields, secret)});
    if (!CallbackSignature::verify(signedFields, secret))
        std::abort();
    for (int i = 0; i < unsignedFields.size(); ++i) {
        if (unsignedFields.at(i).second.isEmpty())
            continue; // empty values are not signed
        QList<QPair<QString, QString>> tampered = signedFields;
        tampered[i].second += QStringLiteral("x");
        if (CallbackSignature::verify(tampered, secret))
            std::abort();
    }
    return 0;
}
