// Money parsing: whatever parses prints back to text that parses to the same amount.
#include "models/money.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (bool rounding : {false, true}) {
        const auto money = Money::parse(text, rounding);
        if (!money)
            continue;
        const auto again = Money::parse(money->toString());
        if (!again || *again != *money)
            std::abort();
        const double asJson = money->toJson().toDouble();
        if (qAbs(asJson * 100.0 - double(money->cents())) > 0.5 && qAbs(money->cents()) < (qint64(1) << 50))
            std::abort();
    }
    return 0;
}
