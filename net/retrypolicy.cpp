#include "net/retrypolicy.h"

#include <algorithm>
#include <cmath>

namespace RetryPolicy {

std::optional<qint64> nextDelayMs(const RetrySettings &settings, int attemptsDone, ResultKind kind,
                                  qint64 retryAfterMs, double random01)
{
    if (!isRetryable(kind) || attemptsDone < 1 || attemptsDone > settings.maxRetries)
        return std::nullopt;
    if (retryAfterMs >= 0)
        return std::min(retryAfterMs, MaxRetryAfterMs);
    // base × 2^(attempt−1), capped; the exponent is bounded so the shift cannot overflow.
    const int exponent = std::min(attemptsDone - 1, 30);
    const qint64 ceiling = std::min<qint64>(qint64(settings.baseDelayMs) << exponent, settings.maxDelayMs);
    if (!settings.jitter)
        return ceiling;
    const double draw = std::clamp(random01, 0.0, 1.0);
    return qint64(std::floor(draw * double(ceiling)));
}

} // namespace RetryPolicy
