#pragma once

#include "models/profile.h"
#include "models/resultkind.h"

#include <optional>

// When to try again (domain.md "Retry policy"). Pure: the caller passes the random draw, so tests and
// the engine agree without sleeping.
namespace RetryPolicy {

// The delay before attempt `attemptsDone + 1`, or nullopt when the job must stop here.
// `attemptsDone` counts attempts already made (1 after the first). `retryAfterMs` < 0 when the answer
// had no Retry-After; `random01` is a uniform draw in [0, 1) for full jitter.
std::optional<qint64> nextDelayMs(const RetrySettings &settings, int attemptsDone, ResultKind kind,
                                  qint64 retryAfterMs, double random01);

// The longest Retry-After honoured; a server asking for more is treated as this.
constexpr qint64 MaxRetryAfterMs = 5 * 60 * 1000;

} // namespace RetryPolicy
