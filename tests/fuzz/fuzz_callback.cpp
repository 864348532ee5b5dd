// Callback bodies: parsing never crashes, a body we signed always verifies, and any change to a
// signed field's value makes it fail. Then the whole verifier on a correctly signed form whose Data is
// the fuzz input: it is accepted only with a PlatformOrderNo and an allowed State, else refused with a code.
#include "net/callbacksignature.h"
#include "net/callbackverifier.h"

#include <QTimeZone>
#include <QUrlQuery>

#include <cstdlib>

namespace {

void checkSignature(const QByteArray &body, const QString &secret)
{
    QList<QPair<QString, QString>> fields = CallbackSignature::parseForm(body);
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
}

QByteArray formValue(const QString &value)
{
    return value.toUtf8().toPercentEncoding();
}

void checkVerifier(const QByteArray &input, const QString &secret)
{
    if (input.isEmpty())
        return;
    static const QString methods[] = {CallbackVerifier::Confirm, CallbackVerifier::Cancel, CallbackVerifier::OutOfStock,
                                      QStringLiteral("hmm.other")};
    const QString method = methods[uchar(input.at(0)) % 4];
    const QString data = QString::fromUtf8(input.mid(1));
    Profile profile = Profile::preset(ProfileKind::Mock);
    profile.callback.appKey = QStringLiteral("demo-appkey");
    const QString timeStamp = QStringLiteral("20251124103000");
    const QDateTime now(QDate(2025, 11, 24), QTime(2, 31), QTimeZone::utc()); // 10:31 China time

    const QList<QPair<QString, QString>> fields{{QStringLiteral("AppKey"), profile.callback.appKey},
                                                {QStringLiteral("TimeStamp"), timeStamp},
                                                {QStringLiteral("Method"), method},
                                                {QStringLiteral("Data"), data}};
    QByteArray body;
    for (const auto &f : fields)
        body += f.first.toUtf8() + '=' + formValue(f.second) + '&';
    body += "Sign=" + CallbackSignature::sign(fields, secret).toUtf8();

    const CallbackVerdict v = CallbackVerifier::verify(body, profile, secret, now);
    if (v.valid) {
        if (v.platformOrderNo.isEmpty() || v.state < 0 || v.state > 2 || v.method != method || v.data != data)
            std::abort();
        if (method != CallbackVerifier::Cancel && v.state == 2)
            std::abort();
    } else if (v.refusalCode.isEmpty() || v.refusalReason.isEmpty()) {
        std::abort();
    } else if (!data.isEmpty() && (v.refusalCode == QLatin1String("bad_sign") || v.refusalCode == QLatin1String("bad_app_key"))) {
        std::abort(); // we signed it correctly ourselves
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString secret = QStringLiteral("demo-secret-123");
    checkSignature(input, secret);
    checkVerifier(input, secret);
    return 0;
}
