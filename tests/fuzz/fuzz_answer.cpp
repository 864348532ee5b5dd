// YLH / open-platform answers: any status, body and Retry-After header is classified without crashing,
// HTTP 200 is success only when the envelope says so, every failure carries a sentence, and a
// Retry-After is never negative.
#include "net/apiresult.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    // First two bytes pick the status, the third the network error and flags; then header \n body.
    static const int statuses[] = {0, 200, 201, 204, 301, 302, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504};
    const int status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
    const bool timedOut = data[1] & 1;
    const bool envelope = data[1] & 2;
    const auto error = QNetworkReply::NetworkError(data[2] % 8);
    const QByteArray rest(reinterpret_cast<const char *>(data + 3), qsizetype(size - 3));
    const qsizetype nl = rest.indexOf('\n');
    const QByteArray header = nl < 0 ? QByteArray() : rest.left(nl);
    const QByteArray body = nl < 0 ? rest : rest.mid(nl + 1);
    const QStringList patterns{QStringLiteral("重复"), QStringLiteral("已存在"), QStringLiteral("duplicate")};

    const ApiResult r = ApiClassifier::classify(status, error, timedOut, body, header, patterns, envelope, 1764000000000);
    if (r.body != body || r.httpStatus != status)
        std::abort();
    if (!r.ok() && r.message.isEmpty())
        std::abort();
    if (r.retryAfterMs < -1)
        std::abort();
    if (r.ok()) {
        if (timedOut || (status != 200 && status != 201 && status != 204))
            std::abort();
        if (envelope) {
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            if (!doc.isObject() || doc.object().value(QStringLiteral("success")) != QJsonValue(true))
                std::abort();
        }
    }
    return 0;
}
